import { sql } from 'drizzle-orm';
import { type AuditActor, appendAudit } from '../audit/append.ts';
import type { Clock } from '../core/clock.ts';
import { isUuid, newId } from '../core/ids.ts';
import { conflict, forbidden, notFound, Problem } from '../core/problem.ts';
import { type Executor, type Orm, rowsOf } from '../db/connect.ts';
import type { Actor } from '../tenancy/roles.ts';
import { type ExceptionEvent, type ExceptionType, resolveException } from './exceptions.ts';

export interface ExceptionView extends ExceptionEvent {
  id: string;
  details: Record<string, unknown>;
}

interface ExceptionRow {
  id: string;
  type: ExceptionType;
  status: 'open' | 'resolved';
  actor_id: string;
  plan_id: string | null;
  run_id: string | null;
  reason: string | null;
  details: Record<string, unknown>;
  raised_at: Date | string;
  resolution: ExceptionEvent['resolution'] | null;
}

const toView = (row: ExceptionRow): ExceptionView => ({
  id: row.id,
  type: row.type,
  status: row.status,
  actor_id: row.actor_id,
  ...(row.plan_id ? { plan_id: row.plan_id } : {}),
  ...(row.run_id ? { run_id: row.run_id } : {}),
  ...(row.reason ? { reason: row.reason } : {}),
  details: row.details,
  raised_at: new Date(row.raised_at).toISOString(),
  ...(row.resolution ? { resolution: row.resolution } : {}),
});

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
  await tx.execute(sql`
    INSERT INTO exception_events (id, tenant_id, type, status, actor_id, plan_id, run_id, reason, details, raised_at)
    VALUES (${id}, ${input.tenant_id}, ${input.type}, 'open', ${input.actor.id}, ${input.plan_id ?? null},
            ${input.run_id ?? null}, ${input.reason ?? null}, ${JSON.stringify(input.details ?? {})}::jsonb,
            ${input.at.toISOString()})`);
  await appendAudit(tx, {
    tenant_id: input.tenant_id,
    actor: input.actor,
    action: `exception.${input.type}`,
    occurred_at: input.at,
    plan_id: input.plan_id,
    run_id: input.run_id,
    context: { exception_id: id, type: input.type, reason: input.reason ?? null, ...input.details },
  });
  return id;
}

export class ExceptionService {
  readonly #orm: Orm;
  readonly #clock: Clock;
  constructor(orm: Orm, clock: Clock) {
    this.#orm = orm;
    this.#clock = clock;
  }

  async list(actor: Actor, filter: { status?: 'open' | 'resolved'; type?: ExceptionType; plan_id?: string }) {
    const rows = rowsOf<ExceptionRow>(
      await this.#orm.execute(sql`
        SELECT * FROM exception_events WHERE tenant_id = ${actor.tenant_id}
          ${filter.status ? sql`AND status = ${filter.status}` : sql``}
          ${filter.type ? sql`AND type = ${filter.type}` : sql``}
          ${filter.plan_id && isUuid(filter.plan_id) ? sql`AND plan_id = ${filter.plan_id}` : sql``}
        ORDER BY raised_at DESC, id LIMIT 500`),
    );
    return rows.map(toView);
  }

  async get(actor: Actor, id: string): Promise<ExceptionView> {
    if (!isUuid(id)) throw notFound(`exception ${id}`);
    const [row] = rowsOf<ExceptionRow>(
      await this.#orm.execute(
        sql`SELECT * FROM exception_events WHERE id = ${id} AND tenant_id = ${actor.tenant_id}`,
      ),
    );
    if (!row) throw notFound(`exception ${id}`);
    return toView(row);
  }

  /** Reviews an exception: approvers, admins and auditors may; never the actor who caused it. */
  async resolve(actor: Actor, id: string, text: string): Promise<ExceptionView> {
    if (!actor.roles.some((role) => role === 'admin' || role === 'approver' || role === 'auditor')) {
      throw forbidden('resolving exceptions needs the admin, approver or auditor role');
    }
    if (!isUuid(id)) throw notFound(`exception ${id}`);
    return this.#orm.transaction(async (tx) => {
      const [row] = rowsOf<ExceptionRow>(
        await tx.execute(
          sql`SELECT * FROM exception_events WHERE id = ${id} AND tenant_id = ${actor.tenant_id} FOR UPDATE`,
        ),
      );
      if (!row) throw notFound(`exception ${id}`);
      const now = this.#clock.now();
      const result = resolveException(toView(row), { text, reviewer_id: actor.id, at: now.toISOString() });
      if (!result.ok) {
        if (result.code === 'already_resolved') throw conflict(result.message, result.code);
        if (result.code === 'self_review') throw forbidden(result.message, result.code);
        throw new Problem(400, result.code, result.message);
      }
      await tx.execute(sql`
        UPDATE exception_events SET status = 'resolved', resolution = ${JSON.stringify(result.state.resolution)}::jsonb
        WHERE id = ${id}`);
      await appendAudit(tx, {
        tenant_id: actor.tenant_id,
        actor,
        action: 'exception.resolved',
        occurred_at: now,
        plan_id: row.plan_id ?? undefined,
        run_id: row.run_id ?? undefined,
        context: { exception_id: id, type: row.type, resolution: result.state.resolution?.text },
      });
      return { ...toView(row), ...result.state, id, details: row.details };
    });
  }
}
