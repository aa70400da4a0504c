import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './harness.ts';
import { rowsOf } from './rows.ts';

/**
 * Every JSON route of the OpenAPI document, with random params, queries and bodies: never a 500, and a
 * refused request (4xx) changes no table. The ops tables that record requests themselves (security
 * events, request minutes, webhook deliveries) are left out of the comparison. Streams (SSE) are not JSON.
 */
const OPS_TABLES = new Set([
  'security_events',
  'request_minutes',
  'webhook_deliveries',
  'warrant_migrations',
]);
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
const RUNS = 5;

interface Operation {
  tags?: string[];
  parameters?: { in: string; name: string }[];
  requestBody?: { content?: Record<string, { schema?: { properties?: Record<string, unknown> } }> };
}

let h: Harness;
let routes: { method: string; path: string; op: Operation }[] = [];
let countAll: () => Promise<Record<string, number>>;

beforeAll(async () => {
  h = await startHarness();
  const doc = (await h.call<{ paths: Record<string, Record<string, Operation>> }>('GET', '/openapi.json'))
    .body;
  routes = Object.entries(doc.paths).flatMap(([path, item]) =>
    METHODS.filter((method) => item[method] && !item[method]!.tags?.includes('events')).map((method) => ({
      method: method.toUpperCase(),
      path,
      op: item[method]!,
    })),
  );
  const tables = rowsOf<{ name: string }>(
    await h.warrant.db.orm.execute(sql`
      SELECT table_name AS name FROM information_schema.tables
      WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`),
  )
    .map((t) => t.name)
    .filter((name) => !OPS_TABLES.has(name));
  const query = sql.raw(
    `SELECT ${tables.map((t) => `(SELECT count(*) FROM "${t}")::int AS "${t}"`).join(', ')}`,
  );
  countAll = async () => {
    // Authorize answers are audited write-behind: settle them so they are not taken for this request's.
    await h.warrant.auditWriteBehind.flush();
    return rowsOf<Record<string, number>>(await h.warrant.db.orm.execute(query))[0]!;
  };
});
afterAll(async () => h?.close());

const segment = fc.oneof(fc.uuid(), fc.string({ maxLength: 12 }), fc.constantFrom('x', '0', '..', '%'));
const json = fc.jsonValue({ maxDepth: 3 });

function bodyFor(op: Operation) {
  const properties = Object.keys(op.requestBody?.content?.['application/json']?.schema?.properties ?? {});
  const shaped = fc.record(Object.fromEntries(properties.map((key) => [key, json])), { requiredKeys: [] });
  return fc.oneof(shaped, json, fc.dictionary(fc.string({ maxLength: 8 }), json, { maxKeys: 4 }));
}

