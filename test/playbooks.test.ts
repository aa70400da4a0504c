import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/load.ts';
import { ArgoCdConnector } from '../src/connectors/argocd.ts';
import { ConnectorRegistry } from '../src/connectors/connector.ts';
import { KubernetesConnector, kubeConfigFor } from '../src/connectors/kubernetes.ts';
import { PrometheusConnector } from '../src/connectors/prometheus.ts';
import { connectorsFromConfig } from '../src/connectors/registry-from-config.ts';
import { TempoConnector } from '../src/connectors/tempo.ts';
import { VaultConnector } from '../src/connectors/vault.ts';
import { seedDemo } from '../src/demo/seed.ts';
import { reportMissedFirings } from '../src/triggers/missed-firings.ts';
import { warrant } from './cli-spawn.ts';
import { type FakeArgoCdState, startFakeArgoCD } from './fakes/argocd.ts';
import { type FakeKubernetesState, startFakeKubernetes } from './fakes/kubernetes.ts';
import { type FakePrometheusState, startFakePrometheus } from './fakes/prometheus.ts';
import type { FakeServer } from './fakes/server.ts';
import { startFakeTempo } from './fakes/tempo.ts';
import { type FakeVaultState, startFakeVault } from './fakes/vault.ts';
import { type Harness, keyFor, startHarness } from './harness.ts';
import { rowsOf } from './rows.ts';

let h: Harness;
let k8s: FakeServer<FakeKubernetesState>;
let argo: FakeServer<FakeArgoCdState>;
let prom: FakeServer<FakePrometheusState>;
let vault: FakeServer<FakeVaultState>;
let tempo: Awaited<ReturnType<typeof startFakeTempo>>;
let operator: string;
let approver: string;
let viewer: string;
let otherOperator: string;
const VAULT_TOKEN = 'vault-root-token-for-tests';

beforeAll(async () => {
  [k8s, argo, prom, vault, tempo] = await Promise.all([
    startFakeKubernetes(),
    startFakeArgoCD({ token: 'argo-token' }),
    startFakePrometheus(),
    startFakeVault({ token: VAULT_TOKEN }),
    startFakeTempo(),
  ]);
  const secrets = new VaultConnector({ addr: vault.url, token: VAULT_TOKEN });
  // Real connectors against the fakes, polling fast so waits take milliseconds.
  const connectors = new ConnectorRegistry([
    new KubernetesConnector({ kubeConfig: kubeConfigFor({ apiUrl: k8s.url }), pollIntervalMs: 20, secrets }),
    new ArgoCdConnector({ addr: argo.url, token: 'argo-token', pollIntervalMs: 10 }),
    new PrometheusConnector({ addr: prom.url }),
    new TempoConnector({ addr: tempo.url }),
    secrets,
  ]);
  h = await startHarness({ connectors });
  operator = await keyFor(h, 'demo', 'operator', 'ops');
  approver = await keyFor(h, 'demo', 'approver', 'lead');
  viewer = await keyFor(h, 'demo', 'viewer', 'watcher');
  otherOperator = await keyFor(h, 'other', 'operator', 'ops-other');
  // Where the workflows below act: the graph, not a playbook's parameter, says namespace shop is stage.
  await h.call('PUT', '/v1/context/nodes/ns-shop', {
    body: { kind: 'namespace', name: 'shop', labels: { environment: 'stage' } },
  });
  await h.warrant.startWorker({ leaseSeconds: 5, reconcileMs: 200 });
});
afterAll(async () => {
  await h?.close();
  await Promise.all([k8s, argo, prom, vault, tempo].map((fake) => fake?.close()));
});

interface PlanBody {
  id: string;
  status: string;
  trigger: string;
  steps: { step_id: string; tool: string; input: Record<string, unknown> }[];
  playbook?: { name: string; version: number; params: Record<string, unknown> };
}
interface RunBody {
  id: string;
  status: string;
  error: { code: string; message: string } | null;
  steps: {
    step_id: string;
    status: string;
    tool_calls: { phase: string; status: string; output_ref: string | null }[];
    evidence: { type: string; query: string; result_ref: string }[];
  }[];
}

const instantiate = (name: string, body: Record<string, unknown>, key = operator) =>
  h.call<PlanBody & { code: string; detail: string }>('POST', `/v1/playbooks/${name}/plans`, { key, body });

