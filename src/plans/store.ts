import { sql } from 'drizzle-orm';
import type { ApprovalState } from '../approvals/machine.ts';
import { isUuid } from '../core/ids.ts';
import { notFound } from '../core/problem.ts';
import { iso } from '../core/time.ts';
import { type Executor, rowsOf } from '../db/connect.ts';
import { notify } from '../db/notify.ts';
import type { PlanDecision, StepFacts } from '../policy/decision.ts';
import type { RiskScore } from '../policy/risk.ts';
import type { PlanStatus, PlanSubmission } from './plan-schema.ts';

/** Every process's authorize cache hears of a plan change through this channel, on commit. */
export const PLAN_CHANGED_CHANNEL = 'warrant_plan_changed';

export interface PlanRisk {
  plan: RiskScore;
  steps: { step_id: string; risk: RiskScore; facts: StepFacts }[];
}

export interface PlanRow {
  id: string;
  tenant_id: string;
  creator_id: string;
  status: PlanStatus;
  trigger: string;
  summary: string;
  environment: string;
  risk_level: string;
  revision: number;
  content_hash: string;
  body: PlanSubmission;
  step_hashes: Record<string, string>;
  risk: PlanRisk;
  decision: PlanDecision;
  approval: ApprovalState | null;
  created_at: Date | string;
  updated_at: Date | string;
}

/** A plan by id in any tenant, for callers that check the tenant themselves. */
export async function findPlan(tx: Executor, id: string): Promise<PlanRow | undefined> {
  if (!isUuid(id)) return undefined;
  return rowsOf<PlanRow>(await tx.execute(sql`SELECT * FROM plans WHERE id = ${id}`))[0];
}

/** Loads a plan of the caller's tenant; another tenant's plan is "not found", like a missing one. */
export async function loadPlan(
  tx: Executor,
  tenantId: string,
  id: string,
  forUpdate = false,
): Promise<PlanRow> {
  if (!isUuid(id)) throw notFound(`plan ${id}`);
  const [row] = rowsOf<PlanRow>(
    await tx.execute(sql`
      SELECT * FROM plans WHERE id = ${id} AND tenant_id = ${tenantId} ${forUpdate ? sql`FOR UPDATE` : sql``}`),
  );
  if (!row) throw notFound(`plan ${id}`);
  return row;
}

export async function insertPlan(tx: Executor, row: PlanRow): Promise<void> {
  await tx.execute(sql`
    INSERT INTO plans (id, tenant_id, creator_id, status, trigger, summary, environment, risk_level, revision,
                       content_hash, body, step_hashes, risk, decision, approval, created_at, updated_at)
    VALUES (${row.id}, ${row.tenant_id}, ${row.creator_id}, ${row.status}, ${row.trigger}, ${row.summary},
            ${row.environment}, ${row.risk_level}, ${row.revision}, ${row.content_hash},
            ${JSON.stringify(row.body)}::jsonb, ${JSON.stringify(row.step_hashes)}::jsonb,
            ${JSON.stringify(row.risk)}::jsonb, ${JSON.stringify(row.decision)}::jsonb,
            ${row.approval ? JSON.stringify(row.approval) : null}::jsonb, ${iso(row.created_at)}, ${iso(row.updated_at)})`);
  await insertRevision(tx, row);
  await notify(tx, PLAN_CHANGED_CHANNEL, row.id);
}

/** Writes a plan's mutable columns back; the caller holds the row lock. */
export async function updatePlan(tx: Executor, row: PlanRow, revised = false): Promise<void> {
  await tx.execute(sql`
    UPDATE plans SET status = ${row.status}, summary = ${row.summary}, environment = ${row.environment},
      risk_level = ${row.risk_level}, revision = ${row.revision}, content_hash = ${row.content_hash},
      body = ${JSON.stringify(row.body)}::jsonb, step_hashes = ${JSON.stringify(row.step_hashes)}::jsonb,
      risk = ${JSON.stringify(row.risk)}::jsonb, decision = ${JSON.stringify(row.decision)}::jsonb,
      approval = ${row.approval ? JSON.stringify(row.approval) : null}::jsonb, updated_at = ${iso(row.updated_at)}
    WHERE id = ${row.id}`);
  if (revised) await insertRevision(tx, row);
  await notify(tx, PLAN_CHANGED_CHANNEL, row.id);
}

async function insertRevision(tx: Executor, row: PlanRow): Promise<void> {
  await tx.execute(sql`
    INSERT INTO plan_revisions (plan_id, revision, content_hash, body, created_at)
    VALUES (${row.id}, ${row.revision}, ${row.content_hash}, ${JSON.stringify(row.body)}::jsonb, ${iso(row.updated_at)})`);
}
