import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createWarrant, type Warrant } from '../src/app.ts';
import { generateSignerKey } from '../src/audit/checkpoint.ts';
import { configSchema } from '../src/config/schema.ts';
import { ManualClock } from '../src/core/clock.ts';
import { createLogger } from '../src/core/logger.ts';
import { openTestDatabase } from '../src/db/testing.ts';
import { buildServer } from '../src/http/server.ts';
import { createMetrics } from '../src/ops/metrics.ts';
import { addMinutes, LATENCY_BOUNDS_MS } from '../src/ops/request-minutes.ts';
import { listSecurityEvents } from '../src/ops/security-events.ts';
import { createPlanTracing, spanIdOf, traceIdOf } from '../src/ops/tracing.ts';
import { warrant as runCli } from './cli-spawn.ts';
import { type FakeServer, startFake } from './fakes/server.ts';
import { type Harness, startHarness } from './harness.ts';

// A secret shaped like a GitHub token: it must never reach a log line or a stored payload.
const SECRET = `ghp_${'S3cr3tT0k3nValue'.repeat(3)}`;
const clock = new ManualClock('2026-03-01T10:00:30.000Z');
const lines: Record<string, unknown>[] = [];
let collector: FakeServer<unknown>;
let warrant: Warrant;
let close: () => Promise<void>;
let root: string;
let agent: string;
let approver: string;
let auditorOther: string;

type Answer = { status: number; body: Record<string, unknown>; headers: Record<string, unknown> };
async function call(
  method: string,
  url: string,
  key?: string,
  body?: unknown,
  headers = {},
): Promise<Answer> {
  const res = await warrant.server.inject({
    method: method as 'GET',
    url,
    headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...headers },
    ...(body === undefined ? {} : { payload: body as object }),
  });
  let parsed: Record<string, unknown> = {};
  try {
    parsed = res.json();
  } catch {
    parsed = { text: res.body };
  }
  return { status: res.statusCode, body: parsed, headers: res.headers };
}

async function keyIn(tenant: string, role: string, name: string): Promise<string> {
  const res = await call('POST', '/v1/keys', root, { tenant, role, name });
  if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  return res.body.key as string;
}

const otlpSpans = () =>
  collector.calls.flatMap(
    (c) =>
      (
        c.body as {
          resourceSpans?: {
            scopeSpans: {
              spans: { name: string; traceId: string; spanId: string; parentSpanId?: string }[];
            }[];
          }[];
        }
      ).resourceSpans?.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans)) ?? [],
  );

async function until<T>(probe: () => T | undefined | Promise<T | undefined>, what: string): Promise<T> {
  // A deadline, not a count of polls: a loaded machine is slower, not wrong.
  for (const deadline = Date.now() + 30_000; Date.now() < deadline; ) {
    const value = await probe();
    if (value) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`gave up waiting for ${what}`);
}

beforeAll(async () => {
  collector = await startFake(null, [
    { method: 'POST', path: /^\/v1\/traces$/, handle: () => ({ status: 200, body: {} }) },
  ]);
  const db = await openTestDatabase();
  warrant = await createWarrant({
    config: configSchema.parse({
      ops: {
        otlp_endpoint: `${collector.url}/v1/traces`,
        slo: { uptime_target: 0.95, latency_p95_ms: 200, error_rate_target: 0.04, window_days: 1 },
      },
    }),
    db,
    home: mkdtempSync(join(tmpdir(), 'warrant-ops-')),
    clock,
    logger: createLogger({
      level: 'info',
      destination: new Writable({
        write(chunk, _encoding, done) {
          for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
          done();
        },
      }),
    }),
    auditSignerKey: generateSignerKey('warrant.test/audit').signerKey,
  });
  root = (await warrant.tenancy.bootstrap())!.token;
  agent = await keyIn('demo', 'agent', 'bot');
  approver = await keyIn('demo', 'approver', 'alice');
  await call('POST', '/v1/tenants', root, { name: 'other' });
  auditorOther = await keyIn('other', 'auditor', 'olga');
  close = async () => {
    await warrant.close();
    await db.close();
    await collector.close();
  };
});
afterAll(async () => close?.());

