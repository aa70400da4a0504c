import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';

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
