import type { AuditInput } from '../../audit/append.ts';
import type { AuditBatcher } from '../../audit/batcher.ts';
import type { Clock } from '../../core/clock.ts';
import { isUuid } from '../../core/ids.ts';
import { memoizeFrozen } from '../../core/immutable.ts';
import type { RequestOrigin } from '../../core/request-context.ts';
import type { Actor } from '../../core/roles.ts';
import type { Database, Orm } from '../../db/connect.ts';
import { type Subscription, subscribe } from '../../db/notify.ts';
import type { PolicyService } from '../../policy/service.ts';
import { stepInputHash } from '../content-hash.ts';
import { findPlan, PLAN_CHANGED_CHANNEL } from '../store.ts';
import type { PlanRecord } from '../tables.ts';
import { recordException } from './exception-store.ts';
import { BREAK_GLASS_ROLE, isBreakGlassReason, MIN_BREAK_GLASS_REASON_LENGTH } from './exceptions.ts';
import { isWarrantValid } from './machine.ts';

export type AuthorizeReason =
  | 'allowed'
  | 'approved'
  | 'break_glass'
  | 'no_plan'
  | 'unknown_step'
  | 'input_mismatch'
  | 'not_approved'
  | 'approval_expired'
  | 'denied'
  | 'cancelled'
  | 'expired'
  | 'policy_changed'
  | 'tool_changed';

export interface AuthorizeRequest {
  plan_id: string;
  step_id: string;
  tool: string;
  input: Record<string, unknown>;
  /** Acting without a warrant: needs the break_glass role and a reason; always raises an exception. */
  break_glass?: { reason: string };
}

export interface AuthorizeAnswer {
  allowed: boolean;
  reason_code: AuthorizeReason;
  reason: string;
  plan_id: string;
  step_id: string;
  valid_to?: string;
  exception_id?: string;
}

/** What authorize needs of a plan; rebuilt only when the plan changes (it hears of it on commit). */
type Snapshot = Pick<
  PlanRecord,
  'id' | 'tenant_id' | 'status' | 'content_hash' | 'approval' | 'step_hashes' | 'risk'
> & {
  effect: PlanRecord['decision']['effect'];
  policyVersion: string;
  steps: Map<string, { tool: string; hash: string }>;
};

export interface UnapprovedAttempt {
  actor: Actor;
  request: AuthorizeRequest;
  answer: AuthorizeAnswer;
  at: Date;
}

/** A call refused before it could be decided: malformed, ambiguous or unstorable input, a failed check. */
export interface RefusedCall {
  actor: Actor;
  refusal: { status: number; code: string; detail: string };
  origin: RequestOrigin;
  at: Date;
}

// Calls that no plan covers are attempts someone must look at.
const UNCOVERED: ReadonlySet<AuthorizeReason> = new Set(['no_plan', 'unknown_step', 'input_mismatch']);

const MAX_CACHED = 20_000;

// A request parsed from a memoized body (see memoizeJsonBodies) is hashed once, however often it is sent.
const inputHashOf = memoizeFrozen((request: AuthorizeRequest) => stepInputHash(request.tool, request.input));

/**
 * The single fast check behind gateways, SDKs and workers: is this tool call covered right now?
 * Plans are cached per id and dropped the moment they change; time (valid_to) is checked on every
 * call, so a lapse is seen at once. Every answer is audited (write-behind, see AuditBatcher).
 */
export class Authorizer {
  readonly #db: Database;
  readonly #orm: Orm;
  readonly #clock: Clock;
  readonly #policy: Pick<PolicyService, 'forTenant'>;
  readonly #audit: Pick<AuditBatcher, 'enqueue'>;
  readonly #onUnapproved: ((attempt: UnapprovedAttempt) => void) | undefined;
  readonly #onRefused: ((call: RefusedCall) => Promise<void>) | undefined;
  readonly #cache = new Map<string, Promise<Snapshot | undefined>>();
  #subscription?: Subscription;

