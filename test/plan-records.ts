// Plan and run records made directly (not through the services), for tests and benches that need many of them
// quickly: list paging, index use, the scale bench.
import type { Executor } from '../src/db/connect.ts';
import { insertPlans } from '../src/plans/store.ts';
import type { PlanRecord } from '../src/plans/tables.ts';
import type { RunRecord } from '../src/runs/tables.ts';
import { insertActor, insertTenant } from '../src/tenancy/store.ts';

export const planStatuses = [
  'pending_approval',
  'approved',
  'denied',
  'sent_back',
  'cancelled',
  'expired',
] as const satisfies readonly PlanRecord['status'][];
export const riskLevels = [
  'read',
  'low',
  'medium',
  'high',
] as const satisfies readonly PlanRecord['risk_level'][];
export const environments = ['dev', 'stage', 'prod'] as const;
export const runStatuses = [
  'queued',
  'running',
  'succeeded',
  'failed',
  'rolled_back',
  'cancelled',
] as const satisfies readonly RunRecord['status'][];

/** A tenant and its actors (agents that create plans). */
export async function seedTenant(tx: Executor, id: string, name: string, actorIds: readonly string[]) {
  await insertTenant(tx, { id, name, created_at: new Date(0) });
  for (const [i, actorId] of actorIds.entries()) {
    await insertActor(tx, {
      id: actorId,
      tenant_id: id,
      type: 'agent',
      name: `${name}-agent-${i}`,
      roles: ['agent'],
      is_root: false,
      created_at: new Date(0),
      person: `${name}-agent-${i}`,
      created_by: null,
    });
  }
}

/**
 * A plan record like the service writes, from a template row (or a minimal one): the listed columns replaced,
 * the JSON left as the template has it.
 */
export function planRecord(
  fields: Pick<
    PlanRecord,
    'id' | 'tenant_id' | 'creator_id' | 'status' | 'risk_level' | 'environment' | 'created_at'
  >,
  template?: PlanRecord,
): PlanRecord {
  return {
    trigger: 'manual',
    summary: `plan ${fields.id.slice(0, 8)}`,
    revision: 1,
    content_hash: `sha256:${fields.id.replaceAll('-', '')}`,
    body: { steps: [] } as unknown as PlanRecord['body'],
    step_hashes: {},
    risk: { plan: {}, steps: [] } as unknown as PlanRecord['risk'],
    decision: {} as PlanRecord['decision'],
    approval: null,
    ...template,
    ...fields,
    updated_at: fields.created_at,
  };
}

/** A run record as it is after the fact (no lease). */
export function runRecord(
  fields: Pick<RunRecord, 'id' | 'tenant_id' | 'plan_id' | 'status' | 'started_by' | 'created_at'>,
): RunRecord {
  const final = fields.status !== 'queued' && fields.status !== 'running';
  return {
    plan_revision: 1,
    content_hash: `sha256:${fields.plan_id.replaceAll('-', '')}`,
    identity_hash: `identity:${fields.id}`,
    break_glass_exception_id: null,
    retry_of: null,
    cancel_requested: false,
    lease_owner: null,
    lease_expires_at: null,
    attempts: fields.status === 'queued' ? 0 : 1,
    resume_after: null,
    failed_drives: 0,
    error: fields.status === 'failed' ? { code: 'step_failed', message: 'bench' } : null,
    context: {},
    started_at: fields.status === 'queued' ? null : fields.created_at,
    completed_at: final ? fields.created_at : null,
    updated_at: fields.created_at,
    ...fields,
  };
}

/** A tenant with one actor and one approved, low-risk stage plan of theirs: what a run needs to be recorded. */
export async function seedApprovedPlan(
  tx: Executor,
  ids: { tenant: string; actor: string; plan: string },
  name: string,
): Promise<void> {
  await seedTenant(tx, ids.tenant, name, [ids.actor]);
  await insertPlans(tx, [
    planRecord({
      id: ids.plan,
      tenant_id: ids.tenant,
      creator_id: ids.actor,
      status: 'approved',
      risk_level: 'low',
      environment: 'stage',
      created_at: new Date(0),
    }),
  ]);
}
