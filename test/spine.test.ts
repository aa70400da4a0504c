import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWarrant } from '../src/app.ts';
import { configSchema } from '../src/config/schema.ts';
import { createLogger } from '../src/core/logger.ts';
import { type Harness, keyFor, startHarness } from './harness.ts';
import { rowsOf } from './rows.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ config: { gateway: { body_limit_bytes: 64 * 1024 } } as never });
});
afterAll(async () => h?.close());

/** Row counts of every table a refused request could have touched. */
async function counts() {
  const [row] = rowsOf<Record<string, number>>(
    await h.warrant.db.orm.execute(sql`
      SELECT (SELECT count(*) FROM tenants)::int AS tenants, (SELECT count(*) FROM actors)::int AS actors,
             (SELECT count(*) FROM api_keys)::int AS keys, (SELECT count(*) FROM audit_events)::int AS audit`),
  );
  return row;
}

describe('public endpoints', () => {
  it('answers /healthz, /readyz and /metrics', async () => {
    expect((await h.call('GET', '/healthz', { key: '' })).status).toBe(200);
    expect((await h.call('GET', '/readyz', { key: '' })).status).toBe(200);
    const metrics = await h.call<string>('GET', '/metrics', { key: '' });
    expect(metrics.body).toContain('http_requests_total');
    // Path templates, never raw ids.
    expect(metrics.body).toContain('path="/healthz"');
    // Seed 003's names beside them: the `endpoint` label as OpenAPI writes templates, and the error-rate gauge.
    const id = '00000000-0000-4000-8000-000000000000';
    expect((await h.call('GET', `/v1/plans/${id}`)).status).toBe(404);
    const after = (await h.call<string>('GET', '/metrics', { key: '' })).body;
    expect(after).toMatch(
      /http_requests_total\{method="GET",path="\/v1\/plans\/:id",endpoint="\/v1\/plans\/\{id\}",status="404"\} 1/,
    );
    expect(after).toMatch(/http_error_rate\{method="GET",endpoint="\/v1\/plans\/\{id\}"\} 0/);
    expect(after).not.toContain(id);
  });

  it('serves an OpenAPI 3.1 document generated from the routes', async () => {
    const doc = await h.call<{ openapi: string; paths: Record<string, unknown> }>('GET', '/openapi.json', {
      key: '',
    });
    expect(doc.body.openapi).toBe('3.1.0');
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining(['/v1/whoami', '/v1/keys', '/v1/tenants']),
    );
  });

  it('echoes a given UUID v4 request id and makes one otherwise (seed 003)', async () => {
    const id = '6f1c2d3e-4a5b-4c6d-8e7f-901234567890';
    const given = await h.call('GET', '/healthz', { headers: { 'x-request-id': id } });
    expect(given.headers.get('x-request-id')).toBe(id);
    const replaced = await h.call('GET', '/healthz', { headers: { 'x-request-id': 'abc-123' } });
    expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const made = await h.call('GET', '/healthz');
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers an unknown route with problem+json', async () => {
    const res = await h.call<{ code: string }>('GET', '/v1/nothing-here');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body.code).toBe('route_not_found');
  });
});

describe('authentication', () => {
  it('tells the caller who they are', async () => {
    const res = await h.call<{ actor: Record<string, unknown> }>('GET', '/v1/whoami');
    expect(res.status).toBe(200);
    expect(res.body.actor).toMatchObject({ type: 'service', roles: ['admin'], tenant_name: 'demo' });
    expect(res.body.actor.id).toEqual(expect.any(String));
    expect(res.body.actor.tenant_id).toEqual(expect.any(String));
  });

  it.each([
    ['no header', undefined],
    ['a malformed key', 'Bearer nope'],
    ['an unknown key', 'Bearer wrt_0000000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'],
    ['basic auth', 'Basic dXNlcjpwYXNz'],
  ])('refuses %s with 401', async (_name, authorization) => {
    const res = await h.call<{ code: string }>('GET', '/v1/whoami', {
      key: '',
      headers: authorization ? { authorization } : {},
    });
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body.code).toBe('unauthorized');
  });

  it('refuses a key with the right id but the wrong secret', async () => {
    const wrong = `${h.adminKey.slice(0, -4)}AAAA`;
    expect((await h.call('GET', '/v1/whoami', { key: wrong })).status).toBe(401);
  });

  it('refuses a key revoked through another Warrant process on the same database', async () => {
    const other = await createWarrant({
      config: configSchema.parse({}),
      db: h.warrant.db,
      home: '/nonexistent',
      logger: createLogger({ level: 'silent' }),
    });
    try {
      const key = await keyFor(h, 'demo', 'viewer', 'revoked-elsewhere');
      const whoami = () =>
        other.server.inject({ url: '/v1/whoami', headers: { authorization: `Bearer ${key}` } });
      expect((await whoami()).statusCode).toBe(200); // now cached in `other`
      expect((await h.call('DELETE', `/v1/keys/${key.split('_')[1]}`)).status).toBe(204);
      let status = 200;
      for (let i = 0; i < 50 && status === 200; i++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        status = (await whoami()).statusCode;
      }
      expect(status).toBe(401);
    } finally {
      await other.close();
    }
  });

  it('refuses a revoked key at once', async () => {
    const key = await keyFor(h, 'demo', 'viewer', 'soon-revoked');
    expect((await h.call('GET', '/v1/whoami', { key })).status).toBe(200);
    const id = key.split('_')[1]!;
    expect((await h.call('DELETE', `/v1/keys/${id}`)).status).toBe(204);
    expect((await h.call('GET', '/v1/whoami', { key })).status).toBe(401);
  });
});

