import { describe, expect, it } from 'vitest';
import { blastRadius, type ContextGraph, indexGraph, mergeBlastRadius } from './context-graph.ts';
import type { ResourceRef } from './tool-catalog.ts';

const graph: ContextGraph = {
  services: [
    { service_id: 'svc-checkout', name: 'checkout', owner_team: 'payments', environments: ['prod'] },
    {
      service_id: 'svc-cart',
      name: 'cart',
      owner_team: 'shop',
      environments: ['prod'],
      argo_apps: ['cart-app'],
    },
    { service_id: 'svc-web', name: 'web', owner_team: 'frontend', environments: ['prod'] },
    { service_id: 'svc-mobile', name: 'mobile', owner_team: 'apps', environments: ['prod'] },
  ],
  nodes: [
    {
      node_id: 'n-dep',
      kind: 'deployment',
      name: 'checkout',
      labels: { namespace: 'shop' },
      owner_team: 'sre',
    },
    { node_id: 'n-dep-other', kind: 'deployment', name: 'checkout', labels: { namespace: 'staging' } },
    { node_id: 'n-rs', kind: 'replicaset', name: 'checkout-1', labels: {} },
    { node_id: 'svc-checkout', kind: 'service', name: 'checkout', labels: {} },
    { node_id: 'n-web', kind: 'service', name: 'web', labels: {} },
    { node_id: 'svc-mobile', kind: 'service', name: 'mobile', labels: {} },
  ],
  edges: [
    { from: 'n-dep', to: 'svc-checkout', relation: 'part_of' },
    { from: 'n-web', to: 'svc-checkout', relation: 'depends_on' },
    { from: 'svc-mobile', to: 'n-web', relation: 'depends_on' },
  ],
};
const indexed = indexGraph(graph);
const checkout: ResourceRef = { kind: 'deployment', name: 'checkout', namespace: 'shop', scope: 'namespace' };

describe('blast radius', () => {
  it('walks from a deployment to its service and the services that depend on it', () => {
    const radius = blastRadius([checkout], { environment: 'prod', cluster_id: 'eu-1' }, indexed);
    expect(radius).toEqual({
      scope: 'namespace',
      namespaces: ['shop'],
      clusters: ['eu-1'],
      services: ['checkout', 'web'],
      teams: ['frontend', 'payments', 'sre'],
    });
  });

  it('follows dependents further when asked', () => {
    const radius = blastRadius([checkout], { environment: 'prod' }, indexed, 2);
    expect(radius.services).toEqual(['checkout', 'mobile', 'web']);
  });

  it('matches node labels: the same name in another namespace is another resource', () => {
    const radius = blastRadius([{ ...checkout, namespace: 'other' }], { environment: 'prod' }, indexed);
    expect(radius.services).toEqual([]);
  });

  it('reaches a service through its Argo CD application', () => {
    const app: ResourceRef = { kind: 'argocd_application', name: 'cart-app', scope: 'namespace' };
    expect(blastRadius([app], { environment: 'prod' }, indexed).services).toEqual(['cart']);
  });

  it('widens the scope with the resources', () => {
    const ctx = { environment: 'prod' as const, cluster_id: 'eu-1', namespace: 'shop' };
    const other = { ...checkout, namespace: 'billing' };
    expect(blastRadius([checkout, other], ctx, indexed).scope).toBe('cluster');
    expect(blastRadius([{ kind: 'node', name: 'n1', scope: 'cluster' }], ctx, indexed).scope).toBe('cluster');
    expect(blastRadius([checkout, { ...checkout, cluster: 'us-1' }], ctx, indexed).scope).toBe('account');
    expect(blastRadius([{ kind: 'iam_role', name: 'r', scope: 'account' }], ctx, indexed).scope).toBe(
      'account',
    );
    expect(blastRadius([{ kind: 'url', name: 'x.com', scope: 'external' }], ctx, indexed)).toEqual({
      scope: 'namespace',
      namespaces: [],
      clusters: [],
      services: [],
      teams: [],
    });
  });

  it('survives dependency cycles', () => {
    const cyclic = indexGraph({
      ...graph,
      edges: [...graph.edges, { from: 'svc-checkout', to: 'n-web', relation: 'depends_on' }],
    });
    expect(blastRadius([checkout], { environment: 'prod' }, cyclic, 10).services).toEqual([
      'checkout',
      'mobile',
      'web',
    ]);
  });

  it('merges radii: the union, at least as wide as the counts say', () => {
    const a = blastRadius([checkout], { environment: 'prod', cluster_id: 'eu-1' }, indexed);
    const b = blastRadius(
      [{ ...checkout, namespace: 'billing' }],
      { environment: 'prod', cluster_id: 'eu-1' },
      indexed,
    );
    expect(mergeBlastRadius([a, b])).toMatchObject({ scope: 'cluster', namespaces: ['billing', 'shop'] });
  });
});