describe('fuzzing every JSON route', () => {
  it('covers the routes of the document', () => {
    expect(routes.length).toBeGreaterThan(20);
    expect(routes.map((r) => `${r.method} ${r.path}`)).toContain('POST /v1/plans');
  });

  it('never answers 500, and a refused request changes nothing', { timeout: 120_000 }, async () => {
    const failures: string[] = [];
    for (const route of routes) {
      const names = [...route.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
      const queryNames = (route.op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
      await fc.assert(
        fc.asyncProperty(
          fc.array(segment, { minLength: names.length, maxLength: names.length }),
          fc.dictionary(fc.constantFrom('x', ...queryNames), fc.string({ maxLength: 12 }), { maxKeys: 3 }),
          bodyFor(route.op),
          async (values, query, body) => {
            let path = route.path;
            names.forEach((name, i) => {
              path = path.replace(`{${name}}`, encodeURIComponent(values[i]!));
            });
            const qs = new URLSearchParams(query).toString();
            const before = await countAll();
            const res = await h.warrant.server.inject({
              method: route.method as 'GET',
              url: `${path}${qs ? `?${qs}` : ''}`,
              headers: { authorization: `Bearer ${h.adminKey}` },
              ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { payload: body as object }),
            });
            const what = `${route.method} ${path}${qs ? `?${qs}` : ''} ${JSON.stringify(body).slice(0, 200)}`;
            // 503 is a deliberate answer (an integration not configured); any other 5xx is a bug.
            if (res.statusCode >= 500 && res.statusCode !== 503)
              failures.push(`${res.statusCode} ${what}: ${res.body.slice(0, 300)}`);
            if (res.statusCode >= 400 && res.statusCode < 500) {
              const after = await countAll();
              if (JSON.stringify(after) !== JSON.stringify(before))
                failures.push(`${res.statusCode} changed rows: ${what}`);
            }
          },
        ),
        { numRuns: RUNS, seed: 20_260_301 },
      );
    }
    expect(failures).toEqual([]);
  });

  it('refuses NUL, lone surrogates and repeated keys on every route: 400 invalid_text or duplicate_key, nothing changed', {
    timeout: 300_000,
  }, async () => {
    const failures: string[] = [];
    for (const route of routes) {
      const tried = hostileRequests(route);
      const before = await countAll();
      for (const { url, payload, expect: code } of tried) {
        const res = await h.warrant.server.inject({
          method: route.method as 'GET',
          url,
          headers: {
            authorization: `Bearer ${h.adminKey}`,
            ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
          },
          ...(payload === undefined ? {} : { payload }),
        });
        const what = `${route.method} ${url} ${payload ?? ''}`;
        // Some routes answer text (a checkpoint, metrics) when they are not refused.
        const answer = (String(res.headers['content-type']).includes('json') ? res.json() : {}) as {
          code?: string;
        };
        // Signed webhooks check their signature before they read anything (a 401, or 404 when not set up).
        const refusedUnread = SIGNED.has(route.path) && [401, 404].includes(res.statusCode);
        if (!refusedUnread && (res.statusCode !== 400 || answer.code !== code))
          failures.push(`${res.statusCode} ${answer.code}, not 400 ${code}: ${what}`);
      }
      if (JSON.stringify(await countAll()) !== JSON.stringify(before))
        failures.push(`changed rows: ${route.method} ${route.path}`);
    }
    expect(failures).toEqual([]);
  });
});

// Routes that authenticate by a signature over the raw body: they read nothing before it holds.
const SIGNED = new Set(['/v1/webhooks/github', '/v1/webhooks/slack', '/v1/webhooks/linear']);
const SAFE_ID = '00000000-0000-4000-8000-000000000000';

/** Each way to put text PostgreSQL cannot hold, or a repeated key, into a request of this route. */
function hostileRequests(route: { method: string; path: string; op: Operation }) {
  const names = [...route.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
  const withParams = (bad?: string) =>
    names.reduce((path, name, i) => path.replace(`{${name}}`, i === 0 && bad ? bad : SAFE_ID), route.path);
  const path = withParams();
  const tried: { url: string; payload?: string; expect: 'invalid_text' | 'duplicate_key' }[] = [
    // NUL in a query value and in a query name; an unpaired surrogate (CESU-8), which decodes to no text.
    ...['?x=a%00b', '?%00=1', '?x=%ED%A0%80'].map((query) => ({
      url: `${path}${query}`,
      expect: 'invalid_text' as const,
    })),
    // ... and in a path parameter.
    ...(names.length > 0
      ? ['a%00b', '%ED%A0%80'].map((bad) => ({ url: withParams(bad), expect: 'invalid_text' as const }))
      : []),
  ];
  if (route.method === 'GET' || route.method === 'DELETE') return tried;
  const key =
    Object.keys(route.op.requestBody?.content?.['application/json']?.schema?.properties ?? {})[0] ?? 'x';
  const k = JSON.stringify(key);
  for (const payload of [
    `{${k}:"a\\u0000b"}`,
    `{${k}:{"\\ud800":1}}`,
    `{${k}:[{"nested":["\\udfff"]}]}`,
    `[{"\\u0000":true}]`,
  ])
    tried.push({ url: path, payload, expect: 'invalid_text' });
  tried.push({ url: path, payload: `{${k}:1,${k}:2}`, expect: 'duplicate_key' });
  tried.push({
    url: path,
    payload: `{"outer":{"deployment":"checkout","deployment":"payments"}}`,
    expect: 'duplicate_key',
  });
  return tried;
}
