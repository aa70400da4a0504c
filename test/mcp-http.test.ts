import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Warrant } from '../src/sdk/index.ts';
import { type Harness, keyFor, startHarness } from './harness.ts';
import { initializeRequest } from './mcp-messages.ts';

let h: Harness;
let agent: string;
let approver: string;
const clients: Client[] = [];

beforeAll(async () => {
  h = await startHarness();
  agent = await keyFor(h, 'demo', 'agent', 'http-bot');
  approver = await keyFor(h, 'demo', 'approver', 'alice');
});
afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
  await h?.close();
});

const MCP_ACCEPT = 'application/json, text/event-stream';
const post = (body: string, headers: Record<string, string> = {}) =>
  fetch(`${h.url}/mcp`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: MCP_ACCEPT, ...headers },
    body,
  });
const text = (result: unknown) =>
  (result as CallToolResult).content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');

describe('/mcp (streamable HTTP)', () => {
  it('streams wait_for_decision progress to the official client before the result', async () => {
    const sdk = new Warrant({ url: h.url, apiKey: agent });
    const plan = await sdk.submitPlan({
      summary: 'Scale checkout',
      intent: 'Checkout is saturated; add replicas.',
      context: { environment: 'prod', namespace: 'shop' },
      steps: [
        {
          step_id: 'scale',
          action: 'scale',
          tool: 'k8s.scale',
          input: { namespace: 'shop', deployment: 'checkout', replicas: 5 },
        },
      ],
    });
    expect(plan.status).toBe('pending_approval');
    const client = new Client({ name: 'http-agent', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${h.url}/mcp`), {
        requestInit: { headers: { authorization: `Bearer ${agent}` } },
      }),
    );
    clients.push(client);

    const progress: { progress: number; total?: number; message?: string }[] = [];
    // The approval comes once two looks have been reported, so the test waits on events, not on a clock.
    const decided = await client.callTool(
      { name: 'wait_for_decision', arguments: { plan_id: plan.id, timeout_seconds: 30 } },
      undefined,
      {
        onprogress: (p) => {
          progress.push(p);
          if (progress.length === 2) {
            void h.call('POST', `/v1/plans/${plan.id}/approvals`, {
              key: approver,
              body: { decision: 'approve' },
            });
          }
        },
        resetTimeoutOnProgress: true,
      },
    );
    expect(text(decided)).toContain(`Plan ${plan.id} is approved`);
    expect(progress.length).toBeGreaterThanOrEqual(2);
    expect(progress[0]).toMatchObject({
      total: 30,
      message: expect.stringContaining('Still pending_approval: the plan needs 1 more approval'),
    });
  });

  it('answers an SSE stream when the client accepts one', async () => {
    const response = await post(JSON.stringify(initializeRequest('raw')), {
      authorization: `Bearer ${agent}`,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const body = await response.text();
    const data = body
      .split('\n')
      .filter((line) => line.startsWith('data: '))
      .map((line) => JSON.parse(line.slice('data: '.length)));
    expect(data).toMatchObject([{ jsonrpc: '2.0', id: 1, result: { serverInfo: { name: 'warrant' } } }]);
  });

  it('answers bad JSON with a JSON-RPC parse error, after the key is checked', async () => {
    const bad = await post('{"jsonrpc": "2.0", "id": 1,', { authorization: `Bearer ${agent}` });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await bad.json()).toEqual({
      jsonrpc: '2.0',
      id: null,
      error: { code: -32700, message: 'Parse error: the body is not valid JSON' },
    });
    const twice = await post('{"jsonrpc": "2.0", "id": 1, "id": 2, "method": "ping"}', {
      authorization: `Bearer ${agent}`,
    });
    expect(twice.status).toBe(400);
    expect(((await twice.json()) as { error: { code: number; message: string } }).error).toMatchObject({
      code: -32700,
      message: expect.stringContaining('"id" appears twice'),
    });
    // Without a valid key the body is never read: 401, whatever it holds.
    for (const authorization of [undefined, 'Bearer not-a-key', 'Basic abc']) {
      const response = await post('{', authorization ? { authorization } : {});
      expect(response.status).toBe(401);
      expect(((await response.json()) as { code: string }).code).toBe('unauthorized');
    }
  });

  it('names the allowed method on a 405', async () => {
    for (const method of ['GET', 'DELETE']) {
      const response = await fetch(`${h.url}/mcp`, {
        method,
        headers: { authorization: `Bearer ${agent}`, accept: 'text/event-stream' },
      });
      expect(response.status).toBe(405);
      expect(response.headers.get('allow')).toBe('POST');
    }
  });
});
