import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ContextGraph, type Environment, indexGraph } from './context-graph.ts';
import { placeStep, planEnvironment } from './environment.ts';
import type { ResourceRef } from './tool-catalog.ts';

const graph: ContextGraph = {
  services: [
    { service_id: 'svc-cart', name: 'cart', owner_team: 'shop', environments: ['stage', 'prod'] },
    {
      service_id: 'svc-web',
      name: 'web',
      owner_team: 'web',
      environments: ['stage'],
      argo_apps: ['web-app'],
    },
  ],
  nodes: [
    {
      node_id: 'cart-eu',
      kind: 'deployment',
      name: 'cart',
      labels: { namespace: 'shop', environment: 'prod', cluster: 'eu-1', account: '1111' },
    },
    { node_id: 'api', kind: 'deployment', name: 'api', labels: { namespace: 'shop' } },
    { node_id: 'shop-stage', kind: 'namespace', name: 'shop', labels: {} },
    { node_id: 'team-ns', kind: 'namespace', name: 'team', labels: { environment: 'dev', cluster: 'us-1' } },
    { node_id: 'odd', kind: 'deployment', name: 'odd', labels: { namespace: 'team', environment: 'qa' } },
    { node_id: 'svc-cart', kind: 'service', name: 'cart', labels: {} },
  ],
  edges: [{ from: 'api', to: 'svc-cart', relation: 'part_of' }],
};
const indexed = indexGraph(graph);
const deployment = (name: string, namespace = 'shop'): ResourceRef => ({
  kind: 'deployment',
  name,
  namespace,
  scope: 'namespace',
});

describe('where a step is decided', () => {
  it('takes the environment, cluster and account of a resource from its node, not from the plan', () => {
    const placed = placeStep(
      [deployment('cart')],
      { environment: 'dev', namespace: 'elsewhere', cluster_id: 'us-9', aws_account_id: '9999' },
      indexed,
      'prod',
    );
    expect(placed).toEqual({
      environment: { value: 'prod', source: 'context_graph', declared: 'dev' },
      namespace: 'shop',
      cluster: 'eu-1',
      account: '1111',
      reason: 'decided in prod, not the declared dev: the context graph places deployment shop/cart in prod',
    });
  });

  it('falls back on the environments of the services a resource belongs to, the strictest first', () => {
    expect(placeStep([deployment('api')], { environment: 'stage' }, indexed, 'dev').environment).toEqual({
      value: 'prod',
      source: 'context_graph',
      declared: 'stage',
    });
    const app: ResourceRef = { kind: 'argocd_application', name: 'web-app', scope: 'namespace' };
    expect(placeStep([app], { environment: 'dev' }, indexed, 'prod').environment.value).toBe('stage');
  });

  it("places a namespaced resource by its namespace's node, and counts an unknown label as prod", () => {
    const placed = placeStep([deployment('worker', 'team')], { environment: 'dev' }, indexed, 'prod');
    expect(placed).toMatchObject({ environment: { value: 'dev', source: 'context_graph' }, cluster: 'us-1' });
    expect(placed.reason).toBeUndefined();
    expect(
      placeStep([deployment('odd', 'team')], { environment: 'dev' }, indexed, 'dev').environment.value,
    ).toBe('prod');
  });

  it('decides an unplaced resource, or a step naming none, as the unmapped environment', () => {
    expect(placeStep([deployment('ghost')], { environment: 'dev' }, indexed, 'prod')).toMatchObject({
      environment: { value: 'prod', source: 'default', declared: 'dev' },
      reason: 'decided in prod, not the declared dev: the context graph does not place deployment shop/ghost',
    });
    expect(placeStep([], { environment: 'stage' }, indexed, 'prod').environment).toEqual({
      value: 'prod',
      source: 'default',
      declared: 'stage',
    });
    // Unmapped set to dev: the declaration decides what the graph does not place.
    expect(placeStep([], { environment: 'stage' }, indexed, 'dev').environment).toEqual({
      value: 'stage',
      source: 'declared',
      declared: 'stage',
    });
  });

  it('lets a declaration be stricter than the graph, never laxer', () => {
    const env = fc.constantFrom<Environment>('dev', 'stage', 'prod');
    const rank = (e: Environment) => ['dev', 'stage', 'prod'].indexOf(e);
    const names = fc.constantFrom('cart', 'api', 'ghost', 'worker', 'odd');
    const namespaces = fc.constantFrom('shop', 'team', 'other');
    fc.assert(
      fc.property(
        fc.array(fc.tuple(names, namespaces), { maxLength: 4 }),
        env,
        env,
        (refs, declared, unmapped) => {
          const resources = refs.map(([name, namespace]) => deployment(name, namespace));
          const decided = placeStep(resources, { environment: declared }, indexed, unmapped).environment;
          const lax = placeStep(resources, { environment: 'dev' }, indexed, unmapped).environment;
          expect(rank(decided.value)).toBeGreaterThanOrEqual(rank(declared));
          // Whatever is declared, a step is never decided laxer than where its resources are.
          expect(rank(decided.value)).toBeGreaterThanOrEqual(rank(lax.value));
          expect(decided.value).toBe(rank(declared) > rank(lax.value) ? declared : lax.value);
          if (decided.source === 'declared') expect(rank(declared)).toBeGreaterThan(rank(lax.value));
        },
      ),
    );
  });

  it('decides a plan in its strictest step', () => {
    expect(
      planEnvironment([
        { value: 'stage', source: 'declared', declared: 'stage' },
        { value: 'prod', source: 'default', declared: 'stage' },
        { value: 'prod', source: 'context_graph', declared: 'stage' },
      ]),
    ).toEqual({ value: 'prod', source: 'default', declared: 'stage' });
    expect(planEnvironment([])).toBeUndefined();
  });
});