const plan = (steps: unknown[], extra: Record<string, unknown> = {}) => ({
  summary: 'Scale checkout',
  intent: "Checkout's p95 latency doubled; add replicas.",
  context: { environment: 'prod', namespace: 'shop', cluster_id: 'eu-1' },
  steps,
  ...extra,
});
const scale = {
  step_id: 'scale',
  action: 'scale',
  tool: 'k8s.scale',
  input: { namespace: 'shop', deployment: 'checkout', replicas: 4 },
};
const promql = [
  'sum(rate(http_requests_total{job="checkout",status=~"5.."}[5m])) / sum(rate(http_requests_total{job="checkout"}[5m]))',
  'histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket{job="checkout"}[5m])))',
  "up{job='checkout'} == 0 or absent(up{job='checkout'})",
];

describe('request logs (seed 003 LogEntry)', () => {
  it('writes one line per request with every field, and no secret from the query or body', async () => {
    const before = lines.length;
    const res = await call(
      'POST',
      `/v1/plans?token=${SECRET}`,
      agent,
      plan([scale], { summary: `uses ${SECRET}` }),
      {
        'x-request-id': 'client-7',
      },
    );
    expect(res.status).toBe(201);
    const mine = lines.slice(before).filter((line) => line.message === 'request completed');
    expect(mine).toHaveLength(1);
    const [line] = mine;
    expect(line).toMatchObject({
      level: 'INFO',
      method: 'POST',
      path: '/v1/plans',
      status_code: 201,
      client_request_id: 'client-7',
      user_id: expect.any(String),
    });
    expect(line!.request_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Date(line!.timestamp as string).toISOString()).toBe(line!.timestamp);
    expect(line!.latency_ms).toBeGreaterThanOrEqual(0);
    const refused = await call('GET', '/v1/whoami', 'wrt_nope');
    expect(refused.status).toBe(401);
    expect(lines.at(-1)).toMatchObject({ level: 'WARNING', status_code: 401, user_id: null });
    expect(JSON.stringify(lines)).not.toContain(SECRET);
  });
});

describe('metrics', () => {
  it('labels requests by route template and counts decisions, approvals, runs and the audit log', async () => {
    const submitted = await call('POST', '/v1/plans', agent, plan([scale]));
    const id = submitted.body.id as string;
    expect((await call('GET', `/v1/plans/${id}`, agent)).status).toBe(200);
    expect((await call('POST', `/v1/plans/${id}/approvals`, approver, { decision: 'approve' })).status).toBe(
      201,
    );
    await warrant.audit.integrateNow();
    await warrant.audit.publishCheckpoints();
    const text = (await call('GET', '/metrics')).body.text as string;
    expect(text).toMatch(
      /http_requests_total\{method="GET",path="\/v1\/plans\/:id",endpoint="\/v1\/plans\/\{id\}",status="200"\} \d+/,
    );
    expect(text).not.toContain(id);
    expect(text).toMatch(/warrant_decisions_total\{effect="require_approval"\} [1-9]/);
    expect(text).toMatch(/warrant_approval_latency_seconds_count 1/);
    expect(text).toMatch(/warrant_votes_total\{decision="approve",source="api"\} 1/);
    expect(text).toMatch(/warrant_approvals_pending [1-9]/);
    expect(text).toMatch(/warrant_runs\{state="running"\} 0/);
    expect(text).toMatch(/warrant_audit_log_size [1-9]/);
    expect(text).toMatch(/warrant_audit_checkpoint_age_seconds \d/);
    expect(text).toMatch(/warrant_run_queue_depth \d/);
    expect(text).toMatch(/warrant_lease_takeovers_total 0/);
    expect(text).toMatch(/warrant_runs_waiting_after_error 0/);
    expect(text).toMatch(/http_requests_active \d/);
  });
});

