// Issue 20 (seed 001): Argo CD's applications in the context graph, refreshed from a fake Argo CD (its REST wire
// format) beside a fake Kubernetes API: each application placed, part of its service (so a step on it is decided
// with that service's radius), deploying into the namespace the cluster shows; gone from the graph once gone from
// Argo CD.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArgoCdConnector } from '../src/connectors/argocd.ts';
import { ConnectorRegistry } from '../src/connectors/connector.ts';
import { KubernetesConnector, kubeConfigFor } from '../src/connectors/kubernetes.ts';
import { type FakeArgoCdState, startFakeArgoCD } from './fakes/argocd.ts';
import { type FakeKubernetesState, startFakeKubernetes } from './fakes/kubernetes.ts';
import type { FakeServer } from './fakes/server.ts';
import { type Harness, keyFor, startHarness } from './harness.ts';

const TOKEN = 'argocd-test-token';
let k8s: FakeServer<FakeKubernetesState>;
let argo: FakeServer<FakeArgoCdState>;
let h: Harness;
let operator: string;

type Graph = {
  nodes: {
    node_id: string;
    kind: string;
    name: string;
    labels: Record<string, string>;
    owner_team?: string;
  }[];
  edges: { edge_id: string; from_node_id: string; to_node_id: string; relation: string }[];
};

beforeAll(async () => {
  k8s = await startFakeKubernetes();
  k8s.state.namespaces.set('shop', { environment: 'production', team: 'payments' });
  k8s.state.addDeployment('shop', 'checkout');
  argo = await startFakeArgoCD({ token: TOKEN });
  const checkout = argo.state.addApp('checkout');
  checkout.metadata.labels = { team: 'payments', environment: 'production' };
  checkout.spec = {
    ...checkout.spec,
    project: 'default',
    destination: { server: 'https://kubernetes.default.svc', namespace: 'shop' },
    source: { repoURL: 'https://git.example/acme/deploy.git', path: 'apps/checkout', targetRevision: 'main' },
  };
  argo.state.addApp('docs').spec = { destination: { namespace: 'docs' } };
  h = await startHarness({
    connectors: new ConnectorRegistry([
      new KubernetesConnector({ kubeConfig: kubeConfigFor({ apiUrl: k8s.url }) }),
      new ArgoCdConnector({ addr: argo.url, token: TOKEN }),
    ]),
  });
  operator = await keyFor(h, 'argo-refreshed', 'operator');
  await h.call('PUT', '/v1/context/services/checkout', {
    key: operator,
    body: { name: 'checkout', owner_team: 'payments' },
  });
});
afterAll(async () => Promise.all([h?.close(), k8s?.close(), argo?.close()]));

const graph = async () => (await h.call<Graph>('GET', '/v1/context/graph', { key: operator })).body;

describe('Argo CD applications in the context graph', () => {
  it('places each application, ties it to its service and namespace, and decides steps on it with them', async () => {
    const refreshed = await h.call<{ sources: string[]; counts: Record<string, { nodes: number }> }>(
      'POST',
      '/v1/context/refresh',
      { key: operator, body: {} },
    );
    expect(refreshed.status).toBe(201);
    expect(refreshed.body.sources).toEqual(['kubernetes', 'argocd']);
    const { nodes, edges } = await graph();
    expect(nodes.find((n) => n.node_id === 'argocd:application:checkout')).toMatchObject({
      kind: 'argocd_application',
      name: 'checkout',
      owner_team: 'payments',
      labels: {
        environment: 'prod',
        namespace: 'shop',
        repo: 'https://git.example/acme/deploy.git',
        path: 'apps/checkout',
        revision: 'main',
        'warrant.dev/source': 'argocd',
      },
    });
    const argoEdges = edges.filter((e) => e.edge_id.startsWith('argocd:'));
    // docs names no service that exists and deploys into a namespace the cluster does not have: no edges.
    expect(argoEdges.map((e) => [e.edge_id, e.to_node_id, e.relation]).sort()).toEqual([
      ['argocd:deploys:checkout', 'kubernetes:namespace:shop', 'deploys_to'],
      ['argocd:service:checkout', 'checkout', 'part_of'],
    ]);

    const assessed = await h.call<{ blast_radius: { services: string[]; teams: string[] } }>(
      'POST',
      '/v1/context/blast-radius',
      {
        key: operator,
        body: {
          context: { environment: 'prod' },
          steps: [{ tool: 'argocd.sync', input: { application: 'checkout' } }],
        },
      },
    );
    expect(assessed.status).toBe(200);
    expect(assessed.body.blast_radius.services).toEqual(['checkout']);
    expect(assessed.body.blast_radius.teams).toContain('payments');
  });

  it('removes an application Argo CD no longer has, and only what Argo CD put there', async () => {
    argo.state.apps.delete('docs');
    await h.call('POST', '/v1/context/refresh', { key: operator, body: { sources: ['argocd'] } });
    const { nodes } = await graph();
    expect(nodes.map((n) => n.node_id)).not.toContain('argocd:application:docs');
    expect(nodes.map((n) => n.node_id)).toContain('argocd:application:checkout');
    expect(nodes.map((n) => n.node_id)).toContain('kubernetes:namespace:shop');
  });

  it('refuses a refresh from Argo CD that answers with an error, changing nothing', async () => {
    const before = await graph();
    argo.fail({ method: 'GET', path: /^\/api\/v1\/applications$/, status: 503 });
    const failed = await h.call<{ code: string }>('POST', '/v1/context/refresh', {
      key: operator,
      body: { sources: ['argocd'] },
    });
    expect(failed.status).toBe(503);
    expect(failed.body.code).toBe('context_source_unavailable');
    expect(await graph()).toEqual(before);
  });
});
