import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CallContext,
  type Connector,
  ConnectorError,
  ConnectorRegistry,
} from '../src/connectors/connector.ts';
import { ManualClock } from '../src/core/clock.ts';
import { createLogger } from '../src/core/logger.ts';
import type { EvidenceRequirement } from '../src/plans/plan-schema.ts';
import type { RunWorker } from '../src/runs/worker.ts';
import { RefusingStore } from './fakes/refusing-store.ts';
import { type Harness, keyFor, startHarness } from './harness.ts';
import { rowsOf } from './rows.ts';

const SECRET = 'ghp_runsecret0123456789abcdefghijklmnopqr';

/** A connector for engine tests: counts effects per idempotency key, fails on demand. */
class CountingConnector implements Connector {
  readonly name = 'counting';
  readonly tools = ['k8s.scale', 'k8s.rollout_restart'];
  readonly evidence = ['promql' as const];
  readonly effects = new Map<string, number>();
  readonly replicas = new Map<string, number>([['checkout', 2]]);
  failDeployments = new Set<string>();
  /** Evidence whose query names one of these cannot be collected: the step acted, then fails. */
  failEvidence = new Set<string>();
  onCall: (ctx: CallContext) => Promise<void> | void = () => {};

  async call(tool: string, input: Record<string, unknown>, ctx: CallContext) {
    await this.onCall(ctx);
    const deployment = String(input.deployment);
    if (this.failDeployments.has(deployment))
      throw new ConnectorError('unavailable', `${deployment} refused the change`);
    if (!this.effects.has(ctx.idempotencyKey) && tool === 'k8s.scale') {
      const previous = this.replicas.get(deployment) ?? 1;
      this.replicas.set(deployment, Number(input.replicas));
      this.effects.set(ctx.idempotencyKey, 1);
      return { output: { previous_replicas: previous, replicas: input.replicas, token: SECRET } };
    }
    this.effects.set(
      ctx.idempotencyKey,
      (this.effects.get(ctx.idempotencyKey) ?? 0) + (tool === 'k8s.scale' ? 0 : 1),
    );
    return { output: { note: `${tool} done` } };
  }

  async undo(
    _tool: string,
    input: Record<string, unknown>,
    output: Record<string, unknown>,
    ctx: CallContext,
  ) {
    this.effects.set(ctx.idempotencyKey, (this.effects.get(ctx.idempotencyKey) ?? 0) + 1);
    this.replicas.set(String(input.deployment), Number(output.previous_replicas));
    return { output: { restored: output.previous_replicas } };
  }

  onCollect: (requirement: EvidenceRequirement) => Promise<void> | void = () => {};

  async collect(requirement: EvidenceRequirement) {
    await this.onCollect(requirement);
    for (const name of this.failEvidence)
      if (requirement.query.includes(name)) throw new ConnectorError('query_failed', `no series for ${name}`);
    return {
      result: { resultType: 'vector', result: [{ metric: {}, value: [1, '0.01'] }] },
      link: 'http://prometheus.local/graph',
    };
  }
}

const clock = new ManualClock(new Date());
const connector = new CountingConnector();
const objects = new RefusingStore();
let h: Harness;
let agent: string;
let alice: string;
let bob: string;
let worker: RunWorker;

/** The worker's log lines, as JSON. */
const logLines: { message: string }[] = [];
const logger = createLogger({
  level: 'info',
  destination: { write: (line: string) => void logLines.push(JSON.parse(line)) },
});

beforeAll(async () => {
  h = await startHarness({ clock, connectors: new ConnectorRegistry([connector]), logger, objects });
  agent = await keyFor(h, 'demo', 'agent', 'bot');
  alice = await keyFor(h, 'demo', 'approver', 'alice');
  bob = await keyFor(h, 'demo', 'approver', 'bob');
  worker = await h.warrant.startWorker({ leaseSeconds: 5, reconcileMs: 200 });
});
afterAll(async () => h?.close());

