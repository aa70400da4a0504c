import { type BenchReport, fmt, load, startServerProcess } from './lib.ts';

/** Authenticated GET /v1/whoami beside a bare Fastify route, same process, same load. */
export async function run(): Promise<BenchReport> {
  const server = await startServerProcess<{ warrant: number; bare: number; key: string }>(
    './servers/whoami.ts',
  );
  try {
    const { warrant, bare, key } = server.info;
    // Warm both up so JIT and connection setup do not count.
    await load({ url: `http://127.0.0.1:${bare}/bare`, seconds: 1 });
    await load({
      url: `http://127.0.0.1:${warrant}/v1/whoami`,
      headers: { authorization: `Bearer ${key}` },
      seconds: 1,
    });
    const bareResult = await load({ url: `http://127.0.0.1:${bare}/bare` });
    const whoami = await load({
      url: `http://127.0.0.1:${warrant}/v1/whoami`,
      headers: { authorization: `Bearer ${key}` },
    });
    if (whoami.non2xx > 0 || whoami.errors > 0)
      throw new Error(`whoami answered errors: ${JSON.stringify(whoami)}`);
    const ratio = whoami.requestsPerSecond / bareResult.requestsPerSecond;
    const rows = [
      ['bare Fastify GET /bare', bareResult],
      ['Warrant GET /v1/whoami (API key auth, embedded DB)', whoami],
    ] as const;
    const markdown = [
      '| route | req/s | p50 ms | p99 ms |',
      '| --- | ---: | ---: | ---: |',
      ...rows.map(([name, r]) => `| ${name} | ${fmt(r.requestsPerSecond, 0)} | ${r.p50Ms} | ${r.p99Ms} |`),
      '',
      `whoami / bare throughput ratio: **${fmt(ratio)}** (16 connections over loopback, server in its own process).`,
    ].join('\n');
    return { id: 'whoami', title: 'Authenticated whoami vs a bare route', markdown };
  } finally {
    server.stop();
  }
}
