/**
 * Decisions from an external OPA server, through its data API. OPA answers for the whole plan; every step
 * gets that answer. Anything short of a well-formed answer in time (a network error, a timeout, a non-2xx
 * status, an undefined or malformed result) is a deny that says why: the decider fails closed. The one degraded
 * mode (seed 001): while OPA is unavailable (unreachable, timed out, or a 5xx), `policy.on_unavailable:
 * allow_reads` (the default) lets steps whose tool only reads through, each saying so in its reasons; writes and
 * destructive steps are denied; `deny_all` denies reads too. A malformed answer is a misconfiguration, not an
 * outage: it denies everything.
 */
import { z } from 'zod';
import {
  combineSteps,
  type DecisionActor,
  type PlanDecision,
  type PlanDecisionInput,
  type PolicyDecider,
  type StepDecision,
  type StepDecisionInput,
  type StepFacts,
} from './decision.ts';
import { DEFAULT_REQUIREMENT } from './policy-set.ts';

export interface OpaOptions {
  /** The OPA server's base URL, e.g. http://127.0.0.1:8181. */
  url: string;
  /** The Rego package holding the `decision` rule, dotted (`warrant` or `acme.warrant`). */
  policyPackage: string;
  timeoutMs?: number;
  /** Told about every fail-closed deny, and every read let through while OPA is unavailable. */
  onError?: (error: { message: string; url: string; plan_id: string; reads_allowed: number }) => void;
  /** What reads get while OPA is unavailable (see above); default allow_reads. */
  onUnavailable?: OnUnavailable;
}

export type OnUnavailable = 'deny_all' | 'allow_reads';

type Answer = Omit<StepDecision, 'step_id'>;
/** OPA's answer, or why there is none; `unavailable` when OPA could not be asked (not when it answered badly). */
type Asked = { ok: true; answer: Answer } | { ok: false; why: string; unavailable: boolean };

const resultSchema = z.object({
  effect: z.enum(['allow', 'deny', 'require_approval']),
  requirement: z
    .object({
      tier: z.enum(['medium', 'high']).default(DEFAULT_REQUIREMENT.tier),
      approvers: z.array(z.string().min(1)).min(1).default(DEFAULT_REQUIREMENT.approvers),
      quorum: z.int().min(1).default(DEFAULT_REQUIREMENT.quorum),
      ttl_hours: z.number().positive().default(DEFAULT_REQUIREMENT.ttl_hours),
    })
    .optional(),
  reasons: z.array(z.string()).default([]),
  policy_ids: z.array(z.string()).default([]),
});
type OpaResult = z.infer<typeof resultSchema>;

/** The document Warrant sends as OPA's `input` (README, "Policy"). */
export interface OpaInput {
  actor: DecisionActor;
  plan_id: string;
  steps: readonly StepFacts[];
}

export class OpaDecider implements PolicyDecider {
  readonly endpoint: string;
  readonly #timeoutMs: number;
  readonly #onError: NonNullable<OpaOptions['onError']>;
  readonly #onUnavailable: OnUnavailable;

  constructor(options: OpaOptions) {
    const path = options.policyPackage.split('.').map(encodeURIComponent).join('/');
    this.endpoint = `${options.url.replace(/\/$/, '')}/v1/data/${path}/decision`;
    this.#timeoutMs = options.timeoutMs ?? 2_000;
    this.#onError = options.onError ?? (() => {});
    this.#onUnavailable = options.onUnavailable ?? 'allow_reads';
  }

  async decidePlan(input: PlanDecisionInput): Promise<PlanDecision> {
    const steps = this.#answer(input.plan_id, input.steps, await this.#ask(input));
    // combineSteps also refuses an empty plan, whatever OPA said.
    return combineSteps(input.policy_version, steps);
  }

  async decideStep(input: StepDecisionInput): Promise<StepDecision> {
    const steps = [input.step];
    const asked = await this.#ask({ actor: input.actor, plan_id: input.plan_id, steps });
    return this.#answer(input.plan_id, steps, asked)[0]!;
  }

  /** Each step's decision: OPA's answer, or without one, a deny (or, for a read, what on_unavailable says). */
  #answer(planId: string, steps: readonly StepFacts[], asked: Asked): StepDecision[] {
    if (asked.ok) return steps.map((step) => ({ step_id: step.step_id, ...asked.answer }));
    const readsPass = asked.unavailable && this.#onUnavailable === 'allow_reads';
    const decided = steps.map((step): StepDecision => {
      if (readsPass && step.effect === 'read') {
        const reasons = [`OPA ${asked.why}; a read, allowed (policy.on_unavailable: allow_reads)`];
        return { step_id: step.step_id, effect: 'allow', policy_ids: [], reasons };
      }
      const reasons = [`OPA ${asked.why}; denied (fail closed)`];
      return { step_id: step.step_id, effect: 'deny', policy_ids: [], reasons };
    });
    const readsAllowed = decided.filter((step) => step.effect === 'allow').length;
    this.#onError({
      message: `OPA decision failed: ${asked.why}`,
      url: this.endpoint,
      plan_id: planId,
      reads_allowed: readsAllowed,
    });
    return decided;
  }

  async #ask(input: OpaInput): Promise<Asked> {
    const fail = (why: string, unavailable = false): Asked => ({ ok: false, why, unavailable });
    let body: unknown;
    try {
      const response = await fetch(this.endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ input }),
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
      if (!response.ok) return fail(`answered HTTP ${response.status}`, response.status >= 500);
      body = await response.json().catch(() => NOT_JSON);
    } catch (error) {
      const timedOut = (error as Error).name === 'TimeoutError';
      return fail(timedOut ? `did not answer within ${this.#timeoutMs} ms` : 'was unreachable', true);
    }
    if (body === NOT_JSON) return fail('sent no JSON');
    const result = (body as { result?: unknown } | null)?.result;
    if (result === undefined) return fail('has no decision at this path (result undefined)');
    const parsed = resultSchema.safeParse(result);
    if (!parsed.success) return fail(`answered a malformed decision: ${parsed.error.issues[0]?.message}`);
    return { ok: true, answer: stepAnswer(parsed.data) };
  }
}

const NOT_JSON = Symbol('not JSON');

function stepAnswer(result: OpaResult): Answer {
  const reasons = result.reasons.length > 0 ? result.reasons : [`OPA decided ${result.effect}`];
  const base = { effect: result.effect, policy_ids: result.policy_ids, reasons };
  if (result.effect !== 'require_approval') return base;
  return { ...base, requirement: result.requirement ?? DEFAULT_REQUIREMENT };
}
