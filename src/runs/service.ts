import { z } from 'zod';
import { appendAudit } from '../audit/append.ts';
import type { Clock } from '../core/clock.ts';
import { sha256Hex } from '../core/hash.ts';
import { newId } from '../core/ids.ts';
import { conflict, forbidden, notFound, Problem } from '../core/problem.ts';
import type { Actor } from '../core/roles.ts';
import { iso } from '../core/time.ts';
import type { Executor, Orm } from '../db/connect.ts';
import { recordException } from '../plans/approvals/exception-store.ts';
import {
  BREAK_GLASS_ROLE,
  isBreakGlassReason,
  MIN_BREAK_GLASS_REASON_LENGTH,
} from '../plans/approvals/exceptions.ts';
import { isWarrantValid } from '../plans/approvals/machine.ts';
import { loadPlan } from '../plans/store.ts';
import type { PlanRecord } from '../plans/tables.ts';
import type { Redactor } from '../redaction/redact.ts';
import type { ObjectStore } from '../storage/object-store.ts';
import { isFinalRun, type RunStatus } from './machine.ts';
import { announceRun } from './queue.ts';
import {
  findActiveRun,
  insertRun,
  listRuns,
  loadRun,
  loadRunDetail,
  requestCancel,
  setRunStatus,
  skipSteps,
} from './store.ts';
import type { RunRecord } from './tables.ts';

export type RunView = Awaited<ReturnType<RunService['get']>>;

/** A stored tool input, tool output or evidence body: always a JSON object. */
export const StoredDocument = z.looseObject({});

/** How much of a tool call's output a run's log shows, in characters of its JSON. */
export const LOG_EXCERPT_CHARS = 600;

/** Refuses (throws) a start its checks block; answers the keys of the checks break glass lifted. */
export type PreRunChecks = (
  tx: Executor,
  plan: PlanRecord,
  now: Date,
  breakGlass: boolean,
) => Promise<string[]>;

const PHASES = ['do', 'undo'];
const byPhaseThenStart = (
  a: { phase: string; started_at: string | null },
  b: { phase: string; started_at: string | null },
) =>
  PHASES.indexOf(a.phase) - PHASES.indexOf(b.phase) ||
  (a.started_at ?? '\uffff').localeCompare(b.started_at ?? '\uffff');

export class RunService {
  readonly #orm: Orm;
  readonly #clock: Clock;
  readonly #objects: Pick<ObjectStore, 'get'>;
  readonly #preRunChecks: PreRunChecks | undefined;
  readonly #redactor: Pick<Redactor, 'text'> | undefined;

