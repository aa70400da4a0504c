import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DecisionActor, StepDecisionInput, StepFacts } from './decision.ts';
import { PolicyEngine, type PolicyEngineError } from './engine.ts';

// Few values per attribute, so that random guards and random steps often match and often do not.
const STRINGS = {
  principal: { type: ['user', 'service', 'agent'] },
  resource: {
    plan: ['p1', 'p2'],
    tool: ['k8s.scale', 'http.request'],
    effect: ['read', 'write', 'destructive'],
    environment: ['dev', 'stage', 'prod'],
    namespace: ['shop', ''],
    cluster: ['eu-1', ''],
    risk: ['read', 'low', 'medium', 'high'],
    blast_scope: ['namespace', 'cluster', 'account'],
  },
} as const;
const SETS = {
  principal: { roles: ['admin', 'agent', 'operator'] },
  resource: { services: ['checkout', 'cart'], teams: ['payments', 'shop'] },
} as const;

type On = 'principal' | 'resource';
const stringAttr = fc.constantFrom(
  ...(['principal', 'resource'] as const).flatMap((on) =>
    Object.entries(STRINGS[on]).map(([attr, values]) => ({ on, attr, values: [...values, 'other'] })),
  ),
);
const setAttr = fc.constantFrom(
  ...(['principal', 'resource'] as const).flatMap((on) =>
    Object.entries(SETS[on]).map(([attr, values]) => ({ on, attr, values: [...values, 'other'] })),
  ),
);
const literalOf = (attr: { values: string[] }) => fc.constantFrom(...attr.values);

/** What slicing recognises: `==`, `!=` (either order) and `contains` with a string literal. */
const guard: fc.Arbitrary<string> = fc.oneof(
  stringAttr.chain((a) =>
    fc
      .tuple(literalOf(a), fc.constantFrom('==', '!='), fc.boolean())
      .map(([v, op, flipped]) =>
        flipped ? `"${v}" ${op} ${a.on}.${a.attr}` : `${a.on}.${a.attr} ${op} "${v}"`,
      ),
  ),
  setAttr.chain((a) => literalOf(a).map((v) => `${a.on}.${a.attr}.contains("${v}")`)),
);

const entity = (on: On) =>
  on === 'principal'
    ? fc.constantFrom('Warrant::Actor::"a1"', 'Warrant::Actor::"a2"')
    : fc.constantFrom('Warrant::Step::"p1/s1"', 'Warrant::Step::"p2/s2"');

/** Conditions slicing must leave to Cedar, including one that fails when evaluated. */
const other: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    'resource has namespace',
    'principal has roles',
    'resource.teams.isEmpty()',
    'resource.tool == resource.namespace',
    'true',
    'false',
    '9007199254740991 * 2048 > 0',
  ),
  stringAttr.chain((a) => literalOf(a).map((v) => `${a.on}.${a.attr} like "*${v.slice(1)}"`)),
  setAttr.chain((a) =>
    fc
      .tuple(fc.constantFrom('containsAny', 'containsAll'), fc.subarray(a.values, { minLength: 1 }))
      .map(([fn, vs]) => `${a.on}.${a.attr}.${fn}([${vs.map((v) => `"${v}"`).join(', ')}])`),
  ),
  fc.constantFrom<On>('principal', 'resource').chain((on) => entity(on).map((e) => `${on} == ${e}`)),
  // Forms compile.ts decides without Cedar.
  fc.constantFrom(
    'principal is Warrant::Actor',
    'resource is Warrant::Actor',
    'principal is Warrant::Actor in Warrant::Actor::"a1"',
    'principal in Warrant::Actor::"a2"',
    'resource in [Warrant::Step::"p1/s1", Warrant::Step::"p2/s1"]',
    '["shop", "other"].contains(resource.namespace)',
    '(if resource.effect == "read" then resource.tool else resource.namespace) == "shop"',
    'resource.teams == ["shop", "payments"]',
    'resource.services.containsAll(resource.teams)',
    'principal.roles.containsAny(["admin"]) || resource.teams.isEmpty()',
    'resource.namespace like "*h*p*"',
    'resource.tool like "k8s.*a*e"',
    'resource.namespace like ""',
    'resource.tool like "*\\**"',
    'resource.plan like "p?"',
  ),
);

