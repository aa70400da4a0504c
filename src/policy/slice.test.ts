import * as cedar from '@cedar-policy/cedar-wasm/nodejs';
import { describe, expect, it } from 'vitest';
import type { DecisionActor, StepFacts } from './decision.ts';
import { PolicyEngine } from './engine.ts';
import { type Guard, guardHolds, leadingGuards, SliceSlots, type SuppliedAttributes } from './slice.ts';

const SUPPLIED: SuppliedAttributes = {
  principal: { type: 'String', roles: 'Set<String>' },
  resource: { tool: 'String', risk: 'String', effect: 'String', teams: 'Set<String>' },
};

function json(text: string): cedar.PolicyJson {
  const parsed = cedar.policyToJson(text);
  if (parsed.type === 'failure') throw new Error(parsed.errors.map((e) => e.message).join('; '));
  return parsed.json;
}

const guards = (conditions: string) =>
  leadingGuards(json(`permit(principal, action, resource) ${conditions};`), SUPPLIED);

describe('leadingGuards', () => {
  it('reads ==, != (either operand order) and contains on supplied attributes', () => {
    expect(
      guards(`when { resource.tool == "x" && "agent" != principal.type && resource.teams.contains("a") &&
        principal.roles.contains("b") && resource has tool }`),
    ).toEqual<Guard[]>([
      { on: 'resource', attr: 'tool', op: '==', value: 'x' },
      { on: 'principal', attr: 'type', op: '!=', value: 'agent' },
      { on: 'resource', attr: 'teams', op: 'contains', value: 'a' },
      { on: 'principal', attr: 'roles', op: 'contains', value: 'b' },
    ]);
  });

  it('follows `&&` in evaluation order, however it is parenthesised', () => {
    expect(
      guards('when { resource.tool == "a" && (resource.risk == "b" && resource.effect != "c") }'),
    ).toEqual([
      { on: 'resource', attr: 'tool', op: '==', value: 'a' },
      { on: 'resource', attr: 'risk', op: '==', value: 'b' },
      { on: 'resource', attr: 'effect', op: '!=', value: 'c' },
    ]);
  });

  it('stops at the first conjunct that is not a guard', () => {
    expect(
      guards('when { resource.tool == "a" && resource.tool like "k8s*" && resource.risk == "high" }'),
    ).toEqual([{ on: 'resource', attr: 'tool', op: '==', value: 'a' }]);
  });

  it('goes on into the next `when` only when the first is all guards, and never into an `unless`', () => {
    expect(
      guards('when { resource.tool == "a" } when { resource.risk == "b" && resource has risk }'),
    ).toHaveLength(2);
    expect(
      guards('when { resource.tool == "a" && resource has tool } when { resource.risk == "b" }'),
    ).toHaveLength(1);
    expect(guards('when { resource.tool == "a" } unless { resource.risk == "b" }')).toHaveLength(1);
  });

  it.each([
    ['no conditions', ''],
    ['a first condition that is `unless`', 'unless { resource.tool == "a" }'],
    ['`||`', 'when { resource.tool == "a" || resource.risk == "b" }'],
    ['`!`', 'when { !(resource.tool == "a") }'],
    ['if-then-else', 'when { if resource.tool == "a" then true else false }'],
    ['`has`', 'when { resource has tool && resource.tool == "a" }'],
    ['`like`', 'when { resource.tool like "a" }'],
    ['`in`', 'when { principal in Warrant::Actor::"a" }'],
    ['an entity literal', 'when { principal == Warrant::Actor::"a" }'],
    ['`context`', 'when { context.tool == "a" }'],
    ['two attributes', 'when { resource.tool == resource.risk }'],
    ['a literal that is not a string', 'when { resource.tool == 1 }'],
    ['an attribute of another type', 'when { resource.teams == "a" }'],
    ['contains on a string attribute', 'when { resource.tool.contains("a") }'],
    ['an attribute the engine does not supply', 'when { resource.cluster == "a" }'],
    ['an inherited property name', 'when { resource.constructor == "a" }'],
  ])('finds none behind %s', (_, conditions) => {
    expect(guards(conditions)).toEqual([]);
  });
});

describe('guardHolds', () => {
  const tool = (op: Guard['op'], value = 'k8s.scale'): Guard => ({ on: 'resource', attr: 'tool', op, value });
  const roles: Guard = { on: 'principal', attr: 'roles', op: 'contains', value: 'admin' };

  it('evaluates the guard', () => {
    expect(guardHolds(tool('=='), {}, { tool: 'k8s.scale' })).toBe(true);
    expect(guardHolds(tool('=='), {}, { tool: 'argocd.sync' })).toBe(false);
    expect(guardHolds(tool('!='), {}, { tool: 'k8s.scale' })).toBe(false);
    expect(guardHolds(roles, { roles: ['admin'] }, {})).toBe(true);
    expect(guardHolds(roles, { roles: ['agent'] }, {})).toBe(false);
  });

  it('holds (keeps the policy, for Cedar to judge) when a value is not of its declared type', () => {
    expect(guardHolds(tool('=='), {}, {})).toBe(true);
    expect(guardHolds(tool('!='), {}, { tool: 1 })).toBe(true);
    expect(guardHolds(roles, { roles: 'agent' }, {})).toBe(true);
  });
});

