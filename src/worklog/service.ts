/**
 * WorkLog, wired: repositories, the webhook, pr-events, intents and their approvals, review runs, asset
 * cards, provisioning and CI status. Work that follows a webhook or an approval runs in this process after
 * the answer; its state is in the database first, so `resume()` (the background sweep) finishes what a
 * stopped process left.
 */
import type { z } from 'zod';
import { errorFields } from '../core/logger.ts';
import type { Actor } from '../core/roles.ts';
import { AssetCards } from './assets.ts';
import type { WorklogDeps } from './deps.ts';
import { PrEvents } from './events.ts';
import { intentView, loadIntent, voteOnIntent } from './intents.ts';
import { Projects } from './projects.ts';
import type { RepositoryService } from './repositories.ts';
import { ReviewRunner, runView, settleWaitingRun } from './review.ts';
import type { IntentVoteSchema } from './schemas.ts';
import { tenantWebhookSecret } from './signature.ts';
import { intents, runOfIntent } from './store.ts';
import type { WorklogIntentRecord } from './tables.ts';
import { GitHubWebhookReceiver, type WebhookHeaders, webhookNotConfigured } from './webhook.ts';

const SWEEP_BATCH = 50;

export type WorklogServiceDeps = WorklogDeps & {
  /** The repositories connected per user; CI status and the routes use them too. */
  repositories: RepositoryService;
  webhookSecret: () => string | undefined;
  /** How long a run may stay `running` before the sweep takes it over (default in review.ts). */
  runLeaseMs?: number | undefined;
};

export class WorklogService {
  readonly repositories: RepositoryService;
  readonly cards: AssetCards;
  readonly events: PrEvents;
  readonly runs: ReviewRunner;
  readonly projects: Projects;
  readonly deps: WorklogServiceDeps;
  readonly #webhook: GitHubWebhookReceiver;
  readonly #webhookSecret: () => string | undefined;
  readonly #inflight = new Set<Promise<void>>();

  // WorkLog's stages, not services of their own: they read its deps object (a test replaces `provider` there).
  constructor(deps: WorklogServiceDeps) {
    this.deps = deps;
    this.repositories = deps.repositories;
    this.cards = new AssetCards(deps);
    this.events = new PrEvents({ ...deps, cards: this.cards });
    this.runs = new ReviewRunner(deps);
    this.projects = new Projects(deps);
    this.#webhookSecret = deps.webhookSecret;
    this.#webhook = new GitHubWebhookReceiver({ ...deps, secret: deps.webhookSecret });
  }

  /** Where and with what secret the caller's tenant has GitHub send its deliveries. */
  webhook(actor: Actor) {
    const secret = this.#webhookSecret();
    if (!secret) throw webhookNotConfigured();
    return { path: '/v1/webhooks/github', secret: tenantWebhookSecret(secret, actor.tenant_id) };
  }

  async receiveWebhook(headers: WebhookHeaders, raw: Buffer) {
    const outcome = await this.#webhook.receive(headers, raw);
    if (outcome.status === 'recorded') this.#later(() => this.#processEvent(outcome.pr_event_id));
    return outcome;
  }

  async vote(actor: Actor, intentId: string, input: z.output<typeof IntentVoteSchema>) {
    const result = await this.deps.orm.transaction(async (tx) => {
      const now = this.deps.clock.now();
      const voted = await voteOnIntent(tx, actor, intentId, input, now);
      return { ...voted, runId: await settleWaitingRun(tx, voted.intent, voted.approval_id, now) };
    });
    const { runId } = result;
    if (runId) this.#later(() => this.runs.execute(runId));
    // Approval is what the provisioning worker waits for; the approver is the actor who set it going.
    if (result.approved && result.intent.kind === 'project') {
      this.#later(async () => {
        await this.projects.provision(actor, intentId);
      });
    }
    return {
      approval: { id: result.approval_id, decision: input.decision },
      intent: intentView(result.intent),
    };
  }

  /** A review asked for by hand (events.ts `request`); a run that needs no approval starts at once. */
  async requestReview(actor: Actor, input: { repository: string; pr_number: number }) {
    const run = await this.events.request(actor, input);
    if (run.status === 'queued') this.#later(() => this.runs.execute(run.runId));
    return run;
  }

  async listIntents(actor: Actor, kind?: WorklogIntentRecord['kind']) {
    const rows = await intents(this.deps.orm, actor.tenant_id, kind);
    return rows.map(intentView);
  }

  /** An intent with what it led to: its review run, or its provisioning events. */
  async intent(actor: Actor, id: string) {
    const row = await loadIntent(this.deps.orm, actor.tenant_id, id);
    const run = await runOfIntent(this.deps.orm, id);
    return {
      ...intentView(row),
      run: run ? runView(run) : null,
      provisioning: row.kind === 'project' ? await this.projects.events(actor.tenant_id, id) : [],
    };
  }

  /** The background sweep: events not yet processed, runs queued but not running, runs whose lease ran out. */
  async resume(): Promise<void> {
    for (const id of await this.events.unprocessed(SWEEP_BATCH)) this.#later(() => this.#processEvent(id));
    for (const id of await this.runs.queued(SWEEP_BATCH)) this.#later(() => this.runs.execute(id));
    for (const id of await this.runs.stale(SWEEP_BATCH)) this.#later(() => this.runs.takeOver(id));
    await this.idle();
  }

  /** Resolves when the work started so far (and what it started) has finished. */
  async idle(): Promise<void> {
    while (this.#inflight.size > 0) await Promise.all([...this.#inflight]);
  }

  async #processEvent(id: string): Promise<void> {
    const runId = await this.events.process(id);
    if (runId) await this.runs.execute(runId);
  }

  #later(task: () => Promise<void>): void {
    const running: Promise<void> = task()
      .catch((error: unknown) =>
        this.deps.logger.warn({ ...errorFields(error), message: 'worklog background work failed' }),
      )
      .finally(() => this.#inflight.delete(running));
    this.#inflight.add(running);
  }
}
