import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, keyFor, startHarness } from './harness.ts';
import { rowsOf } from './rows.ts';

let h: Harness;
let operator: string;
let acmeAdmin: string;
beforeAll(async () => {
  h = await startHarness();
  operator = await keyFor(h, 'demo', 'operator');
  acmeAdmin = await keyFor(h, 'acme', 'admin');
  // The graph, not the plan, says where a resource is: namespace sandbox is dev.
  await h.call('PUT', '/v1/context/nodes/ns-sandbox', {
    body: { kind: 'namespace', name: 'sandbox', labels: { environment: 'dev' } },
  });
});
afterAll(async () => h?.close());

async function count(table: 'policy_sets' | 'audit_events' | 'tenant_tools'): Promise<number> {
  const [row] = rowsOf<{ n: number }>(
    await h.warrant.db.orm.execute(sql`SELECT count(*)::int AS n FROM ${sql.raw(table)}`),
  );
  return row!.n;
}

async function auditActions(): Promise<string[]> {
  return rowsOf<{ action: string }>(
    await h.warrant.db.orm.execute(sql`SELECT action FROM audit_events ORDER BY occurred_at, event_id`),
  ).map((row) => row.action);
}

const scaleInDev = {
  context: { environment: 'dev', namespace: 'sandbox' },
  steps: [{ tool: 'k8s.scale', input: { namespace: 'sandbox', deployment: 'checkout', replicas: 2 } }],
};
type Assessed = {
  decision: { effect: string; policy_version: string; reasons: string[] };
  blast_radius: { services: string[]; teams: string[]; scope: string };
  risk: { level: string };
};
const assess = (body: unknown = scaleInDev, key?: string) =>
  h.call<Assessed>('POST', '/v1/context/blast-radius', { body, ...(key ? { key } : {}) });

// The default set, plus a freeze on writes in dev.
const FROZEN_DEV = `@id("read") permit (principal, action == Warrant::Action::"execute", resource)
when { resource.effect == "read" };
@id("dev-freeze") forbid (principal, action, resource)
when { resource.environment == "dev" && resource.effect != "read" };
@id("write") permit (principal, action == Warrant::Action::"execute", resource)
when { resource.effect == "write" };
`;

