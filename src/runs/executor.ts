import { sql } from 'drizzle-orm';
import type { Authorizer } from '../approvals/authorize.ts';
import { recordException } from '../approvals/exception-store.ts';
import { appendAudit } from '../audit/append.ts';
import { type CallContext, ConnectorError, type ConnectorRegistry } from '../connectors/connector.ts';
import type { Clock } from '../core/clock.ts';
import { sha256Hex } from '../core/hash.ts';
import { newId } from '../core/ids.ts';
import { type Orm, rowsOf } from '../db/connect.ts';
import type { Redactor } from '../evidence/redact.ts';
import type { Logger } from '../ops/logger.ts';
import type { PlanEvents } from '../ops/plan-events.ts';
import type { PlanStep } from '../plans/plan-schema.ts';
import { findPlan, type PlanRow } from '../plans/store.ts';
import type { ObjectStore } from '../storage/object-store.ts';
import type { Actor } from '../tenancy/roles.ts';
import { nextAction, type RunStatus, type StepState } from './machine.ts';
import { checkPreconditions } from './preconditions.ts';
import {
  loadActor,
  loadRunDetail,
  type RunRow,
  setRunStatus,
  setStepStatus,
  type ToolCallRow,
} from './store.ts';

export interface Lease {
  /** Extends the lease; throws LeaseLost when another worker has taken the run over. */
  renew(): Promise<void>;
  /** Set when the worker is shutting down: no new step starts. */
  readonly stopping: AbortSignal;
  /** Aborts calls in flight (after a shutdown's grace period); a call cut off is resumed elsewhere. */
  readonly signal: AbortSignal;
}

export class LeaseLost extends Error {}

export interface ExecutorDeps {
  orm: Orm;
  clock: Clock;
  logger: Logger;
  connectors: ConnectorRegistry;
  objects: ObjectStore;
  redactor: Redactor;
  authorizer: Authorizer;
  /** How often a retryable connector failure is tried again within one step. */
  retries?: number;
  /** Told of each finished step and run once committed (metrics, traces). */
  events?: PlanEvents;
}

const keyFor = (runId: string, stepId: string, phase: string) => sha256Hex(`${runId}:${stepId}:${phase}`);
const failure = (error: unknown) =>
  error instanceof ConnectorError
    ? { code: error.code, message: error.message }
    : { code: 'error', message: (error as Error).message ?? String(error) };

/**
 * Drives one claimed run to its end: for each step, preconditions, re-authorization at the moment of
 * the call, the call with an idempotency key derived from run and step, the redacted output and the
 * evidence in the object store, all recorded with their audit events; on failure, rollback in reverse.
 * Every decision is read back from the records, so a run taken over after a crash continues correctly.
 */
export class RunExecutor {
  readonly #deps: ExecutorDeps;
  constructor(deps: ExecutorDeps) {
    this.#deps = deps;
  }

  async drive(run: RunRow, lease: Lease): Promise<RunStatus> {
    const { orm } = this.#deps;
    const plan = (await findPlan(orm, run.plan_id))!;
    const actor = await loadActor(orm, run.started_by);
    const steps = plan.body.steps;
    for (;;) {
      if (lease.stopping.aborted) throw new LeaseLost('the worker is stopping');
      await lease.renew();
      const [fresh] = rowsOf<Pick<RunRow, 'cancel_requested'>>(
        await orm.execute(sql`SELECT cancel_requested FROM runs WHERE id = ${run.id}`),
      );
      const detail = await loadRunDetail(orm, run.id);
      const calls = detail.calls;
      const state: StepState[] = detail.steps.map((step) => ({
        step_id: step.step_id,
        status: step.status,
        undoable: !!steps.find((s) => s.step_id === step.step_id)?.rollback,
        applied: calls.some(
          (c) => c.step_id === step.step_id && c.phase === 'do' && c.status === 'succeeded',
        ),
      }));
      const action = nextAction(state, fresh?.cancel_requested ?? false);
      if (action.type === 'finish') {
        await this.#finish(run, actor, action.status, action.reason);
        return action.status;
      }
      const step = steps.find((s) => s.step_id === action.step_id)!;
      const context = this.#context(run, step, action.type, lease);
      if (action.type === 'execute') {
        const halted = await this.#execute(run, plan, step, actor, calls, context);
        if (halted) {
          await this.#finish(run, actor, 'failed', halted.message, halted);
          return 'failed';
        }
      } else {
        await this.#undo(run, step, actor, calls, context);
      }
    }
  }