describe('tenants and keys', () => {
  it('lets the first admin create tenants and keys in them, audited in the same transaction', async () => {
    const before = await counts();
    const key = await keyFor(h, 'acme', 'approver', 'alice');
    const who = await h.call<{ actor: { roles: string[]; tenant_name: string } }>('GET', '/v1/whoami', {
      key,
    });
    expect(who.body.actor).toMatchObject({ roles: ['approver'], tenant_name: 'acme' });
    const after = await counts();
    expect(after).toMatchObject({
      tenants: before!.tenants! + 1,
      keys: before!.keys! + 1,
      audit: before!.audit! + 2,
    });
    const actions = rowsOf<{ action: string }>(
      await h.warrant.db.orm.execute(sql`SELECT action FROM audit_events ORDER BY seq DESC LIMIT 2`),
    ).map((row) => row.action);
    expect(actions.sort()).toEqual(['api_key.created', 'tenant.created']);
  });

  it('refuses a duplicate tenant with 409', async () => {
    await keyFor(h, 'dup', 'viewer');
    const res = await h.call<{ code: string }>('POST', '/v1/tenants', { body: { name: 'dup' } });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('tenant_exists');
  });

  it("keeps tenants apart: another tenant's names and ids are not found", async () => {
    const acmeAdmin = await keyFor(h, 'acme2', 'admin');
    const globexViewer = await keyFor(h, 'globex', 'viewer');
    const globexKeyId = globexViewer.split('_')[1]!;
    // An ordinary admin cannot create tenants …
    const tenant = await h.call<{ code: string }>('POST', '/v1/tenants', {
      key: acmeAdmin,
      body: { name: 'x1' },
    });
    expect(tenant.status).toBe(403);
    // … and cannot see or touch another tenant: 404, exactly like a missing id.
    const before = await counts();
    const create = await h.call<{ code: string }>('POST', '/v1/keys', {
      key: acmeAdmin,
      body: { tenant: 'globex', role: 'admin', name: 'intruder' },
    });
    expect(create.status).toBe(404);
    const missing = await h.call<{ code: string }>('POST', '/v1/keys', {
      key: acmeAdmin,
      body: { tenant: 'no-such-tenant', role: 'admin', name: 'x' },
    });
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ code: create.body.code });
    expect((await h.call('DELETE', `/v1/keys/${globexKeyId}`, { key: acmeAdmin })).status).toBe(404);
    expect((await h.call('DELETE', '/v1/keys/doesnotexist0000', { key: acmeAdmin })).status).toBe(404);
    const listed = await h.call<{ items: { name: string }[] }>('GET', '/v1/tenants', { key: acmeAdmin });
    expect(listed.body.items.map((item) => item.name)).toEqual(['acme2']);
    expect(await counts()).toEqual(before);
    expect((await h.call('GET', '/v1/whoami', { key: globexViewer })).status).toBe(200);
  });

  it('needs the admin role to create keys', async () => {
    const viewer = await keyFor(h, 'demo', 'viewer', 'just-looking');
    const res = await h.call('POST', '/v1/keys', { key: viewer, body: { role: 'admin', name: 'escalate' } });
    expect(res.status).toBe(403);
  });
});

describe('bad input changes nothing', () => {
  const cases: Array<
    [string, { raw?: string; body?: unknown; headers?: Record<string, string> }, number, string]
  > = [
    ['malformed JSON', { raw: '{"name": "oops",' }, 400, 'malformed_json'],
    ['an empty JSON body', { raw: '' }, 400, 'malformed_json'],
    ['a wrong type', { body: { name: 42 } }, 400, 'validation_failed'],
    ['an invalid name', { body: { name: 'Has Spaces' } }, 400, 'validation_failed'],
    ['an unknown field', { body: { name: 'okname', admin: true } }, 400, 'validation_failed'],
    ['a body over the limit', { body: { name: 'x'.repeat(70 * 1024) } }, 413, 'body_too_large'],
    [
      'a non-JSON media type',
      { raw: 'name=x', headers: { 'content-type': 'text/plain' } },
      415,
      'unsupported_media_type',
    ],
  ];
  it.each(cases)('%s', async (_name, request, status, code) => {
    const before = await counts();
    const res = await h.call<{ code: string; status: number; detail: string }>(
      'POST',
      '/v1/tenants',
      request,
    );
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body).toMatchObject({ code, status });
    expect(res.body.detail).toEqual(expect.any(String));
    expect(await counts()).toEqual(before);
  });

  it('names the offending field', async () => {
    const res = await h.call<{ detail: string }>('POST', '/v1/keys', {
      body: { role: 'emperor', name: 'x' },
    });
    expect(res.status).toBe(400);
    expect(res.body.detail).toContain('role');
  });
});
