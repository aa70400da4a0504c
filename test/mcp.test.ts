import { createHash } from 'node:crypto';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PlanSubmissionInput, Warrant } from '../src/sdk/index.ts';
import { cliEntry } from './cli-spawn.ts';
import { type Harness, keyFor, startHarness } from './harness.ts';
import { rowsOf } from './rows.ts';

let h: Harness;
let agent: string;
let approver: string;
let intruder: string;
const clients: Client[] = [];

beforeAll(async () => {
  h = await startHarness();
  agent = await keyFor(h, 'demo', 'agent', 'mcp-bot');
  approver = await keyFor(h, 'demo', 'approver', 'alice');
  intruder = await keyFor(h, 'other', 'agent', 'intruder');
});
afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
  await h?.close();
});

const plan = (
  environment: PlanSubmissionInput['context']['environment'],
  step: PlanSubmissionInput['steps'][number],
): PlanSubmissionInput => ({
  summary: 'Scale checkout',
  intent: 'Checkout is saturated; add replicas.',
  context: { environment, namespace: 'shop' },
  steps: [step],
});
const scale = {
  step_id: 'scale',
  action: 'scale',
  tool: 'k8s.scale',
  input: { namespace: 'shop', deployment: 'checkout', replicas: 5 },
};
const query = { step_id: 'q', action: 'look', tool: 'prometheus.query', input: { query: 'up' } };

const approve = (id: string) =>
  h.call('POST', `/v1/plans/${id}/approvals`, { key: approver, body: { decision: 'approve' } });
const text = (result: unknown) =>
  (result as CallToolResult).content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');

/** `warrant <args>` as an MCP server over stdio, driven by the official client. */
async function spawnClient(args: string[], env: Record<string, string> = {}) {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [cliEntry, ...args],
    env: { ...(process.env as Record<string, string>), WARRANT_URL: h.url, WARRANT_API_KEY: agent, ...env },
    stderr: 'inherit',
  });
  const client = new Client({ name: 'test-agent', version: '1.0.0' });
  await client.connect(transport);
  clients.push(client);
  return client;
}

describe('SDK and agent evidence against a server', () => {
  it('submits once per idempotency key, waits for a decision, authorizes and starts a run', async () => {
    const sdk = new Warrant({ url: h.url, apiKey: agent });
    const first = await sdk.submitPlan(plan('prod', scale), { idempotencyKey: 'sdk-1' });
    const again = await sdk.submitPlan(plan('prod', scale), { idempotencyKey: 'sdk-1' });
    expect(again.id).toBe(first.id);
    expect(first.status).toBe('pending_approval');
    setTimeout(() => void approve(first.id), 200);
    const decided = await sdk.waitForDecision(first.id, { timeoutMs: 10_000, pollMs: 100 });
    expect(decided.status).toBe('approved');
    const verdict = await sdk.authorize({
      plan_id: first.id,
      step_id: 'scale',
      tool: 'k8s.scale',
      input: scale.input,
    });
    expect(verdict).toMatchObject({ allowed: true, reason_code: 'approved' });
    const run = await sdk.startRun(first.id);
    expect((await sdk.getRun(run.id)).status).toBe('queued');
    await expect(sdk.getPlan('00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({
      status: 404,
      code: 'not_found',
    });
  });

  it('stores evidence redacted and hashed, audits it, and keeps it to the tenant', async () => {
    const sdk = new Warrant({ url: h.url, apiKey: agent });
    const read = await sdk.submitPlan(plan('prod', query));
    const stored = await sdk.attachEvidence(read.id, {
      step_id: 'q',
      type: 'promql',
      query: 'up',
      result: { value: 1, note: 'password=hunter2', api_key: 'abc' },
    });
    const bytes = await h.warrant.objects.get(stored.result_ref);
    const body = new TextDecoder().decode(bytes);
    expect(stored.result_ref).toBe(`evidence/agent/${read.id}/${stored.id}.json`);
    expect(body).not.toContain('hunter2');
    expect(JSON.parse(body)).toMatchObject({ value: 1, api_key: '[REDACTED]' });
    expect(stored.sha256).toBe(createHash('sha256').update(bytes!).digest('hex'));
    expect((await sdk.listEvidence(read.id)).items.map((e) => e.id)).toEqual([stored.id]);
    const audited = rowsOf(
      await h.warrant.db.orm.execute(
        sql`SELECT 1 FROM audit_events WHERE action = 'evidence.attached' AND plan_id = ${read.id}`,
      ),
    );
    expect(audited).toHaveLength(1);
    const unknownStep = await sdk
      .attachEvidence(read.id, { step_id: 'nope', type: 'log', query: 'x', result: 1 })
      .catch((e: unknown) => e);
    expect(unknownStep).toMatchObject({ status: 400, code: 'unknown_step' });
    expect((await h.call('GET', `/v1/plans/${read.id}/evidence`, { key: intruder })).status).toBe(404);
    const foreign = { step_id: 'q', type: 'log', query: 'x', result: 1 };
    expect(
      (await h.call('POST', `/v1/plans/${read.id}/evidence`, { key: intruder, body: foreign })).status,
    ).toBe(404);
  });
});

