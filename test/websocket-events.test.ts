import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type EventSink, WS_TRY_AGAIN_LATER, webSocketSink } from '../src/events/sink.ts';
import { MAX_CONNECTIONS_PER_TENANT } from '../src/events/tenant-connections.ts';
import { type Harness, keyFor, startHarness } from './harness.ts';
import { readSse, type SseEvent, waitFor } from './sse.ts';

// Live updates over WebSocket at gateway.ws_addr: the same events as GET /v1/events, checked before upgrading.
let h: Harness;
let ws: string;
let viewer: string;
let agent: string;
let otherViewer: string;

beforeAll(async () => {
  h = await startHarness({ config: { gateway: { ws_addr: '127.0.0.1:0' } } as never });
  const address: AddressInfo = await h.warrant.webSockets!.listen('127.0.0.1', 0);
  ws = `ws://127.0.0.1:${address.port}`;
  viewer = await keyFor(h, 'demo', 'viewer', 'screen');
  agent = await keyFor(h, 'demo', 'agent', 'bot');
  otherViewer = await keyFor(h, 'other', 'viewer', 'screen-other');
});
afterAll(async () => h?.close());

type Received = SseEvent;

function openSocket(options: { key?: string; protocols?: string[]; path?: string } = {}) {
  const socket = new WebSocket(`${ws}${options.path ?? '/v1/events'}`, options.protocols ?? [], {
    headers: options.key ? { authorization: `Bearer ${options.key}` } : {},
  });
  const events: Received[] = [];
  socket.on('message', (message) => events.push(JSON.parse(String(message)) as Received));
  const opened = new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return { socket, events, opened };
}

