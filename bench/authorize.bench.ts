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
    for (const warm of [bareGet, barePost, call]) await load({ ...warm, seconds: 1 });
    return { bareGet: await load(bareGet), barePost: await load(barePost), authorize: await load(call) };
  } finally {
    server.stop();
  }
}

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
        ['Warrant POST /v1/authorize, embedded PGlite', embedded.authorize],
        ['bare Fastify GET /bare (PostgreSQL run)', postgres.bareGet],
        ['Warrant POST /v1/authorize, PostgreSQL 15', postgres.authorize],
      ],
      `${verdict('Embedded', embedded)}. ${verdict('PostgreSQL', postgres)}. Every answer is audited: answers are ` +
        'written behind in group commits, identical answers of one flush folded into one event listing each answer',
    ),
  };
}
