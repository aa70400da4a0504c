/**
 * Decisions from an external OPA server, through its data API. OPA answers for the whole plan; every step
 * gets that answer. Anything short of a well-formed answer in time (a network error, a timeout, a non-2xx
 * status, an undefined or malformed result) is a deny that says why: the decider fails closed.
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
  /** Told about every fail-closed deny. */
  onError?: (error: { message: string; url: string; plan_id: string }) => void;
}

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

  constructor(options: OpaOptions) {
    const path = options.policyPackage.split('.').map(encodeURIComponent).join('/');
    this.endpoint = `${options.url.replace(/\/$/, '')}/v1/data/${path}/decision`;
    this.#timeoutMs = options.timeoutMs ?? 2_000;
    this.#onError = options.onError ?? (() => {});
  }

  async decidePlan(input: PlanDecisionInput): Promise<PlanDecision> {
    const answer = await this.#ask({ actor: input.actor, plan_id: input.plan_id, steps: input.steps });
    // combineSteps also refuses an empty plan, whatever OPA said.
    return combineSteps(
      input.policy_version,
      input.steps.map((step) => ({ step_id: step.step_id, ...answer })),
    );
  }

  async decideStep(input: StepDecisionInput): Promise<StepDecision> {
    const answer = await this.#ask({ actor: input.actor, plan_id: input.plan_id, steps: [input.step] });
    return { step_id: input.step.step_id, ...answer };
  }

  async #ask(input: OpaInput): Promise<Omit<StepDecision, 'step_id'>> {
    const fail = (why: string) => {
      this.#onError({ message: `OPA decision failed: ${why}`, url: this.endpoint, plan_id: input.plan_id });
      return { effect: 'deny' as const, policy_ids: [], reasons: [`OPA ${why}; denied (fail closed)`] };
    };
    let body: unknown;
    try {
      const response = await fetch(this.endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ input }),
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
      if (!response.ok) return fail(`answered HTTP ${response.status}`);
      body = await response.json();
    } catch (error) {
      const timedOut = (error as Error).name === 'TimeoutError';
      return fail(
        timedOut ? `did not answer within ${this.#timeoutMs} ms` : `was unreachable or sent no JSON`,
      );
    }
    const result = (body as { result?: unknown } | null)?.result;
    if (result === undefined) return fail('has no decision at this path (result undefined)');
    const parsed = resultSchema.safeParse(result);
    if (!parsed.success) return fail(`answered a malformed decision: ${parsed.error.issues[0]?.message}`);
    return stepAnswer(parsed.data);
  }
}

function stepAnswer(result: OpaResult): Omit<StepDecision, 'step_id'> {
  const reasons = result.reasons.length > 0 ? result.reasons : [`OPA decided ${result.effect}`];
  const base = { effect: result.effect, policy_ids: result.policy_ids, reasons };
  if (result.effect !== 'require_approval') return base;
  return { ...base, requirement: result.requirement ?? DEFAULT_REQUIREMENT };
}
