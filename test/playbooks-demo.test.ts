import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSchema } from '../src/config/schema.ts';
import { connectorsFromConfig } from '../src/connectors/registry-from-config.ts';
import { SimulatedCluster } from '../src/connectors/simulated.ts';
import { type DemoKeys, seedDemo } from '../src/demo/seed.ts';
import type { PlanDiff } from '../src/plans/diff.ts';
import { builtinPlaybooks } from '../src/playbooks/builtin.ts';
import { type Harness, startHarness } from './harness.ts';

// The demo's wiring: `connectors.simulated.enabled` and nothing else configured, on the seeded demo tenant.
const sim = new SimulatedCluster({ latencyMs: 0 });
let h: Harness;
let keys: DemoKeys;

beforeAll(async () => {
  const config = configSchema.parse({ connectors: { simulated: { enabled: true, latency_ms: 0 } } });
  h = await startHarness({ config, connectors: connectorsFromConfig(config, {}, { simulated: sim }) });
  keys = await seedDemo(h.warrant, h.adminKey);
  await h.warrant.startWorker({ leaseSeconds: 5, reconcileMs: 200 });
});
afterAll(async () => {
  await h?.close();
});

interface RunBody {
  id: string;
  status: string;
  error: { code: string; message: string } | null;
  steps: { step_id: string; status: string; error: { message: string } | null }[];
}

/** Every built-in playbook, with parameters naming what the demo's cluster holds. In this order: the secret
 * rotation restarts checkout, which gives the incident remediation an earlier revision to roll back to (the
 * rollback is what brings the simulated error rate under the alert's threshold). */
const params: [string, Record<string, unknown>][] = [
  ['scale-service', { namespace: 'shop', deployment: 'cart', replicas: 4, environment: 'prod' }],
  ['gitops-deploy', { application: 'checkout', revision: '5b7e2d0', environment: 'prod' }],
  ['helm-release', { application: 'checkout', value: 'v43', environment: 'prod' }],
  [
    'secret-rotation',
    { path: 'shop/checkout-db', namespace: 'shop', k8s_name: 'checkout-db', deployment: 'checkout' },
  ],
  [
    'incident-remediation',
    {
      alertname: 'CheckoutErrorRate',
      namespace: 'shop',
      deployment: 'checkout',
      query: 'sum(rate(http_requests_errors_total{app="checkout"}[5m]))',
      threshold: 0.05,
      remedy: 'k8s.rollout_undo',
    },
  ],
];

async function runToEnd(planId: string): Promise<RunBody> {
  const started = await h.call<{ id: string }>('POST', `/v1/plans/${planId}/runs`, { key: keys.agent });
  expect(started.status).toBe(202);
  for (let i = 0; i < 600; i++) {
    const run = await h.call<RunBody>('GET', `/v1/runs/${started.body.id}`, { key: keys.agent });
    if (['succeeded', 'failed', 'rolled_back', 'cancelled'].includes(run.body.status)) return run.body;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the run did not finish');
}

describe('built-in playbooks on the demo cluster', () => {
  it('covers every built-in playbook', () => {
    expect(params.map(([name]) => name).sort()).toEqual(builtinPlaybooks().map((p) => p.name));
  });

  it('runs each to succeeded, with a diff an approver can read before approving', async () => {
    for (const [name, values] of params) {
      const plan = await h.call<{ id: string; status: string; detail?: string }>(
        'POST',
        `/v1/playbooks/${name}/plans`,
        { key: keys.agent, body: { params: values } },
      );
      expect(plan.status, `${name}: ${plan.body.detail}`).toBe(201);

      const diff = await h.call<PlanDiff>('GET', `/v1/plans/${plan.body.id}/diff`, { key: keys.alice });
      expect(diff.status).toBe(200);
      const unread = diff.body.steps.filter((s) => s.status !== 'previewed');
      expect(unread, `${name}: ${JSON.stringify(unread)}`).toEqual([]);

      for (const approver of [keys.alice, keys.bob]) {
        const current = await h.call<{ status: string }>('GET', `/v1/plans/${plan.body.id}`, {
          key: approver,
        });
        if (current.body.status !== 'pending_approval') break;
        const vote = await h.call('POST', `/v1/plans/${plan.body.id}/approvals`, {
          key: approver,
          body: { decision: 'approve' },
        });
        expect(vote.status).toBe(201);
      }
      const run = await runToEnd(plan.body.id);
      expect(run.status, `${name}: ${JSON.stringify(run.error)} ${JSON.stringify(run.steps)}`).toBe(
        'succeeded',
      );
    }

    // What the runs did to the simulated cluster.
    expect(sim.deployment('shop', 'cart').spec!.replicas).toBe(4);
    const checkout = sim.application('checkout');
    expect(checkout.status!.sync!.revision).toBe('5b7e2d0');
    expect(checkout.spec?.source?.helm?.parameters).toEqual([{ name: 'image.tag', value: 'v43' }]);
    expect(sim.errorRate).toBeLessThan(0.05);
  });
});
