import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import {
  type CallToolResult,
  McpError,
  ToolListChangedNotificationSchema,
} from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EvidenceJournal } from '../src/mcp/evidence-journal.ts';
import { type PlanSubmissionInput, Warrant } from '../src/sdk/index.ts';
import { cliEntry } from './cli-spawn.ts';
import { type Harness, keyFor, startHarness } from './harness.ts';
import { initializeRequest } from './mcp-messages.ts';

let h: Harness;
let admin: string;
let agent: string;
let approver: string;
const dir = mkdtempSync(join(tmpdir(), 'warrant-gateway-test-'));
const clients: Client[] = [];
const echo = new URL('./fixtures/echo-mcp-server.ts', import.meta.url).pathname;
const upstream = `${process.execPath} ${echo}`;

beforeAll(async () => {
  h = await startHarness();
  admin = await keyFor(h, 'demo', 'admin', 'gateway-admin');
  agent = await keyFor(h, 'demo', 'agent', 'mcp-bot');
  approver = await keyFor(h, 'demo', 'approver', 'alice');
});
afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
  await h?.close();
});

const approve = (id: string) =>
  h.call('POST', `/v1/plans/${id}/approvals`, { key: approver, body: { decision: 'approve' } });
const text = (result: unknown) =>
  (result as CallToolResult).content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');
const refusalOf = <T = { ready_plan: PlanSubmissionInput }>(result: { _meta?: Record<string, unknown> }) =>
  result._meta!['warrant/refusal'] as T;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function eventually<T>(look: () => Promise<T>, done: (value: T) => boolean, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await look();
    if (done(value) || Date.now() > deadline) return value;
    await sleep(50);
  }
}

/** A log the echo upstream writes each request it gets to. */
function upstreamLog() {
  const log = join(mkdtempSync(join(dir, 'log-')), 'upstream.jsonl');
  writeFileSync(log, '');
  const calls = () =>
    readFileSync(log, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line).tool as string);
  return { log, calls };
}

/** `warrant gateway <args>` in front of the echo upstream, driven by the official client. */
async function gateway(args: string[], env: Record<string, string>) {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [cliEntry, 'gateway', '--upstream', upstream, ...args],
    env: {
      ...(process.env as Record<string, string>),
      WARRANT_URL: h.url,
      WARRANT_HOME: mkdtempSync(join(dir, 'home-')),
      ...env,
    },
    stderr: 'inherit',
  });
  const client = new Client({ name: 'test-agent', version: '1.0.0' });
  await client.connect(transport);
  clients.push(client);
  return client;
}

// Each test starts real processes (gateway, upstream); a busy machine makes that slow, not wrong.
const SLOW = 120_000;