const scale = (id: string, deployment: string, replicas: number, extra: Record<string, unknown> = {}) => ({
  step_id: id,
  action: `scale ${deployment} to ${replicas}`,
  tool: 'k8s.scale',
  input: { namespace: 'shop', deployment, replicas },
  rollback: { type: 'scale', steps: [] },
  evidence_required: [{ type: 'promql', query: `sum(rate(errors{app="${deployment}"}[5m]))` }],
  ...extra,
});

async function approvedPlan(environment: string, steps: unknown[]) {
  const plan = await h.call<{ id: string; status: string }>('POST', '/v1/plans', {
    key: agent,
    body: { summary: 'scale', intent: 'more capacity', context: { environment, namespace: 'shop' }, steps },
  });
  if (plan.body.status === 'pending_approval') {
    await h.call('POST', `/v1/plans/${plan.body.id}/approvals`, {
      key: alice,
      body: { decision: 'approve' },
    });
    await h.call('POST', `/v1/plans/${plan.body.id}/approvals`, { key: bob, body: { decision: 'approve' } });
  }
  return plan.body.id;
}

type RunBody = {
  id: string;
  status: string;
  error: { code: string } | null;
  steps: {
    step_id: string;
    status: string;
    error: { code: string; message: string } | null;
    tool_calls: { phase: string; status: string; output_ref: string; output_sha256: string }[];
    evidence: { sha256: string; result_ref: string; link: string }[];
  }[];
};

/** Settles once a drive of the run has logged that it stopped (its lease was lost, or its worker stopped). */
async function driveStopped(runId: string): Promise<void> {
  await expect
    .poll(() => logLines.some((line) => line.message.includes(`of run ${runId} stopped`)), {
      timeout: 30_000,
    })
    .toBe(true);
}

async function waitForRun(id: string): Promise<RunBody> {
  // A deadline, not a count of polls: a loaded machine is slower, not wrong.
  for (const deadline = Date.now() + 30_000; Date.now() < deadline; ) {
    const run = await h.call<RunBody>('GET', `/v1/runs/${id}`, { key: agent });
    if (['succeeded', 'failed', 'rolled_back', 'cancelled'].includes(run.body.status)) return run.body;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`run ${id} did not finish`);
}

