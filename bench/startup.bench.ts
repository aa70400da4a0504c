// Start-up (issue 22): the CLI against `node -e 0` and the server's start to /healthz and its idle memory, all as
// a user runs them (bin/warrant.js, the compile cache warm after the first run), in interleaved rounds.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { type BenchReport, fmt, interleave, median, spread } from './lib.ts';

const ROUNDS = 7;
const SERVER_ROUNDS = 5;
/** How long the server idles after /healthz before its resident memory is read (the demo seeds meanwhile). */
const IDLE_MS = 15_000;
const bin = new URL('../bin/warrant.js', import.meta.url).pathname;
const node = process.execPath;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Wall time of one process from spawn to exit, in ms; a non-zero exit fails the bench. */
function timed(args: string[], env: Record<string, string> = {}): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(node, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('exit', (code) =>
      code === 0
        ? resolve(performance.now() - started)
        : reject(new Error(`node ${args.join(' ')} exited ${code}: ${stderr}`)),
    );
  });
}

const pgliteAlone = new URL('./servers/pglite-alone.ts', import.meta.url).pathname;

/** What a process prints to stdout; a non-zero exit fails the bench. */
function output(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(node, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('exit', (code) =>
      code === 0 ? resolve(stdout) : reject(new Error(`node ${args.join(' ')} exited ${code}: ${stderr}`)),
    );
  });
}

/** One GET on a new connection, as a CLI command makes it; answers the round trip in ms. */
function roundTrip(url: string, key: string): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(url, { agent: false, headers: { authorization: `Bearer ${key}` } }, (res) => {
      res.resume();
      res.on('end', () => resolve(performance.now() - started));
    });
    req.on('error', reject);
    req.end();
  });
}

interface Served {
  child: ChildProcess;
  url: string;
  /** Spawn to the first 200 from /healthz, in ms. */
  startMs: number;
  stop(): Promise<void>;
}

/** `warrant serve --demo` (as `npm start`) on the embedded database in `home`, timed to /healthz. */
async function serve(home: string): Promise<Served> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const started = performance.now();
  const child = spawn(node, [bin, 'serve', '--demo'], {
    env: {
      ...process.env,
      WARRANT_HOME: home,
      WARRANT_GATEWAY_HTTP_ADDR: `127.0.0.1:${port}`,
      DATABASE_URL: '',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk) => {
    stderr += chunk;
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  for (;;) {
    if (child.exitCode !== null) throw new Error(`serve exited: ${stderr}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    await sleep(10);
  }
  const startMs = performance.now() - started;
  return {
    child,
    url,
    startMs,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

const residentMb = (pid: number): number =>
  Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;

const verdict = (met: boolean) => (met ? 'met' : '**not met**');

export async function run(): Promise<BenchReport> {
  const homes: string[] = [];
  const home = () => {
    const dir = mkdtempSync(join(tmpdir(), 'warrant-startup-'));
    homes.push(dir);
    return dir;
  };
  try {
    // Server: first start on a new home, warm start on one that has started before; idle memory after the warm.
    const warmHome = home();
    await (await serve(warmHome)).stop();
    const resident: number[] = [];
    const alone: { ms: number; mb: number }[] = [];
    const server = await interleave(SERVER_ROUNDS, {
      // PGlite by itself on the warm home's data: what the embedded database costs before any of Warrant.
      pglite: async () => {
        const out = await output([pgliteAlone, join(warmHome, 'pgdata')]);
        const [ms, mb] = out.trim().split(' ').map(Number);
        alone.push({ ms: ms!, mb: mb! });
        return ms!;
      },
      first: async () => {
        const served = await serve(home());
        await served.stop();
        return served.startMs;
      },
      warm: async () => {
        const served = await serve(warmHome);
        await sleep(IDLE_MS);
        resident.push(residentMb(served.child.pid!));
        await served.stop();
        return served.startMs;
      },
    });

    // CLI: against a running server, after one run of each so the compile cache is warm.
    const running = await serve(warmHome);
    try {
      const key = readFileSync(join(warmHome, 'admin-key'), 'utf8').trim();
      const client = { WARRANT_URL: running.url, WARRANT_API_KEY: key };
      const variants = {
        node: () => timed(['-e', '0']),
        help: () => timed([bin, '--help']),
        whoami: () => timed([bin, 'whoami'], client),
        http: () => roundTrip(`${running.url}/v1/whoami`, key),
      };
      for (const variant of Object.values(variants)) await variant();
      const cli = await interleave(ROUNDS, variants);
      // Per round: --help over node -e 0; whoami, less one round trip, over node -e 0.
      const helpRatio = cli.help.map((ms, i) => ms / cli.node[i]!);
      const whoamiRatio = cli.whoami.map((ms, i) => (ms - cli.http[i]!) / cli.node[i]!);

      const rows = [
        ['`node -e 0`', `${spread(cli.node, 0)} ms`, '', ''],
        ['one HTTP round trip (GET /v1/whoami, new connection)', `${spread(cli.http, 1)} ms`, '', ''],
        ['`warrant --help`', `${spread(cli.help, 0)} ms`, '', ''],
        ['`warrant whoami` (running server)', `${spread(cli.whoami, 0)} ms`, '', ''],
        ['--help ÷ node -e 0', spread(helpRatio), '≤ 5', verdict(median(helpRatio) <= 5)],
        ['(whoami − round trip) ÷ node -e 0', spread(whoamiRatio), '≤ 5', verdict(median(whoamiRatio) <= 5)],
        [
          'server warm start to /healthz',
          `${spread(server.warm, 0)} ms`,
          '≤ 1,000 ms',
          verdict(median(server.warm) <= 1000),
        ],
        [
          'server first start to /healthz (new home)',
          `${spread(server.first, 0)} ms`,
          '≤ 3,000 ms',
          verdict(median(server.first) <= 3000),
        ],
        [
          `resident memory, embedded database, ${IDLE_MS / 1000} s idle after a warm start`,
          `${spread(resident, 0)} MB`,
          '≤ 350 MB',
          verdict(median(resident) <= 350),
        ],
        [
          'beside it, PGlite alone: open the warm data to its first answer',
          `${spread(server.pglite, 0)} ms`,
          '',
          '',
        ],
        [
          'beside it, PGlite alone: resident memory after its first answer',
          `${spread(
            alone.map((a) => a.mb),
            0,
          )} MB`,
          '',
          '',
        ],
      ];
      const markdown = [
        `Interleaved rounds (${ROUNDS} for the CLI, ${SERVER_ROUNDS} for the server), median (min–max). Every command runs`,
        'as a user runs it, `node bin/warrant.js …` on Node 24 with the compile cache warm (one run of each first);',
        '`serve --demo` as `npm start` runs it, on the embedded database (PGlite), the console built before start.',
        'PGlite alone (bench/servers/pglite-alone.ts, in the same rounds) is the floor under the server: its wasm',
        "Postgres starting on the warm home's data, before any of Warrant loads.",
        '',
        '| measure | median (min–max) | target | |',
        '| --- | --- | --- | --- |',
        ...rows.map((row) => `| ${row.join(' | ')} |`),
        '',
        `Load average at the end (1, 5, 15 min): ${loadavg()
          .map((l) => fmt(l))
          .join(', ')}; the machine's 2 cores are shared with other work.`,
      ].join('\n');
      return { id: 'startup', title: 'Start-up: the CLI and the server', markdown };
    } finally {
      await running.stop();
    }
  } finally {
    for (const dir of homes) rmSync(dir, { recursive: true, force: true });
  }
}