describe('traces', () => {
  it('exports a plan submitted and approved as one trace named after the plan', async () => {
    const submitted = await call('POST', '/v1/plans', agent, plan([scale], { summary: 'traced' }));
    const id = submitted.body.id as string;
    await call('POST', `/v1/plans/${id}/approvals`, approver, { decision: 'approve' });
    const spans = await until(() => {
      const mine = otlpSpans().filter((s) => s.traceId === traceIdOf(id));
      return mine.length >= 3 ? mine : undefined;
    }, 'the OTLP export');
    const byName = Object.fromEntries(spans.map((s) => [s.name, s]));
    expect(Object.keys(byName).sort()).toEqual(['plan.approve', 'plan.decide', 'plan.submit']);
    expect(byName['plan.submit']!.spanId).toBe(spanIdOf('plan', id));
    expect(byName['plan.submit']!.parentSpanId ?? '').toBe('');
    expect(byName['plan.approve']!.parentSpanId).toBe(spanIdOf('plan', id));
  });

  it('hangs steps under their run and the run under the plan', async () => {
    const tracing = createPlanTracing(`${collector.url}/v1/traces`);
    const ids = { tenant_id: 't', plan_id: '0b0f6a52-3c1e-4d7a-9f1e-2a6b8c9d0e1f', run_id: 'r-1' };
    const at = new Date();
    tracing.events.stepFinished?.({
      ...ids,
      step_id: 's',
      tool: 'k8s.scale',
      phase: 'do',
      status: 'succeeded',
      started_at: at,
      at,
    });
    tracing.events.runFinished?.({ ...ids, status: 'succeeded', started_at: at, at });
    await tracing.shutdown();
    const spans = otlpSpans().filter((s) => s.traceId === traceIdOf(ids.plan_id));
    const run = spans.find((s) => s.name === 'run')!;
    expect(run.spanId).toBe(spanIdOf('run', 'r-1'));
    expect(run.parentSpanId).toBe(spanIdOf('plan', ids.plan_id));
    expect(spans.find((s) => s.name === 'run.step')!.parentSpanId).toBe(run.spanId);
  });
});

