import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { SCHEDULE_QUEUE } from '../src/triggers/schedules.ts';
import { warrant } from './cli-spawn.ts';
import { type Harness, keyFor, startHarness } from './harness.ts';
import { rowsOf } from './rows.ts';

let h: Harness;
let agent: string;
let viewer: string;
let otherAgent: string;
let operator: string;
let otherOperator: string;

beforeAll(async () => {
  // Plans drafted from alerts require promql evidence: an installation that takes alerts has a Prometheus.
  h = await startHarness({ config: { connectors: { prometheus: { addr: 'http://127.0.0.1:9' } } } as never });
  agent = await keyFor(h, 'demo', 'agent', 'alertmanager');
  viewer = await keyFor(h, 'demo', 'viewer', 'vic');
  otherAgent = await keyFor(h, 'other', 'agent', 'intruder');
  operator = await keyFor(h, 'demo', 'operator', 'olivia');
  otherOperator = await keyFor(h, 'other', 'operator', 'oscar');
});
afterAll(async () => h?.close());

const alert = (status: 'firing' | 'resolved', fingerprint = 'fp-checkout') => ({
  status,
  labels: { alertname: 'HighErrorRate', deployment: 'checkout', namespace: 'shop', environment: 'prod' },
  annotations: { summary: 'checkout 5xx above 5%' },
  startsAt: '2026-03-01T10:00:00.123456789Z',
  endsAt: '0001-01-01T00:00:00Z',
  generatorURL: 'http://prometheus/graph',
  fingerprint,
});
const notification = (...alerts: ReturnType<typeof alert>[]) => ({
  version: '4',
  groupKey: '{}:{alertname="HighErrorRate"}',
  truncatedAlerts: 0,
  status: alerts[0]!.status,
  receiver: 'warrant',
  groupLabels: { alertname: 'HighErrorRate' },
  commonLabels: {},
  commonAnnotations: {},
  externalURL: 'http://alertmanager',
  alerts,
});

interface Outcomes {
  plans: { id: string; status: string; fingerprint: string }[];
  alerts: { outcome: string; plan_id?: string | null }[];
}
const notify = (body: unknown, key = agent) =>
  h.call<Outcomes & { code?: string }>('POST', '/v1/webhooks/alertmanager', { key, body });

async function count(table: 'alert_notifications' | 'plans' | 'schedules'): Promise<number> {
  const [row] = rowsOf<{ n: number }>(
    await h.warrant.db.orm.execute(sql`SELECT count(*)::int AS n FROM ${sql.identifier(table)}`),
  );
  return row!.n;
}

describe('POST /v1/webhooks/alertmanager', () => {
  let planId: string;

  it('drafts and submits a plan with trigger alert for a firing alert', async () => {
    const { status, body } = await notify(notification(alert('firing')));
    expect(status).toBe(200);
    expect(body.plans).toHaveLength(1);
    planId = body.plans[0]!.id;
    const plan = await h.call<{ trigger: string; context: unknown; steps: { tool: string }[] }>(
      'GET',
      `/v1/plans/${planId}`,
    );
    expect(plan.body).toMatchObject({
      trigger: 'alert',
      context: { environment: 'prod', namespace: 'shop' },
    });
    expect(plan.body.steps.map((step) => step.tool)).toEqual(['prometheus.query', 'k8s.rollout_restart']);
  });

  it('does not plan a repeated notification of the same firing alert twice', async () => {
    const plans = await count('plans');
    const { status, body } = await notify(notification(alert('firing')));
    expect(status).toBe(200);
    expect(body.plans).toEqual([]);
    expect(body.alerts).toEqual([expect.objectContaining({ outcome: 'duplicate', plan_id: planId })]);
    expect(await count('plans')).toBe(plans);
  });

  it('records resolved alerts and plans nothing for them', async () => {
    const plans = await count('plans');
    const { body } = await notify(notification(alert('resolved')));
    expect(body.alerts).toEqual([expect.objectContaining({ outcome: 'ignored' })]);
    expect(await count('plans')).toBe(plans);
    const [row] = rowsOf<{ status: string }>(
      await h.warrant.db.orm.execute(
        sql`SELECT status FROM alert_notifications WHERE status = 'resolved' AND fingerprint = 'fp-checkout'`,
      ),
    );
    expect(row?.status).toBe('resolved');
  });

  it('refuses a bad key with 401 and a viewer with 403', async () => {
    expect((await notify(notification(alert('firing', 'fp-2')), 'wrt_nope')).status).toBe(401);
    expect((await notify(notification(alert('firing', 'fp-2')), viewer)).status).toBe(403);
  });

  it('answers a malformed payload with 400 problem+json and stores nothing', async () => {
    const before = await count('alert_notifications');
    const { fingerprint: _, ...noFingerprint } = alert('firing', 'fp-3');
    for (const body of [
      { ...notification(alert('firing')), version: '3' },
      notification(noFingerprint as never),
    ]) {
      const answer = await h.call<{ code: string }>('POST', '/v1/webhooks/alertmanager', {
        key: agent,
        body,
      });
      expect(answer.status).toBe(400);
      expect(answer.headers.get('content-type')).toContain('application/problem+json');
      expect(answer.body.code).toBe('validation_failed');
    }
    expect(await count('alert_notifications')).toBe(before);
  });
});

