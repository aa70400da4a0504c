import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectorRegistry } from '../src/connectors/connector.ts';
import { KubernetesConnector, kubeConfigFor } from '../src/connectors/kubernetes.ts';
import { SimulatedCluster } from '../src/connectors/simulated.ts';
import type { PlanDiff } from '../src/plans/diff.ts';
import { Warrant } from '../src/sdk/index.ts';
import { type FakeKubernetesState, stableJson, startFakeKubernetes } from './fakes/kubernetes.ts';
import type { FakeServer } from './fakes/server.ts';
import { type Harness, keyFor, startHarness } from './harness.ts';

const scale = (deployment: string, replicas: number) => ({
  step_id: `scale-${deployment}`,
  action: `Scale ${deployment} to ${replicas}`,
  tool: 'k8s.scale',
  input: { namespace: 'shop', deployment, replicas },
  rollback: { type: 'scale', steps: [] },
});

const plan = (steps: unknown[]) => ({
  summary: 'Add capacity and roll payments back',
  intent: 'Checkout errors after the last payments release.',
  context: { environment: 'stage', namespace: 'shop' },
  steps,
});

describe('what a plan will change, against the Kubernetes fake', () => {
  let h: Harness;
  let k8s: FakeServer<FakeKubernetesState>;
  let agent: string;

  beforeAll(async () => {
    k8s = await startFakeKubernetes();
    k8s.state.addDeployment('shop', 'checkout', { replicas: 2 });
    // payments: released v41, then v42 (its current revision).
    const payments = k8s.state.addDeployment('shop', 'payments', { replicas: 3, image: 'payments:v41' });
    const patched = await fetch(`${k8s.url}/apis/apps/v1/namespaces/shop/deployments/payments`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/merge-patch+json' },
      body: JSON.stringify({
        spec: { template: { spec: { containers: [{ name: 'payments', image: 'payments:v42' }] } } },
      }),
    });
    expect(patched.status).toBe(200);
    expect(payments.spec!.template.spec!.containers[0]!.image).toBe('payments:v42');
    const connectors = new ConnectorRegistry([
      new KubernetesConnector({ kubeConfig: kubeConfigFor({ apiUrl: k8s.url }) }),
    ]);
    h = await startHarness({ connectors });
    agent = await keyFor(h, 'shop', 'agent', 'bot');
  });
  afterAll(async () => {
    await h?.close();
    await k8s?.close();
  });

  it('reads each step live and dry-runs it on the API server; the fake holds nothing new afterwards', async () => {
    const submitted = await h.call<{ id: string }>('POST', '/v1/plans', {
      key: agent,
      body: plan([
        scale('checkout', 6),
        {
          step_id: 'undo-payments',
          action: 'Roll payments back to the previous release',
          tool: 'k8s.rollout_undo',
          input: { namespace: 'shop', deployment: 'payments' },
          rollback: {
            type: 'custom',
            steps: ['k8s.rollout_restart {"namespace":"shop","deployment":"payments"}'],
          },
        },
        {
          step_id: 'wait-checkout',
          action: 'Wait for checkout',
          tool: 'k8s.wait_ready',
          input: { namespace: 'shop', deployment: 'checkout', timeout_seconds: 60 },
        },
        {
          step_id: 'sync-checkout',
          action: 'Sync checkout in Argo CD',
          tool: 'argocd.sync',
          input: { application: 'checkout' },
          rollback: { type: 'argo', steps: [] },
        },
      ]),
    });
    expect(submitted.status).toBe(201);
    // What is stored, less the status a GET recomputes.
    const stored = () =>
      stableJson([
        [...k8s.state.deployments.values()].map(({ status: _status, ...rest }) => rest),
        k8s.state.replicaSets,
      ]);
    const stateBefore = stored();
    const effectsBefore = [...k8s.effectsByKey];
    const callsBefore = k8s.calls.length;

    const answer = await h.call<PlanDiff>('GET', `/v1/plans/${submitted.body.id}/diff`, { key: agent });
    expect(answer.status).toBe(200);
    const diff = answer.body;
    const [scaled, undone, waited, synced] = diff.steps;

    expect(scaled).toMatchObject({
      status: 'previewed',
      connector: 'kubernetes',
      method: 'dry_run',
      changes: [{ resource: 'deployment/shop/checkout', field: 'replicas', before: 2, after: 6 }],
      rollback: 'scaled back to 2 replicas',
    });
    expect(undone).toMatchObject({
      status: 'previewed',
      method: 'dry_run',
      changes: [
        {
          resource: 'deployment/shop/payments',
          field: 'image (payments)',
          before: 'payments:v42',
          after: 'payments:v41',
        },
      ],
    });
    expect(waited).toMatchObject({ status: 'previewed', method: 'read_only', changes: [] });
    expect(waited!.notes).toEqual(['waits until 2 replicas of shop/checkout are ready (2 ready now)']);
    // No connector serves argocd.sync here: the step says so, the others are still answered.
    expect(synced).toMatchObject({
      status: 'unavailable',
      connector: null,
      changes: [],
      reason: 'no connector is configured for tool argocd.sync',
    });

    expect(diff.summary).toEqual([
      'scale-checkout: deployment/shop/checkout replicas 2 → 6',
      'undo-payments: deployment/shop/payments image (payments) payments:v42 → payments:v41',
      'wait-checkout: changes nothing; waits until 2 replicas of shop/checkout are ready (2 ready now)',
      'sync-checkout: cannot say what changes (no connector is configured for tool argocd.sync)',
    ]);
    expect(diff.rollback).toBe(
      'Undone in reverse order of completion: sync-checkout — Argo CD rolls the application back to the ' +
        'history entry before the sync; undo-payments — runs k8s.rollout_restart ' +
        '{"namespace":"shop","deployment":"payments"}; scale-checkout — scaled back to 2 replicas.',
    );
    expect(diff.on_failure).toContain(
      'If scale-checkout fails: nothing has run before it; the run ends failed.',
    );
    expect(diff.on_failure).toContain(
      'If undo-payments fails: scale-checkout is undone (scaled back to 2 replicas); the run ends rolled_back.',
    );
    expect(diff.on_failure).toContain(
      'If sync-checkout fails: undo-payments is undone (runs k8s.rollout_restart ' +
        '{"namespace":"shop","deployment":"payments"}), then scale-checkout is undone (scaled back to 2 ' +
        'replicas); wait-checkout cannot be undone, so the run ends failed.',
    );

    // Only reads and dry runs reached the API server, and it stored nothing.
    const calls = k8s.calls.slice(callsBefore);
    expect(calls.filter((c) => c.method === 'PATCH').map((c) => c.query)).toEqual([
      '?dryRun=All',
      '?dryRun=All',
    ]);
    expect(calls.every((c) => c.method === 'GET' || c.query === '?dryRun=All')).toBe(true);
    expect(stored()).toBe(stateBefore);
    expect(k8s.state.deployments.get('shop/checkout')!.spec!.replicas).toBe(2);
    expect([...k8s.effectsByKey]).toEqual(effectsBefore);
  });

  it("answers 404 for another tenant's plan", async () => {
    const submitted = await h.call<{ id: string }>('POST', '/v1/plans', {
      key: agent,
      body: plan([scale('checkout', 4)]),
    });
    const other = await keyFor(h, 'elsewhere', 'admin', 'other-admin');
    const answer = await h.call<{ code: string }>('GET', `/v1/plans/${submitted.body.id}/diff`, {
      key: other,
    });
    expect(answer.status).toBe(404);
    expect(answer.headers.get('content-type')).toContain('application/problem+json');
    const missing = await h.call('GET', '/v1/plans/00000000-0000-4000-8000-000000000000/diff', {
      key: agent,
    });
    expect(missing.status).toBe(404);
  });
});

