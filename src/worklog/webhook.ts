/**
 * GitHub's webhook in. The signature over the raw body is checked with the secrets of the tenants that connected
 * the repository the body names (or the installation's own), before anything else of it is read; the delivery
 * reaches the one tenant whose secret signed it. Each delivery id is accepted once (a replay is refused and
 * counted), and pull request events are recorded. What they lead to happens after the answer.
 */
import { z } from 'zod';
import { appendAudit } from '../audit/append.ts';
import type { Clock } from '../core/clock.ts';
import { newId } from '../core/ids.ts';
import { conflict, invalid, Problem } from '../core/problem.ts';
import type { Orm } from '../db/connect.ts';
import { refuseHostileJson } from '../http/json-body.ts';
import { recordSecurityEvent } from '../ops/security-events.ts';
import type { Redactor } from '../redaction/redact.ts';
import { serviceActor } from './deps.ts';
import { checkSignature, malformedSignature, tenantWebhookSecret } from './signature.ts';
import {
  countReplay,
  findConnected,
  insertPrEvent,
  markDelivered,
  recordDelivery,
  tenantsConnecting,
} from './store.ts';

const PullRequestEventSchema = z.object({
  action: z.string().max(100),
  pull_request: z.object({
    number: z.int().positive(),
    html_url: z.string().max(2000),
    title: z.string().max(1000),
    body: z.string().nullish(),
    user: z.object({ login: z.string() }).nullish(),
    head: z.object({ sha: z.string().max(100) }),
    base: z.object({ sha: z.string().max(100) }),
    merged: z.boolean().nullish(),
    merged_at: z.string().nullish(),
    additions: z.int().nonnegative().default(0),
    deletions: z.int().nonnegative().default(0),
    changed_files: z.int().nonnegative().default(0),
  }),
});

const RepositoryOfEvent = z.object({ repository: z.object({ full_name: z.string().max(300) }).optional() });

export type DeliveryOutcome =
  | { status: 'recorded'; pr_event_id: string }
  | { status: 'duplicate' }
  | { status: 'ignored'; reason: string };

export interface WebhookHeaders {
  signature?: string;
  delivery?: string;
  event?: string;
  contentType?: string;
}

/** The event document's text: the body itself, or its `payload` field when GitHub is set to send a form. */
function eventText(raw: Buffer, contentType: string | undefined): string {
  const text = raw.toString('utf8');
  return contentType?.startsWith('application/x-www-form-urlencoded')
    ? (new URLSearchParams(text).get('payload') ?? '')
    : text;
}

// A feature this installation does not offer: the caller's 404, not a fault of the server (no 5xx, no budget spent).
export const webhookNotConfigured = () =>
  new Problem(
    404,
    'webhook_not_configured',
    'GitHub webhooks are not received here: WARRANT_GITHUB_WEBHOOK_SECRET is not set',
  );

export class GitHubWebhookReceiver {
  readonly #orm: Orm;
  readonly #clock: Clock;
  readonly #redactor: Redactor;
  readonly #secret: () => string | undefined;

  constructor(deps: { orm: Orm; clock: Clock; redactor: Redactor; secret: () => string | undefined }) {
    this.#orm = deps.orm;
    this.#clock = deps.clock;
    this.#redactor = deps.redactor;
    this.#secret = deps.secret;
  }

  async receive(headers: WebhookHeaders, raw: Buffer): Promise<DeliveryOutcome> {
    const secret = this.#secret();
    if (!secret) throw webhookNotConfigured();
    const malformed = malformedSignature(headers.signature);
    if (malformed) throw await this.#refuse(malformed.code, raw);
    // The repository named only says whose secrets to try; nothing else is read before one of them signs it.
    const text = eventText(raw, headers.contentType);
    let payload: unknown;
    try {
      payload = JSON.parse(text);
    } catch {
      // Not JSON: it names no repository, so no tenant's secret can be tried.
    }
    const fullName = RepositoryOfEvent.safeParse(payload).data?.repository?.full_name;
    const signer = await this.#signer(secret, fullName, raw, headers.signature!);
    if (!signer) throw await this.#refuse('signature_invalid', raw);
    const { tenantId } = signer;
    if (payload === undefined) throw invalid('the body is not valid JSON', 'malformed_json');
    // Signed, yet refused when a key repeats or text cannot be stored (400), as every JSON body is.
    refuseHostileJson(text, payload);
    if (!headers.delivery || headers.delivery.length > 100 || !headers.event) {
      throw invalid('X-GitHub-Delivery and X-GitHub-Event are required', 'missing_delivery');
    }
    const pull = headers.event === 'pull_request' ? PullRequestEventSchema.safeParse(payload) : undefined;
    if (pull && !pull.success) throw invalid('not a pull_request event payload', 'malformed_event');
    return this.#record(tenantId, headers.delivery, headers.event, fullName, pull?.data);
  }

