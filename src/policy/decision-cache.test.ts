import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DecisionActor, StepFacts } from './decision.ts';
import { PolicyEngine } from './engine.ts';

const defaults = readFileSync(new URL('../../policies/default.cedar', import.meta.url), 'utf8');

const facts = fc.record({
  step_id: fc.constantFrom('s1', 's2'),
  tool: fc.constantFrom('k8s.scale', 'prometheus.query'),
  effect: fc.constantFrom('read', 'write', 'destructive'),
  environment: fc.constantFrom('dev', 'stage', 'prod'),
  namespace: fc.constantFrom('shop', 'frozen'),
  risk: fc.constantFrom('read', 'low', 'medium', 'high'),
  blast_scope: fc.constantFrom('namespace', 'cluster', 'account'),
  services: fc.subarray(['cart', 'checkout']),
  teams: fc.subarray(['payments', 'shop']),
}) as fc.Arbitrary<StepFacts>;
const actors = fc.record({
  id: fc.constantFrom('alice', 'bob'),
  type: fc.constantFrom('user', 'agent'),
  roles: fc.subarray(['agent', 'operator', 'admin']),
}) as fc.Arbitrary<DecisionActor>;

// Reads the plan, names one actor and one step: the cache must tell all of these apart.
const TRICKY = `${defaults}
@id("alice-writes") permit (principal == Warrant::Actor::"alice", action == Warrant::Action::"execute", resource)
when { resource.effect == "write" };
@id("plan-p2-frozen") forbid (principal, action, resource) when { resource.plan == "p2" };
@id("no-s2") forbid (principal, action, resource == Warrant::Step::"p1/s2");
@id("frozen-ns") forbid (principal, action, resource) when { resource.namespace == "frozen" && principal.roles.contains("agent") };
`;

describe('cached decisions', () => {
  it.each([
    ['the default set', defaults],
    ['a set that reads plans and names entities', TRICKY],
  ])('equal uncached Cedar answers for %s', (_name, text) => {
    const cached = new PolicyEngine();
    const uncached = new PolicyEngine({ cacheSize: 0 });
    expect(cached.load('v', text).ok).toBe(true);
    uncached.load('v', text);
    fc.assert(
      fc.property(facts, actors, fc.constantFrom('p1', 'p2'), (step, actor, plan_id) => {
        const input = { policy_version: 'v', actor, plan_id, step };
        // Twice: the second answer comes from the cache.
        cached.decideStep(input);
        expect(cached.decideStep(input)).toEqual(uncached.decideStep(input));
      }),
      { numRuns: 300 },
    );
  });

  it('gives each caller its own copy', () => {
    const engine = new PolicyEngine();
    engine.load('v', defaults);
    const step = {
      ...({} as StepFacts),
      step_id: 's1',
      tool: 'k8s.scale',
      effect: 'write',
      environment: 'prod',
      risk: 'medium',
      blast_scope: 'namespace',
      services: [],
      teams: [],
    } as StepFacts;
    const input = {
      policy_version: 'v',
      actor: { id: 'a', type: 'agent' as const, roles: [] },
      plan_id: 'p',
      step,
    };
    const first = engine.decideStep(input);
    first.reasons.push('changed by a caller');
    first.requirement!.approvers.length = 0;
    const second = engine.decideStep(input);
    expect(second.reasons).toHaveLength(1);
    expect(second.requirement!.approvers).toEqual(['admin', 'approver']);
  });
});
