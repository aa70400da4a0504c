import { sql } from 'drizzle-orm';
import type { AuditService } from '../audit/service.ts';
import { type Executor, rowsOf } from '../db/connect.ts';
import type { VerificationReport } from '../verification/report.ts';
import { type DecisionRow, decisionFacts } from './decisions.ts';
import type { ReviewFacts } from './sections.ts';

/** How much of a tenant's history one review reads; a review summarizes, it does not export everything. */
const LIMIT = 500;

const toHex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

/** Reads the platform truth a review is composed from, in one transaction so its parts agree. */
export async function readFacts(
  tx: Executor,
  audit: AuditService,
  tenant: { id: string; name: string },
  now: Date,
): Promise<ReviewFacts> {
  const t = tenant.id;
  const [plans, runs, exceptions, decisions, actors, keys, policy, baseline, evidence] = await Promise.all([
    tx.execute(sql`SELECT status, count(*)::int AS n FROM plans WHERE tenant_id = ${t} GROUP BY status`),
    tx.execute(sql`
      SELECT id, status, break_glass_exception_id IS NOT NULL AS break_glass, context->'verification_report' AS report
      FROM runs WHERE tenant_id = ${t} ORDER BY created_at DESC, id LIMIT ${LIMIT}`),
    tx.execute(sql`
      SELECT id, type, reason, raised_at FROM exception_events WHERE tenant_id = ${t} AND status = 'open'
      ORDER BY raised_at DESC, id LIMIT ${LIMIT}`),
    tx.execute(
      sql`SELECT * FROM governance_decisions WHERE tenant_id = ${t} ORDER BY created_at, id LIMIT ${LIMIT}`,
    ),
    tx.execute(sql`SELECT roles, is_root FROM actors WHERE tenant_id = ${t}`),
    tx.execute(sql`SELECT count(*)::int AS n FROM api_keys WHERE tenant_id = ${t} AND revoked_at IS NULL`),
    tx.execute(sql`SELECT version, version_hash FROM policy_sets WHERE tenant_id = ${t} AND active`),
    tx.execute(sql`
      SELECT s.summary_payload->'policy'->>'version_hash' AS hash FROM tenant_reviews r
      JOIN tenant_review_sections s ON s.tenant_review_id = r.id AND s.section_key = 'baseline_drift_posture'
      WHERE r.tenant_id = ${t} AND r.status = 'released' ORDER BY r.published_at DESC LIMIT 1`),
    tx.execute(sql`
      SELECT run_id, step_id, type, result_ref, sha256 FROM evidence WHERE tenant_id = ${t}
      ORDER BY collected_at DESC, id LIMIT ${LIMIT}`),
  ]);
  // Events of this review's moment must be in the tree the checkpoint signs.
  await audit.integrateNow();
  const checkpoint = await audit.checkpoint(t);
  const [baselineRow] = rowsOf<{ hash: string | null }>(baseline);
  return {
    tenant,
    measured_at: now,
    plans: Object.fromEntries(rowsOf<{ status: string; n: number }>(plans).map((r) => [r.status, r.n])),
    runs: rowsOf<{ id: string; status: string; break_glass: boolean; report: VerificationReport | null }>(
      runs,
    ),
    open_exceptions: rowsOf<{ id: string; type: string; reason: string | null; raised_at: Date | string }>(
      exceptions,
    ).map((e) => ({ ...e, raised_at: new Date(e.raised_at).toISOString() })),
    decisions: rowsOf<DecisionRow>(decisions).map(decisionFacts),
    actors: rowsOf<{ roles: string[]; is_root: boolean }>(actors),
    active_keys: rowsOf<{ n: number }>(keys)[0]?.n ?? 0,
    policy: rowsOf<{ version: number; version_hash: string }>(policy)[0] ?? null,
    ...(baselineRow ? { baseline_policy_hash: baselineRow.hash } : {}),
    evidence: rowsOf<ReviewFacts['evidence'][number]>(evidence),
    checkpoint: { size: checkpoint.size, root: toHex(checkpoint.root), note: checkpoint.note },
  };
}
