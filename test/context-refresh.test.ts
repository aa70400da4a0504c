// Issue 20 (seed 001): the context graph refreshed from a live source. A fake Kubernetes API server (its real wire
// format) is read through the Kubernetes connector; each refresh makes the graph hold what the cluster shows,
// leaves what people entered alone, and records a snapshot. PGlite, and PostgreSQL with WARRANT_TEST_DATABASE_URL.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectorRegistry } from '../src/connectors/connector.ts';
import { KubernetesConnector, kubeConfigFor } from '../src/connectors/kubernetes.ts';
import { type FakeKubernetesState, startFakeKubernetes } from './fakes/kubernetes.ts';
import type { FakeServer } from './fakes/server.ts';
import { type Harness, keyFor, startHarness } from './harness.ts';
import { rowsOf } from './rows.ts';

let k8s: FakeServer<FakeKubernetesState>;
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
type Snapshot = {
  id: string;
  sources: string[];
  graph_hash: string;
  counts: Record<string, Record<string, number>>;
};

beforeAll(async () => {
  k8s = await startFakeKubernetes();
  k8s.state.namespaces.set('shop', { environment: 'production', team: 'payments' });
  k8s.state.namespaces.set('sandbox', { env: 'dev' });
  k8s.state.addDeployment('shop', 'checkout');
  k8s.state.addDeployment('shop', 'cart', { labels: { team: 'basket' } });
  k8s.state.addDeployment('sandbox', 'checkout');
  h = await startHarness({
    connectors: new ConnectorRegistry([
      new KubernetesConnector({ kubeConfig: kubeConfigFor({ apiUrl: k8s.url }) }),
    ]),
  });
  operator = await keyFor(h, 'refreshed', 'operator');
});
afterAll(async () => Promise.all([h?.close(), k8s?.close()]));

const graph = async (key = operator) => (await h.call<Graph>('GET', '/v1/context/graph', { key })).body;
const refresh = (body: unknown = {}, key = operator) =>
  h.call<Snapshot & { code?: string }>('POST', '/v1/context/refresh', { key, body });

