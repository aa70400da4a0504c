import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Warrant, WarrantError } from './index.ts';

type Seen = { method: string; url: string; key: string | undefined; auth: string | undefined };

/** A local server that answers each request with the next scripted reply, and records what it saw. */
async function scripted(replies: Array<(res: ServerResponse) => void>) {
  const seen: Seen[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    seen.push({
      method: req.method!,
      url: req.url!,
      key: req.headers['idempotency-key'] as string | undefined,
      auth: req.headers.authorization,
    });
    req.resume();
    req.on('end', () => (replies.shift() ?? ((r) => r.writeHead(500).end()))(res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, seen };
}
const servers: ReturnType<typeof createServer>[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

const json =
  (status: number, body: unknown, headers: Record<string, string> = {}) =>
  (res: ServerResponse) =>
    res
      .writeHead(status, {
        'content-type': status >= 400 ? 'application/problem+json' : 'application/json',
        ...headers,
      })
      .end(JSON.stringify(body));

const plan = {
  summary: 's',
  intent: 'i',
  context: { environment: 'dev' as const },
  steps: [{ step_id: 'q', action: 'look', tool: 'prometheus.query', input: { query: 'up' } }],
};

describe('Warrant SDK', () => {
  it('retries 503 twice then succeeds, with one idempotency key for every attempt', async () => {
    const unavailable = json(503, { code: 'unavailable', detail: 'busy' }, { 'retry-after': '0' });
    const server = await scripted([unavailable, unavailable, json(201, { id: 'p1', status: 'approved' })]);
    const warrant = new Warrant({ url: server.url, apiKey: 'wrt_test' });
    const created = await warrant.submitPlan(plan);
    expect(created).toMatchObject({ id: 'p1', status: 'approved' });
    expect(server.seen).toHaveLength(3);
    expect(new Set(server.seen.map((s) => s.key)).size).toBe(1);
    expect(server.seen[0]!.key).toMatch(/^[0-9a-f-]{36}$/);
    expect(server.seen[0]!.auth).toBe('Bearer wrt_test');
  });

  it('does not retry a 400, and reports it as a WarrantError from the problem', async () => {
    const server = await scripted([json(400, { code: 'validation_failed', detail: 'steps: too few' })]);
    const error = await new Warrant({ url: server.url })
      .submitPlan(plan, { idempotencyKey: 'k1' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WarrantError);
    expect(error).toMatchObject({ status: 400, code: 'validation_failed', detail: 'steps: too few' });
    expect(server.seen).toHaveLength(1);
    expect(server.seen[0]!.key).toBe('k1');
  });

  it('gives up after its retries, and names an unreachable server', async () => {
    const server = await scripted([
      json(429, { code: 'rate_limited', detail: 'slow down' }, { 'retry-after': '0' }),
    ]);
    const limited = await new Warrant({ url: server.url, retries: 0 }).getPlan('x').catch((e: unknown) => e);
    expect(limited).toMatchObject({ status: 429, code: 'rate_limited' });
    const unreachable = await new Warrant({ url: 'http://127.0.0.1:1', retries: 1 })
      .getRun('r')
      .catch((e: unknown) => e);
    expect(unreachable).toMatchObject({ status: 0, code: 'unreachable' });
  });

  it('waits for a run to end by polling', async () => {
    const server = await scripted([
      json(200, { id: 'r1', status: 'queued', steps: [] }),
      json(200, { id: 'r1', status: 'succeeded', steps: [] }),
    ]);
    const run = await new Warrant({ url: server.url }).waitForRun('r1', { timeoutMs: 5000, pollMs: 10 });
    expect(run.status).toBe('succeeded');
    expect(server.seen.map((s) => s.url)).toEqual(['/v1/runs/r1', '/v1/runs/r1']);
  });
});
