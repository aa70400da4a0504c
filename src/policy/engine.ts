/**
 * The Cedar policy engine, in process. Each policy set is validated and pre-parsed once, when loaded. A step
 * may `execute` (allow), else `execute_with_approval` (require approval, on the terms the permitting
 * policies' annotations set), else it is denied. Anything Cedar cannot answer cleanly (a failure, an
 * evaluation error, an unknown version) is a deny: the engine fails closed. Cedar is asked with only the
 * policies whose leading guards hold for the step (see slice.ts): the same answer, for less work.
 */
import * as cedar from '@cedar-policy/cedar-wasm/nodejs';
import { BoundedCache } from '../core/bounded-cache.ts';
import { compilePolicy, type Holds, type Request, wellTyped } from './compile.ts';
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
  type WarrantAction,
} from './policy-set.ts';
import {
  type Attrs,
  type Guard,
  leadingGuards,
  type Slice,
  SliceSlots,
  type SuppliedAttributes,
  survivors,
} from './slice.ts';

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
  /** How many step answers to remember (0: ask Cedar every time). */
  cacheSize?: number;
  /**
   * Whether to ask Cedar with only the policies whose leading guards hold (default true). With false, every
   * question is asked of the whole set: the reference slicing is tested and measured against.
   */
  slicing?: boolean;
}

interface LoadedSet {
  /** The text's hash, also its key in Cedar's cache of pre-parsed sets: identical texts share one parse. */
  hash: string;
  policies: Map<string, PolicyInfo>;
  /** The attributes the policies read; the others are left out of the request (Cedar converts each one). */
  attributes: Set<string>;
  /** Whether some policy names a particular actor or step: then their ids are part of the question. */
  namesEntities: boolean;
  /** The whole set as pre-parsed under its hash. */
  whole: Slice;
  /** The policies decided here without Cedar (see compile.ts), in load order. */
  compiled: CompiledPolicy[];
  /** The others, in load order, with what slicing needs: their guards, what they read, their lifted JSON. */
  sliceable: SliceablePolicy[];
}

interface CompiledPolicy {
  info: PolicyInfo;
  holds: Holds;
}

interface SliceablePolicy {
  cedar_id: string;
  guards: Guard[];
  reads: Set<string>;
  lifted: cedar.PolicyJson;
}

type Answer = Omit<StepDecision, 'step_id'>;

export type LoadResult = (PolicySetCheck & { ok: true; hash: string }) | (PolicySetCheck & { ok: false });

const ACTOR = 'Warrant::Actor';
const STEP = 'Warrant::Step';
// Every policy is loaded with its action scope lifted (see `load`), so any action asks the question.
const ANY_ACTION = { type: 'Warrant::Action', id: 'execute' } as const;
const NO_CONTEXT = {};
/**
 * Slices live in Cedar's store of pre-parsed sets, which is one per process: so are their slots, so that two
 * engines never hold different slices under one id, and one bound covers every engine.
 */
const SLICES = new SliceSlots('slice', 256);
/** How many loaded versions, across the process's engines, use each parse in Cedar's store (by text hash). */
const PARSED_USERS = new Map<string, number>();

/** Every attribute name a policy's conditions read (`x.attr`, `x has attr`). */
function attributesRead(node: unknown, into: Set<string>): Set<string> {
  if (Array.isArray(node)) for (const item of node) attributesRead(item, into);
  else if (node !== null && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'attr') for (const name of [value].flat()) into.add(String(name));
      else attributesRead(value, into);
    }
  }
  return into;
}

/** A scope that admits any entity of a type is all a policy may have for its answers to ignore ids. */
function namesEntities(json: cedar.PolicyJson): boolean {
  const anyEntity = (scope: cedar.PrincipalConstraint | cedar.ResourceConstraint) =>
    scope.op === 'All' || (scope.op === 'is' && !('in' in scope));
  return (
    !anyEntity(json.principal) ||
    !anyEntity(json.resource) ||
    JSON.stringify(json.conditions).includes('"__entity"')
  );
}

