/**
 * The Cedar policy engine, in process. Each policy set is validated and pre-parsed once, when loaded; a
 * decision asks Cedar twice at most: may the step `execute` (allow), else may it `execute_with_approval`
 * (require approval, on the terms the permitting policies' annotations set), else deny. Anything Cedar cannot
 * answer cleanly (a failure, an evaluation error, an unknown version) is a deny: the engine fails closed.
 */
import * as cedar from '@cedar-policy/cedar-wasm/nodejs';
import {
  type ApprovalRequirement,
  combineSteps,
  type DecisionActor,
  type PlanDecision,
  type PlanDecisionInput,
  type PolicyDecider,
  type StepDecision,
  type StepDecisionInput,
  type StepFacts,
  strictest,
} from './decision.ts';
import {
  DEFAULT_REQUIREMENT,
  loadSchema,
  type PolicyInfo,
  type PolicySetCheck,
  policyVersionHash,
  validatePolicySet,
} from './policy-set.ts';

export interface PolicyEngineError {
  message: string;
  policy_version: string;
  plan_id?: string;
  step_id?: string;
  errors: string[];
}

export interface PolicyEngineOptions {
  /** Cedar schema text; defaults to policies/schema.cedarschema. */
  schema?: string;
  /** Told about every fail-closed deny that comes from an error rather than from policy. */
  onError?: (error: PolicyEngineError) => void;
}

interface LoadedSet {
  /** The text's hash, also its key in Cedar's cache of pre-parsed sets: identical texts share one parse. */
  hash: string;
  policies: Map<string, PolicyInfo>;
}

export type LoadResult = (PolicySetCheck & { ok: true; hash: string }) | (PolicySetCheck & { ok: false });

const ACTOR = 'Warrant::Actor';
const STEP = 'Warrant::Step';
const EXECUTE = { type: 'Warrant::Action', id: 'execute' } as const;
const EXECUTE_WITH_APPROVAL = { type: 'Warrant::Action', id: 'execute_with_approval' } as const;
const NO_CONTEXT = {};

export function actorEntity(actor: DecisionActor): cedar.EntityJson {
  return {
    uid: { type: ACTOR, id: actor.id },
    attrs: { type: actor.type, roles: [...actor.roles] },
    parents: [],
  };
}

export function stepEntity(planId: string, step: StepFacts): cedar.EntityJson {
  return {
    uid: { type: STEP, id: `${planId}/${step.step_id}` },
    attrs: {
      plan: planId,
      tool: step.tool,
      effect: step.effect,
      environment: step.environment,
      namespace: step.namespace ?? '',
      cluster: step.cluster ?? '',
      risk: step.risk,
      blast_scope: step.blast_scope,
      services: [...step.services],
      teams: [...step.teams],
    },
    parents: [],
  };
}

function describeRequirement(r: ApprovalRequirement): string {
  const approvals = r.quorum === 1 ? '1 approval' : `${r.quorum} approvals`;
  return `needs ${approvals} (${r.tier} tier) from ${r.approvers.join(' or ')}, valid ${r.ttl_hours}h`;
}

export class PolicyEngine implements PolicyDecider {
  readonly #versions = new Map<string, LoadedSet>();
  readonly #schema: string;
  readonly #onError: (error: PolicyEngineError) => void;

  constructor(options: PolicyEngineOptions = {}) {
    this.#schema = options.schema ?? loadSchema();
    this.#onError = options.onError ?? (() => {});
  }

  /** Validates and pre-parses a policy set under a version id. A set that fails validation is not loaded. */
  load(versionId: string, text: string): LoadResult {
    const check = validatePolicySet(text, this.#schema);
    if (!check.ok) return check;
    const hash = policyVersionHash(text);
    const parsed = cedar.preparsePolicySet(hash, { staticPolicies: text });
    if (parsed.type === 'failure') {
      return { ok: false, errors: parsed.errors.map((e) => ({ message: e.message, line: 1, column: 1 })) };
    }
    this.#versions.set(versionId, {
      hash,
      policies: new Map(check.policies.map((p) => [p.cedar_id, p])),
    });
    return { ...check, hash };
  }

  has(versionId: string): boolean {
    return this.#versions.has(versionId);
  }

  decideStep(input: StepDecisionInput): StepDecision {
    return this.#decide(input.policy_version, input.plan_id, actorEntity(input.actor), input.step);
  }

  decidePlan(input: PlanDecisionInput): PlanDecision {
    const actor = actorEntity(input.actor);
    const steps = input.steps.map((step) => this.#decide(input.policy_version, input.plan_id, actor, step));
    return combineSteps(input.policy_version, steps);
  }

  #decide(version: string, planId: string, actor: cedar.EntityJson, step: StepFacts): StepDecision {
    const set = this.#versions.get(version);
    const fail = (message: string, errors: string[]): StepDecision => {
      this.#onError({ message, policy_version: version, plan_id: planId, step_id: step.step_id, errors });
      return {
        step_id: step.step_id,
        effect: 'deny',
        policy_ids: [],
        reasons: [`${message}; denied (fail closed)`],
      };
    };
    if (!set) return fail(`policy version ${version} is not loaded`, []);

    const resource = stepEntity(planId, step);
    const call: cedar.StatefulAuthorizationCall = {
      principal: actor.uid,
      action: EXECUTE,
      resource: resource.uid,
      context: NO_CONTEXT,
      preparsedPolicySetId: set.hash,
      entities: [actor, resource],
    };
    const ask = (action: cedar.EntityUid): cedar.Response | string[] => {
      call.action = action;
      const answer = cedar.statefulIsAuthorized(call);
      if (answer.type === 'failure') return answer.errors.map((e) => e.message);
      const { errors } = answer.response.diagnostics;
      if (errors.length > 0) {
        return errors.map((e) => `${set.policies.get(e.policyId)?.id ?? e.policyId}: ${e.error.message}`);
      }
      return answer.response;
    };
    const policiesOf = (response: cedar.Response): PolicyInfo[] =>
      response.diagnostics.reason.flatMap((id) => set.policies.get(id) ?? []);
    const idsOf = (policies: PolicyInfo[]): string[] => policies.map((p) => p.id);

    const direct = ask(EXECUTE);
    if (Array.isArray(direct)) return fail('Cedar could not evaluate the policies', direct);
    if (direct.decision === 'allow') {
      const ids = idsOf(policiesOf(direct));
      return {
        step_id: step.step_id,
        effect: 'allow',
        policy_ids: ids,
        reasons: [`allowed by ${ids.join(', ')}`],
      };
    }

    const approval = ask(EXECUTE_WITH_APPROVAL);
    if (Array.isArray(approval)) return fail('Cedar could not evaluate the policies', approval);
    const determining = policiesOf(approval);
    if (approval.decision === 'allow') {
      const requirement = strictest(determining.map((p) => p.requirement ?? DEFAULT_REQUIREMENT))!;
      const ids = idsOf(determining);
      return {
        step_id: step.step_id,
        effect: 'require_approval',
        requirement,
        policy_ids: ids,
        reasons: [`${describeRequirement(requirement)}, per ${ids.join(', ')}`],
      };
    }
    // A deny names the forbids that matched, from either question.
    const forbids = [...new Set([...idsOf(policiesOf(direct)), ...idsOf(determining)])];
    return {
      step_id: step.step_id,
      effect: 'deny',
      policy_ids: forbids,
      reasons: [forbids.length > 0 ? `forbidden by ${forbids.join(', ')}` : 'no policy permits this step'],
    };
  }
}