describe('SliceSlots', () => {
  const policy = (id: string) =>
    json(`@id("${id}") permit(principal, action, resource) when { resource.tool == "${id}" };`);
  const slice = (...ids: string[]) => Object.fromEntries(ids.map((id) => [id, policy(id)]));
  const none = () => new Set<string>();
  const holding = (setId: string, tool: string) => {
    const answer = cedar.statefulIsAuthorized({
      principal: { type: 'Warrant::Actor', id: 'a' },
      action: { type: 'Warrant::Action', id: 'execute' },
      resource: { type: 'Warrant::Step', id: 's' },
      context: {},
      preparsedPolicySetId: setId,
      entities: [{ uid: { type: 'Warrant::Step', id: 's' }, attrs: { tool }, parents: [] }],
    });
    return answer.type === 'success' ? answer.response.diagnostics.reason : answer.errors;
  };
  const idOf = (acquired: ReturnType<SliceSlots['acquire']>) => ('id' in acquired ? acquired.id : undefined);

  it('reuses the least recently used slot once full, and keeps what it holds up to date', () => {
    const slots = new SliceSlots('slice-slots-test', 2);
    const a = idOf(slots.acquire('a', () => slice('a'), none));
    const b = idOf(slots.acquire('b', () => slice('b'), none));
    expect(new Set([a, b]).size).toBe(2);
    expect(idOf(slots.acquire('a', () => slice('a'), none))).toBe(a);
    // `b` is now the least recently used.
    expect(idOf(slots.acquire('c', () => slice('c'), none))).toBe(b);
    expect(holding(b!, 'c')).toEqual(['c']);
    expect(holding(b!, 'b')).toEqual([]);
    expect(holding(a!, 'a')).toEqual(['a']);
  });

  it('keeps its slices when a pre-parse fails', () => {
    const slots = new SliceSlots('slice-slots-failing', 1);
    const a = idOf(slots.acquire('a', () => slice('a'), none));
    const bad = { bad: { ...policy('bad'), principal: { op: 'nonsense' } } as unknown as cedar.PolicyJson };
    expect(slots.acquire('bad', () => bad, none)).toMatchObject({ errors: [expect.any(String)] });
    expect(holding(a!, 'a')).toEqual(['a']);
    expect(idOf(slots.acquire('a', () => slice('a'), none))).toBe(a);
  });
});

describe('the engine, slicing', () => {
  const actor: DecisionActor = { id: 'agent-1', type: 'agent', roles: ['agent'] };
  const step = (teams: string[], tool = 'k8s.scale'): StepFacts => ({
    step_id: 's1',
    tool,
    effect: 'write',
    environment: 'prod',
    risk: 'medium',
    blast_scope: 'namespace',
    services: [],
    teams,
  });
  const engines = (text: string) => {
    const errors: string[][] = [];
    const [sliced, whole] = [{}, { slicing: false }].map((options) => {
      const engine = new PolicyEngine({ cacheSize: 0, onError: (e) => errors.push(e.errors), ...options });
      expect(engine.load('v1', text)).toMatchObject({ ok: true });
      return (facts: StepFacts) =>
        engine.decideStep({ policy_version: 'v1', actor, plan_id: 'p1', step: facts });
    });
    return { sliced: sliced!, whole: whole!, errors };
  };

  it('leaves out an erroring policy whose guard is false, and still fails closed when it holds', () => {
    const { sliced, whole, errors } = engines(`
@id("ok") permit(principal, action == Warrant::Action::"execute", resource);
@id("overflow") forbid(principal, action, resource)
when { resource.tool == "http.request" && 9007199254740991 * 2048 > 0 };`);
    const allowed = sliced(step([]));
    expect(allowed).toEqual(whole(step([])));
    expect(allowed.effect).toBe('allow');
    expect(errors).toEqual([]);
    const denied = sliced(step([], 'http.request'));
    expect(denied).toEqual(whole(step([], 'http.request')));
    expect(denied.reasons[0]).toMatch(/fail closed/);
    expect(errors).toEqual([[expect.stringMatching(/^overflow: /)], [expect.stringMatching(/^overflow: /)]]);
  });

  it('answers without Cedar when no policy survives, as Cedar would', () => {
    const { sliced, whole } = engines(`
@id("payments") permit(principal, action == Warrant::Action::"execute", resource)
when { resource.teams.contains("payments") };`);
    expect(sliced(step(['web']))).toEqual({
      step_id: 's1',
      effect: 'deny',
      policy_ids: [],
      reasons: ['no policy permits this step'],
    });
    expect(sliced(step(['web']))).toEqual(whole(step(['web'])));
  });

  it('stays exact when more slices are asked for than slots are kept', () => {
    const teams = Array.from({ length: 10 }, (_, i) => `team-${i}`);
    const { sliced, whole } = engines(
      teams
        .map(
          (team, i) => `@id("${team}") @quorum("${i + 1}")
permit(principal, action == Warrant::Action::"${i % 3 ? 'execute_with_approval' : 'execute'}", resource)
when { resource.teams.contains("${team}") };`,
        )
        .join('\n'),
    );
    // 300 distinct survivor sets, twice: the second pass finds the first's slots taken by later slices.
    const subsets = Array.from({ length: 300 }, (_, n) => teams.filter((_, i) => ((n * 337) >> i) & 1));
    for (const pass of [1, 2]) {
      for (const subset of subsets) expect(sliced(step(subset)), `pass ${pass}`).toEqual(whole(step(subset)));
    }
  });
});
