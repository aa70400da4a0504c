import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/load.ts';
import { configSchema } from '../src/config/schema.ts';
import { type Role, roles } from '../src/core/roles.ts';
import { listSecurityEvents } from '../src/ops/security-events.ts';
import { ROUTE_ROLES } from '../src/tenancy/route-roles.ts';
import { type Harness, keyFor, startHarness } from './harness.ts';

// README's role table, row by row, asked of the real API with a key of each role. A role the row allows
// gets past the role check (any answer but 403); every other role gets 403.

const METRICS_TOKEN = 'metrics-token-for-the-roles-test';
let h: Harness;
const keys = {} as Record<Role, string>;

beforeAll(async () => {
  process.env.WARRANT_GITHUB_WEBHOOK_SECRET = 'whsec-roles-test';
  h = await startHarness({ config: configSchema.parse({ ops: { metrics_token: METRICS_TOKEN } }) });
  for (const role of roles) keys[role] = await keyFor(h, 'demo', role, `${role}-key`);
});
afterAll(async () => {
  await h?.close();
  delete process.env.WARRANT_GITHUB_WEBHOOK_SECRET;
});

const plan = {
  summary: 'Nightly health check',
  intent: 'Check that checkout is up every night',
  context: { environment: 'prod', namespace: 'shop' },
  steps: [{ step_id: 'q', action: 'check', tool: 'prometheus.query', input: { query: 'up' } }],
};

interface Rule {
  /** The README row. */
  may: string;
  method: string;
  path: string;
  body?: (role: Role) => unknown;
  allowed: readonly Role[];
}

const rules: Rule[] = [
  { may: 'list API keys', method: 'GET', path: '/v1/keys', allowed: ['admin'] },
  { may: 'list API keys (HEAD)', method: 'HEAD', path: '/v1/keys', allowed: ['admin'] },
  {
    may: 'create API keys',
    method: 'POST',
    path: '/v1/keys',
    body: (role) => ({ role: 'viewer', name: `made-by-${role}` }),
    allowed: ['admin'],
  },
  { may: 'read the GitHub webhook secret', method: 'GET', path: '/v1/worklog/webhook', allowed: ['admin'] },
  {
    may: 'export the whole audit log',
    method: 'GET',
    path: '/v1/audit/export',
    allowed: ['admin', 'auditor'],
  },
  {
    may: 'read the audit log',
    method: 'GET',
    path: '/v1/audit/events',
    allowed: ['admin', 'approver', 'operator', 'auditor', 'viewer'],
  },
  {
    may: 'publish a checkpoint',
    method: 'POST',
    path: '/v1/audit/checkpoint',
    allowed: ['admin', 'auditor'],
  },
  { may: 'read security events', method: 'GET', path: '/v1/security-events', allowed: ['admin', 'auditor'] },
  {
    may: 'create schedules',
    method: 'POST',
    path: '/v1/schedules',
    body: (role) => ({ name: `by-${role}`, cron: '0 3 * * *', plan }),
    allowed: ['admin', 'operator'],
  },
  {
    may: 'delete schedules',
    method: 'DELETE',
    path: `/v1/schedules/${randomUUID()}`,
    allowed: ['admin', 'operator'],
  },
  {
    may: 'schedule a playbook',
    method: 'POST',
    path: '/v1/playbooks/scale-service/schedules',
    body: (role) => ({
      name: `scale-by-${role}`,
      cron: '0 4 * * *',
      params: { namespace: 'shop', deployment: 'web', replicas: 3 },
    }),
    allowed: ['admin', 'operator'],
  },
  {
    may: 'propose plans',
    method: 'POST',
    path: '/v1/plans',
    body: () => plan,
    allowed: ['admin', 'operator', 'agent'],
  },
  {
    may: 'change the context graph',
    method: 'PUT',
    path: '/v1/context/services/roles-test',
    body: () => ({ name: 'roles-test', owner_team: 'platform' }),
    allowed: ['admin', 'operator'],
  },
  {
    may: 'change the context graph (refresh it from live sources)',
    method: 'POST',
    path: '/v1/context/refresh',
    body: () => ({}),
    allowed: ['admin', 'operator'],
  },
  { may: 'read plans', method: 'GET', path: '/v1/plans', allowed: roles },
];

