// GET /v1/runs/{id}/logs: a run step by step, with excerpts of its tool calls' outputs, redacted (when stored
// and again when read), and another tenant's run not found.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CallContext,
  type Connector,
  ConnectorError,
  ConnectorRegistry,
} from '../src/connectors/connector.ts';
import { ManualClock } from '../src/core/clock.ts';
import { MAX_CONNECTIONS_PER_TENANT } from '../src/events/tenant-connections.ts';
import { type Harness, keyFor, startHarness } from './harness.ts';
import { readSse, waitFor } from './sse.ts';

const SECRET = 'ghp_logsecret0123456789abcdefghijklmnopq';
const LATER_SECRET = 'ghp_storedbefore0123456789abcdefghijklmn';

/** Scales a deployment (with a long output that carries a token), fails the deployments it is told to. */
class Cluster implements Connector {
  readonly name = 'logs-test';
  readonly tools = ['k8s.scale'];
  readonly evidence = [];
  readonly replicas = new Map<string, number>([['checkout', 2]]);
  readonly fail = new Set<string>(['broken']);
  /** Deployments whose scaling waits until the test opens the gate. */
  readonly gates = new Map<string, Promise<void>>();

  async call(_tool: string, input: Record<string, unknown>, _ctx: CallContext) {
    const deployment = String(input.deployment);
    await this.gates.get(deployment);
    if (this.fail.has(deployment))
      throw new ConnectorError('unavailable', `${deployment} refused the change`);
    const previous = this.replicas.get(deployment) ?? 1;
    this.replicas.set(deployment, Number(input.replicas));
    return {
      output: {
        previous_replicas: previous,
        replicas: input.replicas,
        token: SECRET,
        events: Array.from({ length: 40 }, (_, i) => `replica ${i} scheduled on node-${i % 3}`),
      },
    };
  }

  async undo(_tool: string, input: Record<string, unknown>, output: Record<string, unknown>) {
    this.replicas.set(String(input.deployment), Number(output.previous_replicas));
    return { output: { restored: output.previous_replicas } };
  }
}

interface RunLog {
  run_id: string;
  status: string;
  error: { code: string; message: string } | null;
  progress: { steps: number; done: number; current_step_id: string | null };
  steps: {
    step_id: string;
    status: string;
    tool: string;
    error: { message: string } | null;
    tool_calls: {
      tool_call_id: string;
      phase: string;
      status: string;
      output_excerpt: string | null;
      output_truncated: boolean;
    }[];
  }[];
}

const clock = new ManualClock(new Date());
const cluster = new Cluster();
let h: Harness;
let agent: string;
let outsider: string;
let approvers: string[];

beforeAll(async () => {
  h = await startHarness({ clock, connectors: new ConnectorRegistry([cluster]) });
  agent = await keyFor(h, 'demo', 'agent', 'bot');
  outsider = await keyFor(h, 'other', 'admin', 'their-admin');
  approvers = [await keyFor(h, 'demo', 'approver', 'alice'), await keyFor(h, 'demo', 'approver', 'bob')];
  await h.warrant.startWorker({ leaseSeconds: 5, reconcileMs: 200 });
});
afterAll(async () => h?.close());

const scale = (id: string, deployment: string, replicas: number) => ({
  step_id: id,
  action: `scale ${deployment} to ${replicas}`,
  tool: 'k8s.scale',
  input: { namespace: 'shop', deployment, replicas },
  rollback: { type: 'scale', steps: [] },
});

/** Submits, approves and starts a run of the steps; answers its id at once. */
async function startRun(steps: unknown[]): Promise<string> {
  const plan = await h.call<{ id: string; status: string }>('POST', '/v1/plans', {
    key: agent,
    body: { summary: 'scale', intent: 'capacity', context: { environment: 'dev', namespace: 'shop' }, steps },
  });
  for (const key of approvers)
    if (
      (await h.call<{ status: string }>('GET', `/v1/plans/${plan.body.id}`)).body.status ===
      'pending_approval'
    )
      await h.call('POST', `/v1/plans/${plan.body.id}/approvals`, { key, body: { decision: 'approve' } });
  const started = await h.call<{ id: string }>('POST', `/v1/plans/${plan.body.id}/runs`, { key: agent });
  expect(started.status).toBe(202);
  return started.body.id;
}

