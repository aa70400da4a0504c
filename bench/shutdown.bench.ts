import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { initializeRequest } from '../test/mcp-messages.ts';
import { approved } from './gateway.bench.ts';
import { type BenchReport, benchServer, fmt, interleave, median, spread } from './lib.ts';

// The gateway promises to be gone, with its upstream, within 2 s of a reason to stop (src/cli/agent-commands.ts
// holds the budget). This measures it for each reason, from the moment the reason is given to the moment
// neither process exists.
const ROUNDS = Math.max(5, Number(process.env.BENCH_SHUTDOWN_ROUNDS ?? 7));
const BUDGET_MS = 2000;
const cli = new URL('../src/cli/main.ts', import.meta.url).pathname;
const upstream = `${process.execPath} ${new URL('../test/fixtures/echo-mcp-server.ts', import.meta.url).pathname}`;
const gatewayArgs = [cli, 'gateway', '--upstream', upstream];
const message = (body: Record<string, unknown>) => `${JSON.stringify({ jsonrpc: '2.0', ...body })}\n`;
const initialize = message(initializeRequest('bench'));

/**
 * Whether the process still runs. A zombie has ended: an orphan's exit is reaped by whatever adopted it
 * (here PID 1, which reaps about once a second), and kill(pid, 0) succeeds until then.
 */
const alive = (pid: number) => {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]![0] !== 'Z';
  } catch {
    return false;
  }
};

/** Milliseconds until every pid is gone (polled every 2 ms). */
async function goneAfter(pids: number[], since: bigint): Promise<number> {
  while (pids.some(alive)) await sleep(2);
  return Number(process.hrtime.bigint() - since) / 1e6;
}

