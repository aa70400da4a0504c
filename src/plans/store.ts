import { and, desc, eq, inArray, lte, or, sql } from 'drizzle-orm';
import { isUuid } from '../core/ids.ts';
import { notFound } from '../core/problem.ts';
import type { Executor } from '../db/connect.ts';
import { notify } from '../db/notify.ts';
import { preparedRead } from '../db/prepared.ts';
import type { RiskLevel } from '../policy/risk.ts';
import type { PlanStatus } from './plan-schema.ts';
import { type PlanRecord, planRevisions, plans } from './tables.ts';

/** Every process's authorize cache hears of a plan change through this channel, on commit. */
export const PLAN_CHANGED_CHANNEL = 'warrant_plan_changed';

/** A plan by id in any tenant, for callers that check the tenant themselves. */
export async function findPlan(tx: Executor, id: string): Promise<PlanRecord | undefined> {
  if (!isUuid(id)) return undefined;
  // Prepared: every run reads its plan this way (the authorizer's cache), and every plan action once.
  const [row] = await preparedRead(tx, 'plan_by_id', (exec) =>
    exec
      .select()
      .from(plans)
      .where(eq(plans.id, sql.placeholder('id'))),
  ).execute({ id });
  return row;
}

/** Loads a plan of the caller's tenant; another tenant's plan is "not found", like a missing one. */
export async function loadPlan(
  tx: Executor,
  tenantId: string,
  id: string,
  forUpdate = false,
): Promise<PlanRecord> {
  if (!isUuid(id)) throw notFound(`plan ${id}`);
  const query = tx
    .select()
    .from(plans)
    .where(and(eq(plans.id, id), eq(plans.tenant_id, tenantId)));
  const [row] = forUpdate ? await query.for('update') : await query;
  if (!row) throw notFound(`plan ${id}`);
  return row;
}

/** Ids of the tenant's plans that are not final and have a step calling `tool` (re-decided when it changes). */
export async function openPlanIdsUsingTool(tx: Executor, tenantId: string, tool: string): Promise<string[]> {
  const rows = await tx
    .select({ id: plans.id })
    .from(plans)
    .where(
      and(
        eq(plans.tenant_id, tenantId),
        inArray(plans.status, ['pending_approval', 'sent_back', 'approved']),
        sql`${plans.body}->'steps' @> ${JSON.stringify([{ tool }])}::jsonb`,
      ),
    );
  return rows.map((row) => row.id);
}

export interface PlanListFilter {
  status?: PlanStatus | undefined;
  risk?: RiskLevel | undefined;
  environment?: string | undefined;
  /** Any string filters: a malformed id matches nothing. */
  creator?: string | undefined;
  /** Keyset: only plans strictly before this (created_at, id). */
  before?: { at: string; id: string } | undefined;
}

/**
 * A tenant's plans, newest first (ties on created_at by id, descending). Each filter has an index (migration 0018)
 * starting with the tenant and the filtered column and ending with this order, so a page stops after `limit` rows.
 */
export async function listPlans(
  tx: Executor,
  tenantId: string,
  filter: PlanListFilter,
  limit: number,
): Promise<PlanRecord[]> {
  // A creator that is no uuid matches nothing; compared as uuid, the filter reads plans_creator.
  if (filter.creator && !isUuid(filter.creator)) return [];
  return planListQuery(tx, tenantId, filter, limit);
}

/** The query `listPlans` runs, unawaited: the bench and the index tests EXPLAIN it. */
export function planListQuery(tx: Executor, tenantId: string, filter: PlanListFilter, limit: number) {
  const { before } = filter;
  return tx
    .select()
    .from(plans)
    .where(
      and(
        eq(plans.tenant_id, tenantId),
        filter.status ? eq(plans.status, filter.status) : undefined,
        filter.risk ? eq(plans.risk_level, filter.risk) : undefined,
        filter.environment ? eq(plans.environment, filter.environment) : undefined,
        filter.creator ? eq(plans.creator_id, filter.creator) : undefined,
        before
          ? sql`(${plans.created_at}, ${plans.id}) < (${before.at}::timestamptz, ${before.id}::uuid)`
          : undefined,
      ),
    )
    .orderBy(desc(plans.created_at), desc(plans.id))
    .limit(limit);
}