const call = (rule: Rule, role: Role) =>
  h.call<{ code?: string }>(rule.method, rule.path, {
    key: keys[role],
    ...(rule.body ? { body: rule.body(role) } : {}),
  });

describe('roles', () => {
  it.each(rules.map((rule) => [rule.may, rule] as const))('%s', async (_may, rule) => {
    const answers: Record<string, number> = {};
    for (const role of roles) answers[role] = (await call(rule, role)).status;
    const expected = Object.fromEntries(
      roles.map((role) => [role, rule.allowed.includes(role) ? 'past the role check' : 403]),
    );
    const seen = Object.fromEntries(
      Object.entries(answers).map(([role, status]) => [
        role,
        status === 403 ? 403 : status < 500 ? 'past the role check' : status,
      ]),
    );
    expect(seen).toEqual(expected);
  });

  it('tests every rule of the route table, with the roles it names', () => {
    for (const [route, allowed] of Object.entries(ROUTE_ROLES)) {
      const [method, template] = route.split(' ') as [string, string];
      const pattern = new RegExp(`^${template.replace(/:[a-z_]+/g, '[^/]+')}$`);
      const tested = rules.find((rule) => rule.method === method && pattern.test(rule.path));
      expect(tested?.allowed, route).toEqual(allowed);
    }
  });

  it('says why in problem+json', async () => {
    const refused = await h.call<{ code: string; detail: string }>('GET', '/v1/keys', { key: keys.agent });
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(refused.body).toMatchObject({ code: 'forbidden', detail: 'GET /v1/keys needs the admin role' });
  });
});

describe('/metrics behind ops.metrics_token', () => {
  const scrape = (authorization?: string) =>
    h.warrant.server.inject({
      method: 'GET',
      url: '/metrics',
      remoteAddress: '10.9.9.9',
      headers: authorization ? { authorization } : {},
    });

  it('answers only the token, and records a refusal as a security event', async () => {
    const bare = await scrape();
    expect(bare.statusCode).toBe(401);
    expect(bare.json()).toMatchObject({ code: 'unauthorized' });
    expect(bare.body).not.toContain('http_requests_total');
    expect((await scrape(`Bearer ${METRICS_TOKEN}x`)).statusCode).toBe(401);
    expect((await scrape(`Bearer ${METRICS_TOKEN.slice(0, -1)}`)).statusCode).toBe(401);
    // An API key, even the admin's, is not the metrics token.
    expect((await scrape(`Bearer ${h.adminKey}`)).statusCode).toBe(401);
    const ok = await scrape(`Bearer ${METRICS_TOKEN}`);
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toContain('http_requests_total');
    const root = (await h.warrant.tenancy.authenticateKey(h.adminKey))!;
    const { items } = await listSecurityEvents(h.warrant.db.orm, root, { kind: 'metrics_unauthorized' });
    // A flood from one address is one event a minute, not one row per refusal.
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      attack_type: 'invalid_input',
      status_code: 401,
      ip_address: '10.9.9.9',
      endpoint_targeted: '/metrics',
    });
  });

  it('is a secret: read from the environment only, never from the file', () => {
    const env = { WARRANT_OPS_METRICS_TOKEN: METRICS_TOKEN };
    expect(loadConfig({ env }).ops.metrics_token).toBe(METRICS_TOKEN);
    const path = join(mkdtempSync(join(tmpdir(), 'warrant-roles-')), 'warrant.yaml');
    writeFileSync(path, `ops:\n  metrics_token: ${METRICS_TOKEN}\n`);
    expect(() => loadConfig({ path, env: {} })).toThrow(/read from the environment only/);
    expect(() => loadConfig({ env: { WARRANT_OPS_METRICS_TOKEN: 'short' } })).toThrow(/16/);
  });
});
