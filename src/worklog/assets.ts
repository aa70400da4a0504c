/**
 * Career assets (asset cards and their decision log): a merged pull request becomes a pending card
 * the model writes from the PR's title, description and diff stats; its developer approves, edits or rejects
 * it, each decision logged. Approved cards export as Markdown or JSON, each traceable to its pull request.
 */
import type { AuditAction } from '../audit/actions.ts';
import { appendAudit } from '../audit/append.ts';
import { isUuid, newId } from '../core/ids.ts';
import { conflict, notFound } from '../core/problem.ts';
import { type Actor, hasRole } from '../core/roles.ts';
import { iso } from '../core/time.ts';
import type { Executor } from '../db/connect.ts';
import { ask, type WorklogDeps, worklogActor } from './deps.ts';
import { type AssetCardContent, AssetCardContentSchema, type CardDecision } from './schemas.ts';
import {
  approvedCards,
  cardDecisions,
  cards,
  findCard,
  insertCard,
  insertCardDecision,
  markProcessed,
  updateCard,
} from './store.ts';
import type { WorklogAssetCardRecord, WorklogPrEventRecord } from './tables.ts';

const cardView = (row: WorklogAssetCardRecord) => ({
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
const CARD_DECIDED = {
  approve: 'worklog.asset_card.approved',
  edit: 'worklog.asset_card.edited',
  reject: 'worklog.asset_card.rejected',
} as const satisfies Record<keyof typeof STATUS_AFTER, AuditAction>;

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
  async generate(event: WorklogPrEventRecord, repo: { full_name: string; owner_id: string }): Promise<void> {
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
    // Seed 000 names a `flagged` status and no trigger. A card is flagged when the model's text held something
    // the redactor had to remove (a secret, a credential-like string): the stored card is the redacted text, and
    // its developer must look again (edit or reject; approving it as it is is refused).
    const safe = this.#deps.redactor.value(content);
    const flagged = JSON.stringify(safe) !== JSON.stringify(content);
    const now = this.#deps.clock.now();
    await this.#deps.orm.transaction(async (tx) => {
      const cardId = await insertCard(tx, {
        id: newId(),
        tenant_id: event.tenant_id,
        owner_id: repo.owner_id,
        pr_event_id: event.id,
        repo_full_name: repo.full_name,
        pr_number: event.pr_number,
        pr_url: event.pr_url,
        merged_at: event.merged_at,
        ...safe,
        status: flagged ? 'flagged' : 'pending',
        created_at: now,
        updated_at: now,
      });
      if (cardId) {
        await appendAudit(tx, {
          tenant_id: event.tenant_id,
          actor: worklogActor(event.tenant_id),
          action: 'worklog.asset_card.created',
          occurred_at: now,
          context: {
            card_id: cardId,
            pr_event_id: event.id,
            pr_url: event.pr_url,
            status: flagged ? 'flagged' : 'pending',
            ...(flagged ? { flag_reason: 'redacted' } : {}),
          },
        });
      }
      await markProcessed(tx, event.id, now);
    });
  }

  /** A developer sees their own cards; an admin or auditor sees the tenant's. */
  async list(actor: Actor, status?: WorklogAssetCardRecord['status']): Promise<CardView[]> {
    const everyone = hasRole(actor, 'admin', 'auditor');
    const rows = await cards(this.#deps.orm, {
      tenantId: actor.tenant_id,
      ...(everyone ? {} : { ownerId: actor.id }),
      ...(status ? { status } : {}),
    });
    return rows.map(cardView);
  }

  async get(actor: Actor, id: string) {
    const row = await this.#load(this.#deps.orm, actor, id);
    const decisions = await cardDecisions(this.#deps.orm, id);
    return {
      ...cardView(row),
      decisions: decisions.map((d) => ({ ...d, created_at: iso(d.created_at) })),
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
      if (row.status === 'flagged' && input.decision === 'approve') {
        throw conflict(
          'the card is flagged: its text held something redacted; edit it or reject it',
          'card_flagged',
        );
      }
      const before: AssetCardContent = {
        title: row.title,
        summary: row.summary,
        impact: row.impact,
        skills: row.skills,
      };
      const edited: AssetCardContent = input.decision === 'edit' ? { ...before, ...input.changes } : before;
      // An edit is stored redacted too; one that needed it is not approved but flagged again.
      const after = this.#deps.redactor.value(edited);
      const status =
        JSON.stringify(after) === JSON.stringify(edited)
          ? STATUS_AFTER[input.decision]
          : ('flagged' as const);
      await updateCard(tx, id, { status, ...after, updated_at: now });
      const decisionId = newId();
      await insertCardDecision(tx, {
        id: decisionId,
        tenant_id: actor.tenant_id,
        card_id: id,
        actor_id: actor.id,
        decision: input.decision,
        changes: input.decision === 'edit' ? { before, after } : null,
        comment: input.comment ?? null,
        created_at: now,
      });
      await appendAudit(tx, {
        tenant_id: actor.tenant_id,
        actor,
        action: CARD_DECIDED[input.decision],
        occurred_at: now,
        context: { card_id: id, decision_id: decisionId, pr_url: row.pr_url, status },
      });
      return cardView({ ...row, ...after, status, updated_at: now });
    });
  }

  async approvedOf(actor: Actor): Promise<CardView[]> {
    const rows = await approvedCards(this.#deps.orm, actor.tenant_id, actor.id);
    return rows.map(cardView);
  }

  async #load(tx: Executor, actor: Actor, id: string, lock = false): Promise<WorklogAssetCardRecord> {
    if (!isUuid(id)) throw notFound(`asset card ${id}`);
    const row = await findCard(tx, actor.tenant_id, id, lock);
    // Another developer's card is out of scope unless the caller may see the whole tenant's.
    if (!row || (row.owner_id !== actor.id && !hasRole(actor, 'admin', 'auditor'))) {
      throw notFound(`asset card ${id}`);
    }
    return row;
  }
}