  #context(run: RunRow, step: PlanStep, phase: 'execute' | 'undo', lease: Lease): CallContext {
    let last = 0;
    return {
      idempotencyKey: keyFor(run.id, step.step_id, phase === 'execute' ? 'do' : 'undo'),
      signal: lease.signal,
      heartbeat: () => {
        // Connectors may call this in tight loops; one renewal a second is plenty.
        if (Date.now() - last < 1000) return;
        last = Date.now();
        lease.renew().catch(() => {});
      },
    };
  }

  /** Executes a step; returns a reason when the whole run must halt (no warrant any more). */
  async #execute(
    run: RunRow,
    plan: PlanRow,
    step: PlanStep,
    actor: Actor,
    calls: ToolCallRow[],
    ctx: CallContext,
  ): Promise<{ code: string; message: string } | undefined> {
    const { orm, clock, authorizer, connectors } = this.#deps;
    const preconditions = await checkPreconditions(step.preconditions, connectors, ctx);
    const unmet = preconditions.find((check) => check.checked && !check.ok);
    if (unmet) {
      await this.#failStep(
        run,
        step,
        actor,
        { code: 'precondition_failed', message: `${unmet.text}: ${unmet.detail}` },
        preconditions,
      );
      return undefined;
    }
    // The warrant is checked again at the moment of the call, not when the run was queued.
    const answer = await authorizer.authorize(
      actor,
      { plan_id: plan.id, step_id: step.step_id, tool: step.tool, input: step.input },
      { id: run.id, break_glass_exception_id: run.break_glass_exception_id },
    );
    if (!answer.allowed) {
      if (answer.reason_code === 'input_mismatch') {
        // The stored input differs from what was submitted: redaction removed a secret from it.
        await this.#failStep(run, step, actor, {
          code: 'input_redacted',
          message:
            'the step input held a secret, which Warrant does not store; reference the secret by name instead',
        });
        return undefined;
      }
      if (answer.reason_code === 'approval_expired') {
        await orm.transaction((tx) =>
          recordException(tx, {
            tenant_id: run.tenant_id,
            type: 'approval_expired',
            actor,
            at: clock.now(),
            plan_id: plan.id,
            run_id: run.id,
            reason: `halted before step ${step.step_id}: ${answer.reason}`,
          }),
        );
      }
      return { code: answer.reason_code, message: `halted before step ${step.step_id}: ${answer.reason}` };
    }

    const call = await this.#startCall(
      run,
      step.step_id,
      'do',
      step.tool,
      step.input,
      actor,
      calls,
      preconditions,
    );
    let output: Record<string, unknown>;
    let link: string | undefined;
    try {
      const result = await this.#withRetries(() =>
        connectors.forTool(step.tool).call(step.tool, step.input, ctx),
      );
      output = result.output;
      link = result.link;
    } catch (error) {
      // Stopped by the worker shutting down, not by the far side: resume later, same key.
      if (ctx.signal.aborted) throw new LeaseLost('the worker is stopping; the call resumes elsewhere');
      await this.#endCall(run, call, step.step_id, actor, { error: failure(error) });
      return undefined;
    }
    const outputRef = `tool-output/${run.id}/${call.id}.json`;
    const outputBytes = JSON.stringify(this.#deps.redactor.value(output));
    await this.#deps.objects.put(outputRef, outputBytes);
    try {
      const evidence = await this.#collectEvidence(run, step, ctx);
      await this.#endCall(run, call, step.step_id, actor, {
        outputRef,
        outputSha: sha256Hex(outputBytes),
        link,
        evidence,
      });
    } catch (error) {
      // Stopped by the worker shutting down, not by the far side: resume later, same key.
      if (ctx.signal.aborted) throw new LeaseLost('the worker is stopping; the call resumes elsewhere');
      await this.#endCall(run, call, step.step_id, actor, {
        outputRef,
        outputSha: sha256Hex(outputBytes),
        link,
        error: { code: 'evidence_failed', message: failure(error).message },
        callSucceeded: true,
      });
    }
    return undefined;
  }

  async #withRetries<T>(attempt: () => Promise<T>): Promise<T> {
    const retries = this.#deps.retries ?? 3;
    for (let i = 0; ; i++) {
      try {
        return await attempt();
      } catch (error) {
        if (!(error instanceof ConnectorError && error.retryable) || i >= retries) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** i));
      }
    }
  }

  async #collectEvidence(run: RunRow, step: PlanStep, ctx: CallContext) {
    const collected: { id: string; type: string; query: string; ref: string; sha: string; link?: string }[] =
      [];
    for (const requirement of step.evidence_required) {
      const result = await this.#withRetries(() =>
        this.#deps.connectors.forEvidence(requirement.type).collect!(requirement, ctx),
      );
      const id = newId();
      const ref = `evidence/${run.id}/${id}.json`;
      const bytes = JSON.stringify(
        this.#deps.redactor.value({
          evidence_id: id,
          type: requirement.type,
          query: requirement.query,
          result: result.result,
          link: result.link ?? null,
          collected_at: this.#deps.clock.now().toISOString(),
        }),
      );
      await this.#deps.objects.put(ref, bytes);
      collected.push({
        id,
        type: requirement.type,
        query: requirement.query,
        ref,
        sha: sha256Hex(bytes),
        ...(result.link ? { link: result.link } : {}),
      });
    }
    return collected;
  }

  /** Records a call as running (or takes up the record a crashed worker left), with its audit event. */
  async #startCall(
    run: RunRow,
    stepId: string,
    phase: 'do' | 'undo',
    tool: string,
    input: Record<string, unknown>,
    actor: Actor,
    calls: ToolCallRow[],
    preconditions?: Awaited<ReturnType<typeof checkPreconditions>>,
  ): Promise<ToolCallRow> {
    const { orm, clock, objects, redactor } = this.#deps;
    const key = keyFor(run.id, stepId, phase);
    const existing = calls.find((call) => call.idempotency_key === key);
    const id = existing?.id ?? newId();
    const inputRef = `tool-input/${run.id}/${id}.json`;
    const inputBytes = JSON.stringify(redactor.value(input));
    if (!existing) await objects.put(inputRef, inputBytes);
    const now = clock.now();
    return orm.transaction(async (tx) => {
      const [row] = rowsOf<ToolCallRow>(
        await tx.execute(sql`
          INSERT INTO tool_calls (id, tenant_id, run_id, step_id, phase, tool_name, idempotency_key, status, attempts,
                                  input_ref, input_sha256, started_at)
          VALUES (${id}, ${run.tenant_id}, ${run.id}, ${stepId}, ${phase}, ${tool}, ${key}, 'running', 1,
                  ${inputRef}, ${sha256Hex(inputBytes)}, ${now.toISOString()})
          ON CONFLICT (idempotency_key) DO UPDATE SET attempts = tool_calls.attempts + 1, status = 'running'
          RETURNING *`),
      );
      await setStepStatus(tx, run.id, stepId, phase === 'do' ? 'running' : 'rolling_back', now, {
        ...(preconditions ? { preconditions } : {}),
      });
      await appendAudit(tx, {
        tenant_id: run.tenant_id,
        actor,
        action: phase === 'do' ? 'run.step.started' : 'run.step.rollback_started',
        occurred_at: now,
        plan_id: run.plan_id,
        run_id: run.id,
        context: {
          step_id: stepId,
          tool,
          tool_call_id: row!.id,
          attempt: row!.attempts,
          idempotency_key: key,
        },
      });
      return row!;
    });
  }

  async #endCall(
    run: RunRow,
    call: ToolCallRow,
    stepId: string,
    actor: Actor,
    result: {
      outputRef?: string;
      outputSha?: string;
      link?: string;
      error?: { code: string; message: string };
      evidence?: { id: string; type: string; query: string; ref: string; sha: string; link?: string }[];
      /** The call took effect although the step failed afterwards (its evidence was missing). */
      callSucceeded?: boolean;
    },
  ): Promise<void> {
    const { orm, clock } = this.#deps;
    const now = clock.now();
    const undo = call.phase === 'undo';
    const ok = !result.error;
    const callOk = ok || !!result.callSucceeded;
    const stepStatus = undo ? (ok ? 'rolled_back' : 'rollback_failed') : ok ? 'succeeded' : 'failed';
    await orm.transaction(async (tx) => {
      await tx.execute(sql`
        UPDATE tool_calls SET status = ${callOk ? 'succeeded' : 'failed'}, output_ref = ${result.outputRef ?? null},
          output_sha256 = ${result.outputSha ?? null}, link = ${result.link ?? null},
          error = ${result.error && !callOk ? JSON.stringify(result.error) : null}::jsonb, completed_at = ${now.toISOString()}
        WHERE id = ${call.id}`);
      for (const item of result.evidence ?? []) {
        await tx.execute(sql`
          INSERT INTO evidence (id, tenant_id, run_id, step_id, type, query, result_ref, sha256, link, collected_at)
          VALUES (${item.id}, ${run.tenant_id}, ${run.id}, ${stepId}, ${item.type}, ${item.query}, ${item.ref}, ${item.sha},
                  ${item.link ?? null}, ${now.toISOString()})
          ON CONFLICT (run_id, step_id, type, query) DO UPDATE SET result_ref = EXCLUDED.result_ref,
            sha256 = EXCLUDED.sha256, link = EXCLUDED.link, collected_at = EXCLUDED.collected_at`);
      }
      await setStepStatus(tx, run.id, stepId, stepStatus, now, {
        ...(result.error ? { error: result.error } : {}),
      });
      await appendAudit(tx, {
        tenant_id: run.tenant_id,
        actor,
        action: `run.step.${stepStatus}`,
        occurred_at: now,
        plan_id: run.plan_id,
        run_id: run.id,
        evidence_refs: [
          ...(result.outputRef ? [result.outputRef] : []),
          ...(result.evidence ?? []).map((e) => e.ref),
        ],
        context: {
          step_id: stepId,
          tool: call.tool_name,
          tool_call_id: call.id,
          ...(result.outputSha ? { output_sha256: result.outputSha } : {}),
          evidence: (result.evidence ?? []).map((e) => ({ id: e.id, type: e.type, sha256: e.sha })),
          ...(result.error ? { error: result.error } : {}),
        },
      });
    });
    this.#deps.events?.stepFinished?.({
      tenant_id: run.tenant_id,
      plan_id: run.plan_id,
      run_id: run.id,
      step_id: stepId,
      tool: call.tool_name,
      phase: call.phase,
      status: stepStatus,
      started_at: new Date(call.started_at ?? now),
      at: now,
    });
  }

  async #failStep(
    run: RunRow,
    step: PlanStep,
    actor: Actor,
    error: { code: string; message: string },
    preconditions?: Awaited<ReturnType<typeof checkPreconditions>>,
  ): Promise<void> {
    const now = this.#deps.clock.now();
    await this.#deps.orm.transaction(async (tx) => {
      await setStepStatus(tx, run.id, step.step_id, 'failed', now, {
        error,
        ...(preconditions ? { preconditions } : {}),
      });
      await appendAudit(tx, {
        tenant_id: run.tenant_id,
        actor,
        action: 'run.step.failed',
        occurred_at: now,
        plan_id: run.plan_id,
        run_id: run.id,
        context: { step_id: step.step_id, tool: step.tool, error },
      });
    });
  }

  /** Rolls back a completed step as its RollbackSpec says: the connector's undo, or custom tool calls. */
  async #undo(
    run: RunRow,
    step: PlanStep,
    actor: Actor,
    calls: ToolCallRow[],
    ctx: CallContext,
  ): Promise<void> {
    const { connectors, objects } = this.#deps;
    const done = calls.find(
      (c) => c.step_id === step.step_id && c.phase === 'do' && c.status === 'succeeded',
    )!;
    const rollback = step.rollback!;
    const call = await this.#startCall(
      run,
      step.step_id,
      'undo',
      rollback.type === 'custom' ? 'custom' : step.tool,
      step.input,
      actor,
      calls,
    );
    try {
      if (rollback.type === 'custom') {
        for (const [i, text] of rollback.steps.entries()) {
          const { tool, input } = parseCustomRollback(text);
          await this.#withRetries(() =>
            connectors
              .forTool(tool)
              .call(tool, input, { ...ctx, idempotencyKey: `${ctx.idempotencyKey}:${i}` }),
          );
        }
      } else {
        const connector = connectors.forTool(step.tool);
        if (!connector.undo) throw new ConnectorError('not_undoable', `${step.tool} cannot be undone`);
        const stored = done.output_ref ? await objects.get(done.output_ref) : undefined;
        const output = stored
          ? (JSON.parse(new TextDecoder().decode(stored)) as Record<string, unknown>)
          : {};
        await this.#withRetries(() => connector.undo!(step.tool, step.input, output, ctx));
      }
      await this.#endCall(run, call, step.step_id, actor, {});
    } catch (error) {
      // Stopped by the worker shutting down, not by the far side: resume later, same key.
      if (ctx.signal.aborted) throw new LeaseLost('the worker is stopping; the call resumes elsewhere');
      await this.#endCall(run, call, step.step_id, actor, { error: failure(error) });
    }
  }

  async #finish(
    run: RunRow,
    actor: Actor,
    status: RunStatus,
    reason: string,
    error?: { code: string; message: string },
  ): Promise<void> {
    const now = this.#deps.clock.now();
    await this.#deps.orm.transaction(async (tx) => {
      await tx.execute(
        sql`UPDATE run_steps SET status = 'skipped' WHERE run_id = ${run.id} AND status = 'pending'`,
      );
      await setRunStatus(
        tx,
        run,
        status,
        now,
        status === 'succeeded' ? null : (error ?? { code: status, message: reason }),
      );
      await appendAudit(tx, {
        tenant_id: run.tenant_id,
        actor,
        action: `run.${status}`,
        occurred_at: now,
        plan_id: run.plan_id,
        run_id: run.id,
        context: { reason, content_hash: run.content_hash },
      });
    });
    this.#deps.events?.runFinished?.({
      tenant_id: run.tenant_id,
      plan_id: run.plan_id,
      run_id: run.id,
      status,
      started_at: new Date(run.started_at ?? now),
      at: now,
    });
  }
}

/** A custom rollback step names a tool and its JSON input: `k8s.scale {"namespace":"shop",…}`. */
export function parseCustomRollback(text: string): { tool: string; input: Record<string, unknown> } {
  const match = /^\s*([A-Za-z0-9_.-]+)\s*(\{.*\})?\s*$/s.exec(text);
  if (!match)
    throw new ConnectorError('bad_rollback', `custom rollback step "${text}" is not "<tool> {json input}"`);
  try {
    return { tool: match[1]!, input: match[2] ? (JSON.parse(match[2]) as Record<string, unknown>) : {} };
  } catch {
    throw new ConnectorError('bad_rollback', `custom rollback step "${text}" has input that is not JSON`);
  }
}
