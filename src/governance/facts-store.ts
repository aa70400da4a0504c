import { and, asc, count, desc, eq, isNull, sql } from 'drizzle-orm';
import { isUuid } from '../core/ids.ts';
import type { Executor } from '../db/connect.ts';
import { exceptionEvents } from '../plans/approvals/tables.ts';
import { plans } from '../plans/tables.ts';
import { policySets } from '../policy/tables.ts';
import { evidence, runs } from '../runs/tables.ts';
import { actors, apiKeys } from '../tenancy/tables.ts';
import { VerificationReportSchema } from '../verification/report.ts';
import { governanceDecisions, tenantReviewSections, tenantReviews } from './tables.ts';

// What a review reads of the rest of the platform (plans, runs, exceptions, actors, keys, policy, evidence),
// and the checks that a decision's source and owner exist. Each read is scoped to one tenant.

/** A run's verification report, read out of its context: checked as the verification service checks it. */
const reportOf = sql<unknown>`${runs.context}->'verification_report'`;
const ReportSchema = VerificationReportSchema.nullable();

export async function planCounts(tx: Executor, tenantId: string): Promise<Record<string, number>> {
  const rows = await tx
    .select({ status: plans.status, n: count() })
    .from(plans)
    .where(eq(plans.tenant_id, tenantId))
    .groupBy(plans.status);
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

/** The ids of the tenant's newest approved plans (at most `limit`), and how many are approved in all. */
export async function approvedPlans(tx: Executor, tenantId: string, limit: number) {
  const where = and(eq(plans.tenant_id, tenantId), eq(plans.status, 'approved'));
  const [rows, [total]] = await Promise.all([
    tx
      .select({ id: plans.id })
      .from(plans)
      .where(where)
      .orderBy(desc(plans.created_at), asc(plans.id))
      .limit(limit),
    tx.select({ n: count() }).from(plans).where(where),
  ]);
  return { ids: rows.map((row) => row.id), total: total?.n ?? 0 };
}

export async function recentRuns(tx: Executor, tenantId: string, limit: number) {
  const rows = await tx
    .select({
      id: runs.id,
      status: runs.status,
      break_glass: sql<boolean>`${runs.break_glass_exception_id} IS NOT NULL`,
      report: reportOf,
    })
    .from(runs)
    .where(eq(runs.tenant_id, tenantId))
    .orderBy(desc(runs.created_at), asc(runs.id))
    .limit(limit);
  return rows.map((row) => ({ ...row, report: ReportSchema.parse(row.report) }));
}

/** The verification report of one run of the tenant; undefined when there is no such run. */
export async function runReport(tx: Executor, tenantId: string, runId: string) {
  if (!isUuid(runId)) return undefined;
  const [row] = await tx
    .select({ report: reportOf })
    .from(runs)
    .where(and(eq(runs.id, runId), eq(runs.tenant_id, tenantId)));
  return row && { report: ReportSchema.parse(row.report) };
}

export function openExceptions(tx: Executor, tenantId: string, limit: number) {
  const e = exceptionEvents;
  return tx
    .select({ id: e.id, type: e.type, reason: e.reason, raised_at: e.raised_at })
    .from(e)
    .where(and(eq(e.tenant_id, tenantId), eq(e.status, 'open')))
    .orderBy(desc(e.raised_at), asc(e.id))
    .limit(limit);
}

export async function exceptionExists(tx: Executor, tenantId: string, id: string): Promise<boolean> {
  if (!isUuid(id)) return false;
  const found = await tx
    .select({ id: exceptionEvents.id })
    .from(exceptionEvents)
    .where(and(eq(exceptionEvents.id, id), eq(exceptionEvents.tenant_id, tenantId)));
  return found.length > 0;
}

/** The tenant's decisions in the order they were requested. */
export function tenantDecisions(tx: Executor, tenantId: string, limit: number) {
  return tx
    .select()
    .from(governanceDecisions)
    .where(eq(governanceDecisions.tenant_id, tenantId))
    .orderBy(asc(governanceDecisions.created_at), asc(governanceDecisions.id))
    .limit(limit);
}

export function actorRoles(tx: Executor, tenantId: string) {
  return tx
    .select({ roles: actors.roles, is_root: actors.is_root })
    .from(actors)
    .where(eq(actors.tenant_id, tenantId));
}

export async function actorExists(tx: Executor, tenantId: string, id: string): Promise<boolean> {
  if (!isUuid(id)) return false;
  const found = await tx
    .select({ id: actors.id })
    .from(actors)
    .where(and(eq(actors.id, id), eq(actors.tenant_id, tenantId)));
  return found.length > 0;
}

export async function activeKeyCount(tx: Executor, tenantId: string): Promise<number> {
  const [row] = await tx
    .select({ n: count() })
    .from(apiKeys)
    .where(and(eq(apiKeys.tenant_id, tenantId), isNull(apiKeys.revoked_at)));
  return row?.n ?? 0;
}

export async function activePolicy(tx: Executor, tenantId: string) {
  const [row] = await tx
    .select({ version: policySets.version, version_hash: policySets.version_hash })
    .from(policySets)
    .where(and(eq(policySets.tenant_id, tenantId), eq(policySets.active, true)));
  return row ?? null;
}

/** The policy hash the tenant's latest released review saw; undefined when nothing was released yet. */
export async function baselinePolicyHash(tx: Executor, tenantId: string) {
  const r = tenantReviews;
  const s = tenantReviewSections;
  const [row] = await tx
    .select({ hash: sql<string | null>`${s.summary_payload}->'policy'->>'version_hash'` })
    .from(r)
    .innerJoin(s, and(eq(s.tenant_review_id, r.id), eq(s.section_key, 'baseline_drift_posture')))
    .where(and(eq(r.tenant_id, tenantId), eq(r.status, 'released')))
    .orderBy(desc(r.published_at))
    .limit(1);
  return row;
}

export function recentEvidence(tx: Executor, tenantId: string, limit: number) {
  return tx
    .select({
      run_id: evidence.run_id,
      step_id: evidence.step_id,
      type: evidence.type,
      result_ref: evidence.result_ref,
      sha256: evidence.sha256,
    })
    .from(evidence)
    .where(eq(evidence.tenant_id, tenantId))
    .orderBy(desc(evidence.collected_at), asc(evidence.id))
    .limit(limit);
}