/** Plans that time has caught up with: pending past their request window, approved past valid_to. */
export async function plansDueToExpire(
  tx: Executor,
  now: string,
  limit: number,
): Promise<{ id: string; tenant_id: string }[]> {
  return tx
    .select({ id: plans.id, tenant_id: plans.tenant_id })
    .from(plans)
    .where(
      or(
        and(
          inArray(plans.status, ['pending_approval', 'sent_back']),
          sql`(${plans.approval} ->> 'expires_at')::timestamptz <= ${now}::timestamptz`,
        ),
        and(
          eq(plans.status, 'approved'),
          sql`(${plans.approval} ->> 'valid_to')::timestamptz <= ${now}::timestamptz`,
        ),
      ),
    )
    .limit(limit);
}

export async function insertPlan(tx: Executor, row: PlanRecord): Promise<void> {
  await tx.insert(plans).values(row);
  await insertRevision(tx, row, row.creator_id);
  await notify(tx, PLAN_CHANGED_CHANNEL, row.id);
}

/**
 * Many new plans at once (imports, the scale bench): multi-row inserts of the plans and their first revisions,
 * in chunks, and one NOTIFY per plan as `insertPlan` sends.
 */
export async function insertPlans(tx: Executor, rows: readonly PlanRecord[], chunk = 500): Promise<void> {
  for (let i = 0; i < rows.length; i += chunk) {
    const part = rows.slice(i, i + chunk);
    await tx.insert(plans).values([...part]);
    await tx.insert(planRevisions).values(
      part.map((row) => ({
        plan_id: row.id,
        revision: row.revision,
        content_hash: row.content_hash,
        body: row.body,
        author_id: row.creator_id,
        created_at: row.updated_at,
      })),
    );
    await tx.execute(
      sql`SELECT pg_notify(${PLAN_CHANGED_CHANNEL}, id) FROM unnest(${`{${part.map((row) => row.id).join(',')}}`}::text[]) AS id`,
    );
  }
}

/** Writes a plan's mutable columns back; the caller holds the row lock. `revisedBy` stores a new revision. */
export async function updatePlan(tx: Executor, row: PlanRecord, revisedBy?: string): Promise<void> {
  await tx
    .update(plans)
    .set({
      status: row.status,
      summary: row.summary,
      environment: row.environment,
      risk_level: row.risk_level,
      revision: row.revision,
      content_hash: row.content_hash,
      body: row.body,
      step_hashes: row.step_hashes,
      risk: row.risk,
      decision: row.decision,
      approval: row.approval,
      updated_at: row.updated_at,
    })
    .where(eq(plans.id, row.id));
  if (revisedBy !== undefined) await insertRevision(tx, row, revisedBy);
  await notify(tx, PLAN_CHANGED_CHANNEL, row.id);
}

/** Each revision names its author: nobody who wrote one may approve the plan. */
async function insertRevision(tx: Executor, row: PlanRecord, authorId: string): Promise<void> {
  await tx.insert(planRevisions).values({
    plan_id: row.id,
    revision: row.revision,
    content_hash: row.content_hash,
    body: row.body,
    author_id: authorId,
    created_at: row.updated_at,
  });
}

/** The content hash of the plan's revision that was current at `at`; undefined before the plan existed. */
export async function contentHashAt(tx: Executor, planId: string, at: Date): Promise<string | undefined> {
  if (!isUuid(planId) || !Number.isFinite(at.getTime())) return undefined;
  const [row] = await tx
    .select({ content_hash: planRevisions.content_hash })
    .from(planRevisions)
    .where(and(eq(planRevisions.plan_id, planId), lte(planRevisions.created_at, at)))
    .orderBy(desc(planRevisions.revision))
    .limit(1);
  return row?.content_hash;
}
