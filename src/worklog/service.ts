/**
 * WorkLog, wired: repositories, the webhook, pr-events, intents and their approvals, review runs, asset
 * cards, provisioning and CI status. Work that follows a webhook or an approval runs in this process after
 * the answer; its state is in the database first, so `resume()` (the background sweep) finishes what a
 * stopped process left.
 */
import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import { rowsOf } from '../db/connect.ts';
import { errorFields } from '../ops/logger.ts';
import type { Actor } from '../tenancy/roles.ts';
import { AssetCards } from './assets.ts';
import type { WorklogDeps } from './deps.ts';
import { PrEvents } from './events.ts';
import { type IntentRow, intentView, loadIntent, voteOnIntent } from './intents.ts';
import { Projects } from './projects.ts';
import { RepositoryService } from './repositories.ts';
import { ReviewRunner, type RunRow, runView, settleWaitingRun } from './review.ts';
import type { IntentVoteSchema } from './schemas.ts';
import { GitHubWebhookReceiver, type WebhookHeaders } from './webhook.ts';

const SWEEP_BATCH = 50;

export class WorklogService {
  readonly repositories: RepositoryService;
  readonly cards: AssetCards;
  readonly events: PrEvents;
  readonly runs: ReviewRunner;
  readonly projects: Projects;
  readonly deps: WorklogDeps;
  readonly #webhook: GitHubWebhookReceiver;
  readonly #inflight = new Set<Promise<void>>();

  /** `runLeaseMs`: how long a run may stay `running` before the sweep takes it over (default in review.ts). */
  constructor(deps: WorklogDeps & { webhookSecret: () => string | undefined; runLeaseMs?: number }) {
    this.deps = deps;
    this.repositories = new RepositoryService(deps.orm, deps.clock);
    this.cards = new AssetCards(deps);
    this.events = new PrEvents(deps, this.cards);
    this.runs = new ReviewRunner(deps, deps.runLeaseMs);
    this.projects = new Projects(deps);
    this.#webhook = new GitHubWebhookReceiver({ ...deps, secret: deps.webhookSecret });
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

  async listIntents(actor: Actor, kind?: IntentRow['kind']) {
    const rows = rowsOf<IntentRow>(
      await this.deps.orm.execute(sql`
        SELECT * FROM worklog_intents WHERE tenant_id = ${actor.tenant_id} ${kind ? sql`AND kind = ${kind}` : sql``}
        ORDER BY created_at DESC, id LIMIT 500`),
    );
    return rows.map(intentView);
  }

  /** An intent with what it led to: its review run, or its provisioning events. */
  async intent(actor: Actor, id: string) {
    const row = await loadIntent(this.deps.orm, actor.tenant_id, id);
    const [run] = rowsOf<RunRow>(
      await this.deps.orm.execute(sql`SELECT * FROM worklog_runs WHERE intent_id = ${id}`),
    );
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