async function runPlan(planId: string): Promise<RunBody> {
  const started = await h.call<{ id: string }>('POST', `/v1/plans/${planId}/runs`, { key: operator });
  expect(started.status).toBe(202);
  // A deadline, not a count of polls: a loaded machine is slower, not wrong.
  for (const deadline = Date.now() + 30_000; Date.now() < deadline; ) {
    const run = await h.call<RunBody>('GET', `/v1/runs/${started.body.id}`, { key: operator });
    if (['succeeded', 'failed', 'rolled_back', 'cancelled'].includes(run.body.status)) return run.body;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the run did not finish');
}

async function instantiateAndRun(name: string, params: Record<string, unknown>) {
  const plan = await instantiate(name, { params });
  expect(plan.status).toBe(201);
  if (plan.body.status === 'pending_approval') {
    await h.call('POST', `/v1/plans/${plan.body.id}/approvals`, {
      key: approver,
      body: { decision: 'approve' },
    });
  }
  return { plan: plan.body, run: await runPlan(plan.body.id) };
}

const statuses = (run: RunBody) => Object.fromEntries(run.steps.map((s) => [s.step_id, s.status]));
const evidenceOf = (run: RunBody, stepId: string) =>
  run.steps
    .find((s) => s.step_id === stepId)!
    .evidence.map((e) => `${e.type}:${e.query}`)
    .sort();
const countPlans = async () =>
  Number(rowsOf<{ n: string }>(await h.warrant.db.orm.execute(sql`SELECT count(*) AS n FROM plans`))[0]!.n);

describe('the playbook catalog', () => {
  it('lists the built-ins, versions a tenant playbook on change, and keeps it in its tenant', async () => {
    const list = await h.call<{ items: { name: string; source: string }[] }>('GET', '/v1/playbooks', {
      key: viewer,
    });
    expect(list.body.items.filter((p) => p.source === 'builtin').map((p) => p.name)).toEqual([
      'gitops-deploy',
      'helm-release',
      'incident-remediation',
      'scale-service',
      'secret-rotation',
    ]);
    const body = {
      description: 'Restart a deployment',
      parameters: { properties: { deployment: { type: 'string' } }, required: ['deployment'] },
      summary: 'Restart {{ params.deployment }}',
      intent: 'restart',
      context: { environment: 'dev', namespace: 'shop' },
      steps: [
        {
          step_id: 'restart',
          action: 'restart',
          tool: 'k8s.rollout_restart',
          input: { namespace: 'shop', deployment: '{{ params.deployment }}' },
        },
      ],
    };
    const put = (b: unknown, key = operator) =>
      h.call<{ version: number }>('PUT', '/v1/playbooks/restart', { key, body: b });
    expect((await put(body, viewer)).status).toBe(403);
    expect(await put(body)).toMatchObject({ status: 201, body: { version: 1 } });
    expect(await put(body)).toMatchObject({ status: 200, body: { version: 1 } });
    expect(await put({ ...body, intent: 'restart it' })).toMatchObject({ status: 201, body: { version: 2 } });
    const v1 = await h.call<{ body: { intent: string } }>('GET', '/v1/playbooks/restart?version=1', {
      key: viewer,
    });
    expect(v1.body.body.intent).toBe('restart');
    const bad = await put({ ...body, summary: '{{ params.nope }}' });
    expect(bad).toMatchObject({ status: 400, body: { code: 'invalid_playbook' } });
    expect((await h.call('PUT', '/v1/playbooks/scale-service', { key: operator, body })).status).toBe(409);
    // Another tenant sees the built-ins, not this tenant's playbook.
    expect((await h.call('GET', '/v1/playbooks/restart', { key: otherOperator })).status).toBe(404);
    expect((await instantiate('restart', { params: { deployment: 'web' } }, otherOperator)).status).toBe(404);
    const plan = await instantiate('restart', { params: { deployment: 'web' } });
    expect(plan.body.playbook).toEqual({ name: 'restart', version: 2, params: { deployment: 'web' } });
  });

  it('refuses bad parameters before any plan exists, naming the parameter', async () => {
    const before = await countPlans();
    const base = { namespace: 'shop', deployment: 'web', replicas: 3 };
    const cases: [Record<string, unknown>, string][] = [
      [{ ...base, replicas: 'three' }, 'parameter "replicas" must be an integer, got string'],
      [{ ...base, replicas: 51 }, 'parameter "replicas" must be <= 50, got 51'],
      [{ ...base, replicas: 0 }, 'parameter "replicas" must be >= 1, got 0'],
      [{ namespace: 'shop', deployment: 'web' }, 'parameter "replicas" is required'],
      [{ ...base, replica_count: 2 }, 'unknown parameter "replica_count"'],
      [
        { ...base, environment: 'qa' },
        'parameter "environment" must be one of "dev", "stage", "prod", got "qa"',
      ],
    ];
    for (const [params, detail] of cases) {
      const answer = await instantiate('scale-service', { params });
      expect(answer.status).toBe(400);
      expect(answer.headers.get('content-type')).toContain('application/problem+json');
      expect(answer.body).toMatchObject({ code: 'invalid_parameters', detail });
    }
    // Plans carry provenance only when Warrant puts it there.
    const forged = await h.call<{ code: string }>('POST', '/v1/plans', {
      key: operator,
      body: {
        summary: 's',
        intent: 'i',
        context: { environment: 'dev' },
        steps: [{ step_id: 'a', action: 'a', tool: 'prometheus.query', input: { query: 'up' } }],
        playbook: { name: 'scale-service', version: 1, params: {} },
      },
    });
    expect(forged.status).toBe(400);
    expect(await countPlans()).toBe(before);
  });

  it('decides an instance like any plan: in prod it waits for approval', async () => {
    const plan = await instantiate('scale-service', {
      params: { namespace: 'shop', deployment: 'web', replicas: 3, environment: 'prod' },
    });
    expect(plan.body.status).toBe('pending_approval');
    const vote = await h.call('POST', `/v1/plans/${plan.body.id}/approvals`, {
      key: approver,
      body: { decision: 'approve' },
    });
    expect(vote.status).toBe(201);
    expect((await h.call<PlanBody>('GET', `/v1/plans/${plan.body.id}`)).body.status).toBe('approved');
  });
});

describe('where an instance is decided', () => {
  type Decided = PlanBody & {
    context: { environment: string };
    decision: { effect: string; environment: unknown; risk: { reasons: string[] } };
  };

  it('scale-service declaring stage on a deployment the demo graph places in prod waits for an approver', async () => {
    const keys = await seedDemo(h.warrant, await keyFor(h, 'shop', 'admin', 'shop-admin'));
    const scale = (params: Record<string, unknown>) =>
      h.call<Decided>('POST', '/v1/playbooks/scale-service/plans', { key: keys.agent, body: { params } });

    const staged = await scale({ namespace: 'shop', deployment: 'cart', replicas: 4 });
    expect(staged.status).toBe(201);
    expect(staged.body).toMatchObject({
      context: { environment: 'stage' },
      status: 'pending_approval',
      decision: {
        effect: 'require_approval',
        environment: { value: 'prod', source: 'context_graph', declared: 'stage' },
      },
    });
    expect(staged.body.decision.risk.reasons).toContain(
      'scale: decided in prod, not the declared stage: the context graph places deployment shop/cart in prod',
    );

    // Declared where the graph has it: decided as declared, with nothing to explain.
    const prod = await scale({ namespace: 'shop', deployment: 'cart', replicas: 4, environment: 'prod' });
    expect(prod.body.decision.environment).toEqual({
      value: 'prod',
      source: 'context_graph',
      declared: 'prod',
    });
    expect(prod.body.decision.risk.reasons.join('\n')).not.toContain('decided in');
  });
});

describe('built-in workflows against the fakes', () => {
  it('scale-service: scales within bounds and waits for ready; restores the count when replicas never get ready', async () => {
    k8s.state.addDeployment('shop', 'web', { replicas: 2 });
    const ok = await instantiateAndRun('scale-service', {
      namespace: 'shop',
      deployment: 'web',
      replicas: 4,
    });
    expect(ok.plan.steps[0]!.input).toEqual({ namespace: 'shop', deployment: 'web', replicas: 4 });
    expect(ok.run.status).toBe('succeeded');
    expect(k8s.state.deployments.get('shop/web')!.spec!.replicas).toBe(4);
    expect(evidenceOf(ok.run, 'wait-ready')).toEqual(['k8s:deployment/shop/web']);

    // A quota of 2 ready pods: ready before the change (the precondition holds), never after it.
    k8s.state.addDeployment('shop', 'api', { replicas: 2 });
    k8s.state.readyLimit.set('shop/api', 2);
    const failed = (
      await instantiateAndRun('scale-service', {
        namespace: 'shop',
        deployment: 'api',
        replicas: 6,
        timeout_seconds: 1,
      })
    ).run;
    expect(failed.status).toBe('rolled_back');
    expect(statuses(failed)).toEqual({ scale: 'rolled_back', 'wait-ready': 'failed' });
    expect(k8s.state.deployments.get('shop/api')!.spec!.replicas).toBe(2);
    expect(evidenceOf(failed, 'scale')).toEqual(['k8s:deployment/shop/api']);
  });

  it('gitops-deploy: syncs to a revision and waits for Healthy; rolls the sync back when it degrades', async () => {
    argo.state.addApp('checkout', { revision: 'aaa111' });
    const ok = await instantiateAndRun('gitops-deploy', { application: 'checkout', revision: 'bbb222' });
    expect(ok.run.status).toBe('succeeded');
    expect(argo.state.apps.get('checkout')!.status!.sync!.revision).toBe('bbb222');
    expect(evidenceOf(ok.run, 'wait-healthy')).toEqual(['argocd:checkout']);

    argo.state.script.set('checkout', ['Progressing', 'Degraded']);
    const failed = (await instantiateAndRun('gitops-deploy', { application: 'checkout', revision: 'ccc333' }))
      .run;
    expect(failed.status).toBe('rolled_back');
    expect(statuses(failed)).toEqual({ sync: 'rolled_back', 'wait-healthy': 'failed' });
    expect(failed.steps[1]!.tool_calls[0]).toMatchObject({ phase: 'do', status: 'failed' });
    const app = argo.state.apps.get('checkout')!;
    expect(app.status!.sync!.revision).toBe('bbb222');
    expect(argo.calls.filter((c) => c.path.endsWith('/rollback')).map((c) => c.body)).toEqual([{ id: 1 }]);
  });

  it('incident-remediation: evidence, restart, recovery verified; rolled back to the earlier revision when the alert stays', async () => {
    k8s.state.addDeployment('shop', 'cart', { replicas: 2 });
    const query = 'sum(rate(http_errors_total{app="cart"}[5m]))';
    prom.state.values.set(query, 0.5);
    tempo.state.traces.push({
      traceID: 't1',
      rootServiceName: 'cart',
      rootTraceName: 'GET /cart',
      startTimeUnixNano: String(BigInt(Date.now()) * 1_000_000n),
      durationMs: 1200,
    });
    const params = {
      alertname: 'CartErrors',
      namespace: 'shop',
      deployment: 'cart',
      query,
      threshold: 1,
      environment: 'stage',
    };
    const ok = await instantiateAndRun('incident-remediation', params);
    expect(ok.run.status).toBe('succeeded');
    expect(evidenceOf(ok.run, 'collect-evidence')).toEqual(
      [`promql:${query}`, 'traceql:{ status = error }'].sort(),
    );
    expect(ok.plan.steps[3]!).toMatchObject({ tool: 'prometheus.query' });
    const cart = () => k8s.state.deployments.get('shop/cart')!;
    expect(cart().spec!.template!.metadata!.annotations).toHaveProperty([
      'kubectl.kubernetes.io/restartedAt',
    ]);
    const revision = cart().metadata!.annotations!['deployment.kubernetes.io/revision'];

    // This time the remedy is a rollout undo (destructive: approved first), and the alert does not recover.
    prom.state.values.set(query, 5);
    const before = structuredClone(cart().spec!.template);
    const failed = (
      await instantiateAndRun('incident-remediation', { ...params, remedy: 'k8s.rollout_undo' })
    ).run;
    expect(failed.status).toBe('rolled_back');
    expect(failed.steps.at(-1)).toMatchObject({ step_id: 'verify-recovered', status: 'failed' });
    expect(statuses(failed).remediate).toBe('rolled_back');
    // Rolled back onto the template that ran before the remediation.
    expect(cart().spec!.template).toEqual(before);
    expect(Number(cart().metadata!.annotations!['deployment.kubernetes.io/revision'])).toBeGreaterThan(
      Number(revision),
    );
  });

  it('secret-rotation: new Vault version into the Kubernetes secret, consumers restarted; the previous version restored on failure; no value anywhere', async () => {
    k8s.state.addDeployment('shop', 'payments', { replicas: 1 });
    k8s.state.addSecret('shop', 'payments-db');
    vault.state.put('secret/shop/payments-db', { password: 'initial-value-0001' });
    const params = {
      path: 'shop/payments-db',
      keys: 'password',
      namespace: 'shop',
      k8s_name: 'payments-db',
      deployment: 'payments',
    };
    const ok = await instantiateAndRun('secret-rotation', params);
    expect(ok.run.status).toBe('succeeded');
    const versions = () => vault.state.secrets.get('secret/shop/payments-db')!.versions;
    expect(versions()).toHaveLength(2);
    const secretValue = (key: string) =>
      Buffer.from(k8s.state.secrets.get('shop/payments-db')!.data![key]!, 'base64').toString();
    expect(secretValue('password')).toBe(versions()[1]!.password);

    // The consumer refuses its restart: the secret goes back to version 2, in Vault (as version 3) and in Kubernetes.
    k8s.fail({ method: 'PATCH', path: /deployments\/payments$/, status: 403 });
    const failed = (await instantiateAndRun('secret-rotation', params)).run;
    expect(failed.status).toBe('rolled_back');
    expect(statuses(failed)).toMatchObject({
      'check-consumers': 'rolled_back',
      'write-vault': 'rolled_back',
      'update-secret': 'rolled_back',
      'restart-consumers': 'failed',
    });
    expect(versions()).toHaveLength(4);
    expect(versions()[3]).toEqual(versions()[1]);
    expect(secretValue('password')).toBe(versions()[1]!.password);

    const values = versions().map((v) => v.password!);
    const stored = [
      ...(await h.warrant.objects.list('')).map(async (key) =>
        new TextDecoder().decode(await h.warrant.objects.get(key)),
      ),
    ];
    const haystack = [
      JSON.stringify(rowsOf(await h.warrant.db.orm.execute(sql`SELECT body FROM plans`))),
      JSON.stringify(rowsOf(await h.warrant.db.orm.execute(sql`SELECT body FROM audit_events`))),
      JSON.stringify(rowsOf(await h.warrant.db.orm.execute(sql`SELECT * FROM tool_calls`))),
      ...(await Promise.all(stored)),
    ].join('\n');
    for (const value of values) expect(haystack).not.toContain(value);
    expect(haystack).toContain('"vault_version":2');
  });

  it('helm-release: sets a Helm value in the Argo CD application, syncs, verifies; restores the values when it degrades', async () => {
    const app = argo.state.addApp('storefront', { revision: 'r1' });
    app.spec!.source!.helm!.parameters = [{ name: 'image.tag', value: 'v1' }];
    const ok = await instantiateAndRun('helm-release', { application: 'storefront', value: 'v2' });
    expect(ok.run.status).toBe('succeeded');
    expect(ok.plan.steps[0]!.input).toEqual({ application: 'storefront', values: { 'image.tag': 'v2' } });
    expect(argo.state.apps.get('storefront')!.spec!.source!.helm!.parameters).toEqual([
      { name: 'image.tag', value: 'v2' },
    ]);

    argo.state.script.set('storefront', ['Degraded']);
    const failed = (await instantiateAndRun('helm-release', { application: 'storefront', value: 'v3' })).run;
    expect(failed.status).toBe('rolled_back');
    expect(statuses(failed)).toEqual({ 'set-values': 'rolled_back', sync: 'rolled_back', verify: 'failed' });
    expect(argo.state.apps.get('storefront')!.spec!.source!.helm!.parameters).toEqual([
      { name: 'image.tag', value: 'v2' },
    ]);
    expect(evidenceOf(failed, 'sync')).toEqual(['argocd:storefront']);
  });
});

describe('runbooks', () => {
  it('shows a plan the runbooks of its playbook and of the services in its blast radius, in its tenant only', async () => {
    await h.call('PUT', '/v1/context/services/svc-shop', {
      key: operator,
      body: { name: 'shop-frontend', owner_team: 'web', environments: ['stage'], argo_apps: ['shopfront'] },
    });
    const put = (id: string, body: unknown, key = operator) =>
      h.call('PUT', `/v1/runbooks/${id}`, { key, body });
    expect(
      (await put('scaling', { title: 'Scaling', markdown: '# Scale', playbooks: ['scale-service'] })).status,
    ).toBe(201);
    expect((await put('shop', { title: 'Shop', markdown: '# Shop', services: ['svc-shop'] })).status).toBe(
      201,
    );
    expect((await put('shop', { title: 'Shop', markdown: '# Shop v2', services: ['svc-shop'] })).status).toBe(
      200,
    );
    expect((await put('x', { title: 'x', markdown: 'x' }, viewer)).status).toBe(403);

    const scale = await instantiate('scale-service', {
      params: { namespace: 'shop', deployment: 'web', replicas: 2 },
    });
    const forScale = await h.call<{ items: { id: string }[] }>('GET', `/v1/plans/${scale.body.id}/runbooks`, {
      key: viewer,
    });
    expect(forScale.body.items.map((r) => r.id)).toEqual(['scaling']);
    argo.state.addApp('shopfront');
    const deploy = await instantiate('gitops-deploy', {
      params: { application: 'shopfront', revision: 'r2' },
    });
    const forDeploy = await h.call<{ items: { id: string; version: number }[] }>(
      'GET',
      `/v1/plans/${deploy.body.id}/runbooks`,
    );
    expect(forDeploy.body.items).toMatchObject([{ id: 'shop', version: 2 }]);

    expect((await h.call('GET', '/v1/runbooks/shop', { key: otherOperator })).status).toBe(404);
    expect((await h.call('GET', `/v1/plans/${scale.body.id}/runbooks`, { key: otherOperator })).status).toBe(
      404,
    );
    expect(
      (await h.call<{ items: unknown[] }>('GET', '/v1/runbooks', { key: otherOperator })).body.items,
    ).toEqual([]);
  });
});

describe('playbook schedules', () => {
  it('instantiates once, submits the instance at each firing, and reports missed firings without replaying them', async () => {
    const path = '/v1/playbooks/scale-service/schedules';
    const before = await countPlans();
    const bad = await h.call('POST', path, {
      key: operator,
      body: {
        name: 'nightly',
        cron: '*/10 * * * *',
        params: { namespace: 'shop', deployment: 'web', replicas: 99 },
      },
    });
    expect(bad.status).toBe(400);
    const made = await h.call<{ id: string; plan: PlanBody }>('POST', path, {
      key: operator,
      body: {
        name: 'nightly',
        cron: '*/10 * * * *',
        params: { namespace: 'shop', deployment: 'web', replicas: 2 },
      },
    });
    expect(made.status).toBe(201);
    expect(made.body.plan.playbook).toMatchObject({ name: 'scale-service', version: 1 });
    expect(await countPlans()).toBe(before);

    const fired = await h.warrant.schedules.fire(made.body.id, 'occurrence-1');
    expect(fired).toMatchObject({
      trigger: 'scheduled',
      status: 'approved',
      playbook: { name: 'scale-service' },
    });

    // Down for an hour: six or so occurrences came due with nothing running.
    await h.warrant.db.orm.execute(
      sql`UPDATE schedules SET created_at = now() - interval '1 hour', last_fired_at = NULL WHERE id = ${made.body.id}`,
    );
    const boss = await h.warrant.openQueue();
    const deps = { orm: h.warrant.db.orm, clock: h.warrant.clock, boss };
    const reported = await reportMissedFirings(deps);
    expect(reported).toBeGreaterThanOrEqual(5);
    expect(await reportMissedFirings(deps)).toBe(0);
    const listed = await h.call<{ items: { id: string; missed_firings: string[] }[] }>('GET', path, {
      key: viewer,
    });
    expect(listed.body.items).toHaveLength(1);
    expect(listed.body.items[0]!.missed_firings).toHaveLength(reported);
    const audit = rowsOf<{ body: { context: { count: number } } }>(
      await h.warrant.db.orm.execute(sql`SELECT body FROM audit_events WHERE action = 'schedule.missed'`),
    );
    expect(audit.map((row) => row.body.context.count)).toEqual([reported]);
    expect(await countPlans()).toBe(before + 1);
    expect((await h.call('GET', path, { key: otherOperator })).body).toEqual({ items: [] });
  });
});

describe('live updates', () => {
  it('streams plan, execution and audit events to the tenant over server-sent events', async () => {
    const mine = openStream(operator);
    const theirs = openStream(otherOperator);
    await Promise.all([mine.ready, theirs.ready]);
    k8s.state.addDeployment('shop', 'live', { replicas: 1 });
    const plan = await instantiate('scale-service', {
      params: { namespace: 'shop', deployment: 'live', replicas: 3 },
    });
    await runPlan(plan.body.id);
    await waitFor(() =>
      mine.events.some((e) => e.event === 'execution.updated' && e.data.status === 'succeeded'),
    );
    expect(mine.events.find((e) => e.event === 'plan.updated')?.data).toMatchObject({
      id: plan.body.id,
      status: 'approved',
    });
    // Audit events are announced once they are in the tree (the integrator runs in the background in serve).
    await h.warrant.audit.integrateNow();
    await waitFor(() =>
      mine.events.some((e) => e.event === 'audit.created' && e.data.action === 'plan.submitted'),
    );
    expect(mine.events.find((e) => e.event === 'execution.updated')?.data).toMatchObject({
      plan_id: plan.body.id,
    });
    // The other tenant hears only of its own audit events, never of this plan or run.
    const leaked = theirs.events.filter((e) => e.event !== 'audit.created');
    expect(leaked).toEqual([]);
    const ids = theirs.events.map((e) => String(e.data.event_id));
    if (ids.length > 0) {
      const tenants = rowsOf<{ name: string }>(
        await h.warrant.db.orm.execute(sql`
          SELECT DISTINCT t.name FROM audit_events a JOIN tenants t ON t.id = a.tenant_id
          WHERE a.event_id::text = ANY(${`{${ids.join(',')}}`}::text[])`),
      );
      expect(tenants.map((t) => t.name)).toEqual(['other']);
    }
    mine.close();
    theirs.close();
    expect((await fetch(`${h.url}/v1/events`)).status).toBe(401);
  });
});

interface LiveEvent {
  event: string;
  data: Record<string, unknown>;
}

/** A real HTTP client on /v1/events, parsing the stream as it arrives. */
function openStream(key: string) {
  const controller = new AbortController();
  const events: LiveEvent[] = [];
  const ready = fetch(`${h.url}/v1/events`, {
    headers: { authorization: `Bearer ${key}` },
    signal: controller.signal,
  }).then((response) => {
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    const pump = async (): Promise<void> => {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value;
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.+)$/m.exec(block)?.[1];
        const data = /^data: (.+)$/m.exec(block)?.[1];
        if (event && data) events.push({ event, data: JSON.parse(data) });
      }
      return pump();
    };
    pump().catch(() => {});
  });
  return { events, ready, close: () => controller.abort() };
}

