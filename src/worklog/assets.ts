/**
 * Career assets (seed 000's asset-cards and decision-logs): a merged pull request becomes a pending card
 * the model writes from the PR's title, description and diff stats; its developer approves, edits or rejects
 * it, each decision logged. Approved cards export as Markdown or JSON, each traceable to its pull request.
 */
import { sql } from 'drizzle-orm';
import { appendAudit } from '../audit/append.ts';
import { isUuid, newId } from '../core/ids.ts';
import { conflict, notFound } from '../core/problem.ts';
import { iso } from '../core/time.ts';
import { type Executor, rowsOf } from '../db/connect.ts';
import { type Actor, hasRole } from '../tenancy/roles.ts';
import { ask, type WorklogDeps, worklogActor } from './deps.ts';
import { markProcessed, type PrEventRow } from './events.ts';
import { type AssetCardContent, AssetCardContentSchema, type CardDecision } from './schemas.ts';

interface CardRow {
  id: string;
  tenant_id: string;
  owner_id: string;
  pr_event_id: string;
  repo_full_name: string;
  pr_number: number;
  pr_url: string;
  merged_at: Date | string | null;
  title: string;
  summary: string;
  impact: string;
  skills: string[];
  status: 'pending' | 'approved' | 'rejected' | 'flagged';
  created_at: Date | string;
  updated_at: Date | string;
}

const cardView = (row: CardRow) => ({
  id: row.id,
  status: row.status,
  title: row.title,
  summary: row.summary,
  impact: row.impact,
  skills: row.skills,
  owner_id: row.owner_id,
  pr: {
    pr_event_id: row.pr_event_id,
    repository: row.repo_full_name,
    number: row.pr_number,
    url: row.pr_url,
    merged_at: iso(row.merged_at),
  },
  created_at: iso(row.created_at),
  updated_at: iso(row.updated_at),
});
export type CardView = ReturnType<typeof cardView>;

const SYSTEM = `You turn a developer's merged pull request into a career asset card: JSON with a title, a
one-paragraph summary of what was done, its impact, and the skills it shows. Use only the facts given.`;

const STATUS_AFTER = { approve: 'approved', edit: 'approved', reject: 'rejected' } as const;

/** Approved cards as a Markdown document, newest first, each linked to its pull request. */
export function cardsMarkdown(cards: readonly CardView[]): string {
  const sections = cards.map((card) =>
    [
      `## ${card.title}`,
      '',
      card.summary,
      '',
      `**Impact:** ${card.impact}`,
      '',
      `**Skills:** ${card.skills.join(', ')}`,
      '',
      `Source: [${card.pr.repository}#${card.pr.number}](${card.pr.url})${card.pr.merged_at ? `, merged ${card.pr.merged_at.slice(0, 10)}` : ''}`,
    ].join('\n'),
  );
  return ['# Career assets', '', ...sections.flatMap((s) => [s, ''])].join('\n');
}

export class AssetCards {
  readonly #deps: WorklogDeps;
  constructor(deps: WorklogDeps) {
    this.#deps = deps;
  }