/** The status and problem code of a refused upgrade. */
function refusal(options: Parameters<typeof openSocket>[0]): Promise<{ status: number; code: string }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${ws}${options?.path ?? '/v1/events'}`, options?.protocols ?? [], {
      headers: options?.key ? { authorization: `Bearer ${options.key}` } : {},
    });
    socket.once('open', () => reject(new Error('upgraded')));
    socket.once('unexpected-response', (_request, response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => {
        body += chunk;
      });
      response.on('end', () => resolve({ status: response.statusCode!, code: JSON.parse(body).code }));
    });
    socket.once('error', () => {});
  });
}

/** A read-only plan (allowed at once) and a run of it: plan, execution and audit events. */
async function activity(key: string): Promise<string> {
  const plan = await h.call<{ id: string; status: string }>('POST', '/v1/plans', {
    key,
    body: {
      summary: 'Look at checkout',
      intent: 'See whether checkout is up before anyone touches it.',
      context: { environment: 'prod', namespace: 'shop', cluster_id: 'eu-1' },
      steps: [{ step_id: 'q', action: 'look', tool: 'prometheus.query', input: { query: 'up' } }],
    },
  });
  expect(plan.body.status).toBe('approved');
  await h.call('POST', `/v1/plans/${plan.body.id}/runs`, { key });
  await h.warrant.auditWriteBehind.flush();
  while ((await h.warrant.audit.integrateNow()) > 0);
  return plan.body.id;
}

describe('WebSocket live updates', () => {
  it('sends a WebSocket client the same events, ids and payloads as a server-sent events client', async () => {
    const socket = openSocket({ key: viewer });
    const sse = readSse(`${h.url}/v1/events`, { authorization: `Bearer ${viewer}` });
    const other = openSocket({ key: otherViewer });
    await Promise.all([socket.opened, sse.ready, other.opened]);
    // Both attached before anything happens (joining is serial, so a no-op round trip settles them).
    await new Promise((resolve) => setTimeout(resolve, 200));
    const planId = await activity(agent);
    const ofPlan = (events: Received[]) =>
      events.filter((e) => e.event === 'plan.updated' && e.data.id === planId);
    await waitFor(() => ofPlan(socket.events).length > 0 && sse.events.length >= socket.events.length);
    await waitFor(() => socket.events.some((e) => e.event === 'audit.created'));
    await waitFor(() => sse.events.length === socket.events.length);
    expect(socket.events).toEqual(sse.events);
    expect(new Set(socket.events.map((e) => e.event))).toEqual(
      new Set(['plan.updated', 'execution.updated', 'audit.created']),
    );
    // Another tenant hears nothing of it.
    expect(other.events.filter((e) => JSON.stringify(e.data).includes(planId))).toEqual([]);
    socket.socket.close();
    other.socket.close();
    sse.close();
  });

  it('takes the token offered as a subprotocol beside warrant.events, and never echoes it', async () => {
    const socket = openSocket({ protocols: ['warrant.events', `bearer.${viewer}`] });
    await socket.opened;
    expect(socket.socket.protocol).toBe('warrant.events');
    socket.socket.close();
  });

  it('refuses before upgrading, as problem+json, and counts each refusal', async () => {
    expect(await refusal({})).toEqual({ status: 401, code: 'unauthorized' });
    expect(await refusal({ key: 'wrt_not_a_key' })).toMatchObject({ status: 401 });
    expect(await refusal({ key: viewer, path: '/v1/plans' })).toEqual({ status: 404, code: 'not_found' });
    expect(await refusal({ key: viewer, path: '/v1/events?last_event_id=nope' })).toEqual({
      status: 400,
      code: 'malformed_last_event_id',
    });
    // A token in the URL is not a credential.
    expect(await refusal({ path: `/v1/events?access_token=${viewer}` })).toMatchObject({ status: 401 });
    const metrics = await h.warrant.metrics.scrape();
    expect(metrics).toMatch(/warrant_websocket_upgrades_refused_total\{code="unauthorized"\} [3-9]/);
    // A plain HTTP request is told to upgrade.
    const plain = await fetch(ws.replace('ws:', 'http:'));
    expect(plain.status).toBe(426);
    expect((await plain.json()).code).toBe('upgrade_required');
  });
});

describe('live connections per tenant, across transports', () => {
  it('refuses one more than the cap with 429 on SSE and WebSocket alike, and takes one again once another closed', async () => {
    const me = (await h.call<{ actor: { tenant_id: string } }>('GET', '/v1/whoami', { key: viewer })).body
      .actor;
    const connections = h.warrant.events.connections;
    // All but two of the tenant's places taken (as other clients would hold them).
    const held = Array.from({ length: MAX_CONNECTIONS_PER_TENANT - 2 }, () =>
      connections.acquire(me.tenant_id),
    );
    const socket = openSocket({ key: viewer });
    await socket.opened;
    const sse = readSse(`${h.url}/v1/events`, { authorization: `Bearer ${viewer}` });
    await sse.ready;
    expect(sse.state.status).toBe(200);
    expect(await refusal({ key: viewer })).toEqual({ status: 429, code: 'too_many_connections' });
    const refused = await h.call('GET', '/v1/events', { key: viewer });
    expect(refused.status).toBe(429);
    expect((refused.body as { code: string }).code).toBe('too_many_connections');
    // Another tenant is not shut out by this one.
    const theirs = openSocket({ key: otherViewer });
    await theirs.opened;
    theirs.socket.close();
    // A place given back (the socket closed) is taken again.
    socket.socket.close();
    await waitFor(() => connections.count(me.tenant_id) === MAX_CONNECTIONS_PER_TENANT - 1);
    const again = openSocket({ key: viewer });
    await again.opened;
    again.socket.close();
    sse.close();
    for (const release of held) release();
    await waitFor(() => connections.count(me.tenant_id) === 0);
  });
});

describe('webSocketSink', () => {
  it('closes a client that reads too slowly (1013) instead of queueing without bound', () => {
    const sent: string[] = [];
    const closed: number[] = [];
    const socket = {
      OPEN: 1,
      readyState: 1,
      bufferedAmount: 0,
      send: (message: string) => sent.push(message),
      close: (code: number) => closed.push(code),
      on: () => socket,
    };
    const sink: EventSink = webSocketSink(socket as unknown as WebSocket, 100);
    sink.send('a.1.x.1', 'plan.updated', '{"id":"p"}');
    expect(JSON.parse(sent[0]!)).toEqual({ id: 'a.1.x.1', event: 'plan.updated', data: { id: 'p' } });
    socket.bufferedAmount = 101;
    sink.send('a.1.x.2', 'plan.updated', '{"id":"p"}');
    expect(sent).toHaveLength(1);
    expect(closed).toEqual([WS_TRY_AGAIN_LATER]);
  });
});
