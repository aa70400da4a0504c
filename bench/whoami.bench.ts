import { atEqualLoad, cpuAdded, equalRate, loadTable, saturate, throughputRatio } from './http-load.ts';
import { type BenchReport, benchServer, spread } from './lib.ts';

/** Authenticated GET /v1/whoami beside a bare Fastify route in the same process, in the same rounds. */
export async function run(): Promise<BenchReport> {
  const server = await benchServer();
  try {
    const { warrant, bare, adminKey } = server.info;
    const targets = {
      bare: { url: `http://127.0.0.1:${bare}/bare`, serverPid: server.pid },
      whoami: {
        url: `http://127.0.0.1:${warrant}/v1/whoami`,
        headers: { authorization: `Bearer ${adminKey}` },
        serverPid: server.pid,
      },
    };
    const saturated = await saturate(targets);
    const rate = equalRate(saturated);
    const equal = await atEqualLoad(targets, rate);
    return {
      id: 'whoami',
      title: 'Authenticated whoami vs a bare route',
      markdown: [
        `whoami ÷ bare throughput: **${spread(throughputRatio(saturated.whoami, saturated.bare))}**. ` +
          `Server CPU an authenticated /v1 request adds over a bare GET, at equal load: ` +
          `**${spread(cpuAdded(equal.whoami, equal.bare), 1)} µs** (target ≤ 15 µs, issue 22).`,
        '',
        loadTable(
          [
            ['bare Fastify GET /bare', saturated.bare, equal.bare],
            ['Warrant GET /v1/whoami (API key auth, embedded DB)', saturated.whoami, equal.whoami],
          ],
          rate,
        ),
      ].join('\n'),
    };
  } finally {
    server.stop();
  }
}