  constructor(deps: {
    db: Database;
    clock: Clock;
    policy: Pick<PolicyService, 'forTenant'>;
    audit: Pick<AuditBatcher, 'enqueue'>;
    /** Hears each unapproved attempt, recorded or not (security events). */
    onUnapprovedAttempt?: (attempt: UnapprovedAttempt) => void;
    /** Records each call refused before a decision (security events), on its own, apart from any transaction. */
    onRefusedCall?: (call: RefusedCall) => Promise<void>;
  }) {
    this.#db = deps.db;
    this.#orm = deps.db.orm;
    this.#clock = deps.clock;
    this.#policy = deps.policy;
    this.#audit = deps.audit;
    this.#onUnapproved = deps.onUnapprovedAttempt;
    this.#onRefused = deps.onRefusedCall;
  }

  async start(): Promise<void> {
    this.#subscription = await subscribe(
      this.#db,
      PLAN_CHANGED_CHANNEL,
      (planId) => this.#cache.delete(planId),
      () => this.#cache.clear(),
    );
  }

  async stop(): Promise<void> {
    await this.#subscription?.close();
  }

  /** Starts reading a plan into the cache ahead of its first call (a run about to start), if it is not there. */
  prefetch(planId: string): void {
    this.#snapshot(planId).catch(() => {});
  }

  /** Drops a plan from this process's cache (other processes hear it through the channel). */
  forget(planId: string): void {
    this.#cache.delete(planId);
  }

  /**
   * `run` is set when a worker asks at the moment of a run's call: the answer is tied to the run, and
   * a run started by breaking glass is covered by the exception raised when it started.
   */
  async authorize(
    actor: Actor,
    request: AuthorizeRequest,
    run?: { id: string; break_glass_exception_id: string | null },
  ): Promise<AuthorizeAnswer> {
    const { answer, event, digestKey } = await this.#answer(actor, request, run);
    await this.#audit.enqueue(event, digestKey);
    return answer;
  }

  /**
   * Authorize at the moment of a run's call. An allowed answer's event is not written behind but handed back, for
   * the statement that records the call as started: the call is then never on record without the decision that
   * allowed it (a crash inside a write-behind window would lose that decision), and the step spends no INSERT of its
   * own on it. An allowed answer whose call never starts leaves no event: the start is what it allowed. A refusal is
   * written behind, as authorize does.
   */
  async authorizeCall(
    actor: Actor,
    request: AuthorizeRequest,
    run: { id: string; break_glass_exception_id: string | null },
  ): Promise<{ answer: AuthorizeAnswer; event?: AuditInput }> {
    const { answer, event, digestKey } = await this.#answer(actor, request, run);
    if (answer.allowed) return { answer, event };
    await this.#audit.enqueue(event, digestKey);
    return { answer };
  }

  /** The answer, and the event recording it (with the key that folds identical answers written behind together). */
  async #answer(
    actor: Actor,
    request: AuthorizeRequest,
    run?: { id: string; break_glass_exception_id: string | null },
  ): Promise<{ answer: AuthorizeAnswer; event: AuditInput; digestKey: string }> {
    const now = this.#clock.now();
    const inputHash = inputHashOf(request);
    let answer = await this.#decide(actor, request, inputHash, now);
    if (!answer.allowed && run?.break_glass_exception_id) {
      answer = {
        ...answer,
        allowed: true,
        reason_code: 'break_glass',
        reason: `covered by break-glass exception ${run.break_glass_exception_id} (${answer.reason_code})`,
        exception_id: run.break_glass_exception_id,
      };
    } else if (!answer.allowed && request.break_glass)
      answer = await this.#breakGlass(actor, request, answer, now);
    else if (!answer.allowed && UNCOVERED.has(answer.reason_code)) {
      try {
        answer.exception_id = await this.#orm.transaction((tx) =>
          recordException(tx, {
            tenant_id: actor.tenant_id,
            type: 'unapproved_attempt',
            actor,
            at: now,
            ...(this.#planExists(answer) ? { plan_id: request.plan_id } : {}),
            ...(run ? { run_id: run.id } : {}),
            reason: answer.reason_code,
            details: { step_id: request.step_id, tool: request.tool },
          }),
        );
      } finally {
        // Heard even when the exception's transaction failed: the attempt is then still on record.
        this.#onUnapproved?.({ actor, request, answer, at: now });
      }
    }
    const action = answer.allowed ? 'tool_call.authorized' : 'tool_call.refused';
    return {
      answer,
      digestKey: `${actor.tenant_id}|${actor.id}|${request.plan_id}|${run?.id ?? ''}|${action}`,
      event: {
        tenant_id: actor.tenant_id,
        actor,
        action,
        occurred_at: now,
        decision: answer.allowed ? 'allow' : 'deny',
        ...(this.#planExists(answer) ? { plan_id: request.plan_id } : {}),
        ...(run ? { run_id: run.id } : {}),
        context: {
          step_id: request.step_id,
          tool: request.tool,
          input_hash: inputHash,
          reason_code: answer.reason_code,
          ...(answer.exception_id ? { exception_id: answer.exception_id } : {}),
        },
      },
    };
  }

  /** A call refused before it was decided is an attempt too: recorded (see onRefusedCall) before the answer. */
  async refused(actor: Actor, origin: RequestOrigin, refusal: RefusedCall['refusal']): Promise<void> {
    await this.#onRefused?.({ actor, refusal, origin, at: this.#clock.now() });
  }

  #planExists(answer: AuthorizeAnswer): boolean {
    return answer.reason_code !== 'no_plan';
  }

  async #decide(
    actor: Actor,
    request: AuthorizeRequest,
    inputHash: string,
    now: Date,
  ): Promise<AuthorizeAnswer> {
    const refuse = (reason_code: AuthorizeReason, reason: string): AuthorizeAnswer => ({
      allowed: false,
      reason_code,
      reason,
      plan_id: request.plan_id,
      step_id: request.step_id,
    });
    const plan = await this.#snapshot(request.plan_id);
    if (!plan || plan.tenant_id !== actor.tenant_id) {
      return refuse(
        'no_plan',
        'no plan with this id covers the call; submit a plan and get it approved first',
      );
    }
    const step = plan.steps.get(request.step_id);
    if (!step) return refuse('unknown_step', `the plan has no step ${request.step_id}`);
    if (step.tool !== request.tool || step.hash !== inputHash) {
      return refuse(
        'input_mismatch',
        `the call differs from step ${request.step_id} as approved (tool ${step.tool}); submit a revision for a different input`,
      );
    }
    // The plan was decided on one definition of the tool; a new one (another effect or input schema) voids that
    // decision until the plan is re-decided (PlanService.redecideForTool), even if re-deciding has not run yet.
    const decidedOn = plan.risk.steps.find((s) => s.step_id === request.step_id)?.tool_version;
    if (decidedOn !== undefined) {
      const current = (await this.#policy.forTenant(actor.tenant_id)).catalog.versionOf(step.tool);
      if (current !== decidedOn) {
        return refuse(
          'tool_changed',
          `the tool ${step.tool} changed since the plan was decided; it is re-decided`,
        );
      }
    }
    switch (plan.status) {
      case 'denied':
        return refuse('denied', 'the plan was denied');
      case 'cancelled':
        return refuse('cancelled', 'the plan was cancelled');
      case 'pending_approval':
      case 'sent_back':
        return refuse('not_approved', 'the plan is waiting for approval');
    }
    if (plan.effect === 'allow') {
      // Policy allowed the plan when it was submitted; a policy change since must allow it too.
      const tenant = await this.#policy.forTenant(actor.tenant_id);
      if (tenant.version !== plan.policyVersion) {
        const facts = plan.risk.steps.find((s) => s.step_id === request.step_id)?.facts;
        const decision = facts
          ? await tenant.decider.decideStep({
              policy_version: tenant.version,
              actor,
              plan_id: plan.id,
              step: facts,
            })
          : undefined;
        if (decision?.effect !== 'allow') {
          return refuse('policy_changed', 'the active policy no longer allows this step without approval');
        }
      }
      return {
        allowed: true,
        reason_code: 'allowed',
        reason: 'policy allows this step',
        plan_id: plan.id,
        step_id: request.step_id,
      };
    }
    if (plan.status === 'expired' && !plan.approval?.valid_to)
      return refuse('expired', 'the approval request expired');
    const check = isWarrantValid(plan.approval!, now.toISOString(), plan.content_hash);
    if (!check.ok) {
      const reasons: Record<string, string> = {
        approval_expired: `the approval lapsed at ${plan.approval?.valid_to}; ask for a new approval`,
        not_approved: 'the plan is not approved',
        input_mismatch: 'the plan changed since it was approved',
        denied: 'the plan was denied',
        cancelled: 'the plan was cancelled',
      };
      return refuse(check.reason_code, reasons[check.reason_code] ?? check.reason_code);
    }
    return {
      allowed: true,
      reason_code: 'approved',
      reason: `approved until ${plan.approval!.valid_to}`,
      plan_id: plan.id,
      step_id: request.step_id,
      valid_to: plan.approval!.valid_to,
    };
  }

  async #breakGlass(actor: Actor, request: AuthorizeRequest, refused: AuthorizeAnswer, now: Date) {
    const reason = request.break_glass!.reason.trim();
    if (!actor.roles.includes(BREAK_GLASS_ROLE) || !isBreakGlassReason(reason)) {
      return {
        ...refused,
        reason: `${refused.reason}; break glass needs the ${BREAK_GLASS_ROLE} role and a reason of at least ${MIN_BREAK_GLASS_REASON_LENGTH} visible characters`,
      };
    }
    const exceptionId = await this.#orm.transaction((tx) =>
      recordException(tx, {
        tenant_id: actor.tenant_id,
        type: 'break_glass',
        actor,
        at: now,
        ...(this.#planExists(refused) ? { plan_id: request.plan_id } : {}),
        reason,
        details: { step_id: request.step_id, tool: request.tool, refused_because: refused.reason_code },
      }),
    );
    return {
      allowed: true,
      reason_code: 'break_glass' as const,
      reason: 'break glass: allowed without a warrant; the exception stays open until reviewed',
      plan_id: request.plan_id,
      step_id: request.step_id,
      exception_id: exceptionId,
    };
  }

  #snapshot(planId: string): Promise<Snapshot | undefined> {
    if (!isUuid(planId)) return Promise.resolve(undefined);
    const cached = this.#cache.get(planId);
    if (cached) return cached;
    const loading = this.#load(planId);
    if (this.#cache.size >= MAX_CACHED) this.#cache.delete(this.#cache.keys().next().value!);
    this.#cache.set(planId, loading);
    // Missing plans and failed loads are not remembered.
    loading.then(
      (snapshot) => snapshot || this.#cache.delete(planId),
      () => this.#cache.delete(planId),
    );
    return loading;
  }

  async #load(planId: string): Promise<Snapshot | undefined> {
    // Not tenant-filtered here: the snapshot is shared, and #decide compares tenants on every call.
    const row = await findPlan(this.#orm, planId);
    if (!row) return undefined;
    return {
      id: row.id,
      tenant_id: row.tenant_id,
      status: row.status,
      content_hash: row.content_hash,
      approval: row.approval,
      step_hashes: row.step_hashes,
      risk: row.risk,
      effect: row.decision.effect,
      policyVersion: row.decision.policy_version,
      steps: new Map(
        row.body.steps.map((step) => [
          step.step_id,
          { tool: step.tool, hash: row.step_hashes[step.step_id]! },
        ]),
      ),
    };
  }
}