describe('security events', () => {
  it('refuses an injection with 400 rejected_input, stores nothing else, and records it', async () => {
    const before = (await call('GET', '/v1/plans?limit=200', agent)).body.items as unknown[];
    const res = await call(
      'POST',
      '/v1/plans',
      agent,
      plan([scale], { intent: "x'; DROP TABLE plans; --" }),
      {
        'user-agent': 'curl/8.0',
      },
    );
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('rejected_input');
    expect(((await call('GET', '/v1/plans?limit=200', agent)).body.items as unknown[]).length).toBe(
      before.length,
    );
    const events = await call('GET', '/v1/security-events?kind=injection', root);
    expect(events.body.items).toContainEqual(
      expect.objectContaining({
        request_id: res.body.request_id,
        attack_type: 'sql_injection',
        action_taken: 'rejected_400',
        blocked_payload: "x'; DROP TABLE plans; --",
        endpoint_targeted: '/v1/plans',
        method: 'POST',
        user_agent: 'curl/8.0',
        ip_address: '127.0.0.1',
      }),
    );
  });

  it('lets real PromQL and plan texts with quotes through', async () => {
    const steps = promql.map((query, i) => ({
      step_id: `q${i}`,
      action: 'look',
      tool: 'prometheus.query',
      input: { query },
    }));
    const res = await call(
      'POST',
      '/v1/plans',
      agent,
      plan(steps, { intent: `The "checkout" service's error rate; it's bad or worse` }),
    );
    expect(res.status).toBe(201);
  });

  it('stores payloads redacted and cut to 1000 characters', async () => {
    const payload = `<script>${SECRET}</script>${'x'.repeat(3000)}`;
    expect((await call('POST', '/v1/plans', agent, plan([scale], { summary: payload }))).status).toBe(400);
    const { body } = await call('GET', '/v1/security-events?attack_type=xss', root);
    const [event] = body.items as { blocked_payload: string }[];
    expect(event!.blocked_payload.length).toBe(1000);
    expect(event!.blocked_payload).toContain('[REDACTED]');
    expect(JSON.stringify(body)).not.toContain(SECRET);
  });

  it('records unapproved attempts with the request that made them', async () => {
    const res = await call('POST', '/v1/authorize', agent, {
      plan_id: '0b0f6a52-3c1e-4d7a-9f1e-2a6b8c9d0e1f',
      step_id: 'x',
      tool: 'k8s.scale',
      input: {},
    });
    expect(res.body).toMatchObject({ allowed: false, reason_code: 'no_plan' });
    // The attempt's security event is written after the answer, off the hot path.
    const found = await until(async () => {
      const { body } = await call('GET', '/v1/security-events?kind=unapproved_attempt', root);
      return (body.items as { request_id: string }[]).find(
        (e) => e.request_id === res.headers['x-request-id'],
      );
    }, 'the unapproved attempt');
    expect(found).toMatchObject({
      attack_type: 'invalid_input',
      action_taken: 'logged_only',
      method: 'POST',
    });
  });

  it('shows events to admins and auditors of their tenant only; the root admin sees all', async () => {
    const other = await call('GET', '/v1/security-events', auditorOther);
    expect(other.status).toBe(200);
    expect(other.body.items).toEqual([]);
    expect((await call('GET', '/v1/security-events', agent)).status).toBe(403);
    const demoAdmin = await keyIn('demo', 'admin', 'dora');
    const demo = (await call('GET', '/v1/security-events?limit=2', demoAdmin)).body;
    expect((demo.items as unknown[]).length).toBe(2);
    expect(demo.next_cursor).toEqual(expect.any(String));
    const next = await call('GET', `/v1/security-events?limit=2&cursor=${demo.next_cursor}`, demoAdmin);
    expect(next.status).toBe(200);
    expect(
      await listSecurityEvents(warrant.db.orm, (await warrant.tenancy.authenticateKey(root))!, {}),
    ).toMatchObject({
      items: expect.any(Array),
    });
  });
});

describe('the error budget', () => {
  it('computes uptime, p95, error rate, budgets and burn from the recorded minutes', async () => {
    const buckets = (fast: number, slow: number) => {
      const out = new Array(LATENCY_BOUNDS_MS.length + 1).fill(0);
      out[4] = fast; // (50, 100] ms
      out[5] = slow; // (100, 250] ms
      return out;
    };
    const minute = (m: number) => new Date(Date.parse('2026-03-01T09:00:00Z') + m * 60_000);
    // 09:00–09:59: 09:30 missing (nothing ran), 09:31 mostly failing; the rest 100 requests, 1 error.
    const rows = [];
    for (let m = 0; m < 60; m++) {
      if (m === 30) continue;
      rows.push(
        m === 31
          ? { minute: minute(m), requests: 100, errors: 60, latency_buckets: buckets(100, 0) }
          : { minute: minute(m), requests: 100, errors: 1, latency_buckets: buckets(90, 10) },
      );
    }
    await addMinutes(warrant.db.orm, rows);
    // Added again on top, as a second process would: the same minute's counts add up.
    await addMinutes(warrant.db.orm, [
      { minute: minute(0), requests: 0, errors: 0, latency_buckets: buckets(0, 0) },
    ]);
    const { status, body } = await call('GET', '/v1/slo', agent);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      measurement_period_days: 1,
      slo_target_uptime: 0.95,
      slo_target_latency_p95_ms: 200,
      slo_target_error_rate: 0.04,
      minutes_measured: 60,
      requests: 5900,
      status: 'ok',
      last_updated: '2026-03-01T10:00:30.000Z',
    });
    // 58 of 60 minutes up; 118 errors of 5900; p95 inside (100, 250]: 100 + 150 * (5605 - 5320) / 580.
    expect(body.current_uptime).toBeCloseTo(58 / 60, 5);
    expect(body.current_error_rate).toBeCloseTo(0.02, 6);
    expect(body.current_latency_p95_ms).toBeCloseTo(100 + (150 * 285) / 580, 3);
    expect(body.uptime_budget_consumed_pct).toBeCloseTo(((1 - 58 / 60) / 0.05) * 100, 3);
    expect(body.error_rate_budget_consumed_pct).toBeCloseTo(50, 4);
    // Slower than 200 ms: a third of the (100, 250] bucket, 580 / 3 of 5900 requests, against a 5% allowance.
    expect(body.latency_budget_consumed_pct).toBeCloseTo((580 / 3 / 5900 / 0.05) * 100, 3);
    expect(body.burn_rate).toBeCloseTo((1 - 58 / 60) / 0.05, 4);
    expect(body.remaining_downtime_minutes).toBeCloseTo(0.05 * 1440 - 2, 4);
  });
});

