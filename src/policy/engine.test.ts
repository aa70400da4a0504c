import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import type { Environment } from './context-graph.ts';
import type { DecisionActor, StepFacts } from './decision.ts';
import { PolicyEngine, type PolicyEngineError } from './engine.ts';
import type { ToolEffect } from './tool-catalog.ts';

const defaults = readFileSync(new URL('../../policies/default.cedar', import.meta.url), 'utf8');
const actor: DecisionActor = { id: 'agent-1', type: 'agent', roles: ['agent'] };

const facts = (effect: ToolEffect, environment: Environment, extra: Partial<StepFacts> = {}): StepFacts => ({
  step_id: 's1',
  tool: effect === 'read' ? 'prometheus.query' : 'k8s.scale',
  effect,
  environment,
  namespace: 'shop',
  risk:
    effect === 'read'
      ? 'read'
      : effect === 'destructive'
        ? 'high'
        : environment === 'prod'
          ? 'medium'
          : 'low',
  blast_scope: 'namespace',
  services: ['checkout'],
  teams: ['payments'],
  ...extra,
});

function engineWith(text: string, onError?: (e: PolicyEngineError) => void) {
  const engine = new PolicyEngine(onError ? { onError } : {});
  const loaded = engine.load('v1', text);
  expect(loaded).toMatchObject({ ok: true });
  return engine;
}

const decide = (engine: PolicyEngine, step: StepFacts) =>
  engine.decideStep({ policy_version: 'v1', actor, plan_id: 'p1', step });

describe('the default policy set', () => {
  const engine = engineWith(defaults);
  const one = { tier: 'medium', quorum: 1, approvers: ['admin', 'approver'], ttl_hours: 4 };
  const two = { tier: 'high', quorum: 2, approvers: ['admin', 'approver'], ttl_hours: 2 };
  it.each([
    ['read', 'dev', 'allow', undefined],
    ['read', 'stage', 'allow', undefined],
    ['read', 'prod', 'allow', undefined],
    ['write', 'dev', 'allow', undefined],
    ['write', 'stage', 'allow', undefined],
    ['write', 'prod', 'require_approval', one],
    ['destructive', 'dev', 'require_approval', one],
    ['destructive', 'stage', 'require_approval', one],
    ['destructive', 'prod', 'require_approval', two],
  ] as const)('%s in %s → %s', (effect, environment, expected, requirement) => {
    const decision = decide(engine, facts(effect, environment));
    expect(decision.effect).toBe(expected);
    expect(decision.requirement).toEqual(requirement);
    expect(decision.policy_ids.length).toBeGreaterThan(0);
    expect(decision.reasons[0]).toMatch(/allowed by|needs/);
  });

  it('asks two approvers for a high-risk write in prod (the strictest of the matching policies)', () => {
    const decision = decide(engine, facts('write', 'prod', { risk: 'high' }));
    expect(decision.requirement).toEqual(two);
    expect(decision.policy_ids.sort()).toEqual(['high-risk-write-in-prod', 'write-in-prod']);
  });

  it('combines a plan: the strictest requirement of its steps', () => {
    const plan = engine.decidePlan({
      policy_version: 'v1',
      actor,
      plan_id: 'p1',
      steps: [
        facts('read', 'prod'),
        { ...facts('write', 'prod'), step_id: 's2' },
        { ...facts('destructive', 'prod'), step_id: 's3' },
      ],
    });
    expect(plan).toMatchObject({ effect: 'require_approval', requirement: two, policy_version: 'v1' });
    expect(plan.reasons.map((r) => r.slice(0, 3))).toEqual(['s2:', 's3:']);
  });
});

