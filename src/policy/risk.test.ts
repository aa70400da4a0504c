import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BlastRadius, BlastScope, Environment } from './context-graph.ts';
import { riskRank, scorePlan, scoreStep } from './risk.ts';
import type { ResourceRef, ToolEffect } from './tool-catalog.ts';

const narrow: BlastRadius = {
  scope: 'namespace',
  namespaces: ['shop'],
  clusters: [],
  services: ['checkout'],
  teams: [],
};
const checkout: ResourceRef[] = [
  { kind: 'deployment', name: 'checkout', namespace: 'shop', scope: 'namespace' },
];
const step = (effect: ToolEffect, environment: Environment, blast_radius = narrow, input = {}) =>
  scoreStep({ tool: 'k8s.scale', effect, input, environment, resources: checkout, blast_radius });

describe('risk', () => {
  it('scores by effect and environment', () => {
    expect(step('read', 'prod').level).toBe('read');
    expect(step('write', 'dev').level).toBe('low');
    expect(step('write', 'stage').level).toBe('low');
    expect(step('write', 'prod').level).toBe('medium');
    expect(step('destructive', 'dev').level).toBe('high');
  });

  it('says why in one line a person reads', () => {
    expect(step('write', 'prod').reasons).toEqual(['k8s.scale writes to deployment checkout in prod']);
  });

  it('says when a tool reaches beyond its own system (open world), whatever its effect', () => {
    const open = scoreStep({
      tool: 'fs.fetch',
      effect: 'read',
      input: {},
      environment: 'dev',
      resources: [],
      blast_radius: narrow,
      open_world: true,
    });
    expect(open.level).toBe('read');
    expect(open.reasons).toEqual([
      'fs.fetch only reads',
      'fs.fetch reaches systems beyond its own (open world)',
    ]);
  });

  it('raises a write that reaches several services or a whole cluster', () => {
    const wide = { ...narrow, services: ['checkout', 'web'] };
    expect(step('write', 'dev', wide).level).toBe('medium');
    expect(step('write', 'prod', wide).reasons[1]).toBe('it touches 2 services: checkout, web');
    expect(step('write', 'prod', { ...narrow, scope: 'cluster' }).level).toBe('high');
  });

  it('treats scaling to zero in prod as high', () => {
    expect(step('write', 'prod', narrow, { replicas: 0 }).level).toBe('high');
    expect(step('write', 'stage', narrow, { replicas: 0 }).level).toBe('low');
  });

  it('never scores prod below another environment, nor a wider radius below a narrower one', () => {
    const scope = fc.constantFrom<BlastScope>('namespace', 'cluster', 'account');
    const effect = fc.constantFrom<ToolEffect>('read', 'write', 'destructive');
    fc.assert(
      fc.property(effect, scope, scope, fc.nat(3), (e, s1, s2, replicas) => {
        const [lo, hi] =
          ['namespace', 'cluster', 'account'].indexOf(s1) <= ['namespace', 'cluster', 'account'].indexOf(s2)
            ? [s1, s2]
            : [s2, s1];
        const at = (env: Environment, s: BlastScope) =>
          riskRank(step(e, env, { ...narrow, scope: s }, { replicas }).level);
        expect(at('prod', lo)).toBeGreaterThanOrEqual(at('dev', lo));
        expect(at('prod', hi)).toBeGreaterThanOrEqual(at('prod', lo));
        expect(at('dev', lo) === 0).toBe(e === 'read');
      }),
    );
  });

  it('scores a plan as its riskiest step, with every reason', () => {
    const plan = scorePlan([
      { step_id: 'a', risk: step('read', 'prod') },
      { step_id: 'b', risk: step('write', 'prod') },
    ]);
    expect(plan.level).toBe('medium');
    expect(plan.reasons).toEqual([
      'a: k8s.scale only reads',
      'b: k8s.scale writes to deployment checkout in prod',
    ]);
    expect(scorePlan([]).level).toBe('read');
  });
});