  /**
   * Who signed the body: a tenant connecting the repository, with its own secret; or the installation's
   * operator, with WARRANT_GITHUB_WEBHOOK_SECRET itself, whose delivery reaches the one tenant connecting the
   * repository (none: ignored). Several tenants connecting it must each use their own secret (409).
   */
  async #signer(
    secret: string,
    fullName: string | undefined,
    raw: Buffer,
    signature: string,
  ): Promise<{ tenantId: string | undefined } | undefined> {
    const tenants = fullName ? await tenantsConnecting(this.#orm, fullName) : [];
    if ((await checkSignature(secret, raw, signature)).ok) {
      if (tenants.length > 1) {
        throw conflict(
          `${tenants.length} tenants connected ${fullName}: each must sign with its own webhook secret (GET /v1/worklog/webhook)`,
          'ambiguous_repository',
        );
      }
      return { tenantId: tenants[0] };
    }
    for (const tenantId of tenants) {
      if ((await checkSignature(tenantWebhookSecret(secret, tenantId), raw, signature)).ok)
        return { tenantId };
    }
    return undefined;
  }

  async #refuse(code: 'signature_missing' | 'signature_invalid', raw: Buffer): Promise<Problem> {
    await this.#securityEvent('bad_signature', raw, 401);
    return new Problem(
      401,
      code,
      'the X-Hub-Signature-256 header does not sign this body with the webhook secret of a tenant that connected the repository',
    );
  }

  async #record(
    tenantId: string | undefined,
    delivery: string,
    event: string,
    fullName: string | undefined,
    pull: z.output<typeof PullRequestEventSchema> | undefined,
  ): Promise<DeliveryOutcome> {
    const now = this.#clock.now();
    const outcome = await this.#orm.transaction(async (tx) => {
      const repo = tenantId && fullName ? await findConnected(tx, tenantId, fullName) : undefined;
      const fresh = await recordDelivery(tx, {
        delivery_id: delivery,
        event,
        repository: fullName ?? null,
        tenant_id: tenantId ?? null,
        outcome: repo ? 'recorded' : 'ignored',
        received_at: now,
      });
      if (!fresh) {
        // Counted on the signer's own delivery only: another tenant's log is not the sender's to write in.
        const seen = await countReplay(tx, delivery, tenantId, now);
        if (seen && tenantId) {
          await appendAudit(tx, {
            tenant_id: tenantId,
            actor: serviceActor('github', tenantId),
            action: 'worklog.webhook.replayed',
            occurred_at: now,
            decision: 'deny',
            context: { delivery_id: delivery, event },
          });
        }
        return 'replayed' as const;
      }
      // No tenant connects it, or it was disconnected since the signature was checked.
      if (!repo) return { status: 'ignored', reason: 'no connected repository' } as const;
      await markDelivered(tx, repo.id, now);
      if (!pull) return { status: 'ignored', reason: `${event} events are not used` } as const;
      const pr = pull.pull_request;
      const eventId = await insertPrEvent(tx, {
        id: newId(),
        tenant_id: repo.tenant_id,
        repository_id: repo.id,
        delivery_id: delivery,
        action: pull.action,
        pr_number: pr.number,
        pr_url: pr.html_url,
        title: this.#redactor.text(pr.title),
        description: this.#redactor.text(pr.body ?? ''),
        author: pr.user?.login ?? null,
        base_sha: pr.base.sha,
        head_sha: pr.head.sha,
        merged: pr.merged === true,
        merged_at: pr.merged_at ? new Date(pr.merged_at) : null,
        additions: pr.additions,
        deletions: pr.deletions,
        changed_files: pr.changed_files,
        received_at: now,
      });
      if (!eventId) return { status: 'duplicate' } as const;
      await appendAudit(tx, {
        tenant_id: repo.tenant_id,
        actor: serviceActor('github', repo.tenant_id),
        action: 'worklog.pr_event.recorded',
        occurred_at: now,
        context: {
          pr_event_id: eventId,
          delivery_id: delivery,
          repository: repo.full_name,
          action: pull.action,
          pr_number: pr.number,
          head_sha: pr.head.sha,
        },
      });
      return { status: 'recorded', pr_event_id: eventId } as const;
    });
    if (outcome === 'replayed') {
      await this.#securityEvent('replay', Buffer.from(`X-GitHub-Delivery: ${delivery}`), 409);
      throw conflict(`delivery ${delivery} was already received`, 'replayed_delivery');
    }
    return outcome;
  }

  /** Refused deliveries are security events (the payload is redacted and cut to size there). */
  async #securityEvent(kind: 'bad_signature' | 'replay', raw: Buffer, status: number): Promise<void> {
    await recordSecurityEvent(this.#orm, {
      attack_type: 'invalid_input',
      kind,
      payload: raw.toString('utf8'),
      action_taken: 'rejected_400',
      status_code: status,
      at: this.#clock.now(),
    }).catch(() => {});
  }
}