function pick(attrs: Attrs, names: ReadonlySet<string>): Attrs {
  const picked: Attrs = {};
  for (const name in attrs) if (names.has(name)) picked[name] = attrs[name]!;
  return picked;
}

/** What `actorAttributes` and `stepAttributes` always supply, by type: the attributes a guard may test. */
const SUPPLIED: SuppliedAttributes = {
  principal: { type: 'String', roles: 'Set<String>' },
  resource: {
    plan: 'String',
    tool: 'String',
    effect: 'String',
    environment: 'String',
    namespace: 'String',
    cluster: 'String',
    risk: 'String',
    blast_scope: 'String',
    services: 'Set<String>',
    teams: 'Set<String>',
  },
};

function actorAttributes(actor: DecisionActor): Attrs {
  // Sets are unordered in Cedar; sorted here so the same question always makes the same cache key.
  return { type: actor.type, roles: [...actor.roles].sort() };
}

function stepAttributes(planId: string, step: StepFacts): Attrs {
  return {
    plan: planId,
    tool: step.tool,
    effect: step.effect,
    environment: step.environment,
    namespace: step.namespace ?? '',
    cluster: step.cluster ?? '',
    risk: step.risk,
    blast_scope: step.blast_scope,
    services: [...step.services].sort(),
    teams: [...step.teams].sort(),
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
  readonly #answers: BoundedCache<Answer>;
  readonly #slicing: boolean;

  constructor(options: PolicyEngineOptions = {}) {
    this.#schema = options.schema ?? loadSchema();
    this.#onError = options.onError ?? (() => {});
    this.#answers = new BoundedCache(options.cacheSize ?? 10_000);
    this.#slicing = options.slicing ?? true;
  }

  /**
   * Validates and pre-parses a policy set under a version id. A set that fails validation is not loaded.
   * Each policy is pre-parsed as a `permit` for any action: one Cedar call then lists every policy whose
   * principal, resource and conditions hold, and the engine applies Cedar's rules (a forbid wins, else a
   * permit allows, else deny) per action from each policy's own effect and action scope. This is exact
   * because conditions may not mention `action` (validation refuses it), and halves the calls.
   * `check`: the set's check against this engine's `schema` when it is known already (the shipped set's,
   * recorded at install: see shipped-check.ts).
   */
  load(
    versionId: string,
    text: string,
    check: PolicySetCheck = validatePolicySet(text, this.#schema),
  ): LoadResult {
    if (!check.ok) return check;
    const hash = policyVersionHash(text);
    const lifted = Object.fromEntries(
      check.policies.map((p) => [
        p.cedar_id,
        { ...p.json, effect: 'permit' as const, action: { op: 'All' as const } },
      ]),
    );
    // Before the parse: were this id's old set the last user of the same text, unloading would empty the new one.
    this.unload(versionId);
    const parsed = cedar.preparsePolicySet(hash, { staticPolicies: lifted });
    if (parsed.type === 'failure') {
      return { ok: false, errors: parsed.errors.map((e) => ({ message: e.message, line: 1, column: 1 })) };
    }
    const compiled: CompiledPolicy[] = [];
    const sliceable: SliceablePolicy[] = [];
    for (const p of check.policies) {
      const holds = compilePolicy(p.json, SUPPLIED);
      if (holds) compiled.push({ info: p, holds });
      else
        sliceable.push({
          cedar_id: p.cedar_id,
          guards: leadingGuards(p.json, SUPPLIED),
          reads: attributesRead(p.json.conditions, new Set()),
          lifted: lifted[p.cedar_id]!,
        });
    }
    // In id order, so that sorting the ids of those that hold (see answerFrom) finds them nearly sorted.
    compiled.sort((a, b) => (a.info.id < b.info.id ? -1 : a.info.id > b.info.id ? 1 : 0));
    const attributes = new Set(
      check.policies.flatMap((p) => [...attributesRead(p.json.conditions, new Set())]),
    );
    PARSED_USERS.set(hash, (PARSED_USERS.get(hash) ?? 0) + 1);
    this.#versions.set(versionId, {
      hash,
      attributes,
      namesEntities: check.policies.some((p) => namesEntities(p.json)),
      policies: new Map(check.policies.map((p) => [p.cedar_id, p])),
      whole: { id: hash, attributes },
      compiled,
      sliceable,
    });
    return { ...check, hash };
  }

  /** The Cedar schema sets are validated against. */
  get schema(): string {
    return this.#schema;
  }

  has(versionId: string): boolean {
    return this.#versions.has(versionId);
  }

  /**
   * Forgets a version. Its parse in Cedar's store is emptied once no loaded version of any engine in the process
   * uses it (cedar-wasm has no unload; an empty set under the same id frees what the parse held).
   */
  unload(versionId: string): void {
    const set = this.#versions.get(versionId);
    if (!set) return;
    this.#versions.delete(versionId);
    const users = (PARSED_USERS.get(set.hash) ?? 1) - 1;
    if (users > 0) PARSED_USERS.set(set.hash, users);
    else {
      PARSED_USERS.delete(set.hash);
      cedar.preparsePolicySet(set.hash, { staticPolicies: {} });
    }
  }

  decideStep(input: StepDecisionInput): StepDecision {
    return this.#decide(input.policy_version, input.plan_id, input.actor, input.step);
  }

  decidePlan(input: PlanDecisionInput): PlanDecision {
    const steps = input.steps.map((step) =>
      this.#decide(input.policy_version, input.plan_id, input.actor, step),
    );
    return combineSteps(input.policy_version, steps);
  }

  #decide(version: string, planId: string, actor: DecisionActor, step: StepFacts): StepDecision {
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

    const actorAttrs = actorAttributes(actor);
    const stepAttrs = stepAttributes(planId, step);
    const principal = {
      uid: { type: ACTOR, id: actor.id },
      attrs: pick(actorAttrs, set.attributes),
      parents: [],
    };
    const resource = {
      uid: { type: STEP, id: `${planId}/${step.step_id}` },
      attrs: pick(stepAttrs, set.attributes),
      parents: [],
    };
    // Everything Cedar can see, and the set's content hash: an equal key cannot get another answer.
    const key = `${set.hash}|${JSON.stringify(principal.attrs)}|${JSON.stringify(resource.attrs)}${
      set.namesEntities ? `|${actor.id}|${resource.uid.id}` : ''
    }`;
    const known = this.#answers.get(key);
    if (known) return answerFor(step.step_id, known);

    const request: Request = {
      principal: principal.uid,
      resource: resource.uid,
      principalAttrs: actorAttrs,
      resourceAttrs: stepAttrs,
    };
    // Compiled policies answer only for values of the declared types; otherwise Cedar judges the whole set.
    const here = this.#slicing && wellTyped(request, SUPPLIED);
    const holdingHere = here ? set.compiled.filter((p) => p.holds(request)).map((p) => p.info) : [];
    const asked = here ? sliceFor(set, actorAttrs, stepAttrs) : set.whole;
    if (asked === undefined) {
      // No policy left for Cedar can hold, so none can err either: Cedar would answer from nothing.
      const answered = answerFrom(holdingHere);
      this.#answers.set(key, answered);
      return answerFor(step.step_id, answered);
    }
    if ('errors' in asked) return fail('Cedar could not pre-parse the policies', asked.errors);
    const answer = askCedar({
      principal: principal.uid,
      action: ANY_ACTION,
      resource: resource.uid,
      context: NO_CONTEXT,
      preparsedPolicySetId: asked.id,
      entities:
        asked === set.whole
          ? [principal, resource]
          : [
              { ...principal, attrs: pick(actorAttrs, asked.attributes) },
              { ...resource, attrs: pick(stepAttrs, asked.attributes) },
            ],
    });
    if (answer.type === 'failure')
      return fail(
        'Cedar could not evaluate the policies',
        answer.errors.map((e) => e.message),
      );
    const { reason, errors } = answer.response.diagnostics;
    if (errors.length > 0) {
      const messages = errors.map(
        (e) => `${set.policies.get(e.policyId)?.id ?? e.policyId}: ${e.error.message}`,
      );
      return fail('Cedar could not evaluate the policies', messages);
    }

    const answered = answerFrom([...holdingHere, ...reason.flatMap((id) => set.policies.get(id) ?? [])]);
    this.#answers.set(key, answered);
    return answerFor(step.step_id, answered);
  }
}

