import { type BenchReport, benchServer, fmt, type LoadResult, load } from './lib.ts';

/** Authenticated GET /v1/whoami beside a bare Fastify route, same process, same load. */
export async function run(): Promise<BenchReport> {
  const server = await benchServer();
  try {
    const { warrant, bare, adminKey } = server.info;
    const bareUrl = `http://127.0.0.1:${bare}/bare`;
    const serverPid = server.pid;
    const whoami = {
      serverPid,
      url: `http://127.0.0.1:${warrant}/v1/whoami`,
      headers: { authorization: `Bearer ${adminKey}` },
    };
    // Warm both up so JIT and connection setup do not count.
    await load({ url: bareUrl, seconds: 1 });
    await load({ ...whoami, seconds: 1 });
    const bareResult = await load({ url: bareUrl, serverPid });
    const whoamiResult = await load(whoami);
    return {
      id: 'whoami',
      title: 'Authenticated whoami vs a bare route',
      markdown: table(
        [
          ['bare Fastify GET /bare', bareResult],
          ['Warrant GET /v1/whoami (API key auth, embedded DB)', whoamiResult],
        ],
        `whoami / bare throughput ratio: **${fmt(whoamiResult.requestsPerSecond / bareResult.requestsPerSecond)}**`,
      ),
    };
  } finally {
    server.stop();
  }
}

export function table(rows: ReadonlyArray<readonly [string, LoadResult]>, note: string): string {
  for (const [name, result] of rows) {
    if (result.errors > 0 || result.non2xx > 0)
      throw new Error(`${name} answered errors: ${JSON.stringify(result)}`);
  }
  const cpu = (r: LoadResult) => (r.serverCpuMicros === undefined ? '–' : fmt(r.serverCpuMicros, 1));
  return [
    '| route | req/s | p50 ms | p99 ms | server CPU µs/request |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...rows.map(
      ([name, r]) => `| ${name} | ${fmt(r.requestsPerSecond, 0)} | ${r.p50Ms} | ${r.p99Ms} | ${cpu(r)} |`,
    ),
    '',
    `${note} (16 connections over loopback for ${process.env.BENCH_SECONDS ?? 8} s each; server in its own process, load generator in another; server CPU counts all the server's threads).`,
  ].join('\n');
}