async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('warrant plan from', () => {
  it('instantiates a playbook with typed --param values, and shows the server refusing a bad one', async () => {
    const env = { WARRANT_URL: h.url, WARRANT_API_KEY: operator };
    const args = ['plan', 'from', 'scale-service', '--param', 'namespace=shop', '--param', 'deployment=web'];
    const ok = await warrant([...args, '--param', 'replicas=3', '--json'], env);
    expect(ok.code).toBe(0);
    const plan = JSON.parse(ok.stdout) as PlanBody;
    expect(plan.steps[0]!.input.replicas).toBe(3);
    expect(plan.playbook).toMatchObject({ name: 'scale-service', version: 1 });
    const bad = await warrant([...args, '--param', 'replicas=many'], env);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('parameter "replicas" must be an integer, got string');
  });
});

describe('registry from config', () => {
  it('wires Vault from connectors.vault.addr, and Kubernetes secrets from it', () => {
    const env = {
      WARRANT_CONNECTORS_VAULT_ADDR: 'http://vault.invalid',
      WARRANT_CONNECTORS_K8S_API_URL: 'http://k8s.invalid',
    };
    const registry = connectorsFromConfig(loadConfig({ env }), env);
    expect(registry.forTool('vault.kv_put').name).toBe('vault');
    expect(registry.forTool('k8s.update_secret_from_vault').name).toBe('kubernetes');
  });
});