describe('/v1/schedules', () => {
  const plan = {
    summary: 'Nightly health check',
    intent: 'Check that checkout is up every night',
    context: { environment: 'prod', namespace: 'shop' },
    steps: [
      { step_id: 'q', action: 'check', tool: 'prometheus.query', input: { query: 'up{job="checkout"}' } },
    ],
  };
  let id: string;

  it('is set up by operators and admins: an agent or a viewer may neither create nor delete one', async () => {
    for (const key of [agent, viewer]) {
      const refused = await h.call<{ code: string }>('POST', '/v1/schedules', {
        key,
        body: { name: 'agent-made', cron: '0 3 * * *', plan },
      });
      expect(refused).toMatchObject({ status: 403, body: { code: 'forbidden' } });
      const deleting = await h.call('DELETE', '/v1/schedules/00000000-0000-4000-8000-000000000001', { key });
      expect(deleting.status).toBe(403);
    }
    expect(await count('schedules')).toBe(0);
  });

  it('stores a schedule and registers it with the cron', async () => {
    const created = await h.call<{ id: string; timezone: string }>('POST', '/v1/schedules', {
      key: operator,
      body: { name: 'nightly-check', cron: '0 3 * * *', timezone: 'Europe/Paris', plan },
    });
    expect(created.status).toBe(201);
    id = created.body.id;
    const listed = await h.call<{ items: { id: string; name: string }[] }>('GET', '/v1/schedules', {
      key: agent,
    });
    expect(listed.body.items).toEqual([expect.objectContaining({ id, name: 'nightly-check' })]);
    const cron = await (await h.warrant.openQueue()).getSchedules(SCHEDULE_QUEUE);
    expect(cron).toEqual([expect.objectContaining({ key: id, cron: '0 3 * * *', timezone: 'Europe/Paris' })]);
  });

  it('refuses a cron expression pg-boss cannot run', async () => {
    const answer = await h.call<{ code: string }>('POST', '/v1/schedules', {
      key: operator,
      body: { name: 'bad', cron: 'every night', plan },
    });
    expect(answer).toMatchObject({ status: 400, body: { code: 'invalid_schedule' } });
  });

  it('submits the plan with trigger scheduled when it fires, once per occurrence', async () => {
    const fired = await h.warrant.schedules.fire(id, 'occurrence-1');
    expect(fired).toMatchObject({ trigger: 'scheduled', status: 'approved' });
    expect((await h.warrant.schedules.fire(id, 'occurrence-1'))?.id).toBe(fired!.id);
    const shown = await h.call<{ last_plan_id: string }>('GET', `/v1/schedules/${id}`, { key: agent });
    expect(shown.body.last_plan_id).toBe(fired!.id);
  });

  it("keeps another tenant's schedules out of reach", async () => {
    expect((await h.call('GET', `/v1/schedules/${id}`, { key: otherAgent })).status).toBe(404);
    expect((await h.call('DELETE', `/v1/schedules/${id}`, { key: otherOperator })).status).toBe(404);
    const listed = await h.call<{ items: unknown[] }>('GET', '/v1/schedules', { key: otherAgent });
    expect(listed.body.items).toEqual([]);
  });

  it('deletes a schedule and its cron entry; a late firing does nothing', async () => {
    expect((await h.call('DELETE', `/v1/schedules/${id}`, { key: operator })).status).toBe(204);
    expect((await h.call('GET', `/v1/schedules/${id}`, { key: agent })).status).toBe(404);
    expect(await (await h.warrant.openQueue()).getSchedules(SCHEDULE_QUEUE)).toEqual([]);
    expect(await h.warrant.schedules.fire(id, 'occurrence-2')).toBeUndefined();
  });
});