/** Starts `args` with the gateway somewhere below it, and waits until the gateway answered initialize. */
async function started(env: NodeJS.ProcessEnv, args: string[]) {
  const pidfile = join(mkdtempSync(join(tmpdir(), 'warrant-bench-stop-')), 'upstream.pid');
  const child = spawn(process.execPath, args, {
    env: { ...env, ECHO_MCP_PIDFILE: pidfile },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const answered = new Promise<void>((resolve) => child.stdout!.once('data', () => resolve()));
  child.stdin!.write(initialize);
  await answered;
  while (!existsSync(pidfile)) await sleep(5);
  const upstreamPid = Number(readFileSync(pidfile, 'utf8'));
  // The upstream's parent is the gateway (field 4 of /proc/<pid>/stat).
  const gatewayPid = Number(readFileSync(`/proc/${upstreamPid}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]);
  return { child, pids: [gatewayPid, upstreamPid] };
}

/**
 * The worst case: a governed call answered, its evidence journaled but not yet posted, and Warrant not
 * answering (its process stopped by SIGSTOP) when SIGTERM comes. The gateway waits for the post up to its
 * deadline, then leaves the evidence journaled for the next gateway.
 */
const stopWithEvidencePending =
  (env: NodeJS.ProcessEnv, planId: string, input: Record<string, unknown>, warrantPid: number) =>
  async () => {
    const { child, pids } = await started(env, [...gatewayArgs, '--plan', planId]);
    const called = new Promise<void>((resolve) => {
      let seen = '';
      const onData = (chunk: Buffer) => {
        seen += chunk;
        if (seen.includes('"id":2')) {
          child.stdout!.off('data', onData);
          resolve();
        }
      };
      child.stdout!.on('data', onData);
    });
    child.stdin!.write(message({ method: 'notifications/initialized' }));
    child.stdin!.write(
      message({ id: 2, method: 'tools/call', params: { name: 'scale_deployment', arguments: input } }),
    );
    await called;
    process.kill(warrantPid, 'SIGSTOP');
    try {
      const since = process.hrtime.bigint();
      child.kill('SIGTERM');
      return await goneAfter(pids, since);
    } finally {
      process.kill(warrantPid, 'SIGCONT');
    }
  };

const stopBy = (env: NodeJS.ProcessEnv, reason: 'stdin' | 'sigterm' | 'parent') => async () => {
  if (reason === 'parent') {
    // A parent that passes its stdin on and then dies by SIGKILL: only the re-parenting can be noticed.
    const parentCode = `require('node:child_process').spawn(process.execPath, ${JSON.stringify(gatewayArgs)}, { stdio: 'inherit' }); setInterval(() => {}, 1000);`;
    const { child, pids } = await started(env, ['-e', parentCode]);
    const since = process.hrtime.bigint();
    child.kill('SIGKILL');
    const took = await goneAfter(pids, since);
    child.stdin!.end();
    return took;
  }
  const { child, pids }: { child: ChildProcess; pids: number[] } = await started(env, gatewayArgs);
  const since = process.hrtime.bigint();
  if (reason === 'stdin') child.stdin!.end();
  else child.kill('SIGTERM');
  return goneAfter(pids, since);
};

/** How long `warrant gateway` and its upstream take to be gone after each reason to stop. */
export async function run(): Promise<BenchReport> {
  const server = await benchServer();
  try {
    const { warrant, adminKey, agentKey, authorize } = server.info;
    await approved(`http://127.0.0.1:${warrant}`, adminKey, authorize.plan_id);
    const home = mkdtempSync(join(tmpdir(), 'warrant-bench-stop-home-'));
    const config = join(home, 'warrant.yaml');
    writeFileSync(config, 'gateway:\n  tool_map:\n    scale_deployment: { tool: k8s.scale }\n');
    const env = {
      ...process.env,
      WARRANT_URL: `http://127.0.0.1:${warrant}`,
      WARRANT_API_KEY: agentKey,
      WARRANT_HOME: home,
      WARRANT_CONFIG: config,
    };
    const results = await interleave(ROUNDS, {
      'stdin closed': stopBy(env, 'stdin'),
      SIGTERM: stopBy(env, 'sigterm'),
      'parent killed (SIGKILL)': stopBy(env, 'parent'),
      'SIGTERM, evidence pending, Warrant frozen (worst)': stopWithEvidencePending(
        env,
        authorize.plan_id,
        authorize.input,
        server.pid,
      ),
    });
    const rows = Object.entries(results).map(
      ([reason, times]) =>
        `| ${reason} | ${spread(times, 0)} | ${fmt(Math.max(...times), 0)} | ${Math.max(...times) < BUDGET_MS ? 'yes' : '**no**'} |`,
    );
    const worst = Math.max(...Object.values(results).flat());
    const stops = Object.values(results).flat().length;
    return {
      id: 'shutdown',
      title: 'Gateway shutdown: gone, with its upstream, after a reason to stop',
      markdown: [
        `Worst of all ${stops} stops: **${fmt(worst, 0)} ms** (budget ${fmt(BUDGET_MS, 0)} ms). Median of the medians: ` +
          `${fmt(median(Object.values(results).map(median)), 0)} ms.`,
        '',
        '| reason | median ms (min–max) | worst ms | within 2 s |',
        '| --- | ---: | ---: | --- |',
        ...rows,
        '',
        `${ROUNDS} interleaved rounds; each stop starts a fresh gateway (\`warrant gateway --upstream\` over the echo MCP ` +
          'server) that has answered initialize, gives the reason, and polls every 2 ms until neither the gateway nor its ' +
          'upstream exists (a zombie counts as gone: PID 1 reaps adopted orphans about once a second). A dead parent is ' +
          'noticed by polling the parent pid (every 100 ms), the other reasons by events. The worst case waits for ' +
          "evidence it cannot post until the gateway's stop deadline (1 s), then leaves it journaled. " +
          `Load average at the end: ${loadavg()[0]!.toFixed(1)} on ${cpus().length} CPUs.`,
      ].join('\n'),
    };
  } finally {
    server.stop();
  }
}
