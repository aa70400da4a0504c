import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runRecord, seedApprovedPlan } from '../../test/plan-records.ts';
import { rowsOf } from '../../test/rows.ts';
import { auditEvents } from '../audit/tables.ts';
import { newId } from '../core/ids.ts';
import type { Database } from '../db/connect.ts';
import { subscribe } from '../db/notify.ts';
import { openTestDatabase } from '../db/testing.ts';
import { type PlanRecord, plans } from '../plans/tables.ts';
import {
  type CallEnd,
  CancelRequested,
  claimRun,
  insertRun,
  LeaseLost,
  loadRunProgress,
  RUN_CHANGED_CHANNEL,
  recordCallEnd,
  recordCallStart,
  recordRunEnd,
  recordStepFailed,
  renewLease,
  type TransitionEvents,
} from './store.ts';
import { evidence, runs, toolCalls } from './tables.ts';

// Each transition of a run is one statement (data-modifying CTEs): its parts commit together or not at all.

let db: Database;
const tenant = newId();
const actor = newId();
const planId = newId();
const auditActor = { id: actor, type: 'agent' as const, roles: ['agent' as const], tenant_id: tenant };

type Action = 'run.started' | 'run.step.started' | 'run.step.succeeded' | 'run.succeeded';
const event = (runId: string, action: Action) => ({
  tenant_id: tenant,
  actor: auditActor,
  action,
  occurred_at: new Date(),
  plan_id: planId,
  run_id: runId,
});
const audit = (runId: string, action: Action): TransitionEvents => [event(runId, action)];
/** The lease token the runs below are claimed under. */
const owner = 'worker-a/1';

async function newRun(): Promise<string> {
  const id = newId();
  const record = runRecord({
    id,
    tenant_id: tenant,
    plan_id: planId,
    status: 'queued',
    started_by: actor,
    created_at: new Date(),
  });
  await insertRun(db.orm, record, ['s1', 's2']);
  await db.orm
    .update(runs)
    .set({ lease_owner: owner, lease_expires_at: new Date(Date.now() + 60_000) })
    .where(eq(runs.id, id));
  return id;
}

const call = (runId: string, id = newId()) => ({
  id,
  tenant_id: tenant,
  run_id: runId,
  step_id: 's1',
  phase: 'do' as const,
  tool_name: 'k8s.scale',
  idempotency_key: `key-${runId}`,
  input_ref: `tool-input/${runId}/${id}.json`,
  input_sha256: 'a'.repeat(64),
  started_at: new Date(),
});

/** Ends a started call as succeeded under `who`'s lease, with its step's status and audit event. */
const endCall = (started: ReturnType<typeof call>, who = owner, outputRef: string | null = null) =>
  recordCallEnd(db.orm, who, succeeded(started, outputRef), audit(started.run_id, 'run.step.succeeded'));

/** A started call's end as succeeded, with its step's status. */
const succeeded = (started: ReturnType<typeof call>, outputRef: string | null = null): CallEnd => ({
  call: started,
  end: {
    status: 'succeeded',
    output_ref: outputRef,
    output_sha256: null,
    link: null,
    error: null,
    completed_at: new Date(),
  },
  step: { status: 'succeeded' },
  items: [],
});

/** Ends the run as succeeded under `owner`'s lease, with its audit event (or the statement given). */
const endRun = (runId: string, event: TransitionEvents = audit(runId, 'run.succeeded')) =>
  recordRunEnd(db.orm, owner, { id: runId }, 'succeeded', new Date(), null, event);

const eventsOf = async (runId: string) =>
  (await db.orm.select().from(auditEvents).where(eq(auditEvents.run_id, runId))).map((e) => e.action);

beforeAll(async () => {
  db = await openTestDatabase();
  await db.orm.transaction((tx) => seedApprovedPlan(tx, { tenant, actor, plan: planId }, 'transitions'));
  // A claim reads the plan's steps (their definitions are not read here).
  const steps = [{ step_id: 's1' }, { step_id: 's2' }] as PlanRecord['body']['steps'];
  await db.orm
    .update(plans)
    .set({ body: { steps } as PlanRecord['body'] })
    .where(eq(plans.id, planId));
});
afterAll(() => db?.close());