const { expr } = fc.letrec<{ expr: string; atom: string }>((tie) => ({
  atom: fc.oneof({ weight: 3, arbitrary: guard }, { weight: 2, arbitrary: other }),
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 4, arbitrary: tie('atom') },
    fc.tuple(tie('expr'), tie('expr')).map(([a, b]) => `(${a} && ${b})`),
    fc.tuple(tie('expr'), tie('expr')).map(([a, b]) => `(${a} || ${b})`),
    tie('expr').map((a) => `!(${a})`),
    fc.tuple(tie('expr'), tie('expr'), tie('expr')).map(([a, b, c]) => `(if ${a} then ${b} else ${c})`),
  ),
}));

const condition = fc
  .tuple(fc.constantFrom('when', 'when', 'when', 'unless'), fc.array(expr, { minLength: 1, maxLength: 4 }))
  .map(([kind, conjuncts]) => `${kind} { ${conjuncts.join(' && ')} }`);

const policy = fc.record({
  effect: fc.constantFrom('permit', 'permit', 'forbid'),
  action: fc.constantFrom(
    'action',
    'action == Warrant::Action::"execute"',
    'action == Warrant::Action::"execute_with_approval"',
    'action in [Warrant::Action::"execute", Warrant::Action::"execute_with_approval"]',
  ),
  principal: fc.oneof(
    fc.constant('principal'),
    fc.constant('principal is Warrant::Actor'),
    entity('principal').map((e) => `principal == ${e}`),
    entity('principal').map((e) => `principal in ${e}`),
    entity('principal').map((e) => `principal is Warrant::Actor in ${e}`),
  ),
  resource: fc.oneof(
    fc.constant('resource'),
    fc.constant('resource is Warrant::Step'),
    entity('resource').map((e) => `resource == ${e}`),
    entity('resource').map((e) => `resource in ${e}`),
  ),
  terms: fc.constantFrom('', '@tier("high") @quorum("2")', '@approvers("sre") @ttl_hours("1")'),
  conditions: fc.array(condition, { maxLength: 2 }),
});

const policySet = fc
  .array(policy, { minLength: 1, maxLength: 8 })
  .map((policies) =>
    policies
      .map(
        (p, i) =>
          `@id("p${i}") ${p.terms}\n${p.effect}(${p.principal}, ${p.action}, ${p.resource})\n${p.conditions.join('\n')};`,
      )
      .join('\n'),
  );

const pick = <T>(values: readonly T[]) => fc.constantFrom(...values);
const facts = fc.record(
  {
    step_id: pick(['s1', 's2']),
    tool: pick(STRINGS.resource.tool),
    effect: pick(['read', 'write', 'destructive'] as const),
    environment: pick(['dev', 'stage', 'prod'] as const),
    // A lone surrogate, which Cedar refuses: compiled policies must not answer where Cedar would fail.
    namespace: fc.oneof({ weight: 9, arbitrary: pick(STRINGS.resource.namespace) }, fc.constant('sh\uD800')),
    cluster: pick(STRINGS.resource.cluster),
    risk: pick(['read', 'low', 'medium', 'high'] as const),
    blast_scope: pick(['namespace', 'cluster', 'account'] as const),
    services: fc.subarray([...SETS.resource.services]),
    teams: fc.subarray([...SETS.resource.teams]),
  },
  { requiredKeys: ['step_id', 'tool', 'effect', 'environment', 'risk', 'blast_scope', 'services', 'teams'] },
) satisfies fc.Arbitrary<StepFacts>;
const actor = fc.record({
  id: pick(['a1', 'a2']),
  type: pick(['user', 'service', 'agent'] as const),
  roles: fc.subarray([...SETS.principal.roles]),
}) satisfies fc.Arbitrary<DecisionActor>;
const question = fc.record({ actor, plan_id: pick(STRINGS.resource.plan), step: facts });

describe('policy slicing', () => {
  it('gives exactly the answers (and errors) of asking Cedar with the whole set', () => {
    fc.assert(
      fc.property(policySet, fc.array(question, { minLength: 1, maxLength: 6 }), (text, questions) => {
        const [sliced, whole] = [{}, { slicing: false }].map((options) => {
          const errors: PolicyEngineError[] = [];
          const engine = new PolicyEngine({ cacheSize: 0, onError: (e) => errors.push(e), ...options });
          const loaded = engine.load('v1', text);
          expect(loaded, text).toMatchObject({ ok: true });
          const decide = (q: Omit<StepDecisionInput, 'policy_version'>) => {
            const decision = engine.decideStep({ policy_version: 'v1', ...q });
            // Cedar reports a step's errors in no fixed order.
            return { decision, errors: errors.splice(0).map((e) => ({ ...e, errors: e.errors.sort() })) };
          };
          return decide;
        });
        for (const q of questions) expect(sliced!(q)).toEqual(whole!(q));
      }),
      { numRuns: 300 },
    );
  });
});
