import type { AuditAction } from '../audit/actions.ts';
import type { AuditInput } from '../audit/append.ts';
import { type CallContext, ConnectorError, type ConnectorRegistry } from '../connectors/connector.ts';
import type { Clock } from '../core/clock.ts';
import { sha256Hex } from '../core/hash.ts';
import { newId } from '../core/ids.ts';
import type { Actor } from '../core/roles.ts';
import type { Orm } from '../db/connect.ts';
import type { Authorizer } from '../plans/approvals/authorize.ts';
import { recordException } from '../plans/approvals/exception-store.ts';
import type { PlanEvents } from '../plans/plan-events.ts';
import type { PlanStep } from '../plans/plan-schema.ts';
import type { Redactor } from '../redaction/redact.ts';
import type { ObjectStore } from '../storage/object-store.ts';
import { nextAction, type RunStatus, type StepState, type StepStatus } from './machine.ts';
import { checkPreconditions } from './preconditions.ts';
import {
  type CallEnd,
  CancelRequested,
  type ClaimedRun,
  LeaseLost,
  loadRunProgress,
  recordCallEnd,
  recordCallStart,
  recordRunEnd,
  recordStepFailed,
  type TransitionEvents,
} from './store.ts';
import type { Failure, RunRecord, RunStepRecord, ToolCallRecord } from './tables.ts';

export interface Lease {
  /**
   * Extends the lease once enough of it has passed, answering the cancel flag read with it (undefined when
   * not due: nothing is read); throws LeaseLost when another drive has taken the run over.
   */
  renewIfDue(): Promise<{ cancelRequested: boolean } | undefined>;
  /** Set when the worker is shutting down: no new step starts. */
  readonly stopping: AbortSignal;
  /** Aborts calls in flight (after a shutdown's grace period); a call cut off is resumed elsewhere. */
  readonly signal: AbortSignal;
}

/**
 * A drive's view of its run: read once when it starts, then kept by the drive itself. While it holds the lease,
 * only its own writes (each fenced by the lease) change the run's steps and calls, and each answers the run's
 * cancel flag; so no step needs a read of its own.
 */
interface Drive {
  readonly run: RunRecord;
  readonly steps: RunStepRecord[];
  readonly calls: ToolCallRecord[];
  cancelRequested: boolean;
  /** The last call's end, already in `steps` and `calls`, recorded with the drive's next transition. */
  pending?: PendingEnd;
}

/**
 * A call's end waits for the drive's next transition (the next call started, a step failed, the run ended) and
 * is recorded in its statement, its event first: one commit a step instead of two. Whatever stops the drive
 * records it alone first, and so does a transition of the same step (a statement changes a row only once).
 */
interface PendingEnd {
  ended: CallEnd;
  audit: AuditInput;
  /** Told once the end is committed. */
  committed(): void;
}

/**
 * A run as its drive's claim left it, its plan's steps, its progress when the claim read it, and the actor who
 * started it (each step acts for them).
 */
export interface Claimed extends ClaimedRun {
  actor: Actor;
}

/** What the executor keeps of a call it started, until it records the end. */
type StartedCall = Pick<ToolCallRecord, 'id' | 'phase' | 'tool_name' | 'started_at'>;

export interface ExecutorDeps {
  orm: Orm;
  clock: Clock;
  connectors: ConnectorRegistry;
  objects: Pick<ObjectStore, 'get' | 'put' | 'prepare'>;
  redactor: Pick<Redactor, 'value'>;
  authorizer: Pick<Authorizer, 'authorizeCall' | 'prefetch'>;
  /** How often a retryable connector failure is tried again within one step. */
  retries?: number;
  /** Told of each finished step and run once committed (metrics, traces). */
  events?: Pick<PlanEvents, 'stepFinished' | 'runFinished'>;
}

function stepOf(drive: Drive, stepId: string): RunStepRecord {
  const step = drive.steps.find((candidate) => candidate.step_id === stepId);
  if (!step) throw new Error(`run ${drive.run.id} has no step ${stepId}`);
  return step;
}

/** The drive's lease token, which its claim wrote: every transition it records is fenced by it. */
function driver(run: RunRecord): string {
  if (!run.lease_owner) throw new LeaseLost(`run ${run.id} is driven without a claim`);
  return run.lease_owner;
}

