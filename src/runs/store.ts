import { sql } from 'drizzle-orm';
import { isUuid } from '../core/ids.ts';
import { notFound } from '../core/problem.ts';
import { type Executor, rowsOf } from '../db/connect.ts';
import { notify } from '../db/notify.ts';
import type { Actor } from '../tenancy/roles.ts';
import type { RunStatus, StepStatus } from './machine.ts';

/** Live views (SSE, console) and caches hear of run changes here, on commit. */
export const RUN_CHANGED_CHANNEL = 'warrant_run_changed';

export interface RunRow {
  id: string;
  tenant_id: string;
  plan_id: string;
  plan_revision: number;
  content_hash: string;
  identity_hash: string;
  status: RunStatus;
  started_by: string;
  break_glass_exception_id: string | null;
  retry_of: string | null;
  cancel_requested: boolean;
  lease_owner: string | null;
  lease_expires_at: Date | string | null;
  attempts: number;
  error: { code: string; message: string } | null;
  context: Record<string, unknown>;
  created_at: Date | string;
  started_at: Date | string | null;
  completed_at: Date | string | null;
  updated_at: Date | string;
}

export interface RunStepRow {
  run_id: string;
  step_id: string;
  position: number;
  status: StepStatus;
  preconditions: { text: string; checked: boolean; ok: boolean; detail: string }[];
  error: { code: string; message: string } | null;
  started_at: Date | string | null;
  completed_at: Date | string | null;
}

export interface ToolCallRow {
  id: string;
  run_id: string;
  step_id: string;
  phase: 'do' | 'undo';
  tool_name: string;
  idempotency_key: string;
  status: 'pending' | 'running' | 'failed' | 'succeeded';
  attempts: number;
  input_ref: string | null;
  input_sha256: string | null;
  output_ref: string | null;
  output_sha256: string | null;
  link: string | null;
  error: { code: string; message: string } | null;
  started_at: Date | string | null;
  completed_at: Date | string | null;
}

export interface EvidenceRow {
  id: string;
  run_id: string;
  step_id: string;
  type: string;
  query: string;
  result_ref: string;
  sha256: string;
  link: string | null;
  collected_at: Date | string;
}

export async function loadRun(
  tx: Executor,
  tenantId: string,
  id: string,
  forUpdate = false,
): Promise<RunRow> {
  if (!isUuid(id)) throw notFound(`run ${id}`);
  const [row] = rowsOf<RunRow>(
    await tx.execute(
      sql`SELECT * FROM runs WHERE id = ${id} AND tenant_id = ${tenantId} ${forUpdate ? sql`FOR UPDATE` : sql``}`,
    ),
  );
  if (!row) throw notFound(`run ${id}`);
  return row;
}

export async function loadRunDetail(tx: Executor, runId: string) {
  const [steps, calls, evidence] = await Promise.all([
    tx.execute(sql`SELECT * FROM run_steps WHERE run_id = ${runId} ORDER BY position`),
    tx.execute(sql`SELECT * FROM tool_calls WHERE run_id = ${runId} ORDER BY started_at NULLS LAST, id`),
    tx.execute(sql`SELECT * FROM evidence WHERE run_id = ${runId} ORDER BY collected_at, id`),
  ]);
  return {
    steps: rowsOf<RunStepRow>(steps),
    calls: rowsOf<ToolCallRow>(calls),
    evidence: rowsOf<EvidenceRow>(evidence),
  };
}

export async function setRunStatus(
  tx: Executor,
  run: Pick<RunRow, 'id'>,
  status: RunStatus,
  at: Date,
  error: RunRow['error'] = null,
): Promise<void> {
  const final = status !== 'queued' && status !== 'running';
  await tx.execute(sql`
    UPDATE runs SET status = ${status}, updated_at = ${at.toISOString()}, error = ${error ? JSON.stringify(error) : null}::jsonb,
      completed_at = ${final ? at.toISOString() : null},
      lease_owner = ${final ? null : sql`lease_owner`}, lease_expires_at = ${final ? null : sql`lease_expires_at`}
    WHERE id = ${run.id}`);
  await notify(tx, RUN_CHANGED_CHANNEL, run.id);
}

export async function setStepStatus(
  tx: Executor,
  runId: string,
  stepId: string,
  status: StepStatus,
  at: Date,
  fields: { error?: RunStepRow['error']; preconditions?: RunStepRow['preconditions'] } = {},
): Promise<void> {
  const starting = status === 'running';
  await tx.execute(sql`
    UPDATE run_steps SET status = ${status},
      error = ${fields.error ? JSON.stringify(fields.error) : null}::jsonb,
      preconditions = COALESCE(${fields.preconditions ? JSON.stringify(fields.preconditions) : null}::jsonb, preconditions),
      started_at = ${starting ? sql`COALESCE(started_at, ${at.toISOString()}::timestamptz)` : sql`started_at`},
      completed_at = ${starting ? null : at.toISOString()}
    WHERE run_id = ${runId} AND step_id = ${stepId}`);
  await notify(tx, RUN_CHANGED_CHANNEL, runId);
}

/** The actor a run acts as: whoever started it, with their roles now (a revoked role shows at once). */
export async function loadActor(tx: Executor, actorId: string): Promise<Actor> {
  const [row] = rowsOf<Actor>(
    await tx.execute(sql`
      SELECT a.id, a.type, a.name, a.roles, a.tenant_id, t.name AS tenant_name, a.is_root
      FROM actors a JOIN tenants t ON t.id = a.tenant_id WHERE a.id = ${actorId}`),
  );
  if (!row) throw notFound(`actor ${actorId}`);
  return row;
}