describe('warrant gateway', () => {
  it(
    'forwards covered calls, refuses the rest with a ready plan, and lets an approved retry through',
    async () => {
      const { log, calls } = upstreamLog();
      const config = join(dir, 'warrant.yaml');
      writeFileSync(
        config,
        'gateway:\n  tool_map:\n    scale_deployment: { tool: k8s.scale, risk: medium }\n    read_metrics: { tool: prometheus.query }\n',
      );
      const sdk = new Warrant({ url: h.url, apiKey: agent });
      const reads = await sdk.submitPlan({
        summary: 'Look at metrics',
        intent: 'See whether checkout is up.',
        context: { environment: 'prod', namespace: 'shop' },
        steps: [{ step_id: 'q', action: 'look', tool: 'prometheus.query', input: { query: 'up' } }],
      });
      expect(reads.status).toBe('approved');
      const client = await gateway(['--plan', reads.id], {
        WARRANT_API_KEY: agent,
        WARRANT_CONFIG: config,
        ECHO_MCP_LOG: log,
      });

      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name).sort()).toEqual(['read_file', 'read_metrics', 'scale_deployment']);
      expect(tools.find((t) => t.name === 'read_metrics')).toMatchObject({
        description: 'Run a PromQL query.',
        inputSchema: { properties: { query: { type: 'string' } } },
      });

      // Covered by --plan: forwarded, redacted, attached as evidence (behind the answer).
      const read = await client.callTool({ name: 'read_metrics', arguments: { query: 'up' } });
      expect(read.isError).toBeFalsy();
      expect(text(read)).toContain('up = 1');
      expect(text(read)).not.toContain('hunter2');
      const evidence = await eventually(
        async () => (await sdk.listEvidence(reads.id)).items,
        (items) => items.length > 0,
      );
      expect(evidence).toMatchObject([{ step_id: 'q', type: 'log', query: 'read_metrics' }]);

      // Not covered: refused before the upstream, recorded, with a plan that would cover it.
      const args = { namespace: 'shop', deployment: 'checkout', replicas: 7 };
      const refused = await client.callTool({ name: 'scale_deployment', arguments: args });
      expect(refused.isError).toBe(true);
      expect(text(refused)).toContain('was not forwarded');
      const reason = refused._meta?.['warrant/refusal'] as {
        reason_code: string;
        ready_plan: PlanSubmissionInput;
        exception_id: string;
      };
      // A tool without an output schema also carries the reason as structuredContent, for older clients.
      expect(refused.structuredContent).toEqual(reason);
      expect(reason.reason_code).toBe('unknown_step');
      expect(reason.ready_plan.steps).toEqual([
        { step_id: 'scale_deployment', action: 'call scale_deployment', tool: 'k8s.scale', input: args },
      ]);
      expect(reason.ready_plan.constraints).toEqual({ declared_risk: 'medium' });
      const exceptions = await h.call<{ items: { id: string; details: { tool: string } }[] }>(
        'GET',
        '/v1/exceptions?type=unapproved_attempt',
      );
      expect(exceptions.body.items.find((e) => e.id === reason.exception_id)?.details.tool).toBe('k8s.scale');
      expect(calls()).toEqual(['read_metrics']);

      // The agent submits the ready plan, an approver approves it, and the retried call passes.
      const submitted = await sdk.submitPlan(reason.ready_plan);
      const waiting = await client.callTool({
        name: 'scale_deployment',
        arguments: { ...args, _warrant: { plan_id: submitted.id, step_id: 'scale_deployment' } },
      });
      expect(text(waiting)).toContain('Not allowed yet: the plan needs 1 more approval');
      expect(waiting._meta?.['warrant/refusal']).toMatchObject({ reason_code: 'not_approved' });
      expect((await approve(submitted.id)).status).toBe(201);
      const passed = await client.callTool({
        name: 'scale_deployment',
        arguments: { ...args, _warrant: { plan_id: submitted.id, step_id: 'scale_deployment' } },
      });
      expect(passed.isError).toBeFalsy();
      expect(text(passed)).toBe('scaled shop/checkout to 7');
      expect(calls()).toEqual(['read_metrics', 'scale_deployment']);
    },
    SLOW,
  );

  it(
    'catalogs the upstream under --namespace; a refusal conforms to the output schema and its ready plan passes as is',
    async () => {
      const { log, calls } = upstreamLog();
      // Registering tools takes an admin's key.
      const client = await gateway(['--namespace', 'echo', '--environment', 'dev'], {
        WARRANT_API_KEY: admin,
        ECHO_MCP_LOG: log,
      });
      type View = {
        name: string;
        effect: string;
        description: string;
        version: string;
        input_schema: unknown;
      };
      const catalog = async () =>
        (await h.call<{ items: View[] }>('GET', '/v1/tools')).body.items.filter((t) =>
          t.name.startsWith('echo.'),
        );
      const registered = await catalog();
      expect(Object.fromEntries(registered.map((t) => [t.name, t.effect]))).toEqual({
        'echo.prompts.get': 'read',
        'echo.read_file': 'read',
        'echo.read_metrics': 'read',
        'echo.resources.read': 'read',
        'echo.scale_deployment': 'write',
      });
      // openWorldHint is kept as the tool's open_world, which every step's risk reasons then say.
      expect(registered.find((t) => t.name === 'echo.read_metrics')).toMatchObject({ open_world: true });
      expect(registered.find((t) => t.name === 'echo.read_file')).not.toHaveProperty('open_world');
      expect(registered.find((t) => t.name === 'echo.read_file')?.input_schema).toMatchObject({
        properties: { path: { type: 'string' }, lines: { type: 'string' } },
        required: ['path'],
      });

      // The official client checks results against the tool's output schema: the refusal must pass it.
      const args = { path: '/srv/notes.txt', lines: [1, 2] };
      const refused = await client.callTool({ name: 'read_file', arguments: args });
      expect(refused.isError).toBe(true);
      expect(refused.structuredContent).toBeUndefined();
      expect(text(refused)).toContain('Not allowed (no_plan)');
      const reason = refused._meta?.['warrant/refusal'] as { ready_plan: PlanSubmissionInput };
      expect(reason.ready_plan.steps).toEqual([
        {
          step_id: 'read_file',
          action: 'call read_file',
          tool: 'echo.read_file',
          input: { path: '/srv/notes.txt', lines: '[1,2]' },
        },
      ]);

      // Submitted unchanged, the plan is decided (a read in dev: allowed), and the retried call passes.
      const sdk = new Warrant({ url: h.url, apiKey: agent });
      const plan = await sdk.submitPlan(reason.ready_plan);
      expect(plan.status).toBe('approved');
      const passed = await client.callTool({
        name: 'read_file',
        arguments: { ...args, _warrant: { plan_id: plan.id, step_id: 'read_file' } },
      });
      expect(passed.isError).toBeFalsy();
      expect(passed.structuredContent).toEqual({ content: 'contents of /srv/notes.txt' });

      // A write waits for a person, then passes.
      const scale = { namespace: 'shop', deployment: 'checkout', replicas: 2 };
      const write = await client.callTool({ name: 'scale_deployment', arguments: scale });
      const ready = refusalOf(write).ready_plan;
      const pending = await sdk.submitPlan(ready);
      expect(pending.status).toBe('pending_approval');
      expect((await approve(pending.id)).status).toBe(201);
      const scaled = await client.callTool({
        name: 'scale_deployment',
        arguments: { ...scale, _warrant: { plan_id: pending.id, step_id: 'scale_deployment' } },
      });
      expect(text(scaled)).toBe('scaled shop/checkout to 2');
      expect(calls()).toEqual(['read_file', 'scale_deployment']);

      // Registering the same definition again is no change; a changed one is a new version.
      const entry = {
        name: 'echo.read_file',
        description: 'Read a text file.',
        effect: 'read',
        input_schema: {
          type: 'object',
          properties: {
            path: { type: 'string' },
            lines: { type: 'string', description: '(canonical JSON)' },
          },
          required: ['path'],
        },
      };
      const audited = async () =>
        (await h.call<{ items: unknown[] }>('GET', '/v1/audit/events?action=tool.registered&limit=500')).body
          .items.length;
      const before = {
        version: registered.find((t) => t.name === 'echo.read_file')!.version,
        events: await audited(),
      };
      const same = await h.call<View>('POST', '/v1/tools', { key: admin, body: entry });
      expect(same.status).toBe(200);
      expect({ version: same.body.version, events: await audited() }).toEqual(before);
      const changed = await h.call<View>('POST', '/v1/tools', {
        key: admin,
        body: { ...entry, effect: 'write' },
      });
      expect(changed.body.version).not.toBe(before.version);
      expect(await audited()).toBe(before.events + 1);
    },
    SLOW,
  );

  it(
    "takes in the upstream's changed tool: a new catalog version, its plans re-decided, the agent told",
    async () => {
      const pidfile = join(mkdtempSync(join(dir, 'pid-')), 'upstream.pid');
      const client = await gateway(['--namespace', 'echo', '--environment', 'dev'], {
        WARRANT_API_KEY: admin,
        ECHO_MCP_PIDFILE: pidfile,
      });
      expect(client.getServerCapabilities()?.tools).toEqual({ listChanged: true });
      const told = new Promise<void>((resolve) =>
        client.setNotificationHandler(ToolListChangedNotificationSchema, () => resolve()),
      );
      const metrics = async () =>
        (
          await h.call<{ items: { name: string; effect: string; version: string }[] }>('GET', '/v1/tools')
        ).body.items.find((t) => t.name === 'echo.read_metrics')!;
      const before = await metrics();
      expect(before.effect).toBe('read');
      const sdk = new Warrant({ url: h.url, apiKey: agent });
      const plan = await sdk.submitPlan({
        summary: 'read a metric',
        intent: 'list_changed test',
        context: { environment: 'dev' },
        steps: [{ step_id: 'q', action: 'query', tool: 'echo.read_metrics', input: { query: 'up' } }],
      });
      expect(plan.status).toBe('approved');

      await eventually(async () => existsSync(pidfile), Boolean);
      process.kill(Number(readFileSync(pidfile, 'utf8')), 'SIGUSR2');
      await told;
      const after = await metrics();
      expect(after).toMatchObject({ effect: 'destructive' });
      expect(after.version).not.toBe(before.version);
      const redecided = await h.call<{ status: string }>('GET', `/v1/plans/${plan.id}`, { key: agent });
      expect(redecided.body.status).toBe('pending_approval');
      expect(
        (await client.listTools()).tools.find((t) => t.name === 'read_metrics')?.annotations,
      ).toMatchObject({
        destructiveHint: true,
      });
    },
    SLOW,
  );

  it(
    'passes resources and prompts through, decided as reads',
    async () => {
      const { log, calls } = upstreamLog();
      const client = await gateway(['--namespace', 'echo', '--environment', 'dev'], {
        WARRANT_API_KEY: admin,
        ECHO_MCP_LOG: log,
      });
      expect(client.getServerCapabilities()).toMatchObject({ tools: {}, resources: {}, prompts: {} });
      expect((await client.listResources()).resources.map((r) => r.uri)).toEqual(['echo://notes/today']);
      expect((await client.listResourceTemplates()).resourceTemplates.map((t) => t.uriTemplate)).toEqual([
        'echo://notes/{day}',
      ]);
      expect((await client.listPrompts()).prompts.map((p) => p.name)).toEqual(['summarize']);

      // Uncovered: a JSON-RPC error with the refusal, and nothing reaches the upstream.
      const refused = await client
        .readResource({ uri: 'echo://notes/today' })
        .catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(McpError);
      const reason = (refused as McpError).data as {
        'warrant/refusal': { reason_code: string; ready_plan: PlanSubmissionInput };
      };
      expect(reason['warrant/refusal'].reason_code).toBe('no_plan');
      expect(reason['warrant/refusal'].ready_plan.steps[0]).toMatchObject({
        tool: 'echo.resources.read',
        input: { uri: 'echo://notes/today' },
      });
      const prompt = await client
        .getPrompt({ name: 'summarize', arguments: { topic: 'x' } })
        .catch((e: unknown) => e);
      expect((prompt as McpError).data).toMatchObject({
        'warrant/refusal': {
          ready_plan: {
            steps: [{ tool: 'echo.prompts.get', input: { name: 'summarize', arguments: '{"topic":"x"}' } }],
          },
        },
      });
      expect(calls()).toEqual([]);

      // Covered: forwarded, redacted.
      const sdk = new Warrant({ url: h.url, apiKey: agent });
      const plan = await sdk.submitPlan(reason['warrant/refusal'].ready_plan);
      const step = { 'warrant/step': { plan_id: plan.id, step_id: 'resources_read' } };
      const read = await client.readResource({ uri: 'echo://notes/today', _meta: step });
      expect(JSON.stringify(read.contents)).toContain('notes (');
      expect(JSON.stringify(read.contents)).not.toContain('hunter2');
      expect(calls()).toEqual(['resources/read']);
    },
    SLOW,
  );
});