/** The object store's folders a run writes in: each call's input and output, and its evidence. */
const RUN_OBJECT_FOLDERS = ['tool-input', 'tool-output', 'evidence'] as const;
/** The key of a run's object `id` in one of its folders. */
const runObject = (folder: (typeof RUN_OBJECT_FOLDERS)[number], runId: string, id: string) =>
  `${folder}/${runId}/${id}.json`;

const keyFor = (runId: string, stepId: string, phase: string) => sha256Hex(`${runId}:${stepId}:${phase}`);
const failure = (error: unknown) =>
  error instanceof ConnectorError
    ? { code: error.code, message: error.message }
    : { code: 'error', message: (error as Error).message ?? String(error) };

// The audit action of each way a step's call, and a run, can end.
const STEP_ENDED = {
  succeeded: 'run.step.succeeded',
  failed: 'run.step.failed',
  rolled_back: 'run.step.rolled_back',
  rollback_failed: 'run.step.rollback_failed',
} as const satisfies Partial<Record<StepStatus, AuditAction>>;
const RUN_ENDED = {
  succeeded: 'run.succeeded',
  failed: 'run.failed',
  rolled_back: 'run.rolled_back',
  cancelled: 'run.cancelled',
} as const satisfies Partial<Record<RunStatus, AuditAction>>;

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

  /**
   * Told of a run about to be claimed: the authorizer reads its plan for the first call, and the object store
   * readies the run's folders, while the claim is made (a first put into a missing folder fails, makes it and
   * writes again).
   */
  prepare(run: Pick<RunRecord, 'id' | 'plan_id'>): void {
    this.#deps.authorizer.prefetch(run.plan_id);
    for (const folder of RUN_OBJECT_FOLDERS)
      this.#deps.objects.prepare?.(`${folder}/${run.id}`).catch(() => {});
  }

  async drive({ run, steps, progress: claimed, actor }: Claimed, lease: Lease): Promise<RunStatus> {
    const progress = claimed ?? (await loadRunProgress(this.#deps.orm, run.id));
    const drive: Drive = { run, ...progress, cancelRequested: run.cancel_requested };
    for (;;) {
      try {
        const finished = await this.#advance(drive, steps, actor, lease);
        if (finished) return finished;
      } catch (error) {
        // The next transition was refused for a cancel: record the end alone, which answers the flag, and decide again.
        if (error instanceof CancelRequested) {
          await this.#flush(drive);
          continue;
        }
        // Whatever stops the drive, the last call's end is kept (unless the lease is gone: then it fails too).
        await this.#flush(drive).catch(() => {});
        throw error;
      }
    }
  }

  /** One action of the run's: answers the run's status once it ended. */
  async #advance(
    drive: Drive,
    steps: PlanStep[],
    actor: Actor,
    lease: Lease,
  ): Promise<RunStatus | undefined> {
    const { run } = drive;
    if (lease.stopping.aborted) throw new LeaseLost('the worker is stopping');
    const renewed = await lease.renewIfDue();
    if (renewed) drive.cancelRequested = renewed.cancelRequested;
    const calls = drive.calls;
    const state: StepState[] = drive.steps.map((step) => ({
      step_id: step.step_id,
      status: step.status,
      undoable: !!steps.find((s) => s.step_id === step.step_id)?.rollback,
      applied: calls.some((c) => c.step_id === step.step_id && c.phase === 'do' && c.status === 'succeeded'),
    }));
    const action = nextAction(state, drive.cancelRequested);
    if (action.type === 'finish') {
      await this.#finish(drive, actor, action.status, action.reason);
      return action.status;
    }
    const step = steps.find((s) => s.step_id === action.step_id)!;
    const context = this.#context(run, step, action.type, lease);
    if (action.type === 'execute') {
      const halted = await this.#execute(drive, step, actor, context);
      if (halted) {
        await this.#finish(drive, actor, 'failed', halted.message, halted);
        return 'failed';
      }
    } else {
      await this.#undo(drive, step, actor, context);
    }
    return undefined;
  }

  #context(run: RunRecord, step: PlanStep, phase: 'execute' | 'undo', lease: Lease): CallContext {
    let last = 0;
    return {
      idempotencyKey: keyFor(run.id, step.step_id, phase === 'execute' ? 'do' : 'undo'),
      signal: lease.signal,
      heartbeat: () => {
        // Connectors may call this in tight loops; one renewal a second is plenty.
        if (Date.now() - last < 1000) return;
        last = Date.now();
        lease.renewIfDue().catch(() => {});
      },
    };
  }

  /** Executes a step; returns a reason when the whole run must halt (no warrant any more). */
  async #execute(drive: Drive, step: PlanStep, actor: Actor, ctx: CallContext): Promise<Failure | undefined> {
    const { orm, clock, authorizer, connectors } = this.#deps;
    const { run } = drive;
    // A check asks the outside world and may take a while: the last step's end is not held for it.
    if (step.preconditions.length > 0) await this.#flush(drive);
    const preconditions = await checkPreconditions(step.preconditions, connectors, ctx);
    const unmet = preconditions.find((check) => check.checked && !check.ok);
    if (unmet) {
      await this.#failStep(
        drive,
        step,
        actor,
        { code: 'precondition_failed', message: `${unmet.text}: ${unmet.detail}` },
        preconditions,
      );
      return undefined;
    }
    // The warrant is checked again at the moment of the call, not when the run was queued.
    const { answer, event: authorized } = await authorizer.authorizeCall(
      actor,
      { plan_id: run.plan_id, step_id: step.step_id, tool: step.tool, input: step.input },
      { id: run.id, break_glass_exception_id: run.break_glass_exception_id },
    );
    if (!answer.allowed) {
      if (answer.reason_code === 'input_mismatch') {
        // The stored input differs from what was submitted: redaction removed a secret from it.
        await this.#failStep(drive, step, actor, {
          code: 'input_redacted',
          message:
            'the step input held a secret, which Warrant does not store; reference the secret by name instead',
        });
        return undefined;
      }
      if (answer.reason_code === 'approval_expired') {
        await this.#flush(drive);
        await orm.transaction((tx) =>
          recordException(tx, {
            tenant_id: run.tenant_id,
            type: 'approval_expired',
            actor,
            at: clock.now(),
            plan_id: run.plan_id,
            run_id: run.id,
            reason: `halted before step ${step.step_id}: ${answer.reason}`,
          }),
        );
      }
      const halted = {
        code: answer.reason_code,
        message: `halted before step ${step.step_id}: ${answer.reason}`,
      };
      // A step caught mid-call by an earlier drive was to be called again (same key). Not called, it must not stay
      // running in an ended run: it failed, and whether the earlier call took effect is not known.
      if (stepOf(drive, step.step_id).status === 'running') {
        await this.#failStep(drive, step, actor, {
          code: halted.code,
          message: `${halted.message}; its call had started under an earlier drive and was not made again, so whether it took effect is unknown`,
        });
      }
      return halted;
    }

    const call = await this.#startCall(
      drive,
      step.step_id,
      'do',
      step.tool,
      step.input,
      actor,
      preconditions,
      authorized,
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
      await this.#endCall(drive, call, step.step_id, actor, { error: failure(error) });
      return undefined;
    }
    const outputRef = runObject('tool-output', run.id, call.id);
    const outputBytes = JSON.stringify(this.#deps.redactor.value(output));
    const outputSha = sha256Hex(outputBytes);
    // The output is stored while the evidence is collected; the end is recorded once both are.
    const [stored, collected] = await Promise.allSettled([
      this.#deps.objects.put(outputRef, outputBytes),
      this.#collectEvidence(run, step, ctx),
    ]);
    // An output that could not be stored stops the drive (the store's failure, not the call's): resumed later.
    if (stored.status === 'rejected') throw stored.reason;
    if (collected.status === 'rejected') {
      // Stopped by the worker shutting down, not by the far side: resume later, same key.
      if (ctx.signal.aborted) throw new LeaseLost('the worker is stopping; the call resumes elsewhere');
      await this.#endCall(drive, call, step.step_id, actor, {
        outputRef,
        outputSha,
        link,
        error: { code: 'evidence_failed', message: failure(collected.reason).message },
        callSucceeded: true,
      });
      return undefined;
    }
    await this.#endCall(drive, call, step.step_id, actor, {
      outputRef,
      outputSha,
      link,
      evidence: collected.value,
    });
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

  async #collectEvidence(run: RunRecord, step: PlanStep, ctx: CallContext) {
    const collected: { id: string; type: string; query: string; ref: string; sha: string; link?: string }[] =
      [];
    for (const requirement of step.evidence_required) {
      const result = await this.#withRetries(() =>
        this.#deps.connectors.forEvidence(requirement.type).collect!(requirement, ctx),
      );
      const id = newId();
      const ref = runObject('evidence', run.id, id);
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
    drive: Drive,
    stepId: string,
    phase: 'do' | 'undo',
    tool: string,
    input: Record<string, unknown>,
    actor: Actor,
    preconditions?: Awaited<ReturnType<typeof checkPreconditions>>,
    /** The event of the answer that allowed the call (Authorizer.authorizeCall), recorded with its start. */
    authorized?: AuditInput,
  ): Promise<StartedCall> {
    const { orm, clock, objects, redactor } = this.#deps;
    const { run } = drive;
    const key = keyFor(run.id, stepId, phase);
    const existing = drive.calls.find((call) => call.idempotency_key === key);
    const id = existing?.id ?? newId();
    const inputRef = runObject('tool-input', run.id, id);
    const inputBytes = JSON.stringify(redactor.value(input));
    const now = clock.now();
    // The event names the attempt the record will hold: this worker alone writes the run's calls under its lease.
    const attempt = (existing?.attempts ?? 0) + 1;
    const call = {
      id,
      tenant_id: run.tenant_id,
      run_id: run.id,
      step_id: stepId,
      phase,
      tool_name: tool,
      idempotency_key: key,
      input_ref: inputRef,
      input_sha256: sha256Hex(inputBytes),
      started_at: now,
    };
    const startedEvent = this.#audit(
      run,
      actor,
      phase === 'do' ? 'run.step.started' : 'run.step.rollback_started',
      now,
      { context: { step_id: stepId, tool, tool_call_id: id, attempt, idempotency_key: key } },
    );
    const before = await this.#endBefore(drive, stepId);
    // The input is stored while the call is recorded, and before the call is made (again by a drive taking
    // the record up: the same bytes under the same key).
    const [written, stored] = await Promise.allSettled([
      recordCallStart(
        orm,
        driver(run),
        call,
        { status: phase === 'do' ? 'running' : 'rolling_back', ...(preconditions ? { preconditions } : {}) },
        authorized ? this.#events(before, authorized, startedEvent) : this.#events(before, startedEvent),
        before?.ended,
      ),
      objects.put(inputRef, inputBytes),
    ]);
    if (written.status === 'rejected') throw written.reason;
    this.#recorded(drive, before);
    if (stored.status === 'rejected') throw stored.reason;
    const recorded = written.value;
    if (recorded.id !== id || recorded.attempts !== attempt) {
      throw new LeaseLost(`the call record of step ${stepId} changed under this worker's lease`);
    }
    drive.cancelRequested = recorded.cancelRequested;
    const started = { status: 'running' as const, attempts: attempt };
    if (existing) Object.assign(existing, started);
    else {
      drive.calls.push({
        ...call,
        ...started,
        output_ref: null,
        output_sha256: null,
        link: null,
        sandbox_id: null,
        error: null,
        completed_at: null,
      });
    }
    stepOf(drive, stepId).status = phase === 'do' ? 'running' : 'rolling_back';
    return { id, phase, tool_name: tool, started_at: existing?.started_at ?? now };
  }

  /** A run's audit event. */
  #audit(
    run: RunRecord,
    actor: Actor,
    action: AuditAction,
    at: Date,
    fields: Pick<AuditInput, 'context' | 'evidence_refs'>,
  ): AuditInput {
    return {
      tenant_id: run.tenant_id,
      actor,
      action,
      occurred_at: at,
      plan_id: run.plan_id,
      run_id: run.id,
      ...fields,
    };
  }

  /** A transition's events: the pending end's first, so the log keeps their order. */
  #events(before: PendingEnd | undefined, ...events: TransitionEvents): TransitionEvents {
    return before ? [before.audit, ...events] : events;
  }

  /** The pending end to record with a transition of `stepId`; recorded alone first when it is of that step. */
  async #endBefore(drive: Drive, stepId: string): Promise<PendingEnd | undefined> {
    if (drive.pending?.ended.call.step_id === stepId) await this.#flush(drive);
    return drive.pending;
  }

  /** After a transition committed with `before`, the pending end it recorded. */
  #recorded(drive: Drive, before: PendingEnd | undefined): void {
    if (!before) return;
    drive.pending = undefined;
    before.committed();
  }

  /** Records the pending end on its own, answering the cancel flag. */
  async #flush(drive: Drive): Promise<void> {
    const before = drive.pending;
    if (!before) return;
    const fenced = await recordCallEnd(this.#deps.orm, driver(drive.run), before.ended, [before.audit]);
    drive.cancelRequested = fenced.cancelRequested;
    this.#recorded(drive, before);
  }

  async #endCall(
    drive: Drive,
    call: StartedCall,
    stepId: string,
    actor: Actor,
    result: {
      outputRef?: string;
      outputSha?: string;
      link?: string;
      error?: Failure;
      evidence?: { id: string; type: string; query: string; ref: string; sha: string; link?: string }[];
      /** The call took effect although the step failed afterwards (its evidence was missing). */
      callSucceeded?: boolean;
    },
  ): Promise<void> {
    const { run } = drive;
    // Each end waits for the drive's next transition; none is pending here, as a call's start recorded it.
    await this.#flush(drive);
    const now = this.#deps.clock.now();
    const undo = call.phase === 'undo';
    const ok = !result.error;
    const callOk = ok || !!result.callSucceeded;
    const stepStatus = undo ? (ok ? 'rolled_back' : 'rollback_failed') : ok ? 'succeeded' : 'failed';
    const end = {
      status: callOk ? ('succeeded' as const) : ('failed' as const),
      output_ref: result.outputRef ?? null,
      output_sha256: result.outputSha ?? null,
      link: result.link ?? null,
      error: result.error && !callOk ? result.error : null,
      completed_at: now,
    };
    const ended: CallEnd = {
      call: { id: call.id, run_id: run.id, step_id: stepId },
      end,
      step: { status: stepStatus, ...(result.error ? { error: result.error } : {}) },
      items: (result.evidence ?? []).map((item) => ({
        id: item.id,
        tenant_id: run.tenant_id,
        run_id: run.id,
        step_id: stepId,
        type: item.type,
        query: item.query,
        result_ref: item.ref,
        sha256: item.sha,
        link: item.link ?? null,
        collected_at: now,
      })),
    };
    const audit = this.#audit(run, actor, STEP_ENDED[stepStatus], now, {
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
    Object.assign(drive.calls.find((recorded) => recorded.id === call.id)!, end);
    stepOf(drive, stepId).status = stepStatus;
    drive.pending = {
      ended,
      audit,
      committed: () =>
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
        }),
    };
  }

  async #failStep(
    drive: Drive,
    step: PlanStep,
    actor: Actor,
    error: Failure,
    preconditions?: Awaited<ReturnType<typeof checkPreconditions>>,
  ): Promise<void> {
    const { run } = drive;
    const now = this.#deps.clock.now();
    const before = await this.#endBefore(drive, step.step_id);
    const fenced = await recordStepFailed(
      this.#deps.orm,
      driver(run),
      run.id,
      step.step_id,
      now,
      { error, ...(preconditions ? { preconditions } : {}) },
      this.#events(
        before,
        this.#audit(run, actor, 'run.step.failed', now, {
          context: { step_id: step.step_id, tool: step.tool, error },
        }),
      ),
      before?.ended,
    );
    this.#recorded(drive, before);
    drive.cancelRequested = fenced.cancelRequested;
    stepOf(drive, step.step_id).status = 'failed';
  }

  /** Rolls back a completed step as its RollbackSpec says: the connector's undo, or custom tool calls. */
  async #undo(drive: Drive, step: PlanStep, actor: Actor, ctx: CallContext): Promise<void> {
    const { connectors, objects } = this.#deps;
    const done = drive.calls.find(
      (c) => c.step_id === step.step_id && c.phase === 'do' && c.status === 'succeeded',
    )!;
    const rollback = step.rollback!;
    const call = await this.#startCall(
      drive,
      step.step_id,
      'undo',
      rollback.type === 'custom' ? 'custom' : step.tool,
      step.input,
      actor,
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
      await this.#endCall(drive, call, step.step_id, actor, {});
    } catch (error) {
      // Stopped by the worker shutting down, not by the far side: resume later, same key.
      if (ctx.signal.aborted) throw new LeaseLost('the worker is stopping; the call resumes elsewhere');
      await this.#endCall(drive, call, step.step_id, actor, { error: failure(error) });
    }
  }

  async #finish(
    drive: Drive,
    actor: Actor,
    status: keyof typeof RUN_ENDED,
    reason: string,
    error?: Failure,
  ): Promise<void> {
    const { run } = drive;
    const now = this.#deps.clock.now();
    const before = drive.pending;
    await recordRunEnd(
      this.#deps.orm,
      driver(run),
      run,
      status,
      now,
      status === 'succeeded' ? null : (error ?? { code: status, message: reason }),
      this.#events(
        before,
        this.#audit(run, actor, RUN_ENDED[status], now, {
          context: { reason, content_hash: run.content_hash },
        }),
      ),
      before?.ended,
    );
    this.#recorded(drive, before);
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
