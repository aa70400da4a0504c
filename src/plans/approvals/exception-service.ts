import { appendAudit } from '../../audit/append.ts';
import type { Clock } from '../../core/clock.ts';
import { isUuid } from '../../core/ids.ts';
import { conflict, forbidden, notFound, Problem } from '../../core/problem.ts';
import type { Actor } from '../../core/roles.ts';
import type { Orm } from '../../db/connect.ts';
import { type ExceptionFilter, findException, listExceptions, markResolved } from './exception-store.ts';
import { type ExceptionEvent, resolveException } from './exceptions.ts';
import type { ExceptionEventRecord } from './tables.ts';

export interface ExceptionView extends ExceptionEvent {
  id: string;
  details: Record<string, unknown>;
}

const toView = (row: ExceptionEventRecord): ExceptionView => ({
  id: row.id,
  type: row.type,
  status: row.status,
  actor_id: row.actor_id,
  ...(row.plan_id ? { plan_id: row.plan_id } : {}),
  ...(row.run_id ? { run_id: row.run_id } : {}),
  ...(row.reason ? { reason: row.reason } : {}),
  details: row.details,
  raised_at: row.raised_at.toISOString(),
  ...(row.resolution ? { resolution: row.resolution } : {}),
});

export class ExceptionService {
  readonly #orm: Orm;
  readonly #clock: Clock;

  constructor(deps: { orm: Orm; clock: Clock }) {
    this.#orm = deps.orm;
    this.#clock = deps.clock;
  }

  async list(actor: Actor, filter: ExceptionFilter): Promise<ExceptionView[]> {
    return (await listExceptions(this.#orm, actor.tenant_id, filter)).map(toView);
  }

  async get(actor: Actor, id: string): Promise<ExceptionView> {
    const row = await findException(this.#orm, actor.tenant_id, id);
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
      const row = await findException(tx, actor.tenant_id, id, true);
      if (!row) throw notFound(`exception ${id}`);
      const now = this.#clock.now();
      const result = resolveException(toView(row), { text, reviewer_id: actor.id, at: now.toISOString() });
      if (!result.ok) {
        if (result.code === 'already_resolved') throw conflict(result.message, result.code);
        if (result.code === 'self_review') throw forbidden(result.message, result.code);
        throw new Problem(400, result.code, result.message);
      }
      await markResolved(tx, id, result.state.resolution!);
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