describe('runs', () => {
  it('runs an approved plan step by step, with outputs and evidence stored by reference and hash', async () => {
    const planId = await approvedPlan('stage', [scale('one', 'checkout', 4), scale('two', 'cart', 3)]);
    const started = await h.call<{ id: string; status: string }>('POST', `/v1/plans/${planId}/runs`, {
      key: agent,
    });
    expect(started.status).toBe(202);
    expect(started.body.status).toBe('queued');
    const run = await waitForRun(started.body.id);
    expect(run.status).toBe('succeeded');
    expect(run.steps.map((s) => s.status)).toEqual(['succeeded', 'succeeded']);
    expect(connector.replicas.get('checkout')).toBe(4);
    const step = run.steps[0]!;
    expect(step.tool_calls[0]).toMatchObject({ phase: 'do', status: 'succeeded' });
    expect(step.tool_calls[0]!.output_ref).toMatch(
      new RegExp(`^tool-output/${run.id}/[0-9a-f-]{36}\\.json$`),
    );
    expect(step.evidence[0]!.result_ref).toMatch(new RegExp(`^evidence/${run.id}/[0-9a-f-]{36}\\.json$`));
    expect(step.evidence[0]!.sha256).toMatch(/^[0-9a-f]{64}$/);
    const evidence = await h.call<{ result: unknown }>(
      'GET',
      `/v1/runs/${run.id}/evidence/${step.evidence[0]!.result_ref.split('/')[2]!.replace('.json', '')}`,
      { key: agent },
    );
    expect(evidence.body.result).toBeDefined();
    // Each call is on record only with the answer that allowed it: both events are written by the statement that
    // starts the call (one transaction: the same xmin), the answer first; each end goes with the next transition.
    const events = rowsOf<{ action: string; step_id: string | null; tx: string }>(
      await h.warrant.db.orm.execute(
        sql`SELECT action, body->'context'->>'step_id' AS step_id, xmin::text AS tx
              FROM audit_events WHERE run_id = ${run.id} ORDER BY seq`,
      ),
    );
    expect(events.map((event) => [event.action, event.step_id])).toEqual([
      ['run.queued', null],
      ['run.started', null],
      ['tool_call.authorized', 'one'],
      ['run.step.started', 'one'],
      ['run.step.succeeded', 'one'],
      ['tool_call.authorized', 'two'],
      ['run.step.started', 'two'],
      ['run.step.succeeded', 'two'],
      ['run.succeeded', null],
    ]);
    const transaction = (i: number) => events[i]!.tx;
    expect([transaction(2), transaction(3)]).toEqual([transaction(3), transaction(3)]);
    expect([transaction(4), transaction(5), transaction(6)]).toEqual(Array(3).fill(transaction(6)));
    expect(transaction(7)).toBe(transaction(8));
  });

  it('refuses a second start of an active run with the first run id', async () => {
    const planId = await approvedPlan('stage', [scale('one', 'slow', 2)]);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    // The first run's call waits at the gate, so the run is surely active during the second start.
    connector.onCall = async () => {
      connector.onCall = () => {};
      await gate;
    };
    const first = await h.call<{ id: string }>('POST', `/v1/plans/${planId}/runs`, { key: agent });
    const second = await h.call<{ code: string; active_run_id: string }>('POST', `/v1/plans/${planId}/runs`, {
      key: agent,
    });
    release();
    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({ code: 'run_active', active_run_id: first.body.id });
    expect((await waitForRun(first.body.id)).status).toBe('succeeded');
    // Once it has ended, the plan may run again.
    expect((await h.call('POST', `/v1/plans/${planId}/runs`, { key: agent })).status).toBe(202);
  });

  it('rolls completed steps back in reverse order when a step fails', async () => {
    connector.failDeployments.add('payments');
    const planId = await approvedPlan('stage', [
      scale('a', 'web', 5),
      scale('b', 'api', 6),
      scale('c', 'payments', 2),
    ]);
    connector.replicas.set('web', 1);
    connector.replicas.set('api', 2);
    const { body } = await h.call<{ id: string }>('POST', `/v1/plans/${planId}/runs`, { key: agent });
    const run = await waitForRun(body.id);
    expect(run.status).toBe('rolled_back');
    expect(run.steps.map((s) => s.status)).toEqual(['rolled_back', 'rolled_back', 'failed']);
    expect(connector.replicas.get('web')).toBe(1);
    expect(connector.replicas.get('api')).toBe(2);
    // The manual clock stands still, so the audit sequence tells the order.
    const order = rowsOf<{ step_id: string }>(
      await h.warrant.db.orm.execute(sql`
        SELECT body -> 'context' ->> 'step_id' AS step_id FROM audit_events
        WHERE run_id = ${body.id} AND action = 'run.step.rollback_started' ORDER BY seq`),
    ).map((row) => row.step_id);
    expect(order).toEqual(['b', 'a']);
  });

  it('refuses to run a plan that is not approved', async () => {
    const plan = await h.call<{ id: string }>('POST', '/v1/plans', {
      key: agent,
      body: {
        summary: 's',
        intent: 'i',
        context: { environment: 'prod' },
        steps: [scale('x', 'checkout', 2)],
      },
    });
    const res = await h.call<{ code: string }>('POST', `/v1/plans/${plan.body.id}/runs`, { key: agent });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('not_approved');
  });

  it('halts when the approval lapses between steps, and records it', async () => {
    // A worker whose lease outlasts the 5 h jump below: with the file's 5 s lease the jump would also lapse the lease
    // mid-call and another drive could take the run over (the next test), which made this one's outcome a race.
    await worker.stop();
    const patient = await h.warrant.startWorker({ leaseSeconds: 24 * 3600, reconcileMs: 200 });
    try {
      const planId = await approvedPlan('prod', [
        scale('first', 'lapse-a', 2),
        scale('second', 'lapse-b', 2),
      ]);
      connector.onCall = () => {
        connector.onCall = () => {};
        clock.advance(5 * 3600 * 1000);
      };
      const { body } = await h.call<{ id: string }>('POST', `/v1/plans/${planId}/runs`, { key: agent });
      const run = await waitForRun(body.id);
      expect(run.status).toBe('failed');
      expect(run.error?.code).toBe('approval_expired');
      expect(run.steps.map((s) => s.status)).toEqual(['succeeded', 'skipped']);
      const exceptions = await h.call<{ items: { type: string }[] }>(
        'GET',
        `/v1/exceptions?type=approval_expired&plan_id=${planId}`,
      );
      expect(exceptions.body.items.length).toBeGreaterThan(0);
      // The refusal is on record too (written behind, as authorize's refusals are); no answer allowed the second call.
      await h.warrant.auditWriteBehind.flush();
      // Written behind, answers are folded (each event lists its answers); recorded with a call, an answer stands alone.
      const answers = rowsOf<{ action: string; step_id: string }>(
        await h.warrant.db.orm.execute(
          sql`SELECT e.action, coalesce(e.body->'context'->>'step_id', a->>'step_id') AS step_id
                FROM audit_events e
                LEFT JOIN LATERAL jsonb_array_elements(e.body->'context'->'answers') AS a ON true
               WHERE e.run_id = ${body.id} AND e.action LIKE 'tool_call.%' ORDER BY e.seq`,
        ),
      );
      expect(answers).toContainEqual({ action: 'tool_call.authorized', step_id: 'first' });
      expect(answers).toContainEqual({ action: 'tool_call.refused', step_id: 'second' });
      expect(answers).not.toContainEqual({ action: 'tool_call.authorized', step_id: 'second' });
    } finally {
      connector.onCall = () => {};
      await patient.stop();
      worker = await h.warrant.startWorker({ leaseSeconds: 5, reconcileMs: 200 });
    }
  });

  it('fails a step caught mid-call whose retry the lapsed approval refuses: no step of an ended run stays running', async () => {
    const planId = await approvedPlan('prod', [
      scale('first', 'orphan-a', 2),
      scale('second', 'orphan-b', 2),
    ]);
    let release = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let calls = 0;
    connector.onCall = async () => {
      if (++calls > 1) return;
      // The jump lapses the approval and the first drive's lease together: another drive takes the run over while
      // this call hangs, and may not call again (same key) with no approval. The call's outcome is then unknown.
      clock.advance(5 * 3600 * 1000);
      await released;
    };
    const { body } = await h.call<{ id: string }>('POST', `/v1/plans/${planId}/runs`, { key: agent });
    try {
      const run = await waitForRun(body.id);
      expect(run.status).toBe('failed');
      expect(run.error?.code).toBe('approval_expired');
      expect(run.steps.map((s) => s.status)).toEqual(['failed', 'skipped']);
      expect(run.steps[0]!.error?.code).toBe('approval_expired');
      expect(run.steps[0]!.error?.message).toContain('whether it took effect is unknown');
      // The call that hangs is on record as begun, with no end: nobody knows how it went.
      expect(run.steps[0]!.tool_calls.map((c) => c.status)).toEqual(['running']);
      expect(calls).toBe(1);
    } finally {
      release();
    }
    // The first drive's call returns: recording its end is refused by the fence, and the drive stops.
    await driveStopped(body.id);
    connector.onCall = () => {};
    expect(calls).toBe(1);
    const final = (await h.call<RunBody>('GET', `/v1/runs/${body.id}`, { key: agent })).body;
    expect(final.steps.map((s) => s.status)).toEqual(['failed', 'skipped']);
  });

  it('lets only the drive holding the lease record: one taken over mid-call writes nothing after', async () => {
    const planId = await approvedPlan('stage', [scale('only', 'fenced', 2)]);
    let release = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let calls = 0;
    connector.onCall = async () => {
      calls++;
      if (calls > 1) return;
      // The first drive's call outlives its lease (5 s): the reconciler sends the run again and this same worker
      // takes it over under a new token, retries the call (same key) and ends the run, all while this call hangs.
      clock.advance(10_000);
      await released;
    };
    const { body } = await h.call<{ id: string }>('POST', `/v1/plans/${planId}/runs`, { key: agent });
    const run = await waitForRun(body.id);
    expect(run.status).toBe('succeeded');
    const actions = async () =>
      rowsOf<{ action: string }>(
        await h.warrant.db.orm.execute(
          sql`SELECT action FROM audit_events WHERE run_id = ${body.id} ORDER BY occurred_at, event_id`,
        ),
      ).map((row) => row.action);
    // Re-authorization's records are written behind: commit them, so `before` holds every event of the run so far.
    await h.warrant.auditWriteBehind.flush();
    const before = await actions();
    expect(before).toContain('run.taken_over');
    // Now the first drive's call returns: recording its end is refused by the fence, and the drive stops.
    release();
    await driveStopped(body.id);
    connector.onCall = () => {};
    await h.warrant.auditWriteBehind.flush();
    expect(await actions()).toEqual(before);
    expect(before.filter((action) => action === 'run.step.succeeded')).toHaveLength(1);
    expect(before.filter((action) => action === 'run.succeeded')).toHaveLength(1);
    const final = (await h.call<RunBody>('GET', `/v1/runs/${body.id}`, { key: agent })).body;
    expect(final.status).toBe('succeeded');
    expect(final.steps[0]!.tool_calls).toHaveLength(1);
  });

  it('stops a running run before its next step once a cancel is asked for during a call', async () => {
    const planId = await approvedPlan('stage', [scale('one', 'cancel-a', 2), scale('two', 'cancel-b', 2)]);
    let started = (_id: string) => {};
    const runId = new Promise<string>((resolve) => {
      started = resolve;
    });
    connector.onCall = async () => {
      connector.onCall = () => {};
      // Asked while the first step's call is in flight: the drive hears of it when it records the call's end
      // (with the second step's start, which the cancel refuses; then alone).
      const id = await runId;
      expect((await h.call('POST', `/v1/runs/${id}/cancel`, { key: agent })).status).toBe(202);
    };
    const { body } = await h.call<{ id: string }>('POST', `/v1/plans/${planId}/runs`, { key: agent });
    started(body.id);
    const run = await waitForRun(body.id);
    expect(run.status).toBe('cancelled');
    expect(run.steps.map((s) => s.status)).toEqual(['succeeded', 'skipped']);
    expect(connector.replicas.get('cancel-b')).toBeUndefined();
  });

  it("keeps a step's end when the worker stops before the next step, and the run resumes after that step", async () => {
    const planId = await approvedPlan('stage', [scale('one', 'stop-a', 2), scale('two', 'stop-b', 3)]);
    let stopped: Promise<void> | undefined;
    connector.onCall = () => {
      connector.onCall = () => {};
      // Told to stop during the first step's call: the worker ends that step and hands the run back. The step's
      // end waits for the next transition, which never comes here: the hand-back records it alone.
      stopped = worker.stop();
    };
    const { body } = await h.call<{ id: string }>('POST', `/v1/plans/${planId}/runs`, { key: agent });
    await expect.poll(() => stopped !== undefined, { timeout: 30_000 }).toBe(true);
    await stopped;
    const handed = (await h.call<RunBody>('GET', `/v1/runs/${body.id}`, { key: agent })).body;
    expect(handed.steps.map((s) => s.status)).toEqual(['succeeded', 'pending']);
    expect(handed.steps[0]!.tool_calls.map((c) => c.status)).toEqual(['succeeded']);
    expect(handed.steps[0]!.evidence).toHaveLength(1);

    worker = await h.warrant.startWorker({ leaseSeconds: 5, reconcileMs: 200 });
    const run = await waitForRun(body.id);
    expect(run.status).toBe('succeeded');
    // The first step's call was not made again.
    expect(run.steps.map((s) => s.tool_calls.length)).toEqual([1, 1]);
    expect(connector.replicas.get('stop-b')).toBe(3);
  });

  it('waits before resuming a run whose drive stopped on an error, longer each time, and shows it', async () => {
    const planId = await approvedPlan('stage', [scale('one', 'full-disk', 4)]);
    // The first two drives cannot store the step's input (the disk is full): each stops before the call.
    objects.refusals = 2;
    const { body } = await h.call<{ id: string }>('POST', `/v1/plans/${planId}/runs`, { key: agent });
    const waiting = async (failedDrives: number) => {
      let run: { status: string; failed_drives: number; resume_after: string | null } | undefined;
      await expect
        .poll(
          async () => {
            run = (await h.call<typeof run>('GET', `/v1/runs/${body.id}`, { key: agent })).body;
            return run!.failed_drives;
          },
          { timeout: 30_000 },
        )
        .toBe(failedDrives);
      return run!;
    };
    const first = await waiting(1);
    expect(first.status).toBe('running');
    const metrics = async () => (await fetch(`${h.url}/metrics`)).text();
    expect(await metrics()).toMatch(/^warrant_runs_waiting_after_error 1$/m);
    expect(Date.parse(first.resume_after!) - clock.now().getTime()).toBe(1000);
    expect(logLines.map((line) => line.message)).toContainEqual(
      expect.stringMatching(new RegExp(`^run ${body.id} stopped on an error; it will be resumed after`)),
    );
    // Its worker looks every 200 ms: the run is not claimed again before its time (this clock's).
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(
      (await h.call<{ failed_drives: number }>('GET', `/v1/runs/${body.id}`, { key: agent })).body,
    ).toMatchObject({ failed_drives: 1 });
    clock.advance(1000);
    const second = await waiting(2);
    expect(Date.parse(second.resume_after!) - clock.now().getTime()).toBe(2000);
    clock.advance(2000);
    const run = await waitForRun(body.id);
    expect(run).toMatchObject({ status: 'succeeded', resume_after: null, failed_drives: 2 });
    expect(await metrics()).toMatch(/^warrant_runs_waiting_after_error 0$/m);
    expect(connector.replicas.get('full-disk')).toBe(4);
    const claims = rowsOf<{ action: string }>(
      await h.warrant.db.orm.execute(
        sql`SELECT action FROM audit_events WHERE run_id = ${body.id} AND action IN ('run.started', 'run.resumed') ORDER BY seq`,
      ),
    );
    expect(claims.map((claim) => claim.action)).toEqual(['run.started', 'run.resumed', 'run.resumed']);
  });

  it('takes up a run waiting after an error as soon as a cancel is asked for, and stops it', async () => {
    const planId = await approvedPlan('stage', [
      scale('one', 'cancel-wait-a', 2),
      scale('two', 'cancel-wait-b', 3),
    ]);
    // The first step's input is stored, its output is not: the drive stops after the call, and the run waits.
    objects.passing = 1;
    objects.refusals = 1;
    const { body } = await h.call<{ id: string }>('POST', `/v1/plans/${planId}/runs`, { key: agent });
    await expect
      .poll(
        async () =>
          (await h.call<{ failed_drives: number }>('GET', `/v1/runs/${body.id}`, { key: agent })).body,
        {
          timeout: 30_000,
        },
      )
      .toMatchObject({ failed_drives: 1, status: 'running' });
    const cancel = await h.call<{ cancel_requested: boolean }>('POST', `/v1/runs/${body.id}/cancel`, {
      key: agent,
    });
    expect(cancel.body.cancel_requested).toBe(true);
    // The clock stays where it is: the wait is not what ends.
    const run = await waitForRun(body.id);
    expect(run.status).toBe('cancelled');
    // The step caught after its call is completed (same key, no second effect); the next one is not begun.
    expect(run.steps.map((s) => s.status)).toEqual(['succeeded', 'skipped']);
    expect(connector.replicas.get('cancel-wait-a')).toBe(2);
    expect(connector.replicas.get('cancel-wait-b')).toBeUndefined();
  });

  it("records a step's end before the next step's preconditions ask the outside world", async () => {
    const planId = await approvedPlan('stage', [
      scale('one', 'pre-a', 2),
      scale('two', 'pre-b', 2, { preconditions: ['promql: sum(rate(errors{app="pre-check"}[5m])) < 1'] }),
    ]);
    const seen: string[] = [];
    connector.onCollect = async (requirement) => {
      if (!requirement.query.includes('pre-check')) return;
      connector.onCollect = () => {};
      // What anyone reading the run sees while the check is out: the first step's end is already recorded.
      const rows = rowsOf<{ status: string }>(
        await h.warrant.db.orm.execute(
          sql`SELECT s.status FROM run_steps s JOIN runs r ON r.id = s.run_id
               WHERE r.plan_id = ${planId} AND s.step_id = 'one'`,
        ),
      );
      seen.push(...rows.map((row) => row.status));
    };
    const { body } = await h.call<{ id: string }>('POST', `/v1/plans/${planId}/runs`, { key: agent });
    const run = await waitForRun(body.id);
    expect(run.status).toBe('succeeded');
    expect(seen).toEqual(['succeeded']);
  });

  it('never stores a secret from a tool output, in the database or the object store', async () => {
    const dump = JSON.stringify(
      rowsOf(
        await h.warrant.db.orm.execute(sql`
          SELECT (SELECT json_agg(t) FROM tool_calls t) AS calls, (SELECT json_agg(e) FROM evidence e) AS evidence,
                 (SELECT json_agg(a.body) FROM audit_events a) AS audit`),
      ),
    );
    expect(dump).not.toContain(SECRET);
    const root = (h.warrant.objects as unknown as { root: string }).root;
    const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) =>
      statSync(join(root, f)).isFile(),
    );
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) expect(readFileSync(join(root, file), 'utf8')).not.toContain(SECRET);
  });

  it('shows why a step failed on the run, also once that step was rolled back', async () => {
    connector.failEvidence.add('flaky');
    const planId = await approvedPlan('stage', [scale('one', 'flaky', 3)]);
    const { body } = await h.call<{ id: string }>('POST', `/v1/plans/${planId}/runs`, { key: agent });
    const run = await waitForRun(body.id);
    expect(run.status).toBe('rolled_back');
    expect(run.steps[0]).toMatchObject({
      step_id: 'one',
      status: 'rolled_back',
      error: { code: 'evidence_failed', message: 'no series for flaky' },
    });
    // In one drive: the step's end was recorded before its undo started (one statement changes a row once).
    expect(logLines.filter((line) => line.message.includes(`run ${body.id} stopped`))).toEqual([]);
  });

  it('refuses at submit, storing nothing, a plan needing evidence no configured connector collects', async () => {
    const count = async () =>
      rowsOf<{ plans: number; audit: number }>(
        await h.warrant.db.orm.execute(sql`
          SELECT (SELECT count(*) FROM plans)::int AS plans, (SELECT count(*) FROM audit_events)::int AS audit`),
      )[0];
    const audited = scale('audited', 'checkout', 3, {
      evidence_required: [
        { type: 'promql', query: 'up' },
        { type: 'cloudtrail', query: 'eventName=UpdateDeployment' },
      ],
    });
    const body = { summary: 's', intent: 'i', context: { environment: 'prod' }, steps: [audited] };
    const before = await count();
    const refused = await h.call<{ code: string }>('POST', '/v1/plans', { key: agent, body });
    expect(refused).toMatchObject({
      status: 400,
      body: {
        code: 'evidence_uncollectable',
        detail: 'step audited: no configured connector collects cloudtrail evidence',
        step_id: 'audited',
        evidence_type: 'cloudtrail',
      },
    });
    expect(await count()).toEqual(before);
    // Nor may a revision add it; evidence a connector collects (promql here) is fine.
    const planId = await approvedPlan('prod', [scale('one', 'checkout', 5)]);
    const revised = await h.call<{ code: string }>('PUT', `/v1/plans/${planId}`, { key: agent, body });
    expect(revised).toMatchObject({ status: 400, body: { code: 'evidence_uncollectable' } });
    expect(
      (await h.call<{ revision: number }>('GET', `/v1/plans/${planId}`, { key: agent })).body.revision,
    ).toBe(1);
  });

  it("keeps another tenant's runs out of reach", async () => {
    const stranger = await keyFor(h, 'elsewhere', 'agent');
    const runs = await h.call<{ items: { id: string }[] }>('GET', '/v1/runs', { key: agent });
    const id = runs.body.items[0]!.id;
    expect((await h.call('GET', `/v1/runs/${id}`, { key: stranger })).status).toBe(404);
    expect((await h.call('POST', `/v1/runs/${id}/cancel`, { key: stranger })).status).toBe(404);
  });
});
