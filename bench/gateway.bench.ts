import { mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { Warrant } from '../src/sdk/index.ts';
import { type BenchReport, benchServer, fmt } from './lib.ts';

// Interleaved rounds (direct, gateway, direct, gateway …): a machine that slows down for a while slows
// both sides of the rounds it falls in, instead of one whole side of the comparison.
const ROUNDS = Math.max(5, Number(process.env.BENCH_GATEWAY_ROUNDS ?? 7));
const CALLS = Number(process.env.BENCH_GATEWAY_CALLS ?? 300);
const WARMUP = 100;
const upstream = new URL('../test/fixtures/echo-mcp-server.ts', import.meta.url).pathname;
const cli = new URL('../src/cli/main.ts', import.meta.url).pathname;

async function connect(args: string[], env: Record<string, string> = {}): Promise<Client> {
  const client = new Client({ name: 'bench-agent', version: '1.0.0' });
  await client.connect(
    new StdioClientTransport({
      command: process.execPath,
      args,
      env: { ...(process.env as Record<string, string>), ...env },
      stderr: 'inherit',
    }),
  );
  return client;
}

/** Latencies in ms of `calls` sequential calls, sorted. */
async function measure(call: () => Promise<void>, calls = CALLS): Promise<number[]> {
  const latencies: number[] = [];
  for (let i = 0; i < calls; i++) {
    const start = process.hrtime.bigint();
    await call();
    latencies.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return latencies.sort((a, b) => a - b);
}

const toolCall = (client: Client, args: Record<string, unknown>) => async () => {
  const result = await client.callTool({ name: 'scale_deployment', arguments: args });
  if (result.isError) throw new Error(`refused: ${JSON.stringify(result.content)}`);
};

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
const median = (values: number[]) =>
  pct(
    [...values].sort((a, b) => a - b),
    0.5,
  );

/** The bench plan's step is decided where the context graph places it (unplaced: prod), so a person approves it. */
export async function approved(url: string, adminKey: string, planId: string): Promise<void> {
  const admin = new Warrant({ url, apiKey: adminKey });
  const approver = await admin.request<{ key: string }>('POST', '/v1/keys', {
    role: 'approver',
    name: 'bench-approver',
  });
  const plan = await admin.getPlan(planId);
  if (plan.status === 'approved') return;
  await new Warrant({ url, apiKey: approver.key }).request('POST', `/v1/plans/${planId}/approvals`, {
    decision: 'approve',
    content_hash: plan.content_hash,
  });
}

interface Round {
  direct: number[];
  gateway: number[];
  /** POST /v1/authorize alone, from this process: the part of the added time that is Warrant's answer. */
  authorize: number[];
}

/** A tools/call through `warrant gateway` beside the same call straight to the upstream MCP server. */
export async function run(): Promise<BenchReport> {
  const server = await benchServer();
  const clients: Client[] = [];
  try {
    const { warrant, adminKey, agentKey, authorize } = server.info;
    await approved(`http://127.0.0.1:${warrant}`, adminKey, authorize.plan_id);
    const config = join(mkdtempSync(join(tmpdir(), 'warrant-bench-gateway-')), 'warrant.yaml');
    writeFileSync(config, 'gateway:\n  tool_map:\n    scale_deployment: { tool: k8s.scale }\n');
    const direct = await connect([upstream]);
    const gateway = await connect(
      [cli, 'gateway', '--upstream', `${process.execPath} ${upstream}`, '--plan', authorize.plan_id],
      {
        WARRANT_URL: `http://127.0.0.1:${warrant}`,
        WARRANT_API_KEY: agentKey,
        WARRANT_CONFIG: config,
        WARRANT_HOME: join(config, '..'),
      },
    );
    clients.push(direct, gateway);
    const sides = { direct: toolCall(direct, authorize.input), gateway: toolCall(gateway, authorize.input) };
    const sdk = new Warrant({ url: `http://127.0.0.1:${warrant}`, apiKey: agentKey });
    const check = async () => {
      if (!(await sdk.authorize(authorize)).allowed) throw new Error('the bench plan must be allowed');
    };
    await measure(sides.direct, WARMUP);
    await measure(sides.gateway, WARMUP);
    await measure(check, WARMUP);
    const rounds: Round[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      // The gateway last: it posts its evidence in the next quiet moment, which is the next round's direct calls.
      const direct = await measure(sides.direct);
      const alone = await measure(check);
      rounds.push({ direct, authorize: alone, gateway: await measure(sides.gateway) });
    }
    const authorizeP50 = median(rounds.map((r) => pct(r.authorize, 0.5)));

    const added = rounds.map((r) => pct(r.gateway, 0.5) - pct(r.direct, 0.5));
    const addedP99 = rounds.map((r) => pct(r.gateway, 0.99) - pct(r.direct, 0.99));
    const best = added.indexOf(Math.min(...added));
    const worst = added.indexOf(Math.max(...added));
    const row = (name: string, r: Round) =>
      `| ${name} | ${fmt(pct(r.direct, 0.5))} | ${fmt(pct(r.gateway, 0.5))} | **+${fmt(pct(r.gateway, 0.5) - pct(r.direct, 0.5))}** | ` +
      `${fmt(pct(r.direct, 0.99))} | ${fmt(pct(r.gateway, 0.99))} |`;
    return {
      id: 'gateway',
      title: 'MCP gateway overhead per tools/call',
      markdown: [
        `Added p50 per tools/call: median **+${fmt(median(added))} ms** over ${ROUNDS} interleaved rounds ` +
          `(spread +${fmt(Math.min(...added))} to +${fmt(Math.max(...added))} ms); added p99: median ` +
          `+${fmt(median(addedP99))} ms. POST /v1/authorize alone (SDK, same machine, same rounds): median p50 ${fmt(authorizeP50)} ms.`,
        '',
        '| round | direct p50 ms | gateway p50 ms | added p50 ms | direct p99 ms | gateway p99 ms |',
        '| --- | ---: | ---: | ---: | ---: | ---: |',
        row(`best (${best + 1})`, rounds[best]!),
        row(`worst (${worst + 1})`, rounds[worst]!),
        '',
        `Each round: ${CALLS} sequential calls straight to the upstream MCP server, then ${CALLS} authorize ` +
          `calls alone, then ${CALLS} through \`warrant gateway\` (after ${WARMUP} warm-up calls each). Agent, gateway, upstream and Warrant (embedded ` +
          'DB) each run in their own process; every governed call is authorized, and its redacted result journaled ' +
          'as evidence before the answer and posted behind it, in a quiet moment (see src/mcp/evidence-journal.ts). ' +
          "The added time is the gateway's POST /v1/authorize (over a kept-alive node:http connection), the " +
          'second stdio hop (agent → gateway → upstream) and the gateway itself; "authorize alone" above is asked ' +
          'from the bench process (global fetch), which also drives the agents. ' +
          // Four processes share the CPUs: other work on the machine shows in every figure above.
          `Load average at the end of the run: ${loadavg()[0]!.toFixed(1)} on ${cpus().length} CPUs.`,
      ].join('\n'),
    };
  } finally {
    await Promise.all(clients.map((client) => client.close()));
    server.stop();
  }
}