describe('the gateway ends with its agent', () => {
  /** A zombie has ended: an orphan is reaped by whatever adopted it, when that gets round to it. */
  const alive = (pid: number) => {
    try {
      return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]![0] !== 'Z';
    } catch {
      return false;
    }
  };
  /**
   * Whether the processes are all gone within `patience` ms. The 2 s the gateway promises is a budget in
   * its constants (agent-commands.ts) and is measured by `npm run bench gateway-stop`; a test only asks
   * that it ends, with a patience a loaded CI machine cannot exhaust.
   */
  async function gone(pids: number[], patience = 15_000): Promise<boolean> {
    const start = Date.now();
    while (pids.some(alive)) {
      if (Date.now() - start > patience) return false;
      await sleep(20);
    }
    return true;
  }
  const env = (pidfile: string) => ({
    ...process.env,
    WARRANT_URL: h.url,
    WARRANT_API_KEY: agent,
    WARRANT_HOME: mkdtempSync(join(dir, 'home-')),
    ECHO_MCP_PIDFILE: pidfile,
  });
  const gatewayArgs = [cliEntry, 'gateway', '--upstream', upstream];
  const initialize = `${JSON.stringify(initializeRequest('t'))}\n`;

  /** Resolves once the gateway answers initialize on `stdout` (it is then serving, its upstream up). */
  const answered = (child: ChildProcess) =>
    new Promise<void>((resolve) => child.stdout!.once('data', () => resolve()));
  const pidOf = async (pidfile: string) => {
    await eventually(async () => existsSync(pidfile), Boolean);
    return Number(readFileSync(pidfile, 'utf8'));
  };

  it(
    'exits with its upstream when its stdin closes',
    async () => {
      const pidfile = join(mkdtempSync(join(dir, 'pid-')), 'upstream.pid');
      const child = spawn(process.execPath, gatewayArgs, {
        env: env(pidfile),
        stdio: ['pipe', 'pipe', 'inherit'],
      });
      const ready = answered(child);
      child.stdin!.write(initialize);
      await ready;
      const pids = [child.pid!, await pidOf(pidfile)];
      child.stdin!.end();
      expect(await gone(pids)).toBe(true);
    },
    SLOW,
  );

  it(
    'exits with its upstream when its parent dies, and on SIGTERM',
    async () => {
      const pidfile = join(mkdtempSync(join(dir, 'pid-')), 'upstream.pid');
      // The parent passes its stdin on (this test holds the pipe), so only the parent's death can be noticed.
      const parentCode = `
      const { spawn } = require('node:child_process');
      const child = spawn(process.execPath, ${JSON.stringify(gatewayArgs)}, { stdio: 'inherit' });
      setInterval(() => {}, 1000);`;
      const parent = spawn(process.execPath, ['-e', parentCode], {
        env: env(pidfile),
        stdio: ['pipe', 'pipe', 'inherit'],
      });
      const ready = answered(parent);
      parent.stdin!.write(initialize);
      await ready;
      const upstreamPid = await pidOf(pidfile);
      const gatewayPid = Number(
        readFileSync(`/proc/${upstreamPid}/stat`, 'utf8').split(') ')[1]!.split(' ')[1],
      );
      expect(alive(gatewayPid)).toBe(true);
      parent.kill('SIGKILL');
      const orphanEnded = await gone([gatewayPid, upstreamPid]);
      parent.stdin!.end();
      expect(orphanEnded).toBe(true);

      const pidfile2 = join(mkdtempSync(join(dir, 'pid-')), 'upstream.pid');
      const child = spawn(process.execPath, gatewayArgs, {
        env: env(pidfile2),
        stdio: ['pipe', 'pipe', 'inherit'],
      });
      const up = answered(child);
      child.stdin!.write(initialize);
      await up;
      const pids = [child.pid!, await pidOf(pidfile2)];
      child.kill('SIGTERM');
      const termEnded = await gone(pids);
      child.stdin!.end();
      expect(termEnded).toBe(true);
    },
    SLOW,
  );
});