describe('rate limits', () => {
  let limited: Harness;
  beforeAll(async () => {
    limited = await startHarness({
      config: configSchema.parse({ ops: { rate_limit_per_minute: 3, rate_limit_per_ip_per_minute: 6 } }),
    });
  });
  afterAll(async () => limited?.close());

  const from = (ip: string, key?: string) =>
    limited.warrant.server.inject({
      method: 'GET',
      url: '/v1/whoami',
      remoteAddress: ip,
      headers: key ? { authorization: `Bearer ${key}` } : {},
    });

  it('limits each key, with 429 rate_limited and Retry-After, and records it once', async () => {
    const rootActor = (await limited.warrant.tenancy.authenticateKey(limited.adminKey))!;
    const [a, b] = await Promise.all(
      ['a', 'b'].map(
        async (name) => (await limited.warrant.tenancy.createKey(rootActor, { role: 'agent', name })).key,
      ),
    );
    for (let i = 0; i < 3; i++) expect((await from('10.0.0.1', a)).statusCode).toBe(200);
    const refused = await from('10.0.0.1', a);
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.json().code).toBe('rate_limited');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect((await from('10.0.0.1', a)).statusCode).toBe(429);
    expect((await from('10.0.0.2', b)).statusCode).toBe(200);
    const { items } = await listSecurityEvents(limited.warrant.db.orm, rootActor, { kind: 'rate_limit_key' });
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      attack_type: 'rate_limit_exceeded',
      action_taken: 'rejected_429',
      ip_address: '10.0.0.1',
      tenant_id: rootActor.tenant_id,
    });
  });

  it('serves `warrant slo` (a client of GET /v1/slo)', async () => {
    const out = await runCli(['slo'], { WARRANT_URL: limited.url, WARRANT_API_KEY: limited.adminKey });
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/^error budget over 30 days: (no_data|ok|burning|exhausted)/);
    expect(out.stdout).toContain('p95');
  });

  it('limits each client address, before authentication', async () => {
    for (let i = 0; i < 6; i++) expect((await from('10.0.0.9')).statusCode).toBe(401);
    const refused = await from('10.0.0.9');
    expect(refused.statusCode).toBe(429);
    expect(refused.json().code).toBe('rate_limited');
    expect((await from('10.0.0.8')).statusCode).toBe(401);
    // Probes and scrapes are never limited.
    const health = await limited.warrant.server.inject({
      method: 'GET',
      url: '/healthz',
      remoteAddress: '10.0.0.9',
    });
    expect(health.statusCode).toBe(200);
  });
});

