import {
  atEqualLoad,
  cpuAdded,
  equalRate,
  type LoadResult,
  loadTable,
  type Rounds,
  saturate,
  throughputRatio,
} from './http-load.ts';
import { type BenchReport, benchServer, fmt, median, spread } from './lib.ts';

const POSTGRES = process.env.WARRANT_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

type Route = 'bareGet' | 'barePost' | 'whoami' | 'authorize';

/** POST /v1/authorize (approved plan, every answer audited) beside bare routes, all in the same rounds. */
async function measure(database: string) {
  const server = await benchServer({ WARRANT_BENCH_DATABASE_URL: database });
  try {
    const { warrant, bare, agentKey, authorize } = server.info;
    const body = JSON.stringify(authorize);
    const json = { 'content-type': 'application/json' };
    const serverPid = server.pid;
    const targets = {
      bareGet: { url: `http://127.0.0.1:${bare}/bare`, serverPid },
      barePost: {
        url: `http://127.0.0.1:${bare}/bare`,
        method: 'POST' as const,
        headers: json,
        body,
        serverPid,
      },
      whoami: {
        url: `http://127.0.0.1:${warrant}/v1/whoami`,
        headers: { authorization: `Bearer ${agentKey}` },
        serverPid,
      },
      authorize: {
        url: `http://127.0.0.1:${warrant}/v1/authorize`,
        method: 'POST' as const,
        headers: { authorization: `Bearer ${agentKey}`, ...json },
        body,
        serverPid,
      },
    };
    const saturated = await saturate(targets);
    const rate = equalRate(saturated);
    return { saturated, equal: await atEqualLoad(targets, rate), rate };
  } finally {
    server.stop();
  }
}

type Measured = Awaited<ReturnType<typeof measure>>;

function verdict(engine: string, { saturated, equal }: Measured): string {
  const p99 = saturated.authorize.map((r) => r.p99Ms);
  return (
    `**${engine}**: authorize ÷ bare POST **${spread(throughputRatio(saturated.authorize, saturated.barePost))}** ` +
    `(target ≥ 0.75), ÷ bare GET ${spread(throughputRatio(saturated.authorize, saturated.bareGet))}; ` +
    `authorize p99 ${fmt(median(p99))} ms, worst round ${fmt(Math.max(...p99))} ms (target < 5 ms); ` +
    `an authenticated /v1 request adds ${spread(cpuAdded(equal.whoami, equal.bareGet), 1)} µs of server CPU ` +
    `over a bare GET (target ≤ 15 µs). ${breakdown(equal)}`
  );
}

/**
 * Where authorize's server CPU goes at equal load, per round: what any POST body costs over a GET (bare
 * POST − bare GET), what any authenticated /v1 request costs over a bare one (whoami − bare GET), and the
 * rest, authorize's own work (body checks, the decision, the audit record). The first two bound the ratio
 * of ANY authenticated JSON POST on this stack, however little it does.
 */
function breakdown(equal: Rounds<Route>): string {
  const cpu = (results: LoadResult[]) => median(results.map((r) => r.serverCpuMicros));
  const post = median(cpuAdded(equal.barePost, equal.bareGet));
  const authenticated = median(cpuAdded(equal.whoami, equal.bareGet));
  const own = cpu(equal.authorize) - cpu(equal.bareGet) - post - authenticated;
  return (
    `Server CPU µs/request at equal load (medians): bare GET ${fmt(cpu(equal.bareGet), 1)} + POST body ` +
    `${fmt(post, 1)} + authenticated /v1 request ${fmt(authenticated, 1)} + authorize's own work ${fmt(own, 1)} ` +
    `= ${fmt(cpu(equal.authorize), 1)}; a bare POST costs ${fmt(cpu(equal.barePost), 1)}, so where CPU bounds ` +
    `throughput authorize ÷ bare POST ≈ ${fmt(cpu(equal.barePost) / cpu(equal.authorize))}.`
  );
}

export async function run(): Promise<BenchReport> {
  const embedded = await measure('');
  const postgres = await measure(POSTGRES);
  const rows = (engine: string, m: Measured) =>
    [
      ['bare Fastify GET /bare', m.saturated.bareGet, m.equal.bareGet],
      ['bare Fastify POST /bare (same JSON body)', m.saturated.barePost, m.equal.barePost],
      ['Warrant GET /v1/whoami (the same key)', m.saturated.whoami, m.equal.whoami],
      [`Warrant POST /v1/authorize, ${engine}`, m.saturated.authorize, m.equal.authorize],
    ] as const;
  return {
    id: 'authorize',
    title: '/v1/authorize over loopback vs bare routes',
    markdown: [
      verdict('Embedded PGlite', embedded),
      '',
      loadTable(rows('embedded PGlite', embedded), embedded.rate),
      '',
      verdict('PostgreSQL', postgres),
      '',
      loadTable(rows('PostgreSQL', postgres), postgres.rate),
      '',
      'Every answer is audited: answers are written behind in one INSERT per 20 ms, identical answers of one ' +
        "flush folded into one event listing each answer; on PGlite that INSERT runs on the server's own thread.",
    ].join('\n'),
  };
}