  /** Writes the pending card of a merged pull request (once per pr-event). */
  async generate(event: PrEventRow, repo: { full_name: string; owner_id: string }): Promise<void> {
    const content = await ask(this.#deps, {
      schema: AssetCardContentSchema,
      schemaName: 'asset_card',
      system: SYSTEM,
      prompt: {
        repository: repo.full_name,
        pull: { number: event.pr_number, title: event.title, description: event.description },
        stats: { additions: event.additions, deletions: event.deletions, changed_files: event.changed_files },
      },
    });
    const now = this.#deps.clock.now();
    await this.#deps.orm.transaction(async (tx) => {
      const [row] = rowsOf<{ id: string }>(
        await tx.execute(sql`
          INSERT INTO worklog_asset_cards (id, tenant_id, owner_id, pr_event_id, repo_full_name, pr_number, pr_url,
            merged_at, title, summary, impact, skills, status, created_at, updated_at)
          VALUES (${newId()}, ${event.tenant_id}, ${repo.owner_id}, ${event.id}, ${repo.full_name}, ${event.pr_number},
            ${event.pr_url}, ${event.merged_at === null ? null : iso(event.merged_at)}, ${content.title},
            ${content.summary}, ${content.impact}, ${JSON.stringify(content.skills)}::jsonb, 'pending',
            ${now.toISOString()}, ${now.toISOString()})
          ON CONFLICT (pr_event_id) DO NOTHING RETURNING id`),
      );
      if (row) {
        await appendAudit(tx, {
          tenant_id: event.tenant_id,
          actor: worklogActor(event.tenant_id),
          action: 'worklog.asset_card.created',
          occurred_at: now,
          context: { card_id: row.id, pr_event_id: event.id, pr_url: event.pr_url },
        });
      }
      await markProcessed(tx, event.id, now);
    });
  }

  /** A developer sees their own cards; an admin or auditor sees the tenant's. */
  async list(actor: Actor, status?: CardRow['status']): Promise<CardView[]> {
    const everyone = hasRole(actor, 'admin', 'auditor');
    const rows = rowsOf<CardRow>(
      await this.#deps.orm.execute(sql`
        SELECT * FROM worklog_asset_cards WHERE tenant_id = ${actor.tenant_id}
          ${everyone ? sql`` : sql`AND owner_id = ${actor.id}`}
          ${status ? sql`AND status = ${status}` : sql``}
        ORDER BY created_at DESC, id LIMIT 500`),
    );
    return rows.map(cardView);
  }

  async get(actor: Actor, id: string) {
    const row = await this.#load(this.#deps.orm, actor, id);
    const decisions = rowsOf<Record<string, unknown>>(
      await this.#deps.orm.execute(sql`
        SELECT id, actor_id, decision, changes, comment, created_at FROM worklog_decision_logs
        WHERE card_id = ${id} ORDER BY created_at, id`),
    );
    return {
      ...cardView(row),
      decisions: decisions.map((d) => ({ ...d, created_at: iso(d.created_at as Date | string) })),
    };
  }

  /** The developer's decision, logged with what an edit changed; a rejected card is final. */
  async decide(actor: Actor, id: string, input: CardDecision) {
    const now = this.#deps.clock.now();
    return this.#deps.orm.transaction(async (tx) => {
      const row = await this.#load(tx, actor, id, true);
      if (row.owner_id !== actor.id) throw notFound(`asset card ${id}`);
      if (row.status === 'rejected')
        throw conflict('the card was rejected; nothing more can be decided', 'card_final');
      const before: AssetCardContent = {
        title: row.title,
        summary: row.summary,
        impact: row.impact,
        skills: row.skills,
      };
      const after: AssetCardContent = input.decision === 'edit' ? { ...before, ...input.changes } : before;
      const status = STATUS_AFTER[input.decision];
      await tx.execute(sql`
        UPDATE worklog_asset_cards SET status = ${status}, title = ${after.title}, summary = ${after.summary},
          impact = ${after.impact}, skills = ${JSON.stringify(after.skills)}::jsonb, updated_at = ${now.toISOString()}
        WHERE id = ${id}`);
      const decisionId = newId();
      await tx.execute(sql`
        INSERT INTO worklog_decision_logs (id, tenant_id, card_id, actor_id, decision, changes, comment, created_at)
        VALUES (${decisionId}, ${actor.tenant_id}, ${id}, ${actor.id}, ${input.decision},
          ${input.decision === 'edit' ? JSON.stringify({ before, after }) : null}::jsonb, ${input.comment ?? null},
          ${now.toISOString()})`);
      await appendAudit(tx, {
        tenant_id: actor.tenant_id,
        actor,
        action: `worklog.asset_card.${input.decision === 'edit' ? 'edited' : status}`,
        occurred_at: now,
        context: { card_id: id, decision_id: decisionId, pr_url: row.pr_url, status },
      });
      return cardView({ ...row, ...after, status, updated_at: now });
    });
  }

  async approvedOf(actor: Actor): Promise<CardView[]> {
    const rows = rowsOf<CardRow>(
      await this.#deps.orm.execute(sql`
        SELECT * FROM worklog_asset_cards
        WHERE tenant_id = ${actor.tenant_id} AND owner_id = ${actor.id} AND status = 'approved'
        ORDER BY merged_at DESC NULLS LAST, id`),
    );
    return rows.map(cardView);
  }

  async #load(tx: Executor, actor: Actor, id: string, lock = false): Promise<CardRow> {
    if (!isUuid(id)) throw notFound(`asset card ${id}`);
    const [row] = rowsOf<CardRow>(
      await tx.execute(sql`
        SELECT * FROM worklog_asset_cards WHERE id = ${id} AND tenant_id = ${actor.tenant_id}
        ${lock ? sql`FOR UPDATE` : sql``}`),
    );
    // Another developer's card is out of scope unless the caller may see the whole tenant's.
    if (!row || (row.owner_id !== actor.id && !hasRole(actor, 'admin', 'auditor'))) {
      throw notFound(`asset card ${id}`);
    }
    return row;
  }
}