  constructor(deps: {
    orm: Orm;
    clock: Clock;
    objects: Pick<ObjectStore, 'get'>;
    /**
     * Refuses (throws) the start of a plan whose pre-run verification has a blocking failure; it reads
     * through the start's transaction (PGlite has one connection).
     */
    preRunChecks?: PreRunChecks;
    /** Redacts a log's output excerpts once more as they are read (the stored outputs were redacted). */
    redactor?: Pick<Redactor, 'text'>;
  }) {
    this.#orm = deps.orm;
    this.#clock = deps.clock;
    this.#objects = deps.objects;
    this.#preRunChecks = deps.preRunChecks;
    this.#redactor = deps.redactor;
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
      const active = await findActiveRun(tx, identity);
      if (active) {
        throw conflict(`run ${active.id} of this plan is already active`, 'run_active', {
          active_run_id: active.id,
        });
      }
      const refusal = this.#refusal(plan, now);
      if (refusal && !options.break_glass) {
        throw conflict(`the plan cannot run: ${refusal.message}`, refusal.code);
      }
      const lifted = (await this.#preRunChecks?.(tx, plan, now, options.break_glass !== undefined)) ?? [];
      // Break glass is recorded when it was needed: no warrant, or checks that would have blocked.
      const breakGlass =
        options.break_glass && (refusal || lifted.length > 0)
          ? await this.#breakGlass(tx, actor, plan, now, options.break_glass, {
              ...(refusal ? { refused_because: refusal.code } : {}),
              ...(lifted.length > 0 ? { lifted_checks: lifted } : {}),
            })
          : undefined;
      const id = newId();
      await insertRun(
        tx,
        {
          id,
          tenant_id: plan.tenant_id,
          plan_id: plan.id,
          plan_revision: plan.revision,
          content_hash: plan.content_hash,
          identity_hash: identity,
          started_by: actor.id,
          break_glass_exception_id: breakGlass ?? null,
          retry_of: options.retry_of ?? null,
          created_at: now,
        },
        plan.body.steps.map((step) => step.step_id),
      );
      await setRunStatus(tx, { id }, 'queued', now);
      // Heard on commit: an idle worker claims it at once. Queued is enough: workers also look by themselves.
      await announceRun(tx);
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
    return run;
  }

  /** The break-glass exception that covers the run, for holders of the role who say why. */
  async #breakGlass(
    tx: Executor,
    actor: Actor,
    plan: PlanRecord,
    now: Date,
    breakGlass: { reason: string },
    details: Record<string, unknown>,
  ): Promise<string> {
    const reason = breakGlass.reason.trim();
    if (!actor.roles.includes(BREAK_GLASS_ROLE))
      throw forbidden(`breaking glass needs the ${BREAK_GLASS_ROLE} role`, 'break_glass_role_required');
    if (!isBreakGlassReason(reason)) {
      throw new Problem(
        400,
        'reason_required',
        `breaking glass needs a reason of at least ${MIN_BREAK_GLASS_REASON_LENGTH} visible characters`,
      );
    }
    return recordException(tx, {
      tenant_id: plan.tenant_id,
      type: 'break_glass',
      actor,
      at: now,
      plan_id: plan.id,
      reason,
      details,
    });
  }

  #refusal(plan: PlanRecord, now: Date): { code: string; message: string } | undefined {
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

  async #view(run: RunRecord) {
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
      resume_after: iso(run.resume_after),
      failed_drives: run.failed_drives,
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

  /**
   * A run's log, step by step: each step's checks, its tool calls with an excerpt of each stored (redacted)
   * output, its evidence and its error, and how far the run has come. Another tenant's run is not found.
   */
  async logs(actor: Actor, id: string) {
    const run = await loadRun(this.#orm, actor.tenant_id, id);
    const view = await this.#view(run);
    const steps = await Promise.all(
      view.steps.map(async (step) => ({
        step_id: step.step_id,
        position: step.position,
        status: step.status,
        action: step.action,
        tool: step.tool,
        started_at: step.started_at,
        completed_at: step.completed_at,
        error: step.error,
        preconditions: step.preconditions,
        // In the order they happened: the step's call, then its undo.
        tool_calls: await Promise.all(
          [...step.tool_calls].sort(byPhaseThenStart).map(async (call) => ({
            tool_call_id: call.tool_call_id,
            tool_name: call.tool_name,
            phase: call.phase,
            status: call.status,
            attempts: call.attempts,
            link: call.link,
            error: call.error,
            started_at: call.started_at,
            completed_at: call.completed_at,
            ...(await this.#excerpt(call.output_ref)),
          })),
        ),
        evidence: step.evidence.map((item) => ({
          type: item.type,
          query: item.query,
          link: item.link,
          collected_at: item.collected_at,
        })),
      })),
    );
    const moving = ['running', 'rolling_back'];
    const current = steps.find((step) => moving.includes(step.status));
    return {
      run_id: view.id,
      plan_id: view.plan_id,
      status: view.status,
      cancel_requested: view.cancel_requested,
      error: view.error,
      created_at: view.created_at,
      started_at: view.started_at,
      completed_at: view.completed_at,
      progress: {
        steps: steps.length,
        done: steps.filter((step) => step.status !== 'pending' && !moving.includes(step.status)).length,
        current_step_id: current?.step_id ?? null,
      },
      steps,
    };
  }

  /** The first characters of a stored tool output, redacted again as it is read. */
  async #excerpt(ref: string | null): Promise<{ output_excerpt: string | null; output_truncated: boolean }> {
    const bytes = ref ? await this.#objects.get(ref).catch(() => undefined) : undefined;
    if (!bytes) return { output_excerpt: null, output_truncated: false };
    const text = this.#redactor
      ? this.#redactor.text(new TextDecoder().decode(bytes))
      : new TextDecoder().decode(bytes);
    const cut = [...text].length > LOG_EXCERPT_CHARS;
    return {
      output_excerpt: cut ? [...text].slice(0, LOG_EXCERPT_CHARS).join('') : text,
      output_truncated: cut,
    };
  }

  async list(actor: Actor, filter: { plan_id?: string; status?: RunStatus; limit?: number }) {
    const limit = Math.min(Math.max(filter.limit ?? 50, 1), 200);
    const rows = await listRuns(this.#orm, actor.tenant_id, filter, limit);
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
        await skipSteps(tx, run.id);
        await setRunStatus(tx, run, 'cancelled', now, {
          code: 'cancelled',
          message: `cancelled by ${actor.name}`,
        });
      } else {
        await requestCancel(tx, run.id, now);
        // Not held by a drive (handed back, or waiting after an error): a worker takes it up now to stop it.
        if (!run.lease_owner) await announceRun(tx);
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
    // Stored as JSON.stringify wrote it: parsed and written again, it is the same text.
    return StoredDocument.parse(JSON.parse(new TextDecoder().decode(bytes)));
  }
}
