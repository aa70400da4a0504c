import fc from 'fast-check';
import Fastify from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { isDeeplyFrozen } from '../core/immutable.ts';
import type { App } from '../core/route-module.ts';
import { memoizeJsonBodies } from './body-memo.ts';

const app = Fastify({ bodyLimit: 64 * 1024 }).withTypeProvider<ZodTypeProvider>();
const seen: unknown[] = [];
beforeAll(async () => {
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  await app.register(async (scope: App) => {
    memoizeJsonBodies(scope, {
      partition: (request) => String(request.headers['x-tenant'] ?? ''),
      maxBodyChars: 200,
      capacity: 8,
    });
    scope.post('/any', async (request) => {
      seen.push(request.body);
      return { body: request.body };
    });
    scope.post(
      '/typed',
      { schema: { body: z.object({ n: z.number(), tag: z.string().default('none') }) } },
      async (request) => request.body,
    );
  });
  // Outside the scope: the usual parser, never a shared value.
  app.post('/plain', async (request) => ({ frozen: isDeeplyFrozen(request.body) }));
  app.post('/plain-echo', async (request) => ({ body: request.body }));
});
afterAll(() => app.close());

const post = (url: string, payload: string, tenant = 't1') =>
  app.inject({
    method: 'POST',
    url,
    payload,
    headers: { 'content-type': 'application/json', 'x-tenant': tenant },
  });

describe('memoized JSON bodies', () => {
  it("answer any JSON text as Fastify's own parser does, the first time and the next", async () => {
    await fc.assert(
      fc.asyncProperty(fc.json(), async (text) => {
        const plain = await post('/plain-echo', text);
        for (const _ of [1, 2]) {
          const memoized = await post('/any', text);
          expect([memoized.statusCode, memoized.json()]).toEqual([plain.statusCode, plain.json()]);
        }
      }),
      { numRuns: 300 },
    );
    // fc.json() writes "__proto__" keys now and then; refused by both, every time.
    expect((await post('/any', '{"__proto__":false}')).statusCode).toBe(400);
  });

  it('hand back one frozen value for the same small body, and a fresh one for a large body', async () => {
    seen.length = 0;
    await post('/any', '{"a":[1,2]}');
    await post('/any', '{"a":[1,2]}');
    await post('/any', '{"a":[1,2]}', 't2');
    const large = JSON.stringify({ a: 'x'.repeat(300) });
    await post('/any', large);
    await post('/any', large);
    expect(seen[0]).toBe(seen[1]);
    expect(isDeeplyFrozen(seen[0])).toBe(true);
    // Another partition (tenant) never shares a value with the first.
    expect(seen[2]).not.toBe(seen[0]);
    expect(seen[2]).toEqual(seen[0]);
    expect(seen[3]).not.toBe(seen[4]);
    expect(isDeeplyFrozen(seen[3])).toBe(false);
    expect((await post('/plain', '{"a":1}')).json()).toEqual({ frozen: false });
  });

  it('refuse bad bodies every time, as Fastify does', async () => {
    for (const _ of [1, 2]) {
      expect((await post('/any', '{"a":')).json().code).toBe('FST_ERR_CTP_INVALID_JSON_BODY');
      expect((await post('/any', '')).json().code).toBe('FST_ERR_CTP_EMPTY_JSON_BODY');
      expect((await post('/any', '{"__proto__":{"admin":true}}')).statusCode).toBe(400);
      expect((await post('/typed', '{"n":"one"}')).statusCode).toBe(400);
      // Small enough to be memoized, were it not refused.
      expect((await post('/any', '{"a":1,"a":2}')).json()).toMatchObject({
        statusCode: 400,
        code: 'duplicate_key',
      });
      expect((await post('/any', '{"a":"\\u0000"}')).json()).toMatchObject({
        statusCode: 400,
        code: 'invalid_text',
      });
    }
  });

  it('validate once and share the frozen result, defaults included', async () => {
    const first = await post('/typed', '{"n":1}');
    const again = await post('/typed', '{"n":1}');
    expect([first.json(), again.json()]).toEqual([
      { n: 1, tag: 'none' },
      { n: 1, tag: 'none' },
    ]);
  });
});