describe('tenant policies', () => {
  it('reads the requirement from annotations, with defaults for what is left out', () => {
    const engine = engineWith(`@id("ask") @quorum("3") @approvers("sre lead")
permit(principal, action == Warrant::Action::"execute_with_approval", resource);`);
    expect(decide(engine, facts('write', 'dev'))).toMatchObject({
      effect: 'require_approval',
      requirement: { tier: 'medium', quorum: 3, approvers: ['lead', 'sre'], ttl_hours: 4 },
      policy_ids: ['ask'],
    });
  });

  it('lets a forbid win over any permit', () => {
    const engine = engineWith(`${defaults}
@id("no-agents-in-payments")
forbid(principal, action, resource)
when { principal.type == "agent" && resource.teams.contains("payments") };`);
    expect(decide(engine, facts('read', 'dev'))).toEqual({
      step_id: 's1',
      effect: 'deny',
      policy_ids: ['no-agents-in-payments'],
      reasons: ['forbidden by no-agents-in-payments'],
    });
    expect(decide(engine, facts('read', 'dev', { teams: ['web'] })).effect).toBe('allow');
  });

  it('lets a role lift the need for approval', () => {
    const engine = engineWith(`${defaults}
@id("admins-write-prod")
permit(principal, action == Warrant::Action::"execute", resource)
when { principal.roles.contains("admin") && resource.effect == "write" };`);
    const step = facts('write', 'prod');
    expect(decide(engine, step).effect).toBe('require_approval');
    const admin = { ...actor, roles: ['admin'] };
    expect(engine.decideStep({ policy_version: 'v1', actor: admin, plan_id: 'p1', step }).effect).toBe(
      'allow',
    );
  });

  it('denies what no policy permits', () => {
    expect(decide(engineWith(''), facts('read', 'dev'))).toMatchObject({
      effect: 'deny',
      reasons: ['no policy permits this step'],
    });
  });
});

describe('failing closed', () => {
  it('denies on an evaluation error and reports it', () => {
    const onError = vi.fn();
    // Valid against the schema, but overflows when evaluated.
    const engine = engineWith(
      `${defaults}\n@id("overflow") forbid(principal, action, resource) when { 9007199254740991 * 2048 > 0 };`,
      onError,
    );
    const decision = decide(engine, facts('read', 'dev'));
    expect(decision.effect).toBe('deny');
    expect(decision.reasons[0]).toMatch(/fail closed/);
    expect(onError).toHaveBeenCalledWith(
      expect.objectContaining({
        policy_version: 'v1',
        step_id: 's1',
        errors: [expect.stringMatching(/^overflow: .*overflow/)],
      }),
    );
  });

  it('denies when Cedar throws (a string holding a lone surrogate)', () => {
    const onError = vi.fn();
    const freeze =
      '@id("freeze") forbid(principal, action, resource) when { resource.namespace like "frozen-*" };';
    const engine = engineWith(`${defaults}\n${freeze}`, onError);
    const decision = decide(engine, facts('write', 'dev', { namespace: 'shop\uD800' }));
    expect(decision).toMatchObject({ effect: 'deny', reasons: [expect.stringMatching(/fail closed/)] });
    expect(onError).toHaveBeenCalledWith(
      expect.objectContaining({ errors: [expect.stringMatching(/^Cedar threw/)] }),
    );
  });

  it('denies on an unknown policy version', () => {
    const onError = vi.fn();
    const engine = new PolicyEngine({ onError });
    expect(
      engine.decideStep({ policy_version: 'nope', actor, plan_id: 'p', step: facts('read', 'dev') }),
    ).toMatchObject({
      effect: 'deny',
    });
    expect(onError).toHaveBeenCalledOnce();
  });

  it('refuses to load a set that fails validation', () => {
    const engine = new PolicyEngine();
    expect(engine.load('bad', 'permit(principal, action, resource) when { resource.nope };')).toMatchObject({
      ok: false,
    });
    expect(engine.has('bad')).toBe(false);
  });

  it('returns the version hash on load', () => {
    const loaded = new PolicyEngine().load('v1', defaults);
    expect(loaded.ok && loaded.hash).toMatch(/^[0-9a-f]{64}$/);
  });
});
