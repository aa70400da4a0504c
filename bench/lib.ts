import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import autocannon from 'autocannon';

export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  non2xx: number;
  /** CPU time the server process spent per request (all its threads), when its pid was given. */
  serverCpuMicros?: number;
}

// Linux reports process times in clock ticks of 1/100 s (USER_HZ) on every architecture Node runs on.
const TICK_MICROS = 10_000;

/** User + system CPU time of a process so far, in µs (from /proc; undefined where there is none). */
function cpuMicros(pid: number): number | undefined {
  if (!existsSync(`/proc/${pid}/stat`)) return undefined;
  // Fields after the command name (which may hold spaces): state is 3rd, utime 14th, stime 15th.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * TICK_MICROS;
}

/** A fixed-duration closed-loop load over loopback. */
export async function load(options: {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  connections?: number;
  seconds?: number;
  /** The server's process, to report its CPU time per request. */
  serverPid?: number;
}): Promise<LoadResult> {
  const cpuBefore = options.serverPid === undefined ? undefined : cpuMicros(options.serverPid);
  const result = await autocannon({
    url: options.url,
    method: options.method ?? 'GET',
    headers: options.headers,
    body: options.body,
    connections: options.connections ?? 16,
    duration: options.seconds ?? Number(process.env.BENCH_SECONDS ?? 8),
  });
  return {
    requestsPerSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    ...(cpuBefore === undefined
      ? {}
      : { serverCpuMicros: (cpuMicros(options.serverPid!)! - cpuBefore) / result.requests.total }),
  };
}

/** Starts a bench server script in its own process (so load and server do not share an event loop). */
export async function startServerProcess<T>(script: string, env: Record<string, string> = {}) {
  const child: ChildProcess = spawn(process.execPath, [new URL(script, import.meta.url).pathname], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const info = await new Promise<T>((resolve, reject) => {
    let buffer = '';
    child.stdout!.on('data', (chunk) => {
      buffer += chunk;
      const line = buffer.split('\n').find((candidate) => candidate.startsWith('{'));
      if (line) resolve(JSON.parse(line) as T);
    });
    child.on('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
  });
  return {
    info,
    pid: child.pid!,
    stop: () => {
      child.kill('SIGTERM');
    },
  };
}

export const fmt = (value: number, digits = 2) =>
  value.toLocaleString('en-US', { maximumFractionDigits: digits });

export interface BenchReport {
  /** Section id in BENCHMARKS.md. */
  id: string;
  title: string;
  markdown: string;
}

export interface BenchServerInfo {
  warrant: number;
  bare: number;
  adminKey: string;
  agentKey: string;
  authorize: { plan_id: string; step_id: string; tool: string; input: Record<string, unknown> };
}

/** bench/servers/warrant.ts in its own process (embedded DB unless WARRANT_BENCH_DATABASE_URL is set). */
export const benchServer = (env: Record<string, string> = {}) =>
  startServerProcess<BenchServerInfo>('./servers/warrant.ts', env);

/** Replaces (or appends) the report's section in BENCHMARKS.md, stamped with the machine and the command. */
export function recordReport(report: BenchReport, command: string): void {
  const target = new URL('../BENCHMARKS.md', import.meta.url).pathname;
  const document = existsSync(target)
    ? readFileSync(target, 'utf8')
    : '# Benchmarks\n\nWritten by `npm run bench` and `npm run load` (one section each, replaced on each run).\n';
  const cpu = os.cpus();
  const stamp = `Measured ${new Date().toISOString()} on ${cpu.length} × ${cpu[0]?.model.trim()}, Node ${process.versions.node}; command: \`${command}\`.`;
  const section = `<!-- bench:${report.id} -->\n## ${report.title}\n\n${stamp}\n\n${report.markdown}\n<!-- /bench:${report.id} -->`;
  const pattern = new RegExp(`<!-- bench:${report.id} -->[\\s\\S]*?<!-- /bench:${report.id} -->`);
  writeFileSync(
    target,
    pattern.test(document) ? document.replace(pattern, () => section) : `${document}\n${section}\n`,
  );
}

/** The p-th percentile (0–100) of samples, nearest rank. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export const median = (samples: readonly number[]): number => percentile(samples, 50);

/** "median (min–max)" of per-round figures: the spread beside the middle. */
export const spread = (samples: readonly number[], digits = 2): string =>
  `${fmt(median(samples), digits)} (${fmt(Math.min(...samples), digits)}–${fmt(Math.max(...samples), digits)})`;

/**
 * Interleaved rounds: each round runs every variant once, starting at a different one (A B C, B C A, …), so a
 * slow patch of the machine falls on all variants alike. Answers each variant's per-round results.
 */
export async function interleave<K extends string, T>(
  rounds: number,
  variants: Record<K, () => Promise<T>>,
): Promise<Record<K, T[]>> {
  const names = Object.keys(variants) as K[];
  const results = Object.fromEntries(names.map((name) => [name, [] as T[]])) as unknown as Record<K, T[]>;
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < names.length; i++) {
      const name = names[(round + i) % names.length]!;
      results[name].push(await variants[name]());
    }
  }
  return results;
}

/** A seeded pseudo-random generator (mulberry32): the same data on every run and engine. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