describe('what a plan will change, on the simulated cluster', () => {
  let h: Harness;
  const sim = new SimulatedCluster({ latencyMs: 0 });

  beforeAll(async () => {
    h = await startHarness({ connectors: new ConnectorRegistry([sim]) });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('answers from its own state and changes none of it', async () => {
    const agent = await keyFor(h, 'shop', 'agent', 'bot');
    const submitted = await h.call<{ id: string }>('POST', '/v1/plans', {
      key: agent,
      body: plan([
        scale('cart', 4),
        {
          step_id: 'sync-checkout',
          action: 'Deploy checkout at 5b7e2d0',
          tool: 'argocd.sync',
          input: { application: 'checkout', revision: '5b7e2d0' },
          rollback: { type: 'argo', steps: [] },
        },
        {
          step_id: 'undo-payments',
          action: 'Undo payments',
          tool: 'k8s.rollout_undo',
          input: { namespace: 'shop', deployment: 'payments-broken' },
        },
      ]),
    });
    expect(submitted.status).toBe(201);
    const answer = await h.call<PlanDiff>('GET', `/v1/plans/${submitted.body.id}/diff`, { key: agent });
    expect(answer.status).toBe(200);
    expect(answer.body.summary).toEqual([
      'scale-cart: deployment/shop/cart replicas 2 → 4',
      'sync-checkout: application/checkout revision 4f2a9c1 → 5b7e2d0; syncs checkout (health now Healthy)',
      'undo-payments: deployment/shop/payments-broken image (payments-broken) payments:v42 → payments:v41',
    ]);
    // The SDK reads the same answer.
    const sdk = await new Warrant({ url: h.url, apiKey: agent }).diff(submitted.body.id);
    expect(sdk.summary).toEqual(answer.body.summary);
    expect(answer.body.steps[1]!.rollback).toBe(
      'Argo CD rolls the application back to the history entry before the sync (revision 4f2a9c1)',
    );
    expect(sim.deployment('shop', 'cart').spec!.replicas).toBe(2);
    expect(sim.application('checkout').status!.sync!.revision).toBe('4f2a9c1');
    expect(sim.deployment('shop', 'payments-broken').spec!.template.spec!.containers[0]!.image).toBe(
      'payments:v42',
    );
    expect(sim.counters.effects).toBe(0);
  });
});
