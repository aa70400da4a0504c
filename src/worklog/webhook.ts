/**
 * GitHub's webhook in: the signature over the raw body is checked before anything is read, each delivery id
 * is accepted once (a replay is refused and counted), and pull request events of a connected repository are
 * recorded as seed 000's pr-events in the repository's tenant. What they lead to happens after the answer.
 */
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { appendAudit } from '../audit/append.ts';
import type { Clock } from '../core/clock.ts';
import { newId } from '../core/ids.ts';
import { conflict, invalid, Problem } from '../core/problem.ts';
import { type Orm, rowsOf } from '../db/connect.ts';
import type { Redactor } from '../evidence/redact.ts';
import { recordSecurityEvent } from '../ops/security-events.ts';
import { serviceActor } from './deps.ts';
import { findConnected } from './repositories.ts';
import { checkSignature } from './signature.ts';

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

/** The event document: the body itself, or its `payload` field when GitHub is set to send a form. */
function payloadOf(raw: Buffer, contentType: string | undefined): unknown {
  const text = raw.toString('utf8');
  const json = contentType?.startsWith('application/x-www-form-urlencoded')
    ? (new URLSearchParams(text).get('payload') ?? '')
    : text;
  return JSON.parse(json);
}

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
    if (!secret) {
      throw new Problem(
        503,
        'webhook_not_configured',
        'set WARRANT_GITHUB_WEBHOOK_SECRET to receive GitHub webhooks',
      );
    }
    const signature = await checkSignature(secret, raw, headers.signature);
    if (!signature.ok) {
      await this.#securityEvent('bad_signature', raw, 401);
      throw new Problem(
        401,
        signature.code,
        'the X-Hub-Signature-256 header does not sign this body with the secret',
      );
    }
    if (!headers.delivery || headers.delivery.length > 100 || !headers.event) {
      throw invalid('X-GitHub-Delivery and X-GitHub-Event are required', 'missing_delivery');
    }
    let payload: unknown;
    try {
      payload = payloadOf(raw, headers.contentType);
    } catch {
      throw invalid('the body is not valid JSON', 'malformed_json');
    }
    const fullName = RepositoryOfEvent.safeParse(payload).data?.repository?.full_name;
    const pull = headers.event === 'pull_request' ? PullRequestEventSchema.safeParse(payload) : undefined;
    if (pull && !pull.success) throw invalid('not a pull_request event payload', 'malformed_event');
    return this.#record(headers.delivery, headers.event, fullName, pull?.data);
  }

  async #record(
    delivery: string,
    event: string,
    fullName: string | undefined,
    pull: z.output<typeof PullRequestEventSchema> | undefined,
  ): Promise<DeliveryOutcome> {
    const now = this.#clock.now();
    const outcome = await this.#orm.transaction(async (tx) => {
      const repo = fullName ? await findConnected(tx, fullName) : undefined;
      const [fresh] = rowsOf<{ delivery_id: string }>(
        await tx.execute(sql`
          INSERT INTO worklog_deliveries (delivery_id, event, repository, tenant_id, outcome, received_at)
          VALUES (${delivery}, ${event}, ${fullName ?? null}, ${repo?.tenant_id ?? null},
                  ${repo ? 'recorded' : 'ignored'}, ${now.toISOString()})
          ON CONFLICT (delivery_id) DO NOTHING RETURNING delivery_id`),
      );
      if (!fresh) {
        const [seen] = rowsOf<{ tenant_id: string | null }>(
          await tx.execute(sql`
            UPDATE worklog_deliveries SET replays = replays + 1, last_replay_at = ${now.toISOString()}
            WHERE delivery_id = ${delivery} RETURNING tenant_id`),
        );
        if (seen?.tenant_id) {
          await appendAudit(tx, {
            tenant_id: seen.tenant_id,
            actor: serviceActor('github', seen.tenant_id),
            action: 'worklog.webhook.replayed',
            occurred_at: now,
            decision: 'deny',
            context: { delivery_id: delivery, event },
          });
        }
        return 'replayed' as const;
      }
      if (!repo) return { status: 'ignored', reason: 'no connected repository' } as const;
      await tx.execute(sql`
        UPDATE worklog_repositories SET webhook_status = 'active', last_delivery_at = ${now.toISOString()}
        WHERE id = ${repo.id}`);
      if (!pull) return { status: 'ignored', reason: `${event} events are not used` } as const;
      const pr = pull.pull_request;
      const [row] = rowsOf<{ id: string }>(
        await tx.execute(sql`
          INSERT INTO worklog_pr_events (id, tenant_id, repository_id, delivery_id, action, pr_number, pr_url, title,
            description, author, base_sha, head_sha, merged, merged_at, additions, deletions, changed_files,
            received_at)
          VALUES (${newId()}, ${repo.tenant_id}, ${repo.id}, ${delivery}, ${pull.action}, ${pr.number}, ${pr.html_url},
            ${this.#redactor.text(pr.title)}, ${this.#redactor.text(pr.body ?? '')}, ${pr.user?.login ?? null},
            ${pr.base.sha}, ${pr.head.sha}, ${pr.merged === true}, ${pr.merged_at ?? null}, ${pr.additions},
            ${pr.deletions}, ${pr.changed_files}, ${now.toISOString()})
          ON CONFLICT (repository_id, pr_number, action, head_sha) DO NOTHING RETURNING id`),
      );
      if (!row) return { status: 'duplicate' } as const;
      await appendAudit(tx, {
        tenant_id: repo.tenant_id,
        actor: serviceActor('github', repo.tenant_id),
        action: 'worklog.pr_event.recorded',
        occurred_at: now,
        context: {
          pr_event_id: row.id,
          delivery_id: delivery,
          repository: repo.full_name,
          action: pull.action,
          pr_number: pr.number,
          head_sha: pr.head.sha,
        },
      });
      return { status: 'recorded', pr_event_id: row.id } as const;
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