describe('warrant mcp (stdio)', () => {
  it('proposes a plan, reports its decision and explains a refusal', async () => {
    const client = await spawnClient(['mcp']);
    const names = (await client.listTools()).tools.map((t) => t.name).sort();
    expect(names).toEqual([
      'attach_evidence',
      'authorize_call',
      'get_plan',
      'get_run',
      'propose_plan',
      'run_plan',
      'wait_for_decision',
    ]);
    const proposed = await client.callTool({ name: 'propose_plan', arguments: plan('prod', scale) });
    expect(proposed.isError).toBeFalsy();
    const id = (proposed.structuredContent as { id: string }).id;
    expect(text(proposed)).toContain('pending_approval');
    expect(text(proposed)).toContain('needs 1 more approval from admin or approver');

    const refused = await client.callTool({
      name: 'authorize_call',
      arguments: { plan_id: id, step_id: 'scale', tool: 'k8s.scale', input: scale.input },
    });
    expect(refused.isError).toBe(true);
    expect(text(refused)).toMatch(
      /^Not allowed yet: the plan needs 1 more approval from admin or approver; the request expires at \S+\. Call wait_for_decision, then retry\./,
    );
    const run = await client.callTool({ name: 'run_plan', arguments: { plan_id: id } });
    expect(run.isError).toBe(true);
    expect(text(run)).toContain('Cannot run yet');

    // A long wait reports how the votes stand on each look, until an approver decides.
    const progress: { progress: number; total?: number; message?: string }[] = [];
    setTimeout(() => void approve(id), 2500);
    const decided = await client.callTool(
      { name: 'wait_for_decision', arguments: { plan_id: id, timeout_seconds: 30 } },
      undefined,
      { onprogress: (p) => progress.push(p), resetTimeoutOnProgress: true },
    );
    expect(text(decided)).toContain(`Plan ${id} is approved`);
    expect(progress.length).toBeGreaterThanOrEqual(2);
    expect(progress[0]).toMatchObject({
      total: 30,
      message: expect.stringContaining('Still pending_approval: the plan needs 1 more approval'),
    });
    expect(progress.map((p) => p.progress)).toEqual(
      [...progress.map((p) => p.progress)].sort((a, b) => a - b),
    );

    const invalid = await client.callTool({ name: 'propose_plan', arguments: { summary: 'no steps' } });
    expect(invalid.isError).toBe(true);

    const tools = await client.readResource({ uri: 'warrant://tools' });
    expect(JSON.stringify(tools.contents)).toContain('k8s.scale');
    const one = await client.readResource({ uri: `warrant://plans/${id}` });
    expect(JSON.parse((one.contents[0] as { text: string }).text).id).toBe(id);
  });
});

describe('/mcp (streamable HTTP)', () => {
  it('refuses a caller without an API key', async () => {
    const response = await fetch(`${h.url}/mcp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    expect(response.status).toBe(401);
    expect(((await response.json()) as { code: string }).code).toBe('unauthorized');
  });

  it("serves the tools as the key's actor", async () => {
    const client = new Client({ name: 'http-agent', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${h.url}/mcp`), {
        requestInit: { headers: { authorization: `Bearer ${agent}` } },
      }),
    );
    clients.push(client);
    const proposed = await client.callTool({ name: 'propose_plan', arguments: plan('prod', query) });
    expect(text(proposed)).toContain('Policy allows it without approval');
    const id = (proposed.structuredContent as { id: string }).id;
    const plans = await client.readResource({ uri: 'warrant://plans' });
    expect((plans.contents[0] as { text: string }).text).toContain(id);
  });
});
