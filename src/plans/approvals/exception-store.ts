import { and, desc, eq } from 'drizzle-orm';
import type { AuditAction } from '../../audit/actions.ts';
import { type AuditActor, appendAudit } from '../../audit/append.ts';
import { isUuid, newId } from '../../core/ids.ts';
import type { Executor } from '../../db/connect.ts';
import type { ExceptionResolution, ExceptionType } from './exceptions.ts';
import { type ExceptionEventRecord, exceptionEvents } from './tables.ts';

const EXCEPTION_ACTION = {
  unapproved_attempt: 'exception.unapproved_attempt',
  break_glass: 'exception.break_glass',
  approval_expired: 'exception.approval_expired',
} as const satisfies Record<ExceptionType, AuditAction>;

/** Records an exception event and its audit event in the caller's transaction. */
export async function recordException(
  tx: Executor,
  input: {
    tenant_id: string;
    type: ExceptionType;
    actor: AuditActor;
    at: Date;
    plan_id?: string;
    run_id?: string;
    reason?: string;
    details?: Record<string, unknown>;
  },
): Promise<string> {
  const id = newId();
  await tx.insert(exceptionEvents).values({
    id,
    tenant_id: input.tenant_id,
    type: input.type,
    status: 'open',
    actor_id: input.actor.id,
    plan_id: input.plan_id ?? null,
    run_id: input.run_id ?? null,
    reason: input.reason ?? null,
    details: input.details ?? {},
    raised_at: input.at,
  });
  await appendAudit(tx, {
    tenant_id: input.tenant_id,
    actor: input.actor,
    action: EXCEPTION_ACTION[input.type],
    occurred_at: input.at,
    plan_id: input.plan_id,
    run_id: input.run_id,
    context: { exception_id: id, type: input.type, reason: input.reason ?? null, ...input.details },
  });
  return id;
}

export interface ExceptionFilter {
  status?: ExceptionEventRecord['status'] | undefined;
  type?: ExceptionType | undefined;
  /** A malformed id filters nothing out. */
  plan_id?: string | undefined;
}

/** A tenant's exceptions, newest first (at most 500). */
export async function listExceptions(
  tx: Executor,
  tenantId: string,
  filter: ExceptionFilter,
): Promise<ExceptionEventRecord[]> {
  return tx
    .select()
    .from(exceptionEvents)
    .where(
      and(
        eq(exceptionEvents.tenant_id, tenantId),
        filter.status ? eq(exceptionEvents.status, filter.status) : undefined,
        filter.type ? eq(exceptionEvents.type, filter.type) : undefined,
        filter.plan_id && isUuid(filter.plan_id) ? eq(exceptionEvents.plan_id, filter.plan_id) : undefined,
      ),
    )
    .orderBy(desc(exceptionEvents.raised_at), exceptionEvents.id)
    .limit(500);
}

/** An exception of the tenant, locked for update when asked; undefined when there is none. */
export async function findException(
  tx: Executor,
  tenantId: string,
  id: string,
  forUpdate = false,
): Promise<ExceptionEventRecord | undefined> {
  if (!isUuid(id)) return undefined;
  const query = tx
    .select()
    .from(exceptionEvents)
    .where(and(eq(exceptionEvents.id, id), eq(exceptionEvents.tenant_id, tenantId)));
  const [row] = forUpdate ? await query.for('update') : await query;
  return row;
}

export async function markResolved(tx: Executor, id: string, resolution: ExceptionResolution): Promise<void> {
  await tx.update(exceptionEvents).set({ status: 'resolved', resolution }).where(eq(exceptionEvents.id, id));
}
