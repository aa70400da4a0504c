import { type BenchReport, benchServer, fmt, type LoadResult, load } from './lib.ts';
import { table } from './whoami.bench.ts';

const POSTGRES = process.env.WARRANT_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** POST /v1/authorize (approved plan, every answer audited) beside bare routes, on both engines. */
async function measure(database: string | undefined) {
  const server = await benchServer(
    database ? { WARRANT_BENCH_DATABASE_URL: database } : { WARRANT_BENCH_DATABASE_URL: '' },
  );
  try {
    const { warrant, bare, agentKey, authorize } = server.info;
    const body = JSON.stringify(authorize);
    const json = { 'content-type': 'application/json' };
    const bareGet = { url: `http://127.0.0.1:${bare}/bare`, serverPid: server.pid };
    const barePost = { ...bareGet, method: 'POST' as const, headers: json, body };
    const call = {
      url: `http://127.0.0.1:${warrant}/v1/authorize`,
      serverPid: server.pid,
      method: 'POST' as const,
      headers: { authorization: `Bearer ${agentKey}`, ...json },
      body,
    };
    const whoami = {
      url: `http://127.0.0.1:${warrant}/v1/whoami`,
      serverPid: server.pid,
      headers: { authorization: `Bearer ${agentKey}` },
    };
    for (const warm of [bareGet, barePost, whoami, call]) await load({ ...warm, seconds: 1 });
    return {
      bareGet: await load(bareGet),
      barePost: await load(barePost),
      whoami: await load(whoami),
      authorize: await load(call),
    };
  } finally {
    server.stop();
  }
}

/**
 * Where authorize's server CPU goes: what any POST costs over a GET (bare POST − bare GET), what any
 * authenticated /v1 request costs over a bare one (whoami − bare GET), and the rest, which is authorize's
 * own work (body checks, the decision, the audit record). The first two bound the ratio of ANY
 * authenticated JSON POST on this stack and machine, however little it does.
 */
function breakdown(r: Measured): string {
  const cpu = (l: LoadResult) => l.serverCpuMicros ?? Number.NaN;
  const post = cpu(r.barePost) - cpu(r.bareGet);
  const authenticated = cpu(r.whoami) - cpu(r.bareGet);
  const own = cpu(r.authorize) - cpu(r.bareGet) - post - authenticated;
  const floor = cpu(r.bareGet) + post + authenticated;
  return (
    `server CPU µs/request: bare GET ${fmt(cpu(r.bareGet), 0)} + POST body ${fmt(post, 0)} + authenticated /v1 ` +
    `request ${fmt(authenticated, 0)} + authorize's own work ${fmt(own, 0)} = ${fmt(cpu(r.authorize), 0)}; ` +
    `a no-op authenticated POST would cost ${fmt(floor, 0)}, so its ratio could reach ≈ ` +
    `${fmt(cpu(r.bareGet) / floor)} at best`
  );
}

type Measured = Awaited<ReturnType<typeof measure>>;

export async function run(): Promise<BenchReport> {
  const embedded = await measure(undefined);
  const postgres = await measure(POSTGRES);
  const verdict = (name: string, r: { bareGet: LoadResult; authorize: LoadResult }) =>
    `${name}: authorize / bare GET **${fmt(r.authorize.requestsPerSecond / r.bareGet.requestsPerSecond)}** (target ≥ 0.5), ` +
    `p99 ${r.authorize.p99Ms} ms (target < 5 ms)`;
  return {
    id: 'authorize',
    title: '/v1/authorize over loopback vs bare routes',
    markdown: table(
      [
        ['bare Fastify GET /bare', embedded.bareGet],
        ['bare Fastify POST /bare (same JSON body)', embedded.barePost],
        ['Warrant GET /v1/whoami (the same key)', embedded.whoami],
        ['Warrant POST /v1/authorize, embedded PGlite', embedded.authorize],
        ['bare Fastify GET /bare (PostgreSQL run)', postgres.bareGet],
        ['bare Fastify POST /bare (PostgreSQL run)', postgres.barePost],
        ['Warrant GET /v1/whoami (PostgreSQL run)', postgres.whoami],
        ['Warrant POST /v1/authorize, PostgreSQL 15', postgres.authorize],
      ],
      `${verdict('Embedded', embedded)}. ${verdict('PostgreSQL', postgres)}.\n\n` +
        `Embedded, ${breakdown(embedded)}.\n\nPostgreSQL, ${breakdown(postgres)}.\n\n` +
        'Every answer is audited: answers are written behind in one INSERT per 20 ms, identical answers of one ' +
        "flush folded into one event listing each answer; on PGlite that INSERT runs on the server's own thread",
    ),
  };
}