describe('POST /v1/plans/draft', () => {
  it('drafts without submitting, and submits with ?submit=true', async () => {
    const plans = await count('plans');
    const body = { intent: 'scale checkout to 4 in namespace shop', context: { environment: 'dev' } };
    const drafted = await h.call<{ draft: { steps: { tool: string }[] }; provider: string }>(
      'POST',
      '/v1/plans/draft',
      { key: agent, body },
    );
    expect(drafted.status).toBe(200);
    expect(drafted.body).toMatchObject({ provider: 'offline', draft: { steps: [{ tool: 'k8s.scale' }] } });
    expect(await count('plans')).toBe(plans);
    const submitted = await h.call<{ plan: { id: string; trigger: string } }>(
      'POST',
      '/v1/plans/draft?submit=true',
      {
        key: agent,
        body,
      },
    );
    expect(submitted.status).toBe(201);
    expect(submitted.body.plan.trigger).toBe('manual');
    expect(await count('plans')).toBe(plans + 1);
  });

  it('answers an intent the model cannot draft with 422', async () => {
    const answer = await h.call<{ code: string }>('POST', '/v1/plans/draft', {
      key: agent,
      body: { intent: 'make it faster' },
    });
    expect(answer).toMatchObject({ status: 422, body: { code: 'draft_unsupported' } });
  });
});

describe('POST /v1/plans/draft while the model provider is down', () => {
  let down: Harness;
  beforeAll(async () => {
    process.env.OPENAI_API_KEY ??= 'test-key';
    down = await startHarness({
      config: { llm: { provider: 'openai', api_base: 'http://127.0.0.1:9/v1', model: 'gpt-test' } } as never,
    });
  });
  afterAll(async () => down?.close());

  it('answers 503 model_unavailable with Retry-After; everything else goes on', async () => {
    const body = { intent: 'scale checkout to 4 in namespace shop', context: { environment: 'dev' } };
    for (let i = 0; i < 2; i++) {
      const answer = await down.call<{ code: string; retry_after_seconds: number }>(
        'POST',
        '/v1/plans/draft',
        {
          body,
        },
      );
      expect(answer.status).toBe(503);
      expect(answer.body.code).toBe('model_unavailable');
      expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    expect((await down.call('GET', '/v1/plans')).status).toBe(200);
    const submitted = await down.call('POST', '/v1/plans', {
      body: {
        summary: 'Check the error rate',
        intent: 'Read the error rate while the model is down.',
        context: { environment: 'prod' },
        steps: [{ step_id: 'q', action: 'Query', tool: 'prometheus.query', input: { query: 'up' } }],
      },
    });
    expect(submitted.status).toBe(201);
  });
});

describe('warrant plan draft', () => {
  it('prints a draft that `warrant plan submit` takes as it is', async () => {
    const { code, stdout } = await warrant(
      ['plan', 'draft', 'restart checkout in namespace shop', '--environment', 'dev'],
      { WARRANT_URL: h.url, WARRANT_API_KEY: agent },
    );
    expect(code).toBe(0);
    expect(parseYaml(stdout)).toMatchObject({
      trigger: 'manual',
      context: { environment: 'dev', namespace: 'shop' },
      steps: [{ tool: 'k8s.rollout_restart', input: { namespace: 'shop', deployment: 'checkout' } }],
    });
  });
});