describe('the error line of a failed request', () => {
  it('carries error_type, a redacted error_message and the stack, on the one line', async () => {
    const captured: Record<string, unknown>[] = [];
    const app = await buildServer({
      logger: createLogger({
        destination: new Writable({
          write(chunk, _encoding, done) {
            captured.push(JSON.parse(String(chunk)));
            done();
          },
        }),
      }),
      metrics: createMetrics(),
      authenticate: async () => {
        throw new Error('unused');
      },
      bodyLimit: 1024,
      modules: [
        {
          public: true,
          register(scope) {
            scope.get('/boom', async () => {
              throw new TypeError(`cannot reach postgres://warrant:${SECRET}@db/warrant`);
            });
          },
        },
      ],
      ready: async () => true,
    });
    const res = await app.inject({ method: 'GET', url: '/boom' });
    await app.close();
    expect(res.statusCode).toBe(500);
    expect(captured).toHaveLength(1);
    expect(captured[0]).toMatchObject({
      level: 'ERROR',
      status_code: 500,
      path: '/boom',
      error_type: 'TypeError',
      error_stack_trace: expect.stringContaining('TypeError'),
    });
    expect(captured[0]!.error_message).toContain('[REDACTED]');
    expect(JSON.stringify(captured)).not.toContain(SECRET);
  });
});