/** The run's record as a worker reads it before claiming it. */
const readRun = async (id: string) => (await db.orm.select().from(runs).where(eq(runs.id, id)))[0]!;

describe('a run recorded one statement per transition', () => {
  it('starts a call with its step and audit event, notifies on commit, and takes up a crashed attempt', async () => {
    const runId = await newRun();
    const heard: string[] = [];
    const subscription = await subscribe(
      db,
      RUN_CHANGED_CHANNEL,
      (payload) => heard.push(payload),
      () => {},
    );
    const first = call(runId);
    expect(
      await recordCallStart(db.orm, owner, first, { status: 'running' }, audit(runId, 'run.step.started')),
    ).toEqual({
      id: first.id,
      attempts: 1,
      cancelRequested: false,
    });
    // The same key again (a worker took over after a crash): the same record, one attempt more.
    expect(
      await recordCallStart(
        db.orm,
        owner,
        call(runId),
        { status: 'running' },
        audit(runId, 'run.step.started'),
      ),
    ).toEqual({ id: first.id, attempts: 2, cancelRequested: false });
    const progress = await loadRunProgress(db.orm, runId);
    expect(progress.steps.map((s) => [s.step_id, s.status])).toEqual([
      ['s1', 'running'],
      ['s2', 'pending'],
    ]);
    expect(await eventsOf(runId)).toEqual(['run.step.started', 'run.step.started']);
    await expect.poll(() => heard.filter((p) => p === runId).length).toBe(2);
    await subscription.close();
  });

  it('ends a call with its evidence (one row per query, the last kept), step and audit event', async () => {
    const runId = await newRun();
    const started = call(runId);
    await recordCallStart(db.orm, owner, started, { status: 'running' }, audit(runId, 'run.step.started'));
    const item = (ref: string) => ({
      id: newId(),
      tenant_id: tenant,
      run_id: runId,
      step_id: 's1',
      type: 'promql',
      query: 'up',
      result_ref: ref,
      sha256: 'b'.repeat(64),
      link: null,
      collected_at: new Date(),
    });
    await recordCallEnd(
      db.orm,
      owner,
      {
        ...succeeded(started, 'out'),
        items: [item('first'), item('second')],
      },
      audit(runId, 'run.step.succeeded'),
    );
    const [recorded] = await db.orm.select().from(toolCalls).where(eq(toolCalls.id, started.id));
    expect(recorded).toMatchObject({ status: 'succeeded', output_ref: 'out' });
    const rows = await db.orm.select().from(evidence).where(eq(evidence.run_id, runId));
    expect(rows.map((r) => r.result_ref)).toEqual(['second']);
    expect(await eventsOf(runId)).toEqual(['run.step.started', 'run.step.succeeded']);
  });

  it('changes nothing when any part fails: the audit event cannot be written, so neither is the end', async () => {
    const runId = await newRun();
    const started = call(runId);
    await recordCallStart(db.orm, owner, started, { status: 'running' }, audit(runId, 'run.step.started'));
    // An audit row the table refuses (no tenant): the call's end, its step and its evidence go with it.
    const refused: TransitionEvents = [
      { ...event(runId, 'run.step.succeeded'), tenant_id: null as unknown as string },
    ];
    await expect(recordCallEnd(db.orm, owner, succeeded(started, 'out'), refused)).rejects.toThrow();
    const [recorded] = await db.orm.select().from(toolCalls).where(eq(toolCalls.id, started.id));
    expect(recorded).toMatchObject({ status: 'running', output_ref: null });
    const progress = await loadRunProgress(db.orm, runId);
    expect(progress.steps[0]!.status).toBe('running');
    await expect(endRun(runId, refused)).rejects.toThrow();
    const [run] = await db.orm.select().from(runs).where(eq(runs.id, runId));
    expect(run!.status).toBe('queued');
    expect(
      rowsOf(
        await db.orm.execute(sql`SELECT 1 FROM run_steps WHERE run_id = ${runId} AND status = 'skipped'`),
      ),
    ).toEqual([]);
  });

  it('ends a run: steps never started skipped, its status and its audit event', async () => {
    const runId = await newRun();
    await endRun(runId);
    const [run] = await db.orm.select().from(runs).where(eq(runs.id, runId));
    expect(run).toMatchObject({ status: 'succeeded', lease_owner: null });
    expect((await loadRunProgress(db.orm, runId)).steps.map((s) => s.status)).toEqual(['skipped', 'skipped']);
    expect(await eventsOf(runId)).toEqual(['run.succeeded']);
  });

  it('refuses every transition from a drive whose lease was taken over, changing nothing', async () => {
    const runId = await newRun();
    const started = call(runId);
    await recordCallStart(db.orm, owner, started, { status: 'running' }, audit(runId, 'run.step.started'));
    // The lease lapsed and another drive (here: of the same worker) claimed the run.
    const successor = 'worker-a/2';
    await db.orm.update(runs).set({ lease_owner: successor }).where(eq(runs.id, runId));
    await expect(endCall(started, owner, 'stale')).rejects.toBeInstanceOf(LeaseLost);
    await expect(
      recordCallStart(db.orm, owner, call(runId), { status: 'running' }, audit(runId, 'run.step.started')),
    ).rejects.toBeInstanceOf(LeaseLost);
    await expect(
      recordStepFailed(db.orm, owner, runId, 's2', new Date(), {}, audit(runId, 'run.step.started')),
    ).rejects.toBeInstanceOf(LeaseLost);
    await expect(endRun(runId)).rejects.toBeInstanceOf(LeaseLost);
    // A run without any lease (handed back) refuses them alike.
    await db.orm.update(runs).set({ lease_owner: null }).where(eq(runs.id, runId));
    await expect(endRun(runId)).rejects.toBeInstanceOf(LeaseLost);

    const [recorded] = await db.orm.select().from(toolCalls).where(eq(toolCalls.id, started.id));
    expect(recorded).toMatchObject({ status: 'running', attempts: 1, output_ref: null });
    expect((await loadRunProgress(db.orm, runId)).steps.map((s) => s.status)).toEqual(['running', 'pending']);
    const [run] = await db.orm.select().from(runs).where(eq(runs.id, runId));
    expect(run!.status).toBe('queued');
    expect(await eventsOf(runId)).toEqual(['run.step.started']);

    // The drive holding the lease writes as before.
    await db.orm.update(runs).set({ lease_owner: successor }).where(eq(runs.id, runId));
    await endCall(started, successor);
    expect(await eventsOf(runId)).toEqual(['run.step.started', 'run.step.succeeded']);
  });

  it("extends only its own lease, and each fenced write answers the run's cancel flag", async () => {
    const runId = await newRun();
    const expires = new Date(Date.now() + 60_000);
    await db.orm.update(runs).set({ lease_expires_at: expires }).where(eq(runs.id, runId));
    const started = call(runId);
    expect(
      await recordCallStart(db.orm, owner, started, { status: 'running' }, audit(runId, 'run.step.started')),
    ).toMatchObject({ cancelRequested: false });
    await db.orm.update(runs).set({ cancel_requested: true }).where(eq(runs.id, runId));
    expect(await endCall(started)).toEqual({ cancelRequested: true });
    expect(await renewLease(db.orm, runId, owner, new Date(Date.now() + 90_000))).toEqual({
      cancelRequested: true,
    });
    expect(await renewLease(db.orm, runId, 'worker-b/1', new Date())).toBeUndefined();
    const [run] = await db.orm.select().from(runs).where(eq(runs.id, runId));
    expect(run!.lease_expires_at!.getTime()).toBeGreaterThan(expires.getTime());
  });

  it("records a step's end with the next transition, its event first; moving on is refused whole on a cancel", async () => {
    const runId = await newRun();
    const first = call(runId);
    await recordCallStart(db.orm, owner, first, { status: 'running' }, audit(runId, 'run.step.started'));
    const second = { ...call(runId), step_id: 's2', idempotency_key: `key-${runId}-s2` };
    const both = (): TransitionEvents => [
      event(runId, 'run.step.succeeded'),
      event(runId, 'run.step.started'),
    ];

    // A cancel asked for during the first call: the second start is refused, and with it the first end.
    await db.orm.update(runs).set({ cancel_requested: true }).where(eq(runs.id, runId));
    await expect(
      recordCallStart(db.orm, owner, second, { status: 'running' }, both(), succeeded(first)),
    ).rejects.toBeInstanceOf(CancelRequested);
    await expect(
      recordStepFailed(db.orm, owner, runId, 's2', new Date(), {}, both(), succeeded(first)),
    ).rejects.toBeInstanceOf(CancelRequested);
    expect((await loadRunProgress(db.orm, runId)).steps.map((s) => s.status)).toEqual(['running', 'pending']);
    expect(await eventsOf(runId)).toEqual(['run.step.started']);
    await db.orm.update(runs).set({ cancel_requested: false }).where(eq(runs.id, runId));
    // A transition of a step never carries that step's own end: one statement would change its row twice.
    const undo = { ...call(runId), phase: 'undo' as const, idempotency_key: `key-${runId}-undo` };
    await expect(
      recordCallStart(db.orm, owner, undo, { status: 'rolling_back' }, both(), succeeded(first)),
    ).rejects.toThrow(/cannot carry that step's end/);
    await expect(
      recordStepFailed(db.orm, owner, runId, 's1', new Date(), {}, both(), succeeded(first)),
    ).rejects.toThrow(/cannot carry that step's end/);
    expect(await eventsOf(runId)).toEqual(['run.step.started']);

    const started = await recordCallStart(
      db.orm,
      owner,
      second,
      { status: 'running' },
      both(),
      succeeded(first, 'out-1'),
    );
    expect(started).toMatchObject({ id: second.id, attempts: 1, cancelRequested: false });
    const progress = await loadRunProgress(db.orm, runId);
    expect(progress.steps.map((s) => s.status)).toEqual(['succeeded', 'running']);
    expect(progress.calls.map((c) => [c.step_id, c.status, c.output_ref])).toEqual([
      ['s1', 'succeeded', 'out-1'],
      ['s2', 'running', null],
    ]);

    // Ending the run moves nothing on: a cancel does not refuse it.
    await db.orm.update(runs).set({ cancel_requested: true }).where(eq(runs.id, runId));
    await recordRunEnd(
      db.orm,
      owner,
      { id: runId },
      'succeeded',
      new Date(),
      null,
      [event(runId, 'run.step.succeeded'), event(runId, 'run.succeeded')],
      succeeded(second),
    );
    expect((await loadRunProgress(db.orm, runId)).steps.map((s) => s.status)).toEqual([
      'succeeded',
      'succeeded',
    ]);
    // The log keeps the order the drive saw: each end before what followed it.
    const ordered = await db.orm
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .where(eq(auditEvents.run_id, runId))
      .orderBy(auditEvents.seq);
    expect(ordered.map((e) => e.action)).toEqual([
      'run.step.started',
      'run.step.succeeded',
      'run.step.started',
      'run.step.succeeded',
      'run.succeeded',
    ]);
  });

  it('claims a run only as it was read: of two claims of one reading one passes, the other writes nothing', async () => {
    const runId = await newRun();
    await db.orm.update(runs).set({ lease_owner: null, lease_expires_at: null }).where(eq(runs.id, runId));
    const seen = await readRun(runId);
    const now = new Date();
    const claim = (who: string) => claimRun(db.orm, seen, who, now, 60_000, event(runId, 'run.started'));
    const [a, b] = await Promise.all([claim('worker-a/7'), claim('worker-b/7')]);
    const winner = (a ?? b)!;
    expect([a, b].filter(Boolean)).toHaveLength(1);
    expect(winner.run).toMatchObject({ status: 'running', attempts: seen.attempts + 1, started_at: now });
    // The claim read the plan's steps in its statement.
    expect(winner.steps.map((step) => step.step_id)).toEqual(['s1', 's2']);
    const [run] = await db.orm.select().from(runs).where(eq(runs.id, runId));
    // As the claim answered it, and as bound: the lease's times and the first claim's start.
    expect(run).toMatchObject({
      status: 'running',
      lease_owner: winner.run.lease_owner,
      lease_expires_at: new Date(now.getTime() + 60_000),
      started_at: now,
      updated_at: now,
      attempts: seen.attempts + 1,
    });
    expect(await eventsOf(runId)).toEqual(['run.started']);

    // A reading that went stale (the run was claimed since) claims nothing, even once the lease has lapsed.
    await db.orm
      .update(runs)
      .set({ lease_expires_at: new Date(0) })
      .where(eq(runs.id, runId));
    expect(await claim('worker-c/1')).toBeUndefined();
    // A lease still held is not taken, whatever the reading.
    const held = await readRun(runId);
    await db.orm
      .update(runs)
      .set({ lease_expires_at: new Date(Date.now() + 60_000) })
      .where(eq(runs.id, runId));
    expect(
      await claimRun(
        db.orm,
        { ...held, lease_expires_at: new Date(0) },
        'worker-c/2',
        new Date(),
        60_000,
        event(runId, 'run.started'),
      ),
    ).toBeUndefined();
    expect(await eventsOf(runId)).toEqual(['run.started']);
  });

  it('does not claim a run waiting after an error before its time, whatever the reading says, and clears the wait when it does', async () => {
    const runId = await newRun();
    const now = new Date();
    const wait = new Date(now.getTime() + 2_000);
    await db.orm
      .update(runs)
      .set({
        status: 'running',
        lease_owner: null,
        lease_expires_at: null,
        resume_after: wait,
        failed_drives: 1,
      })
      .where(eq(runs.id, runId));
    const seen = await readRun(runId);
    const claim = (reading: typeof seen, at: Date) =>
      claimRun(db.orm, reading, 'worker-w/1', at, 60_000, event(runId, 'run.started'));
    // As read (the run waits), and as a reading from before the wait was set: refused by the statement itself.
    expect(await claim(seen, now)).toBeUndefined();
    expect(await claim({ ...seen, resume_after: null }, now)).toBeUndefined();
    expect(await eventsOf(runId)).toEqual([]);
    // Once its time has come, claimed, and the wait is over.
    expect(await claim(seen, wait)).toBeDefined();
    expect(await readRun(runId)).toMatchObject({
      lease_owner: 'worker-w/1',
      resume_after: null,
      failed_drives: 1,
    });
  });

  it('reads the progress of a run nobody held in the claim, as the drive would read it; not of a run taken over', async () => {
    const runId = await newRun();
    const started = call(runId);
    await recordCallStart(db.orm, owner, started, { status: 'running' }, audit(runId, 'run.step.started'));
    await endCall(started, owner, `tool-output/${runId}/x.json`);
    // Handed back: nobody holds the run, and nobody else can write it until it is claimed.
    await db.orm.update(runs).set({ lease_owner: null, lease_expires_at: null }).where(eq(runs.id, runId));
    const claim = async (who: string) => {
      const seen = await readRun(runId);
      return claimRun(db.orm, seen, who, new Date(), 60_000, event(runId, 'run.started'));
    };
    const fresh = (await claim('worker-d/1'))!;
    expect(fresh.progress).toEqual(await loadRunProgress(db.orm, runId));
    expect(fresh.progress!.calls).toHaveLength(1);
    expect(fresh.progress!.calls[0]!.completed_at).toBeInstanceOf(Date);
    // Its lease lapses: a takeover leaves the progress to a read after the claim.
    await db.orm
      .update(runs)
      .set({ lease_expires_at: new Date(0) })
      .where(eq(runs.id, runId));
    const takeover = (await claim('worker-e/1'))!;
    expect(takeover.run.lease_owner).toBe('worker-e/1');
    expect(takeover.progress).toBeUndefined();
  });
});