/**
 * The policies left to Cedar that survive the step's guards, pre-parsed as one set: the whole set when all
 * policies are left to Cedar and all survive, nothing when none does. Slices are keyed by which policies they hold, so every question with the same survivors
 * shares one.
 */
function sliceFor(set: LoadedSet, actor: Attrs, step: Attrs): Slice | undefined | { errors: string[] } {
  const kept = survivors(set.sliceable, actor, step);
  if (kept.length === 0) return undefined;
  if (kept.length === set.sliceable.length && set.compiled.length === 0) return set.whole;
  const policies = kept.map((i) => set.sliceable[i]!);
  return SLICES.acquire(
    `${set.hash}#${kept.join(',')}`,
    () => Object.fromEntries(policies.map((p) => [p.cedar_id, p.lifted])),
    () => new Set(policies.flatMap((p) => [...p.reads])),
  );
}

/** Cedar's answer; a throw (the wasm side refuses a string holding a lone surrogate) is a failure too. */
function askCedar(call: cedar.StatefulAuthorizationCall): cedar.AuthorizationAnswer {
  try {
    return cedar.statefulIsAuthorized(call);
  } catch (error) {
    const message = `Cedar threw: ${(error as Error).message}`;
    return {
      type: 'failure',
      errors: [{ message, help: null, code: null, url: null, severity: null }],
      warnings: [],
    };
  }
}

