import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { Warrant } from '../src/sdk/index.ts';
import { type BenchReport, benchServer, fmt } from './lib.ts';

const CALLS = Number(process.env.BENCH_GATEWAY_CALLS ?? 2000);
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

/** Latencies in ms of `call` made sequentially, sorted. */
async function measure(call: () => Promise<void>): Promise<number[]> {
  for (let i = 0; i < WARMUP; i++) await call();
  const latencies: number[] = [];
  for (let i = 0; i < CALLS; i++) {
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

/** A tools/call through `warrant gateway` beside the same call straight to the upstream MCP server. */
export async function run(): Promise<BenchReport> {
  const server = await benchServer();
  const clients: Client[] = [];
  try {
    const { warrant, agentKey, authorize } = server.info;
    const config = join(mkdtempSync(join(tmpdir(), 'warrant-bench-gateway-')), 'warrant.yaml');
    writeFileSync(config, 'gateway:\n  tool_map:\n    scale_deployment: { tool: k8s.scale }\n');
    const direct = await connect([upstream]);
    const gateway = await connect(
      [cli, 'gateway', '--upstream', `${process.execPath} ${upstream}`, '--plan', authorize.plan_id],
      { WARRANT_URL: `http://127.0.0.1:${warrant}`, WARRANT_API_KEY: agentKey, WARRANT_CONFIG: config },
    );
    clients.push(direct, gateway);
    const bare = await measure(toolCall(direct, authorize.input));
    const governed = await measure(toolCall(gateway, authorize.input));
    const sdk = new Warrant({ url: `http://127.0.0.1:${warrant}`, apiKey: agentKey });
    const check = await measure(async () => {
      if (!(await sdk.authorize(authorize)).allowed) throw new Error('the bench plan must be allowed');
    });
    const rows = [
      ['upstream MCP server, direct', bare],
      ['through `warrant gateway` (authorize + forward + evidence)', governed],
      ['of which: POST /v1/authorize alone (SDK)', check],
    ] as const;
    const mean = (sorted: number[]) => sorted.reduce((a, b) => a + b, 0) / sorted.length;
    return {
      id: 'gateway',
      title: 'MCP gateway overhead per tools/call',
      markdown: [
        '| path | calls/s | p50 ms | p99 ms |',
        '| --- | ---: | ---: | ---: |',
        ...rows.map(
          ([name, l]) =>
            `| ${name} | ${fmt(1000 / mean(l), 0)} | ${fmt(pct(l, 0.5))} | ${fmt(pct(l, 0.99))} |`,
        ),
        '',
        `Gateway overhead: p50 **+${fmt(pct(governed, 0.5) - pct(bare, 0.5))} ms** (×${fmt(pct(governed, 0.5) / pct(bare, 0.5))}), ` +
          `p99 **+${fmt(pct(governed, 0.99) - pct(bare, 0.99))} ms** (${CALLS} sequential calls each after ${WARMUP} warm-up; ` +
          'agent, gateway, upstream and Warrant (embedded DB) each in their own process; every governed call is ' +
          'authorized and its redacted result attached as evidence).',
      ].join('\n'),
    };
  } finally {
    await Promise.all(clients.map((client) => client.close()));
    server.stop();
  }
}
