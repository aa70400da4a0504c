/**
 * What a recorded pr-event leads to, after the webhook has answered: a review intent and its run for an
 * opened or updated pull request, a pending asset card for a merged one. An event stays unprocessed until
 * that is done, so the worklog sweep retries it; both results are unique per event.
 */
import { sql } from 'drizzle-orm';
import { isUuid } from '../core/ids.ts';
import { notFound } from '../core/problem.ts';
import { type Executor, rowsOf } from '../db/connect.ts';
import type { Actor } from '../tenancy/roles.ts';
import type { AssetCards } from './assets.ts';
import { githubOf, type WorklogDeps, worklogActor } from './deps.ts';
import { insertIntent } from './intents.ts';
import type { RepositoryRow } from './repositories.ts';
import { insertRun } from './review.ts';
import { assessReviewRisk } from './risk.ts';

export interface PrEventRow {
  id: string;
  tenant_id: string;
  repository_id: string;
  delivery_id: string;
  action: string;
  pr_number: number;
  pr_url: string;
  title: string;
  description: string;
  author: string | null;
  base_sha: string;
  head_sha: string;
  merged: boolean;
  merged_at: Date | string | null;
  additions: number;
  deletions: number;
  changed_files: number;
  received_at: Date | string;
  processed_at: Date | string | null;
  attempts: number;
  last_error: string | null;
}

const REVIEWED = new Set(['opened', 'synchronize', 'reopened']);
/** After this many failed attempts an event is left for a person to look at (last_error says why). */
const MAX_ATTEMPTS = 5;

export const prEventView = (row: PrEventRow) => ({
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

export async function markProcessed(tx: Executor, eventId: string, at: Date): Promise<void> {
  await tx.execute(
    sql`UPDATE worklog_pr_events SET processed_at = ${at.toISOString()}, last_error = NULL WHERE id = ${eventId}`,
  );
}

export class PrEvents {
  readonly #deps: WorklogDeps;
  readonly #cards: AssetCards;
  constructor(deps: WorklogDeps, cards: AssetCards) {
    this.#deps = deps;
    this.#cards = cards;
  }

  async list(actor: Actor, repositoryId?: string) {
    if (repositoryId !== undefined && !isUuid(repositoryId)) throw notFound(`repository ${repositoryId}`);
    const rows = rowsOf<PrEventRow>(
      await this.#deps.orm.execute(sql`
        SELECT * FROM worklog_pr_events WHERE tenant_id = ${actor.tenant_id}
          ${repositoryId ? sql`AND repository_id = ${repositoryId}` : sql``}
        ORDER BY received_at DESC, id LIMIT 500`),
    );
    return rows.map(prEventView);
  }

  async unprocessed(limit: number): Promise<string[]> {
    const rows = rowsOf<{ id: string }>(
      await this.#deps.orm.execute(sql`
        SELECT id FROM worklog_pr_events WHERE processed_at IS NULL AND attempts < ${MAX_ATTEMPTS}
        ORDER BY received_at LIMIT ${limit}`),
    );
    return rows.map((row) => row.id);
  }

  /** Processes one event; answers the id of a review run ready to execute, if it made one. */
  async process(eventId: string): Promise<string | undefined> {
    const { orm, clock } = this.#deps;
    const [event] = rowsOf<PrEventRow>(
      await orm.execute(sql`
        UPDATE worklog_pr_events SET attempts = attempts + 1
        WHERE id = ${eventId} AND processed_at IS NULL RETURNING *`),
    );
    if (!event) return undefined;
    const [repo] = rowsOf<RepositoryRow>(
      await orm.execute(sql`SELECT * FROM worklog_repositories WHERE id = ${event.repository_id}`),
    );
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
      await orm.execute(sql`
        UPDATE worklog_pr_events SET last_error = ${typeof code === 'string' ? code : 'internal'} WHERE id = ${event.id}`);
      throw error;
    }
  }

  async #reviewIntent(event: PrEventRow, repo: RepositoryRow): Promise<string | undefined> {
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
