import { type BenchReport, benchServer, fmt, load } from './lib.ts';
import { table } from './whoami.bench.ts';

/** POST /v1/authorize (approved plan, answer audited) beside the bare route, in the same run. */
export async function run(): Promise<BenchReport> {
  const server = await benchServer();
  try {
    const { warrant, bare, agentKey, authorize } = server.info;
    const bareUrl = `http://127.0.0.1:${bare}/bare`;
    const call = {
      url: `http://127.0.0.1:${warrant}/v1/authorize`,
      method: 'POST' as const,
      headers: { authorization: `Bearer ${agentKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(authorize),
    };
    await load({ url: bareUrl, seconds: 1 });
    await load({ ...call, seconds: 1 });
    const bareResult = await load({ url: bareUrl });
    const authorizeResult = await load(call);
    const ratio = authorizeResult.requestsPerSecond / bareResult.requestsPerSecond;
    return {
      id: 'authorize',
      title: '/v1/authorize over loopback vs a bare route',
      markdown: table(
        [
          ['bare Fastify GET /bare', bareResult],
          ['Warrant POST /v1/authorize (every answer audited, embedded DB)', authorizeResult],
        ],
        `authorize / bare throughput ratio: **${fmt(ratio)}** (target ≥ 0.5); p99 ${authorizeResult.p99Ms} ms (target < 5 ms)`,
      ),
    };
  } finally {
    server.stop();
  }
}