describe('the evidence journal', () => {
  it("replays a dead gateway's journal once, under the item's idempotency key", async () => {
    const sdk = new Warrant({ url: h.url, apiKey: agent });
    const plan = await sdk.submitPlan({
      summary: 'Look at metrics',
      intent: 'See whether checkout is up.',
      context: { environment: 'prod', namespace: 'shop' },
      steps: [{ step_id: 'q', action: 'look', tool: 'prometheus.query', input: { query: 'up' } }],
    });
    const home = mkdtempSync(join(dir, 'journal-'));
    const item = {
      key: crypto.randomUUID(),
      plan_id: plan.id,
      evidence: { step_id: 'q', type: 'log', query: 'read_metrics', result: { up: 1 } },
    };
    // Posted once already, and journaled by a gateway (pid 2^22+1: no such process) that died before the ack.
    await sdk.request('POST', `/v1/plans/${plan.id}/evidence`, item.evidence, {
      'idempotency-key': item.key,
    });
    writeFileSync(join(home, 'evidence-4194305.jsonl'), `${JSON.stringify({ add: item })}\n{"add":`);
    const journal = new EvidenceJournal(home, sdk);
    await journal.drain();
    expect(journal.pending).toBe(0);
    await journal.close(1000);
    expect(readdirSync(home)).toEqual([]);
    expect((await sdk.listEvidence(plan.id)).items).toHaveLength(1);
  });
});