async function runToEnd(steps: unknown[]): Promise<string> {
  const started = { body: { id: await startRun(steps) } };
  // A deadline, not a count of polls: a loaded machine is slower, not wrong.
  for (const deadline = Date.now() + 60_000; Date.now() < deadline; ) {
    const log = await h.call<RunLog>('GET', `/v1/runs/${started.body.id}/logs`, { key: agent });
    expect(log.status).toBe(200);
    if (['succeeded', 'failed', 'rolled_back', 'cancelled'].includes(log.body.status)) return started.body.id;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`run ${started.body.id} did not end`);
}

describe('GET /v1/runs/{id}/logs', () => {
  it('tells a run step by step, with redacted excerpts of each output, the rollback and the failure', async () => {
    const id = await runToEnd([scale('grow', 'checkout', 5), scale('break', 'broken', 3)]);
    const { body: log } = await h.call<RunLog>('GET', `/v1/runs/${id}/logs`, { key: agent });
    expect(log.status).toBe('rolled_back');
    expect(log.progress).toEqual({ steps: 2, done: 2, current_step_id: null });
    const [grow, broken] = log.steps;
    expect(grow).toMatchObject({ step_id: 'grow', status: 'rolled_back', tool: 'k8s.scale' });
    expect(grow!.tool_calls.map((call) => `${call.phase}:${call.status}`)).toEqual([
      'do:succeeded',
      'undo:succeeded',
    ]);
    const done = grow!.tool_calls[0]!;
    expect(done.output_excerpt).toContain('"previous_replicas":2');
    expect(done.output_excerpt).toContain('[REDACTED]');
    expect(done.output_excerpt).not.toContain(SECRET);
    // An excerpt, not the whole output.
    expect(done.output_truncated).toBe(true);
    expect([...done.output_excerpt!].length).toBe(600);
    expect(broken).toMatchObject({ step_id: 'break', status: 'failed' });
    expect(broken!.error?.message).toContain('broken refused the change');
    expect(broken!.tool_calls[0]).toMatchObject({ phase: 'do', status: 'failed', output_excerpt: null });
    expect(JSON.stringify(log)).not.toContain(SECRET);
  });

  it('redacts an output again as it is read', async () => {
    const id = await runToEnd([scale('grow', 'checkout', 6)]);
    const run = await h.call<{ steps: { tool_calls: { output_ref: string }[] }[] }>('GET', `/v1/runs/${id}`, {
      key: agent,
    });
    // An output stored before a rule knew its secret: the log still does not show it.
    const ref = run.body.steps[0]!.tool_calls[0]!.output_ref;
    await h.warrant.objects.put(ref, JSON.stringify({ replicas: 6, note: `token ${LATER_SECRET}` }));
    const { body: log } = await h.call<RunLog>('GET', `/v1/runs/${id}/logs`, { key: agent });
    expect(log.status).toBe('succeeded');
    expect(log.progress).toEqual({ steps: 1, done: 1, current_step_id: null });
    expect(log.steps[0]!.tool_calls[0]!.output_excerpt).toContain('[REDACTED]');
    expect(JSON.stringify(log)).not.toContain(LATER_SECRET);
  });

  it("answers 404 for another tenant's run, even to its admin, and for an unknown id", async () => {
    const id = await runToEnd([scale('grow', 'checkout', 7)]);
    const theirs = await h.call<{ code: string }>('GET', `/v1/runs/${id}/logs`, { key: outsider });
    expect(theirs.status).toBe(404);
    expect(JSON.stringify(theirs.body)).not.toContain('checkout');
    const unknown = await h.call('GET', '/v1/runs/00000000-0000-4000-8000-000000000000/logs', { key: agent });
    expect(unknown.status).toBe(404);
  });
});

