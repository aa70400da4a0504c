/**
 * What a recorded pr-event leads to, after the webhook has answered: a review intent and its run for an
 * opened or updated pull request, a pending asset card for a merged one. An event stays unprocessed until
 * that is done, so the worklog sweep retries it; both results are unique per event.
 */
import { isUuid } from '../core/ids.ts';
import { conflict, notFound } from '../core/problem.ts';
import type { Actor } from '../core/roles.ts';
import type { AssetCards } from './assets.ts';
import { githubOf, upstream, type WorklogDeps, worklogActor } from './deps.ts';
import { insertIntent } from './intents.ts';
import { insertRun, runView } from './review.ts';
import { assessReviewRisk } from './risk.ts';
import {
  attemptPrEvent,
  findConnected,
  findRepository,
  markProcessed,
  prEvents,
  runOfHead,
  setPrEventError,
  unprocessedPrEvents,
} from './store.ts';
import type { WorklogPrEventRecord, WorklogRepositoryRecord } from './tables.ts';

const REVIEWED = new Set(['opened', 'synchronize', 'reopened']);
/** After this many failed attempts an event is left for a person to look at (last_error says why). */
const MAX_ATTEMPTS = 5;

export const prEventView = (row: WorklogPrEventRecord) => ({
  id: row.id,
  repository_id: row.repository_id,
  delivery_id: row.delivery_id,
  action: row.action,
  pr_number: row.pr_number,
  pr_url: row.pr_url,
  title: row.title,
  author: row.author,
  base_sha: row.base_sha,
  head_sha: row.head_sha,
  merged: row.merged,
  received_at: new Date(row.received_at).toISOString(),
  processed_at: row.processed_at === null ? null : new Date(row.processed_at).toISOString(),
  attempts: row.attempts,
  last_error: row.last_error,
});

export class PrEvents {
  readonly #deps: Pick<WorklogDeps, 'orm' | 'clock' | 'connectors'>;
  readonly #cards: Pick<AssetCards, 'generate'>;
  constructor(
    deps: Pick<WorklogDeps, 'orm' | 'clock' | 'connectors'> & { cards: Pick<AssetCards, 'generate'> },
  ) {
    this.#deps = deps;
    this.#cards = deps.cards;
  }

  async list(actor: Actor, repositoryId?: string) {
    if (repositoryId !== undefined && !isUuid(repositoryId)) throw notFound(`repository ${repositoryId}`);
    const rows = await prEvents(this.#deps.orm, actor.tenant_id, repositoryId);
    return rows.map(prEventView);
  }

  async unprocessed(limit: number): Promise<string[]> {
    return unprocessedPrEvents(this.#deps.orm, MAX_ATTEMPTS, limit);
  }

  /** Processes one event; answers the id of a review run ready to execute, if it made one. */
  async process(eventId: string): Promise<string | undefined> {
    const { orm, clock } = this.#deps;
    const event = await attemptPrEvent(orm, eventId);
    if (!event) return undefined;
    const repo = await findRepository(orm, event.repository_id);
    try {
      if (event.action === 'closed' && event.merged) {
        await this.#cards.generate(event, repo!);
        return undefined;
      }
      if (REVIEWED.has(event.action)) return await this.#reviewIntent(event, repo!);
      await orm.transaction((tx) => markProcessed(tx, event.id, clock.now()));
      return undefined;
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      await setPrEventError(orm, event.id, typeof code === 'string' ? code : 'internal');
      throw error;
    }
  }

  /**
   * A review asked for by hand: the same intent, risk assessment and run as a webhook delivery makes (a Low
   * intent runs at once, Med and High wait for their approval), for the pull request's current head. The caller
   * is the intent's creator, so they cannot approve it. A head that has a run not failed is refused (409
   * `run_exists`). Answers the run; the caller executes it when it is queued.
   */
  async request(actor: Actor, input: { repository: string; pr_number: number }) {
    const { orm, clock } = this.#deps;
    const repo = await findConnected(orm, actor.tenant_id, input.repository);
    if (!repo) throw notFound(`repository ${input.repository}`);
    const [owner, name] = repo.full_name.split('/') as [string, string];
    const ref = { owner, repo: name };
    const github = githubOf(this.#deps);
    const pull = await upstream(() => github.pullRequest(ref, input.pr_number));
    const earlier = await runOfHead(orm, actor.tenant_id, repo.full_name, input.pr_number, pull.head_sha);
    if (earlier && earlier.status !== 'failed') {
      throw conflict(`the pull request's head ${pull.head_sha} has run ${earlier.id}`, 'run_exists', {
        run_id: earlier.id,
      });
    }
    const files = await upstream(() => github.pullFiles(ref, input.pr_number));
    const risk = assessReviewRisk(files, repo.sensitivity);
    const now = clock.now();
    const run = await orm.transaction(async (tx) => {
      const intent = await insertIntent(
        tx,
        {
          tenant_id: actor.tenant_id,
          kind: 'review',
          creator_id: actor.id,
          purpose: `AI review of ${repo.full_name}#${input.pr_number} at ${pull.head_sha}, asked for by hand`,
          scope: `${repo.full_name}#${input.pr_number}`,
          constraints: ['read the diff without storing it', 'post one review comment, never change code'],
          success_criteria: ['a schema-valid review is stored and posted on the pull request'],
          risk_level: risk.level,
          risk_reasons: risk.reasons,
          requires_approval: risk.level !== 'Low',
          spec: {
            pr_url: pull.html_url,
            base_sha: pull.base_sha,
            head_sha: pull.head_sha,
            requested_by: actor.id,
          },
        },
        actor,
        now,
      );
      return insertRun(
        tx,
        intent!,
        {
          repo_full_name: repo.full_name,
          pr_number: input.pr_number,
          pr_url: pull.html_url,
          base_sha: pull.base_sha,
          head_sha: pull.head_sha,
        },
        now,
      );
    });
    return runView(run);
  }

  async #reviewIntent(
    event: WorklogPrEventRecord,
    repo: WorklogRepositoryRecord,
  ): Promise<string | undefined> {
    const { orm, clock } = this.#deps;
    const [owner, name] = repo.full_name.split('/') as [string, string];
    const files = await githubOf(this.#deps).pullFiles({ owner, repo: name }, event.pr_number);
    const risk = assessReviewRisk(files, repo.sensitivity);
    const now = clock.now();
    return orm.transaction(async (tx) => {
      const intent = await insertIntent(
        tx,
        {
          tenant_id: event.tenant_id,
          kind: 'review',
          creator_id: repo.owner_id,
          purpose: `AI review of ${repo.full_name}#${event.pr_number} at ${event.head_sha}`,
          scope: `${repo.full_name}#${event.pr_number}`,
          constraints: ['read the diff without storing it', 'post one review comment, never change code'],
          success_criteria: ['a schema-valid review is stored and posted on the pull request'],
          risk_level: risk.level,
          risk_reasons: risk.reasons,
          requires_approval: risk.level !== 'Low',
          pr_event_id: event.id,
          spec: { pr_url: event.pr_url, base_sha: event.base_sha, head_sha: event.head_sha },
        },
        worklogActor(event.tenant_id),
        now,
      );
      await markProcessed(tx, event.id, now);
      if (!intent) return undefined;
      const run = await insertRun(
        tx,
        intent,
        {
          repo_full_name: repo.full_name,
          pr_number: event.pr_number,
          pr_url: event.pr_url,
          base_sha: event.base_sha,
          head_sha: event.head_sha,
        },
        now,
      );
      return run.status === 'queued' ? run.id : undefined;
    });
  }
}
