import fc from 'fast-check';
import Fastify from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { isDeeplyFrozen } from '../core/immutable.ts';
import { memoizeJsonBodies } from './body-memo.ts';
import type { App } from './server.ts';

const app = Fastify({ bodyLimit: 64 * 1024 }).withTypeProvider<ZodTypeProvider>();
const seen: unknown[] = [];
beforeAll(async () => {
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  await app.register(async (scope: App) => {
    memoizeJsonBodies(scope, { maxBodyChars: 200, capacity: 8 });
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
});
afterAll(() => app.close());

const post = (url: string, payload: string) =>
  app.inject({ method: 'POST', url, payload, headers: { 'content-type': 'application/json' } });

describe('memoized JSON bodies', () => {
  it('parse any JSON text as JSON.parse does, the first time and the next', async () => {
    await fc.assert(
      fc.asyncProperty(fc.json(), async (text) => {
        for (const _ of [1, 2]) {
          const res = await post('/any', text);
          expect(res.statusCode).toBe(200);
          expect(res.json().body).toEqual(JSON.parse(text));
        }
      }),
      { numRuns: 200 },
    );
  });

  it('hand back one frozen value for the same small body, and a fresh one for a large body', async () => {
    seen.length = 0;
    await post('/any', '{"a":[1,2]}');
    await post('/any', '{"a":[1,2]}');
    const large = JSON.stringify({ a: 'x'.repeat(300) });
    await post('/any', large);
    await post('/any', large);
    expect(seen[0]).toBe(seen[1]);
    expect(isDeeplyFrozen(seen[0])).toBe(true);
    expect(seen[2]).not.toBe(seen[3]);
    expect(isDeeplyFrozen(seen[2])).toBe(false);
    expect((await post('/plain', '{"a":1}')).json()).toEqual({ frozen: false });
  });

  it('refuse bad bodies every time, as Fastify does', async () => {
    for (const _ of [1, 2]) {
      expect((await post('/any', '{"a":')).json().code).toBe('FST_ERR_CTP_INVALID_JSON_BODY');
      expect((await post('/any', '')).json().code).toBe('FST_ERR_CTP_EMPTY_JSON_BODY');
      expect((await post('/any', '{"__proto__":{"admin":true}}')).statusCode).toBe(400);
      expect((await post('/typed', '{"n":"one"}')).statusCode).toBe(400);
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