describe('GET /v1/runs/{id}/logs as text/event-stream', () => {
  const follow = (id: string, key = agent) =>
    readSse(`${h.url}/v1/runs/${id}/logs`, { authorization: `Bearer ${key}`, accept: 'text/event-stream' });

  it('streams the log while the run is live, each change as it happens, and ends with the run', async () => {
    let open = () => {};
    cluster.gates.set('gated', new Promise<void>((resolve) => (open = resolve)));
    const id = await startRun([scale('first', 'checkout', 3), scale('slow', 'gated', 2)]);
    const stream = follow(id);
    await stream.ready;
    expect(stream.state.status).toBe(200);
    expect(stream.state.contentType).toContain('text/event-stream');
    const logs = () => stream.events.filter((e) => e.event === 'log').map((e) => e.data as unknown as RunLog);
    // Live: the gated step is seen running before it is let through.
    await waitFor(() => logs().some((log) => log.steps[1]?.status === 'running'));
    expect(stream.events.some((e) => e.event === 'end')).toBe(false);
    open();
    await waitFor(() => stream.state.ended);
    const last = stream.events.at(-1)!;
    expect(last).toMatchObject({ event: 'end', data: { status: 'succeeded' } });
    expect(logs().at(-1)).toMatchObject({ status: 'succeeded', progress: { steps: 2, done: 2 } });
    // In order: the count of steps done never goes back, and each log differs from the one before.
    const done = logs().map((log) => log.progress.done);
    expect(done).toEqual([...done].sort((a, b) => a - b));
    const texts = logs().map((log) => JSON.stringify(log));
    expect(new Set(texts).size).toBe(texts.length);
    // Redacted as the JSON answer is, and the same document at the end.
    expect(JSON.stringify(stream.events)).not.toContain(SECRET);
    const final = await h.call<RunLog>('GET', `/v1/runs/${id}/logs`, { key: agent });
    expect(logs().at(-1)).toEqual(final.body);
    await waitFor(() => h.warrant.events.watchedRuns === 0);
    cluster.gates.delete('gated');
  });

  it('ends at once, with the log and end, for a run that already ended', async () => {
    const id = await runToEnd([scale('grow', 'checkout', 4)]);
    const stream = follow(id);
    await stream.ready;
    await waitFor(() => stream.state.ended);
    expect(stream.events.map((e) => e.event)).toEqual(['log', 'end']);
  });

  it("answers 404 as problem+json, opening no stream, for another tenant's run", async () => {
    const id = await runToEnd([scale('grow', 'checkout', 5)]);
    const stream = follow(id, outsider);
    await stream.ready;
    expect(stream.state.status).toBe(404);
    expect(stream.state.contentType).toContain('application/problem+json');
    expect(h.warrant.events.watchedRuns).toBe(0);
  });

  it("counts toward the tenant's live connections: over the cap the stream is 429, the JSON log still answers", async () => {
    const id = await runToEnd([scale('grow', 'checkout', 3)]);
    const me = (await h.call<{ actor: { tenant_id: string } }>('GET', '/v1/whoami', { key: agent })).body
      .actor;
    const held = Array.from({ length: MAX_CONNECTIONS_PER_TENANT }, () =>
      h.warrant.events.connections.acquire(me.tenant_id),
    );
    const stream = follow(id);
    await stream.ready;
    expect(stream.state.status).toBe(429);
    expect(h.warrant.events.watchedRuns).toBe(0);
    expect((await h.call('GET', `/v1/runs/${id}/logs`, { key: agent })).status).toBe(200);
    for (const release of held) release();
    const after = follow(id);
    await after.ready;
    await waitFor(() => after.state.ended);
    expect(after.events.map((e) => e.event)).toEqual(['log', 'end']);
    await waitFor(() => h.warrant.events.connections.count(me.tenant_id) === 0);
  });

  it('lets go of everything when the client leaves mid-run', async () => {
    let open = () => {};
    cluster.gates.set('held', new Promise<void>((resolve) => (open = resolve)));
    const id = await startRun([scale('hold', 'held', 2)]);
    const stream = follow(id);
    await stream.ready;
    await waitFor(() => stream.events.length > 0);
    expect(h.warrant.events.watchedRuns).toBe(1);
    stream.close();
    await waitFor(() => h.warrant.events.watchedRuns === 0);
    open();
    cluster.gates.delete('held');
  });
});