/** Cedar's rules per action, from the policies whose scope and conditions hold (see `load`). */
function answerFrom(holding: PolicyInfo[]): Answer {
  // One pass: a thousand holding policies are read once, not once per action and effect.
  const by = {
    execute: { permit: [] as PolicyInfo[], forbid: [] as PolicyInfo[] },
    execute_with_approval: { permit: [] as PolicyInfo[], forbid: [] as PolicyInfo[] },
  } satisfies Record<WarrantAction, Record<PolicyInfo['effect'], PolicyInfo[]>>;
  for (const p of holding) for (const action of p.actions) by[action][p.effect].push(p);
  const matching = (action: WarrantAction, effect: PolicyInfo['effect']) => by[action][effect];
  // Cedar lists the holding policies in no fixed order; sorted, the same question reads the same answer.
  const idsOf = (policies: PolicyInfo[]): string[] => policies.map((p) => p.id).sort();
  const forbidden = [...matching('execute', 'forbid'), ...matching('execute_with_approval', 'forbid')];

  const direct = matching('execute', 'permit');
  if (direct.length > 0 && matching('execute', 'forbid').length === 0) {
    const ids = idsOf(direct);
    return { effect: 'allow', policy_ids: ids, reasons: [`allowed by ${ids.join(', ')}`] };
  }
  const approval = matching('execute_with_approval', 'permit');
  if (approval.length > 0 && matching('execute_with_approval', 'forbid').length === 0) {
    const requirement = strictest(approval.map((p) => p.requirement ?? DEFAULT_REQUIREMENT))!;
    const ids = idsOf(approval);
    return {
      effect: 'require_approval',
      requirement,
      policy_ids: ids,
      reasons: [`${describeRequirement(requirement)}, per ${ids.join(', ')}`],
    };
  }
  const forbids = [...new Set(idsOf(forbidden))];
  return {
    effect: 'deny',
    policy_ids: forbids,
    reasons: [forbids.length > 0 ? `forbidden by ${forbids.join(', ')}` : 'no policy permits this step'],
  };
}

/** Each caller gets its own copy: cached answers are shared by every caller that asks the same question. */
function answerFor(stepId: string, answer: Answer): StepDecision {
  const { requirement } = answer;
  return {
    step_id: stepId,
    effect: answer.effect,
    ...(requirement ? { requirement: { ...requirement, approvers: [...requirement.approvers] } } : {}),
    policy_ids: [...answer.policy_ids],
    reasons: [...answer.reasons],
  };
}
