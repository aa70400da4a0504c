import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../src/db/connect.ts';
import { type Harness, startHarness } from './harness.ts';

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
});
