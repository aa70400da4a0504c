import { sql } from 'drizzle-orm';
import type { PgBoss } from 'pg-boss';
import { recordException } from '../approvals/exception-store.ts';
import { BREAK_GLASS_ROLE, MIN_BREAK_GLASS_REASON_LENGTH } from '../approvals/exceptions.ts';
import { isWarrantValid } from '../approvals/machine.ts';
import { appendAudit } from '../audit/append.ts';
import type { Clock } from '../core/clock.ts';
import { sha256Hex } from '../core/hash.ts';
import { newId } from '../core/ids.ts';
import { conflict, forbidden, notFound, Problem } from '../core/problem.ts';
import { iso } from '../core/time.ts';
import { type Executor, type Orm, rowsOf } from '../db/connect.ts';
import { loadPlan, type PlanRow } from '../plans/store.ts';
import type { ObjectStore } from '../storage/object-store.ts';
import type { Actor } from '../tenancy/roles.ts';
import { isFinalRun, type RunStatus } from './machine.ts';
import { sendRun } from './queue.ts';
import { loadRun, loadRunDetail, type RunRow, setRunStatus } from './store.ts';

export type RunView = Awaited<ReturnType<RunService['get']>>;

export type PreRunChecks = (tx: Executor, plan: PlanRow, now: Date, breakGlass: boolean) => Promise<void>;

export class RunService {
  readonly #orm: Orm;
  readonly #clock: Clock;
  readonly #objects: ObjectStore;
  readonly #queue: () => PgBoss | undefined;
  readonly #preRunChecks: PreRunChecks | undefined;

  constructor(deps: {
    orm: Orm;
    clock: Clock;
    objects: ObjectStore;
    queue: () => PgBoss | undefined;
    /**
     * Refuses (throws) the start of a plan whose pre-run verification has a blocking failure; it reads
     * through the start's transaction (PGlite has one connection).
     */
    preRunChecks?: PreRunChecks;
  }) {
    this.#orm = deps.orm;
    this.#clock = deps.clock;
    this.#objects = deps.objects;
    this.#queue = deps.queue;
    this.#preRunChecks = deps.preRunChecks;
  }