describe("a tenant's error budget", () => {
  // A process of its own, restarted between phases as a deployment would be: budgets read what earlier
  // processes recorded.
  const budgetClock = new ManualClock('2026-04-01T12:00:05.000Z');
  const signerKey = generateSignerKey('warrant.test/audit').signerKey;
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let w: Warrant;
  const boot = async () => {
    w = await createWarrant({
      config: configSchema.parse({
        ops: { slo: { uptime_target: 0.99, latency_p95_ms: 500, error_rate_target: 0.01, window_days: 1 } },
      }),
      db,
      home: mkdtempSync(join(tmpdir(), 'warrant-budget-')),
      clock: budgetClock,
      logger: createLogger({ level: 'silent' }),
      auditSignerKey: signerKey,
    });
  };
  // Closing flushes the process's request minutes; the next one starts a minute later.
  const restart = async () => {
    await w.close();
    budgetClock.advance(60_000);
    await boot();
  };
  const inject = async (method: string, url: string, key?: string, body?: unknown) => {
    const res = await w.server.inject({
      method: method as 'GET',
      url,
      headers: {
        ...(key ? { authorization: `Bearer ${key}` } : {}),
        ...(url.includes('webhooks')
          ? { 'x-github-event': 'pull_request', 'x-github-delivery': randomUUID() }
          : {}),
      },
      ...(body === undefined ? {} : { payload: body as object }),
    });
    return { status: res.statusCode, body: res.json() as Record<string, unknown> };
  };
  const keys: Record<string, string> = {};
  // A read-only plan: policy allows it, so only the pre-run checks stand between it and a run.
  const startRun = async (tenant: 'a' | 'b', key = keys[`${tenant}:agent`]!, body?: unknown) => {
    const submitted = await inject('POST', '/v1/plans', keys[`${tenant}:agent`], {
      summary: 'Look at checkout',
      intent: 'Read the error rate of checkout',
      context: { environment: 'prod', namespace: 'shop' },
      steps: [{ step_id: 'q', action: 'look', tool: 'prometheus.query', input: { query: 'up' } }],
    });
    expect(submitted).toMatchObject({ status: 201, body: { status: 'approved' } });
    return inject('POST', `/v1/plans/${submitted.body.id}/runs`, key, body ?? {});
  };

  beforeAll(async () => {
    delete process.env.WARRANT_GITHUB_WEBHOOK_SECRET;
    db = await openTestDatabase();
    await boot();
    const rootKey = (await w.tenancy.bootstrap())!.token;
    for (const tenant of ['a', 'b']) {
      await inject('POST', '/v1/tenants', rootKey, { name: tenant });
      for (const role of ['agent', 'break_glass']) {
        const made = await inject('POST', '/v1/keys', rootKey, { tenant, role, name: `${tenant}-${role}` });
        keys[`${tenant}:${role}`] = made.body.key as string;
      }
    }
  });
  afterAll(async () => {
    await w?.close();
    await db?.close();
  });

  it('is not spent by refused, unauthenticated or unconfigured-feature requests, in any tenant', async () => {
    for (let i = 0; i < 30; i++) {
      // No webhook secret configured: a feature this installation does not offer is the caller's 404.
      expect(await inject('POST', '/v1/webhooks/github', undefined, { zen: 'flood' })).toMatchObject({
        status: 404,
        body: { code: 'webhook_not_configured' },
      });
      expect((await inject('GET', '/v1/whoami', 'wrt_unknown')).status).toBe(401);
      expect((await inject('POST', '/v1/audit/checkpoint', keys['a:agent'])).status).toBe(403);
      expect((await inject('POST', '/v1/plans', keys['a:agent'], { summary: 1 })).status).toBe(400);
    }
    await restart();
    const installation = await inject('GET', '/v1/slo', keys['b:agent']);
    expect(installation.body).toMatchObject({ current_error_rate: 0, status: 'ok' });
    expect((await startRun('a')).status).toBe(202);
    expect((await startRun('b')).status).toBe(202);
  });

  it('blocks only the tenant whose own requests failed; break glass lifts it and is recorded', async () => {
    // Tenant a's calls fail with a real 5xx for a minute; tenant b's succeed meanwhile.
    const failing = vi.spyOn(w.plans, 'list').mockRejectedValue(new Error('the plans table is on fire'));
    for (let i = 0; i < 20; i++) {
      expect((await inject('GET', '/v1/plans', keys['a:agent'])).status).toBe(500);
      expect((await inject('GET', '/v1/whoami', keys['b:agent'])).status).toBe(200);
    }
    failing.mockRestore();
    await restart();

    const blocked = await startRun('a');
    expect(blocked).toMatchObject({
      status: 409,
      body: {
        code: 'verification_blocked',
        checks: [{ key: 'slo.burn', reason_code: 'slo_budget_exhausted' }],
      },
    });
    expect((await startRun('b')).status).toBe(202);

    // An agent cannot lift it; a break_glass key with a reason can, and the exception says what it lifted.
    const reason = { break_glass: { reason: 'shipping the fix for the failing plans table' } };
    expect(await startRun('a', keys['a:agent'], reason)).toMatchObject({
      status: 403,
      body: { code: 'break_glass_role_required' },
    });
    const lifted = await startRun('a', keys['a:break_glass'], reason);
    expect(lifted.status).toBe(202);
    const run = await inject('GET', `/v1/runs/${lifted.body.id}`, keys['a:agent']);
    const exceptionId = run.body.break_glass_exception_id as string;
    expect(exceptionId).toEqual(expect.any(String));
    expect((await inject('GET', `/v1/exceptions/${exceptionId}`, keys['a:agent'])).body).toMatchObject({
      type: 'break_glass',
      status: 'open',
      reason: reason.break_glass.reason,
      details: { lifted_checks: ['slo.burn'] },
    });
  });
});

describe('a stop during start-up', () => {
  it('logs no error for the background work the stop cut short', async () => {
    const captured: { level: string; message: string }[] = [];
    const logger = createLogger({
      destination: new Writable({
        write(chunk, _encoding, done) {
          captured.push(JSON.parse(String(chunk)));
          done();
        },
      }),
    });
    const stopped = await startHarness({ logger });
    // The schedules' start waits on the queue, which the close stops: as a SIGTERM during `serve`'s start does.
    stopped.warrant.startBackground();
    await stopped.close();
    expect(captured.filter((line) => line.level === 'ERROR')).toEqual([]);
  });
});