describe('POST /v1/context/refresh', () => {
  it('puts the cluster’s namespaces and deployments in the graph, placed and owned by their labels', async () => {
    // What people entered: a service the deployments name, and a node of their own.
    const service = { name: 'checkout', owner_team: 'payments' };
    expect(
      (await h.call('PUT', '/v1/context/services/checkout', { key: operator, body: service })).status,
    ).toBe(201);
    const own = { kind: 'database', name: 'orders-db', labels: { environment: 'prod' } };
    expect((await h.call('PUT', '/v1/context/nodes/orders-db', { key: operator, body: own })).status).toBe(
      201,
    );

    const first = await refresh();
    expect(first.status).toBe(201);
    // Two namespaces and three deployments; each deployment in its namespace, and the two checkouts in the
    // service (cart's app names no service: no edge).
    expect(first.body.counts).toEqual({
      kubernetes: { nodes: 5, edges: 5, removed_nodes: 0, removed_edges: 0 },
    });
    const { nodes, edges } = await graph();
    const byId = new Map(nodes.map((node) => [node.node_id, node]));
    expect(byId.get('kubernetes:namespace:shop')).toMatchObject({
      kind: 'namespace',
      labels: { environment: 'prod', 'warrant.dev/source': 'kubernetes' },
      owner_team: 'payments',
    });
    expect(byId.get('kubernetes:deployment:shop/cart')).toMatchObject({
      kind: 'deployment',
      name: 'cart',
      labels: { namespace: 'shop' },
      owner_team: 'basket',
    });
    expect(byId.get('orders-db')?.labels).toEqual({ environment: 'prod' });
    expect(edges.map((edge) => edge.edge_id).sort()).toEqual([
      'kubernetes:in:sandbox/checkout',
      'kubernetes:in:shop/cart',
      'kubernetes:in:shop/checkout',
      'kubernetes:service:sandbox/checkout',
      'kubernetes:service:shop/checkout',
    ]);

    // Decisions use it: scaling checkout in sandbox is placed in dev by the namespace's label (not the default
    // prod), and its blast radius reaches the service.
    const assessed = await h.call<{
      blast_radius: { services: string[] };
      steps: { facts: { environment: string } }[];
      decision: { context_graph: { hash: string; snapshot_id: string; snapshot_hash: string } };
    }>('POST', '/v1/context/blast-radius', {
      key: operator,
      body: {
        context: { environment: 'dev' },
        steps: [{ tool: 'k8s.scale', input: { namespace: 'sandbox', deployment: 'checkout', replicas: 2 } }],
      },
    });
    expect(assessed.status).toBe(200);
    expect(assessed.body.blast_radius.services).toEqual(['checkout']);
    expect(assessed.body.steps[0]!.facts.environment).toBe('dev');
    // The decision names the snapshot its graph came from, and that the graph is still what the refresh left.
    expect(assessed.body.decision.context_graph).toEqual({
      hash: first.body.graph_hash,
      snapshot_id: first.body.id,
      snapshot_hash: first.body.graph_hash,
    });
    // A plan's stored decision too.
    const plan = await h.call<{ decision: { context_graph: { snapshot_id: string } } }>('POST', '/v1/plans', {
      key: await keyFor(h, 'refreshed', 'agent'),
      body: {
        summary: 'Scale sandbox checkout',
        intent: 'Try two replicas of checkout in the sandbox.',
        context: { environment: 'dev' },
        steps: [
          {
            step_id: 'scale',
            action: 'Scale',
            tool: 'k8s.scale',
            input: { namespace: 'sandbox', deployment: 'checkout', replicas: 2 },
          },
        ],
      },
    });
    expect(plan.status).toBe(201);
    expect(plan.body.decision.context_graph.snapshot_id).toBe(first.body.id);
    // A person's change after the refresh: the graph's hash no longer matches the snapshot's.
    await h.call('PUT', '/v1/context/nodes/orders-db', { key: operator, body: { ...own, labels: {} } });
    const after = await h.call<{ decision: { context_graph: { hash: string; snapshot_hash: string } } }>(
      'POST',
      '/v1/context/blast-radius',
      {
        key: operator,
        body: {
          context: { environment: 'dev' },
          steps: [{ tool: 'prometheus.query', input: { query: 'up' } }],
        },
      },
    );
    expect(after.body.decision.context_graph.hash).not.toBe(after.body.decision.context_graph.snapshot_hash);
  });

  it('follows the cluster: what is gone is removed, what people entered stays; each refresh is a snapshot', async () => {
    k8s.state.deployments.delete('shop/cart');
    k8s.state.addDeployment('shop', 'payments');
    const second = await refresh({ sources: ['kubernetes'] });
    expect(second.status).toBe(201);
    expect(second.body.counts['kubernetes']).toMatchObject({ nodes: 1, removed_nodes: 1, removed_edges: 1 });
    const ids = (await graph()).nodes.map((node) => node.node_id);
    expect(ids).toContain('kubernetes:deployment:shop/payments');
    expect(ids).not.toContain('kubernetes:deployment:shop/cart');
    expect(ids).toContain('orders-db');
    // Unchanged cluster: nothing changes, and the graph's hash says so.
    const third = await refresh();
    expect(third.body.counts['kubernetes']).toMatchObject({ nodes: 0, edges: 0, removed_nodes: 0 });
    expect(third.body.graph_hash).toBe(second.body.graph_hash);

    const listed = await h.call<{ items: Snapshot[] }>('GET', '/v1/context/snapshots', { key: operator });
    expect(listed.body.items.map((s) => s.id)).toEqual([third.body.id, second.body.id, expect.any(String)]);
    const events = rowsOf<{ action: string; context: { snapshot_id: string } }>(
      await h.warrant.db.orm.execute(
        sql`SELECT action, body->'context' AS context FROM audit_events WHERE action = 'context.refreshed'`,
      ),
    );
    expect(events.map((event) => event.context.snapshot_id)).toContain(second.body.id);
  });

  it('is for admins and operators of the tenant; refuses unknown sources; a failing source changes nothing', async () => {
    const viewer = await keyFor(h, 'refreshed', 'viewer');
    expect((await refresh({}, viewer)).status).toBe(403);
    const stranger = await keyFor(h, 'elsewhere', 'admin');
    expect(
      (await h.call<{ items: unknown[] }>('GET', '/v1/context/snapshots', { key: stranger })).body.items,
    ).toEqual([]);
    expect(await refresh({ sources: ['argocd'] })).toMatchObject({
      status: 400,
      body: { code: 'no_context_source' },
    });
    expect((await refresh({ sources: 'kubernetes' })).status).toBe(400);

    const before = await graph();
    k8s.fail({ status: 500 });
    const failed = await refresh();
    expect(failed).toMatchObject({ status: 503, body: { code: 'context_source_unavailable' } });
    expect(failed.headers.get('retry-after')).toBe('30');
    expect(await graph()).toEqual(before);
  });
});

describe('the scheduled refresh (config context.refresh_interval_ms, refresh_tenants)', () => {
  it('refreshes the named tenants’ graphs in the background, as the installation itself', async () => {
    const scheduled = await startHarness({
      connectors: new ConnectorRegistry([
        new KubernetesConnector({ kubeConfig: kubeConfigFor({ apiUrl: k8s.url }) }),
      ]),
      config: {
        context: { refresh_interval_ms: 100, refresh_tenants: ['timed', 'no-such-tenant'] },
      } as never,
    });
    try {
      const key = await keyFor(scheduled, 'timed', 'viewer');
      scheduled.warrant.startBackground();
      const deadline = Date.now() + 30_000;
      let items: (Snapshot & { taken_by: string })[] = [];
      while (items.length === 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        items = (await scheduled.call<{ items: typeof items }>('GET', '/v1/context/snapshots', { key })).body
          .items;
      }
      expect(items[0]).toMatchObject({ taken_by: 'system', sources: ['kubernetes'] });
      const nodes = (await scheduled.call<Graph>('GET', '/v1/context/graph', { key })).body.nodes;
      expect(nodes.map((node) => node.node_id)).toContain('kubernetes:namespace:shop');
    } finally {
      await scheduled.close();
    }
  });
});
