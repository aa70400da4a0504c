// HTTP load over loopback, measured the way issue 22 asks: every variant in the same interleaved rounds
// (A B C, B C A, …), so a slow patch of the machine falls on all of them alike, and each figure a median
// with its spread.
import { existsSync, readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { fmt, interleave, median, spread } from './lib.ts';

export interface LoadTarget {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  /** The server's process, whose CPU time is counted per request. */
  serverPid: number;
}

export interface LoadResult {
  requestsPerSecond: number;
  p99Ms: number;
  /** CPU time the server process spent per request, all its threads. */
  serverCpuMicros: number;
}

export const ROUNDS = Math.max(5, Number(process.env.BENCH_ROUNDS ?? 5));
export const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
export const CONNECTIONS = 16;

// Linux reports process times in clock ticks of 1/100 s (USER_HZ) on every architecture Node runs on.
const TICK_MICROS = 10_000;

/** User + system CPU time of a process so far, in µs (from /proc). */
function cpuMicros(pid: number): number {
  if (!existsSync(`/proc/${pid}/stat`)) throw new Error(`no /proc/${pid}/stat: the bench needs Linux`);
  // Fields after the command name (which may hold spaces): state is 3rd, utime 14th, stime 15th.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * TICK_MICROS;
}

/** One window of load: closed-loop, or at `rate` requests/s across all connections when given. */
async function load(target: LoadTarget, seconds: number, rate?: number): Promise<LoadResult> {
  const before = cpuMicros(target.serverPid);
  const result = await autocannon({
    url: target.url,
    method: target.method ?? 'GET',
    headers: target.headers,
    body: target.body,
    connections: CONNECTIONS,
    duration: seconds,
    ...(rate === undefined ? {} : { overallRate: rate }),
  });
  const failed = result.errors + result.timeouts + result.non2xx;
  if (failed > 0) throw new Error(`${target.method ?? 'GET'} ${target.url}: ${failed} requests failed`);
  return {
    requestsPerSecond: result.requests.average,
    p99Ms: result.latency.p99,
    serverCpuMicros: (cpuMicros(target.serverPid) - before) / result.requests.total,
  };
}

export type Rounds<K extends string> = Record<K, LoadResult[]>;

/** Each target as fast as 16 connections can go, in interleaved rounds, after one warm-up window each. */
export async function saturate<K extends string>(targets: Record<K, LoadTarget>): Promise<Rounds<K>> {
  for (const target of Object.values<LoadTarget>(targets)) await load(target, 1);
  return interleave(
    ROUNDS,
    mapTargets(targets, (target) => () => load(target, SECONDS)),
  );
}

/**
 * Each target at the same offered rate, in interleaved rounds: the server CPU a request costs when neither
 * the server nor the load generator is starved. At saturation they contend for the same cores, and every
 * CPU figure then carries that contention (and the spinning of an event loop that is never idle).
 */
export async function atEqualLoad<K extends string>(
  targets: Record<K, LoadTarget>,
  rate: number,
): Promise<Rounds<K>> {
  return interleave(
    ROUNDS,
    mapTargets(targets, (target) => () => load(target, SECONDS, rate)),
  );
}

/** An offered rate every target sustains: 40% of the slowest one's median throughput, in hundreds. */
export function equalRate(saturated: Rounds<string>): number {
  const slowest = Math.min(...Object.values(saturated).map((r) => median(r.map((x) => x.requestsPerSecond))));
  return Math.max(100, Math.floor((slowest * 0.4) / 100) * 100);
}

function mapTargets<K extends string, T>(
  targets: Record<K, LoadTarget>,
  f: (target: LoadTarget) => T,
): Record<K, T> {
  return Object.fromEntries(Object.entries<LoadTarget>(targets).map(([k, t]) => [k, f(t)])) as Record<K, T>;
}

/** Per round, a's throughput over b's: the ratios the targets are stated in. */
export const throughputRatio = (a: LoadResult[], b: LoadResult[]): number[] =>
  a.map((x, i) => x.requestsPerSecond / b[i]!.requestsPerSecond);

/** Per round, the server CPU per request of `plus` minus that of `minus`. */
export const cpuAdded = (plus: LoadResult[], minus: LoadResult[]): number[] =>
  plus.map((x, i) => x.serverCpuMicros - minus[i]!.serverCpuMicros);

/** Rows of median (min–max) per target: throughput and p99 at saturation, server CPU at both loads. */
export function loadTable(
  rows: ReadonlyArray<readonly [string, LoadResult[], LoadResult[]]>,
  rate: number,
): string {
  const of = (results: LoadResult[], field: keyof LoadResult, digits: number) =>
    spread(
      results.map((r) => r[field]),
      digits,
    );
  return [
    `| route | req/s | p99 ms | server CPU µs/request | server CPU µs/request at ${fmt(rate, 0)} req/s |`,
    '| --- | ---: | ---: | ---: | ---: |',
    ...rows.map(
      ([name, saturated, equal]) =>
        `| ${name} | ${of(saturated, 'requestsPerSecond', 0)} | ${of(saturated, 'p99Ms', 0)} | ` +
        `${of(saturated, 'serverCpuMicros', 1)} | ${of(equal, 'serverCpuMicros', 1)} |`,
    ),
    '',
    `Median (min–max) of ${ROUNDS} interleaved rounds, ${SECONDS} s per window, ${CONNECTIONS} connections over ` +
      'loopback, after a 1 s warm-up of each; the first three columns as fast as the connections go, the last ' +
      `at ${fmt(rate, 0)} req/s offered to each (40% of the slowest), where the server's CPU per request is not ` +
      'inflated by contention with the load generator. The server runs in its own process and the load ' +
      "generator in another; server CPU counts all the server's threads.",
  ].join('\n');
}
