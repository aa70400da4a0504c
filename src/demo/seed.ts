import { join } from 'node:path';
import type { Warrant } from '../app.ts';
import { writePrivateFile } from '../core/key-file.ts';
import type { Actor } from '../core/roles.ts';
import type { PlanSubmissionInput } from '../plans/plan-schema.ts';
import { PlanSubmissionSchema } from '../plans/plan-schema.ts';

export interface DemoKeys {
  agent: string;
  alice: string;
  bob: string;
  oncall: string;
}

/**
 * The shop the demo tells its story about: services, owners, what depends on what, and where its deployments
 * run (prod, whatever a plan declares).
 */
const services = [
  {
    service_id: 'checkout',
    name: 'Checkout',
    owner_team: 'payments-team',
    environments: ['stage', 'prod'],
    argo_apps: ['checkout'],
  },
  {
    service_id: 'payments',
    name: 'Payments',
    owner_team: 'payments-team',
    environments: ['stage', 'prod'],
    argo_apps: ['payments-broken'],
  },
  {
    service_id: 'cart',
    name: 'Cart',
    owner_team: 'storefront-team',
    environments: ['stage', 'prod'],
    argo_apps: [],
  },
];
const nodes = [
  {
    node_id: 'deploy-checkout',
    kind: 'deployment',
    name: 'checkout',
    labels: { namespace: 'shop', environment: 'prod', cluster: 'eu-west-1' },
    owner_team: 'payments-team',
  },
  {
    node_id: 'deploy-payments',
    kind: 'deployment',
    name: 'payments-broken',
    labels: { namespace: 'shop', environment: 'prod', cluster: 'eu-west-1' },
    owner_team: 'payments-team',
  },
  {
    node_id: 'deploy-cart',
    kind: 'deployment',
    name: 'cart',
    labels: { namespace: 'shop', environment: 'prod', cluster: 'eu-west-1' },
    owner_team: 'storefront-team',
  },
  // Service nodes carry the service's id, which ties them to the services above.
  { node_id: 'checkout', kind: 'service', name: 'checkout', labels: {} },
  { node_id: 'payments', kind: 'service', name: 'payments', labels: {} },
  { node_id: 'cart', kind: 'service', name: 'cart', labels: {} },
];
const edges = [
  { edge_id: 'e1', from_node_id: 'deploy-checkout', to_node_id: 'checkout', relation: 'part_of' },
  { edge_id: 'e2', from_node_id: 'deploy-payments', to_node_id: 'payments', relation: 'part_of' },
  { edge_id: 'e3', from_node_id: 'deploy-cart', to_node_id: 'cart', relation: 'part_of' },
  { edge_id: 'e4', from_node_id: 'checkout', to_node_id: 'payments', relation: 'depends_on' },
  { edge_id: 'e5', from_node_id: 'cart', to_node_id: 'checkout', relation: 'depends_on' },
];

/** The risky prod change of the story: scale up checkout, then undo the payments rollout (which fails). */
export const riskyPlan: PlanSubmissionInput = {
  summary: 'Stabilise checkout: add capacity and undo the bad payments rollout',
  intent:
    'Error rate on checkout rose to 12% after the last payments release; add headroom and roll payments back.',
  trigger: 'alert',
  context: { environment: 'prod', cluster_id: 'eu-west-1', namespace: 'shop' },
  purpose: 'Bring the checkout error rate back under 1%',
  success_criteria: ['checkout error rate < 1% for 10 minutes'],
  steps: [
    {
      step_id: 'scale-checkout',
      action: 'Scale checkout to 6 replicas',
      tool: 'k8s.scale',
      input: { namespace: 'shop', deployment: 'checkout', replicas: 6 },
      preconditions: ['promql: sum(rate(http_requests_errors_total{app="checkout"}[5m])) > 0.05'],
      rollback: { type: 'scale', steps: [] },
      evidence_required: [
        { type: 'promql', query: 'sum(rate(http_requests_errors_total{app="checkout"}[5m]))' },
        { type: 'k8s', query: 'deployment/shop/checkout' },
      ],
    },
    {
      step_id: 'undo-payments',
      action: 'Roll payments back to the previous release',
      tool: 'k8s.rollout_undo',
      input: { namespace: 'shop', deployment: 'payments-broken' },
      rollback: {
        type: 'custom',
        steps: ['k8s.rollout_restart {"namespace":"shop","deployment":"payments-broken"}'],
      },
      evidence_required: [{ type: 'k8s', query: 'deployment/shop/payments-broken' }],
    },
  ],
};

const samplePlans: PlanSubmissionInput[] = [
  {
    summary: 'Check the checkout error rate',
    intent: 'Read the current error rate of checkout for the incident channel.',
    context: { environment: 'prod', namespace: 'shop' },
    steps: [
      {
        step_id: 'query',
        action: 'Query the error rate',
        tool: 'prometheus.query',
        input: { query: 'sum(rate(http_requests_errors_total{app="checkout"}[5m]))' },
      },
    ],
  },
  {
    summary: 'Scale cart to 4 replicas in prod',
    intent: 'Black Friday traffic: add capacity to cart.',
    context: { environment: 'prod', namespace: 'shop' },
    steps: [
      {
        step_id: 'scale-cart',
        action: 'Scale cart to 4',
        tool: 'k8s.scale',
        input: { namespace: 'shop', deployment: 'cart', replicas: 4 },
        rollback: { type: 'scale', steps: [] },
      },
    ],
  },
];

/** Seeds a fresh installation with the demo shop, keys to try approvals with, and a few plans. */
export async function seedDemo(warrant: Warrant, adminToken: string): Promise<DemoKeys> {
  const admin = (await warrant.tenancy.authenticateKey(adminToken)) as Actor;
  // The demo's humans are people (actor type user, shown as "person"), not services; the agent is an agent.
  const key = async (role: 'agent' | 'approver' | 'break_glass', name: string) =>
    (await warrant.tenancy.createKey(admin, { role, name, type: role === 'agent' ? 'agent' : 'user' })).key;
  const keys: DemoKeys = {
    agent: await key('agent', 'deploy-bot'),
    alice: await key('approver', 'alice'),
    bob: await key('approver', 'bob'),
    oncall: await key('break_glass', 'oncall'),
  };
  for (const [kind, items] of [
    ['services', services],
    ['nodes', nodes],
    ['edges', edges],
  ] as const) {
    for (const item of items) {
      const { [kind === 'services' ? 'service_id' : kind === 'nodes' ? 'node_id' : 'edge_id']: id, ...body } =
        item as Record<string, unknown>;
      const answer = await warrant.server.inject({
        method: 'PUT',
        url: `/v1/context/${kind}/${id}`,
        headers: { authorization: `Bearer ${adminToken}` },
        payload: body,
      });
      if (answer.statusCode >= 300) throw new Error(`demo ${kind} ${String(id)}: ${answer.body}`);
    }
  }
  const agent = (await warrant.tenancy.authenticateKey(keys.agent)) as Actor;
  for (const plan of [...samplePlans, riskyPlan])
    await warrant.plans.submit(agent, PlanSubmissionSchema.parse(plan));
  return keys;
}

export function writeDemoKeys(home: string, keys: DemoKeys): string {
  const path = join(home, 'demo-keys.json');
  writePrivateFile(path, `${JSON.stringify(keys, null, 2)}\n`);
  return path;
}