describe('policy sets', () => {
  it('starts on the shipped default and shows its text', async () => {
    const list = await h.call<{ active: string; versions: { version: string; active: boolean }[] }>(
      'GET',
      '/v1/policies',
    );
    expect(list.status).toBe(200);
    expect(list.body.active).toBe('default');
    expect(list.body.versions).toEqual([expect.objectContaining({ version: 'default', active: true })]);
    const shipped = await h.call<{ policies: string; version_hash: string }>('GET', '/v1/policies/default');
    expect(shipped.body.policies).toContain('@id("read-anywhere")');
    expect(shipped.body.version_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each([
    ['an unparseable set', 'permit (principal, action, resource)\nwhen { resource.effect == };', 2],
    [
      'a set that fails schema validation',
      '// header\n\npermit (principal, action, resource) when { resource.colour == "red" };',
      3,
    ],
  ])('refuses %s with line and column, storing nothing', async (_name, policies, line) => {
    const before = { sets: await count('policy_sets'), audit: await count('audit_events') };
    const res = await h.call<{ code: string; errors: { message: string; line: number; column: number }[] }>(
      'POST',
      '/v1/policies',
      { body: { policies, activate: true } },
    );
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body.code).toBe('policy_invalid');
    expect(res.body.errors[0]).toMatchObject({
      line,
      column: expect.any(Number),
      message: expect.any(String),
    });
    expect({ sets: await count('policy_sets'), audit: await count('audit_events') }).toEqual(before);
  });

  it('lets only admins upload and activate', async () => {
    const upload = await h.call<{ code: string }>('POST', '/v1/policies', {
      key: operator,
      body: { policies: FROZEN_DEV },
    });
    expect(upload.status).toBe(403);
    const activate = await h.call('POST', '/v1/policies/default/activate', { key: operator });
    expect(activate.status).toBe(403);
  });

  it('changes decisions once a stored version is activated, and goes back to the default', async () => {
    expect((await assess()).body.decision.effect).toBe('allow');

    const stored = await h.call<{ id: string; version: number; active: boolean; version_hash: string }>(
      'POST',
      '/v1/policies',
      { body: { policies: FROZEN_DEV } },
    );
    expect(stored.status).toBe(201);
    expect(stored.body).toMatchObject({ version: 1, active: false });
    // Stored but not active: nothing changes yet.
    expect((await assess()).body.decision.effect).toBe('allow');

    const activated = await h.call('POST', `/v1/policies/${stored.body.version}/activate`);
    expect(activated.status).toBe(200);
    const frozen = await assess();
    expect(frozen.body.decision).toMatchObject({ effect: 'deny', policy_version: stored.body.version_hash });
    expect(frozen.body.decision.reasons.join()).toContain('dev-freeze');

    const list = await h.call<{ active: number; versions: { version: unknown; active: boolean }[] }>(
      'GET',
      '/v1/policies',
    );
    expect(list.body.active).toBe(1);
    expect(list.body.versions.filter((v) => v.active)).toEqual([expect.objectContaining({ version: 1 })]);
    const text = await h.call<{ policies: string }>('GET', `/v1/policies/${stored.body.id}`);
    expect(text.body.policies).toBe(FROZEN_DEV);

    expect((await h.call('POST', '/v1/policies/default/activate')).status).toBe(200);
    expect((await assess()).body.decision.effect).toBe('allow');

    // Upload-and-activate in one call keeps one active version (the partial unique index holds).
    const second = await h.call<{ version: number; active: boolean }>('POST', '/v1/policies', {
      body: { policies: FROZEN_DEV, activate: true },
    });
    expect(second.body).toMatchObject({ version: 2, active: true });
    expect((await assess()).body.decision.effect).toBe('deny');
    await h.call('POST', '/v1/policies/default/activate');

    const actions = await auditActions();
    expect(actions.filter((a) => a === 'policy_set.created')).toHaveLength(2);
    expect(actions.filter((a) => a === 'policy_set.activated')).toHaveLength(4);
  });

  it("answers 404 for another tenant's version", async () => {
    const demo = await h.call<{ versions: { id: string; version: unknown }[] }>('GET', '/v1/policies');
    const stored = demo.body.versions.find((v) => v.version === 1)!;
    for (const ref of [stored.id, '1', 'nope']) {
      expect((await h.call('GET', `/v1/policies/${ref}`, { key: acmeAdmin })).status).toBe(404);
      expect((await h.call('POST', `/v1/policies/${ref}/activate`, { key: acmeAdmin })).status).toBe(404);
    }
    const acme = await h.call<{ versions: unknown[] }>('GET', '/v1/policies', { key: acmeAdmin });
    expect(acme.body.versions).toHaveLength(1);
  });
});

describe('simulation', () => {
  const submit = async (summary: string, step: { tool: string; input: Record<string, unknown> }) => {
    const res = await h.call<{ id: string; decision: { effect: string } }>('POST', '/v1/plans', {
      body: {
        summary,
        intent: summary,
        trigger: 'manual',
        context: { environment: 'dev', namespace: 'sandbox' },
        steps: [{ step_id: 's1', action: summary, ...step }],
      },
    });
    expect(res.status).toBe(201);
    return res.body;
  };

  it('lists the recent plans a candidate set would decide differently, and activates nothing', async () => {
    const write = await submit('scale checkout in dev', scaleInDev.steps[0]!);
    expect(write.decision.effect).toBe('allow');
    await submit('query error rate', { tool: 'prometheus.query', input: { query: 'up' } });
    const res = await h.call<{
      compared: number;
      changed: { plan_id: string; summary: string; current: string; simulated: string }[];
    }>('POST', '/v1/policies/simulate', { body: { policies: FROZEN_DEV } });
    expect(res.status).toBe(200);
    expect(res.body.compared).toBe(2);
    expect(res.body.changed).toEqual([
      expect.objectContaining({
        plan_id: write.id,
        summary: 'scale checkout in dev',
        current: 'allow',
        simulated: 'deny',
      }),
    ]);
    // `last` bounds the comparison to the newest plans (the read one).
    const newest = await h.call<{ compared: number; changed: unknown[] }>('POST', '/v1/policies/simulate', {
      body: { policies: FROZEN_DEV, last: 1 },
    });
    expect(newest.body).toMatchObject({ compared: 1, changed: [] });
    expect((await h.call<{ active: string }>('GET', '/v1/policies')).body.active).toBe('default');
    // Another tenant sees none of these plans.
    const acme = await h.call<{ compared: number }>('POST', '/v1/policies/simulate', {
      key: acmeAdmin,
      body: { policies: FROZEN_DEV },
    });
    expect(acme.body.compared).toBe(0);

    // Activated, the set decides new plans.
    await h.call('POST', '/v1/policies', { body: { policies: FROZEN_DEV, activate: true } });
    expect((await submit('scale again', scaleInDev.steps[0]!)).decision.effect).toBe('deny');
    await h.call('POST', '/v1/policies/default/activate');
  });

  it('refuses an invalid candidate', async () => {
    const res = await h.call<{ code: string }>('POST', '/v1/policies/simulate', {
      body: { policies: 'permit (' },
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('policy_invalid');
  });
});

describe('policy tests', () => {
  const cases = [
    {
      name: 'scaling in dev is allowed',
      step: {
        tool: 'k8s.scale',
        input: { namespace: 'a', deployment: 'b', replicas: 1 },
        environment: 'dev',
      },
      expect: { effect: 'allow' },
    },
    {
      name: 'a query in prod is allowed',
      step: { tool: 'prometheus.query', input: { query: 'up' }, environment: 'prod' },
      expect: { effect: 'allow' },
    },
  ];

  it('runs cases against the active set, or a candidate', async () => {
    const active = await h.call<{ passed: number; failed: number }>('POST', '/v1/policies/test', {
      body: { cases },
    });
    expect(active.body).toMatchObject({ passed: 2, failed: 0 });
    const candidate = await h.call<{ failed: number; results: { name: string; pass: boolean }[] }>(
      'POST',
      '/v1/policies/test',
      { body: { cases, policies: FROZEN_DEV } },
    );
    expect(candidate.body.failed).toBe(1);
    expect(candidate.body.results.find((r) => !r.pass)?.name).toBe('scaling in dev is allowed');
  });
});

describe('tool catalog', () => {
  const restartCache = {
    name: 'acme.restart_cache',
    description: 'Flush and restart the cache tier',
    effect: 'write',
    supports_rollback: false,
    input_schema: {
      type: 'object',
      properties: { cluster: { type: 'string' }, shards: { type: 'integer' } },
      required: ['cluster'],
    },
  };

  it('lists built-ins with their input JSON schema', async () => {
    const res = await h.call<{
      items: { name: string; builtin: boolean; input_schema: Record<string, unknown> }[];
    }>('GET', '/v1/tools');
    const scale = res.body.items.find((t) => t.name === 'k8s.scale')!;
    expect(scale).toMatchObject({ builtin: true, effect: 'write', supports_rollback: true });
    expect(scale.input_schema).toMatchObject({
      type: 'object',
      required: expect.arrayContaining(['namespace', 'deployment', 'replicas']),
    });
    expect(res.body.items.find((t) => t.name === 'http.request')?.input_schema).toMatchObject({
      type: 'object',
    });
  });

  it('registers a tenant tool that steps can then use', async () => {
    const before = await assess({
      context: { environment: 'prod' },
      steps: [{ tool: 'acme.restart_cache', input: { cluster: 'eu' } }],
    });
    expect(before.status).toBe(400);
    const res = await h.call('POST', '/v1/tools', { body: restartCache });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: 'acme.restart_cache', builtin: false, effect: 'write' });
    const after = await assess({
      context: { environment: 'prod' },
      steps: [{ tool: 'acme.restart_cache', input: { cluster: 'eu', shards: 3 } }],
    });
    expect(after.status).toBe(200);
    expect(after.body.decision.effect).toBe('require_approval');
    expect((await h.call('POST', '/v1/tools', { body: restartCache })).status).toBe(200);
    expect(await auditActions()).toContain('tool.registered');
    // Tools are per tenant.
    const acme = await h.call<{ items: { name: string }[] }>('GET', '/v1/tools', { key: acmeAdmin });
    expect(acme.body.items.map((t) => t.name)).not.toContain('acme.restart_cache');
  });

  it.each([
    ['shadows a built-in', { ...restartCache, name: 'k8s.scale' }, 409, 'tool_shadows_builtin'],
    ['is not namespaced', { ...restartCache, name: 'restart' }, 400, 'validation_failed'],
    [
      'has a nested property',
      { ...restartCache, input_schema: { type: 'object', properties: { x: { type: 'object' } } } },
      400,
      'validation_failed',
    ],
    [
      'requires an undeclared property',
      { ...restartCache, input_schema: { type: 'object', properties: {}, required: ['x'] } },
      400,
      'validation_failed',
    ],
  ])('refuses a tool that %s', async (_name, body, status, code) => {
    const before = { tools: await count('tenant_tools'), audit: await count('audit_events') };
    const res = await h.call<{ code: string }>('POST', '/v1/tools', { body });
    expect(res.status).toBe(status);
    expect(res.body.code).toBe(code);
    expect({ tools: await count('tenant_tools'), audit: await count('audit_events') }).toEqual(before);
  });

  it('re-decides open plans when a tool they call changes, and refuses calls decided on the old version', async () => {
    const agent = await keyFor(h, 'demo', 'agent');
    const queueTool = {
      name: 'acme.drain_queue',
      description: 'Drain a queue',
      effect: 'read',
      input_schema: { type: 'object', properties: { queue: { type: 'string' } }, required: ['queue'] },
    };
    expect((await h.call('POST', '/v1/tools', { body: queueTool })).status).toBe(201);
    type PlanBody = { id: string; status: string; approval: unknown; decision: { reasons: string[] } };
    const submit = async () => {
      const res = await h.call<PlanBody>('POST', '/v1/plans', {
        key: agent,
        body: {
          summary: 'drain q1',
          intent: 'tool version test',
          context: { environment: 'dev', namespace: 'sandbox' },
          steps: [{ step_id: 's1', action: 'drain', tool: 'acme.drain_queue', input: { queue: 'q1' } }],
        },
      });
      expect(res.status).toBe(201);
      return res.body;
    };
    const authorize = async (planId: string) =>
      (
        await h.call<{ allowed: boolean; reason_code: string }>('POST', '/v1/authorize', {
          key: agent,
          body: { plan_id: planId, step_id: 's1', tool: 'acme.drain_queue', input: { queue: 'q1' } },
        })
      ).body;
    const plan = await submit();
    expect(plan.status).toBe('approved');
    expect(await authorize(plan.id)).toMatchObject({ allowed: true });

    // The same name, now destructive: the plan policy allowed as a read waits for a person.
    expect(
      (await h.call('POST', '/v1/tools', { body: { ...queueTool, effect: 'destructive' } })).status,
    ).toBe(200);
    const redecided = (await h.call<PlanBody>('GET', `/v1/plans/${plan.id}`)).body;
    expect(redecided.status).toBe('pending_approval');
    expect(redecided.approval).not.toBeNull();
    expect(await authorize(plan.id)).toMatchObject({ allowed: false, reason_code: 'not_approved' });
    const [event] = rowsOf<{ context: Record<string, unknown> }>(
      await h.warrant.db.orm.execute(
        sql`SELECT body->'context' AS context FROM audit_events WHERE action = 'plan.redecided' AND plan_id = ${plan.id}`,
      ),
    );
    expect(event!.context).toMatchObject({
      reason: 'tool_changed',
      tool: 'acme.drain_queue',
      previous_status: 'approved',
    });

    // An input that no longer fits the tool cannot run as it stands: denied, with the reason.
    const second = await submit();
    await h.call('POST', '/v1/tools', {
      body: {
        ...queueTool,
        effect: 'destructive',
        input_schema: { ...queueTool.input_schema, properties: { queue: { type: 'integer' } } },
      },
    });
    const denied = (await h.call<PlanBody>('GET', `/v1/plans/${second.id}`)).body;
    expect(denied.status).toBe('denied');
    expect(denied.decision.reasons[0]).toContain('re-decided after a tool changed');

    // Should re-deciding not have run (a crash after the tool's commit), the call is refused all the same.
    await h.call('POST', '/v1/tools', { body: queueTool });
    const third = await submit();
    expect(await authorize(third.id)).toMatchObject({ allowed: true });
    await h.warrant.db.orm.execute(
      sql`UPDATE plans SET risk = jsonb_set(risk, '{steps,0,tool_version}', '"an-older-version"') WHERE id = ${third.id}`,
    );
    await h.warrant.db.orm.execute(sql`SELECT pg_notify('warrant_plan_changed', ${third.id})`);
    await expect.poll(async () => (await authorize(third.id)).reason_code).toBe('tool_changed');
  });

  it('lets only admins register tools', async () => {
    expect((await h.call('POST', '/v1/tools', { key: operator, body: restartCache })).status).toBe(403);
  });
});

describe('context graph', () => {
  const scaleCheckout = {
    context: { environment: 'prod', namespace: 'shop', cluster_id: 'eu-1' },
    steps: [{ tool: 'k8s.scale', input: { namespace: 'shop', deployment: 'checkout', replicas: 3 } }],
  };

  it('feeds services and teams into the blast radius', async () => {
    const empty = await assess(scaleCheckout);
    expect(empty.body.blast_radius).toMatchObject({ services: [], teams: [] });

    const put = (path: string, body: unknown, key = operator) =>
      h.call('PUT', `/v1/context/${path}`, { key, body });
    expect(
      (
        await put('services/checkout', {
          name: 'checkout',
          owner_team: 'payments',
          environments: ['prod'],
          promql_queries: ['rate(http_requests_total{job="checkout"}[5m])'],
        })
      ).status,
    ).toBe(201);
    expect((await put('services/cart', { name: 'cart', owner_team: 'shop-team' })).status).toBe(201);
    const node = { kind: 'deployment', name: 'checkout', labels: { namespace: 'shop' }, owner_team: 'sre' };
    expect((await put('nodes/deploy-checkout', node)).status).toBe(201);
    expect((await put('nodes/deploy-checkout', node)).status).toBe(200);
    expect(
      (
        await put('edges/e1', {
          from_node_id: 'deploy-checkout',
          to_node_id: 'checkout',
          relation: 'part_of',
        })
      ).status,
    ).toBe(201);
    expect(
      (await put('edges/e2', { from_node_id: 'cart', to_node_id: 'checkout', relation: 'depends_on' }))
        .status,
    ).toBe(201);

    const assessed = await assess(scaleCheckout);
    expect(assessed.body.blast_radius).toMatchObject({
      services: ['cart', 'checkout'],
      teams: ['payments', 'shop-team', 'sre'],
    });
    // Two services touched raise a prod write from medium to high: two approvers.
    expect(assessed.body.risk.level).toBe('high');

    const graph = await h.call<{ services: unknown[]; nodes: unknown[]; edges: unknown[] }>(
      'GET',
      '/v1/context/graph',
    );
    expect(graph.body).toMatchObject({
      services: expect.arrayContaining([
        expect.objectContaining({ service_id: 'checkout', owner_team: 'payments' }),
      ]),
      nodes: expect.arrayContaining([expect.objectContaining({ node_id: 'deploy-checkout' })]),
      edges: expect.arrayContaining([expect.objectContaining({ edge_id: 'e1', relation: 'part_of' })]),
    });
    const acme = await h.call<{ services: unknown[] }>('GET', '/v1/context/graph', { key: acmeAdmin });
    expect(acme.body.services).toEqual([]);

    expect((await h.call('DELETE', '/v1/context/edges/e2', { key: operator })).status).toBe(204);
    expect((await h.call('DELETE', '/v1/context/edges/e2', { key: operator })).status).toBe(404);
    expect((await h.call('DELETE', '/v1/context/services/checkout', { key: acmeAdmin })).status).toBe(404);
    expect((await assess(scaleCheckout)).body.blast_radius.services).toEqual(['checkout']);

    const actions = await auditActions();
    expect(actions).toEqual(
      expect.arrayContaining([
        'context.service.upserted',
        'context.node.upserted',
        'context.edge.upserted',
        'context.edge.deleted',
      ]),
    );
  });

  it('lets only admins and operators write, and refuses bad input', async () => {
    const viewer = await keyFor(h, 'demo', 'viewer');
    const body = { name: 'x', owner_team: 't' };
    expect((await h.call('PUT', '/v1/context/services/x', { key: viewer, body })).status).toBe(403);
    expect((await h.call('PUT', '/v1/context/services/x', { body: { name: 'x' } })).status).toBe(400);
    const bad = await assess({ context: { environment: 'prod' }, steps: [{ tool: 'k8s.scale', input: {} }] });
    expect(bad.status).toBe(400);
    expect((bad.body as unknown as { code: string }).code).toBe('invalid_step_input');
  });
});

describe('decisions from OPA', () => {
  let opa: Server;
  let opaHarness: Harness;
  const inputs: unknown[] = [];
  beforeAll(async () => {
    opa = createServer((req, res) => {
      let raw = '';
      req.on('data', (chunk) => {
        raw += chunk;
      });
      req.on('end', () => {
        inputs.push({ path: req.url, ...JSON.parse(raw) });
        res.setHeader('content-type', 'application/json');
        res.end(
          JSON.stringify({ result: { effect: 'deny', reasons: ['OPA says no'], policy_ids: ['rego.no'] } }),
        );
      });
    });
    await new Promise<void>((resolve) => opa.listen(0, '127.0.0.1', resolve));
    const opaUrl = `http://127.0.0.1:${(opa.address() as AddressInfo).port}`;
    opaHarness = await startHarness({
      config: { policy: { opa_url: opaUrl, policy_package: 'acme.gov' } } as never,
    });
  });
  afterAll(async () => {
    await opaHarness?.close();
    await new Promise((resolve) => opa?.close(resolve));
  });

  it('asks the OPA server and records its version', async () => {
    const res = await opaHarness.call<Assessed>('POST', '/v1/context/blast-radius', { body: scaleInDev });
    expect(res.status).toBe(200);
    expect(res.body.decision).toMatchObject({
      effect: 'deny',
      policy_version: expect.stringMatching(/^opa:http:\/\/127/),
    });
    expect(res.body.decision.reasons).toEqual(['step-1: OPA says no']);
    expect(inputs[0]).toMatchObject({
      path: '/v1/data/acme/gov/decision',
      input: {
        actor: { type: 'service', roles: ['admin'] },
        // Its graph places nothing: the step is decided as prod, whatever the plan declared.
        steps: [{ tool: 'k8s.scale', environment: 'prod' }],
      },
    });
  });

  it('when OPA stops mid-test: reads go on (policy.on_unavailable: allow_reads), writes are denied', async () => {
    const query = {
      context: { environment: 'prod' },
      steps: [{ tool: 'prometheus.query', input: { query: 'up' } }],
    };
    // While OPA is up, its deny decides reads too.
    expect(
      (await opaHarness.call<Assessed>('POST', '/v1/context/blast-radius', { body: query })).body.decision
        .effect,
    ).toBe('deny');
    opa.closeAllConnections();
    await new Promise((resolve) => opa.close(resolve));
    const read = await opaHarness.call<Assessed>('POST', '/v1/context/blast-radius', { body: query });
    expect(read.body.decision.effect).toBe('allow');
    expect(read.body.decision.reasons.join(' ')).toMatch(
      /unreachable; a read, allowed \(policy.on_unavailable: allow_reads\)/,
    );
    const write = await opaHarness.call<Assessed>('POST', '/v1/context/blast-radius', { body: scaleInDev });
    expect(write.body.decision.effect).toBe('deny');
    expect(write.body.decision.reasons.join(' ')).toMatch(/unreachable; denied \(fail closed\)/);
    // A plan submitted now is decided the same way, and the decision (with its reason) is in the audit log.
    const submitted = await opaHarness.call<{ id: string; status: string }>('POST', '/v1/plans', {
      body: {
        summary: 'Check the scrape targets',
        intent: 'See that the scrape targets are up while OPA is down.',
        context: { environment: 'prod' },
        steps: [{ step_id: 'query', action: 'Query up', tool: 'prometheus.query', input: { query: 'up' } }],
      },
    });
    expect(submitted.status).toBe(201);
    expect(submitted.body.status).toBe('approved');
  });
});