  /**
   * Queues a run of an allowed or validly approved plan. One active run per plan content: a second
   * start while one is queued or running is refused with the first run's id.
   */
  async start(
    actor: Actor,
    planId: string,
    options: { break_glass?: { reason: string }; retry_of?: string } = {},
  ) {
    if (!actor.roles.some((role) => ['agent', 'operator', 'admin', BREAK_GLASS_ROLE].includes(role))) {
      throw forbidden('starting runs needs the agent, operator, admin or break_glass role');
    }
    const run = await this.#orm.transaction(async (tx) => {
      // The plan row lock serializes concurrent starts of the same plan.
      const plan = await loadPlan(tx, actor.tenant_id, planId, true);
      const now = this.#clock.now();
      const identity = sha256Hex(`${plan.tenant_id}:${plan.id}:${plan.content_hash}`);
      const [active] = rowsOf<{ id: string }>(
        await tx.execute(
          sql`SELECT id FROM runs WHERE identity_hash = ${identity} AND status IN ('queued', 'running')`,
        ),
      );
      if (active) {
        throw conflict(`run ${active.id} of this plan is already active`, 'run_active', {
          active_run_id: active.id,
        });
      }
      const breakGlass = await this.#warrantForStart(tx, actor, plan, now, options.break_glass);
      await this.#preRunChecks?.(tx, plan, now, breakGlass !== undefined);
      const id = newId();
      await tx.execute(sql`
        INSERT INTO runs (id, tenant_id, plan_id, plan_revision, content_hash, identity_hash, status, started_by,
                          break_glass_exception_id, retry_of, created_at, updated_at)
        VALUES (${id}, ${plan.tenant_id}, ${plan.id}, ${plan.revision}, ${plan.content_hash}, ${identity}, 'queued',
                ${actor.id}, ${breakGlass ?? null}, ${options.retry_of ?? null}, ${now.toISOString()}, ${now.toISOString()})`);
      for (const [position, step] of plan.body.steps.entries()) {
        await tx.execute(sql`
          INSERT INTO run_steps (run_id, step_id, position, status) VALUES (${id}, ${step.step_id}, ${position}, 'pending')`);
      }
      await setRunStatus(tx, { id }, 'queued', now);
      await appendAudit(tx, {
        tenant_id: plan.tenant_id,
        actor,
        action: 'run.queued',
        occurred_at: now,
        plan_id: plan.id,
        run_id: id,
        context: {
          content_hash: plan.content_hash,
          revision: plan.revision,
          ...(breakGlass ? { break_glass_exception_id: breakGlass } : {}),
          ...(options.retry_of ? { retry_of: options.retry_of } : {}),
        },
      });
      return { id, status: 'queued' as RunStatus };
    });
    // After commit: a lost send is repaired by the workers' reconciler.
    const queue = this.#queue();
    if (queue) await sendRun(queue, run.id).catch(() => {});
    return run;
  }

  /** Break glass returns the exception that covers the run; otherwise the plan must hold a warrant now. */
  async #warrantForStart(
    tx: Executor,
    actor: Actor,
    plan: PlanRow,
    now: Date,
    breakGlass: { reason: string } | undefined,
  ): Promise<string | undefined> {
    const refusal = this.#refusal(plan, now);
    if (!refusal) return undefined;
    if (!breakGlass) throw conflict(`the plan cannot run: ${refusal.message}`, refusal.code);
    const reason = breakGlass.reason.trim();
    if (!actor.roles.includes(BREAK_GLASS_ROLE))
      throw forbidden(`breaking glass needs the ${BREAK_GLASS_ROLE} role`, 'break_glass_role_required');
    if (reason.length < MIN_BREAK_GLASS_REASON_LENGTH) {
      throw new Problem(
        400,
        'reason_required',
        `breaking glass needs a reason of at least ${MIN_BREAK_GLASS_REASON_LENGTH} characters`,
      );
    }
    return recordException(tx, {
      tenant_id: plan.tenant_id,
      type: 'break_glass',
      actor,
      at: now,
      plan_id: plan.id,
      reason,
      details: { refused_because: refusal.code },
    });
  }

  #refusal(plan: PlanRow, now: Date): { code: string; message: string } | undefined {
    if (plan.status === 'approved' && plan.decision.effect === 'allow') return undefined;
    if (plan.approval) {
      const check = isWarrantValid(plan.approval, now.toISOString(), plan.content_hash);
      if (check.ok) return undefined;
      return { code: check.reason_code, message: `${check.reason_code} (plan is ${plan.status})` };
    }
    return {
      code: plan.status === 'denied' ? 'denied' : 'not_approved',
      message: `the plan is ${plan.status}`,
    };
  }

  async get(actor: Actor, id: string) {
    const run = await loadRun(this.#orm, actor.tenant_id, id);
    return this.#view(run);
  }

  async #view(run: RunRow) {
    const detail = await loadRunDetail(this.#orm, run.id);
    const plan = await loadPlan(this.#orm, run.tenant_id, run.plan_id);
    return {
      id: run.id,
      status: run.status,
      plan_id: run.plan_id,
      plan_revision: run.plan_revision,
      content_hash: run.content_hash,
      identity_hash: run.identity_hash,
      started_by: run.started_by,
      break_glass_exception_id: run.break_glass_exception_id,
      retry_of: run.retry_of,
      cancel_requested: run.cancel_requested,
      attempts: run.attempts,
      error: run.error,
      context: run.context,
      created_at: iso(run.created_at),
      started_at: iso(run.started_at),
      completed_at: iso(run.completed_at),
      steps: detail.steps.map((step) => {
        const spec = plan.body.steps.find((s) => s.step_id === step.step_id);
        return {
          step_id: step.step_id,
          position: step.position,
          status: step.status,
          action: spec?.action,
          tool: spec?.tool,
          rollback: spec?.rollback ?? null,
          preconditions: step.preconditions,
          error: step.error,
          started_at: iso(step.started_at),
          completed_at: iso(step.completed_at),
          tool_calls: detail.calls
            .filter((call) => call.step_id === step.step_id)
            .map((call) => ({
              tool_call_id: call.id,
              tool_name: call.tool_name,
              phase: call.phase,
              status: call.status,
              attempts: call.attempts,
              idempotency_key: call.idempotency_key,
              input_ref: call.input_ref,
              input_sha256: call.input_sha256,
              output_ref: call.output_ref,
              output_sha256: call.output_sha256,
              link: call.link,
              error: call.error,
              started_at: iso(call.started_at),
              completed_at: iso(call.completed_at),
            })),
          evidence: detail.evidence
            .filter((item) => item.step_id === step.step_id)
            .map((item) => ({
              evidence_id: item.id,
              type: item.type,
              query: item.query,
              result_ref: item.result_ref,
              sha256: item.sha256,
              link: item.link,
              collected_at: iso(item.collected_at),
            })),
        };
      }),
    };
  }

  async list(actor: Actor, filter: { plan_id?: string; status?: RunStatus; limit?: number }) {
    const limit = Math.min(Math.max(filter.limit ?? 50, 1), 200);
    const rows = rowsOf<RunRow>(
      await this.#orm.execute(sql`
        SELECT * FROM runs WHERE tenant_id = ${actor.tenant_id}
          ${filter.plan_id ? sql`AND plan_id::text = ${filter.plan_id}` : sql``}
          ${filter.status ? sql`AND status = ${filter.status}` : sql``}
        ORDER BY created_at DESC, id DESC LIMIT ${limit}`),
    );
    return rows.map((run) => ({
      id: run.id,
      status: run.status,
      plan_id: run.plan_id,
      created_at: iso(run.created_at),
      completed_at: iso(run.completed_at),
      error: run.error,
    }));
  }

  /** A queued run is cancelled at once; a running one stops before its next step. */
  async cancel(actor: Actor, id: string) {
    if (!actor.roles.some((role) => ['agent', 'operator', 'admin', 'approver'].includes(role))) {
      throw forbidden('cancelling runs needs the agent, operator, approver or admin role');
    }
    return this.#orm.transaction(async (tx) => {
      const run = await loadRun(tx, actor.tenant_id, id, true);
      if (isFinalRun(run.status)) throw conflict(`the run already ended ${run.status}`, 'run_final');
      const now = this.#clock.now();
      if (run.status === 'queued') {
        await tx.execute(sql`UPDATE run_steps SET status = 'skipped' WHERE run_id = ${id}`);
        await setRunStatus(tx, run, 'cancelled', now, {
          code: 'cancelled',
          message: `cancelled by ${actor.name}`,
        });
      } else {
        await tx.execute(
          sql`UPDATE runs SET cancel_requested = true, updated_at = ${now.toISOString()} WHERE id = ${id}`,
        );
      }
      await appendAudit(tx, {
        tenant_id: run.tenant_id,
        actor,
        action: run.status === 'queued' ? 'run.cancelled' : 'run.cancel_requested',
        occurred_at: now,
        plan_id: run.plan_id,
        run_id: id,
      });
      return { id, status: run.status === 'queued' ? 'cancelled' : run.status, cancel_requested: true };
    });
  }

  /** A failed, rolled back or cancelled run is retried as a new run of the same plan. */
  async retry(actor: Actor, id: string) {
    const run = await loadRun(this.#orm, actor.tenant_id, id);
    if (!['failed', 'rolled_back', 'cancelled'].includes(run.status)) {
      throw conflict(
        `only a failed, rolled back or cancelled run can be retried; this one is ${run.status}`,
        'not_retryable',
      );
    }
    return this.start(actor, run.plan_id, { retry_of: run.id });
  }

  /** A stored tool output or evidence body of one of the caller's runs. */
  async object(
    actor: Actor,
    runId: string,
    kind: 'evidence' | 'tool-output' | 'tool-input',
    objectId: string,
  ) {
    const run = await loadRun(this.#orm, actor.tenant_id, runId);
    const bytes = await this.#objects.get(`${kind}/${run.id}/${objectId}.json`).catch(() => undefined);
    if (!bytes) throw notFound(`${kind} ${objectId}`);
    return new TextDecoder().decode(bytes);
  }
}
