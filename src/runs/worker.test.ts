import type { PgBoss } from 'pg-boss';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { runRecord, seedApprovedPlan } from '../../test/plan-records.ts';
import { ManualClock } from '../core/clock.ts';
import { newId } from '../core/ids.ts';
import { createLogger } from '../core/logger.ts';
import type { Database } from '../db/connect.ts';
import { openTestDatabase } from '../db/testing.ts';
import type { RunExecutor } from './executor.ts';
import { openQueue, queueSchema, RUN_QUEUE, runsWithWaitingJob, sendRun } from './queue.ts';
import { insertRunRecords, setRunStatus } from './store.ts';
import { RunWorker } from './worker.ts';

// How a worker hears of a run: the queue's NOTIFY wakes an idle worker (its polls are set far beyond the test's
// time-out, so only the notification can have woken it); a missed notification leaves the poll; a lost job
// leaves the reconciler. Nothing here is timed: each case only waits for the run to be driven.

const logger = createLogger({ level: 'silent' });
const clock = new ManualClock(new Date());
const tenant = newId();
const actor = newId();
const plan = newId();
let db: Database;
let boss: PgBoss | undefined;
let worker: RunWorker | undefined;

beforeAll(async () => {
  db = await openTestDatabase();
  await db.orm.transaction((tx) => seedApprovedPlan(tx, { tenant, actor, plan: plan }, 'worker'));
});
afterEach(async () => {
  await worker?.stop(0);
  await boss?.stop({ graceful: false, close: !db.pglite });
  worker = undefined;
  boss = undefined;
});
afterAll(() => db?.close());

/** An executor that only records which runs it drove, and ends them. */
class RecordingExecutor implements Pick<RunExecutor, 'drive' | 'prepare'> {
  readonly #waiting = new Map<string, () => void>();
  readonly #held = new Map<string, Promise<void>>();
  readonly driven = new Set<string>();
  /** The runs the worker made ready ahead of their claim, as `run:plan`. */
  readonly prepared: string[] = [];
  prepare({ id, plan_id }: { id: string; plan_id: string }) {
    this.prepared.push(`${id}:${plan_id}`);
  }
  async drive({ run }: { run: { id: string } }) {
    this.driven.add(run.id);
    await this.#held.get(run.id);
    await setRunStatus(db.orm, run, 'succeeded', clock.now());
    this.#waiting.get(run.id)?.();
    return 'succeeded' as const;
  }
  /** The drive of `runId` lasts until `until` settles. */
  hold(runId: string, until: Promise<void>): void {
    this.#held.set(runId, until);
  }
  drove(runId: string): Promise<void> {
    if (this.driven.has(runId)) return Promise.resolve();
    return new Promise((resolve) => this.#waiting.set(runId, resolve));
  }
}

async function queuedRun(createdAt = clock.now()): Promise<string> {
  const id = newId();
  await insertRunRecords(db.orm, [
    runRecord({
      id,
      tenant_id: tenant,
      plan_id: plan,
      status: 'queued',
      started_by: actor,
      created_at: createdAt,
    }),
  ]);
  return id;
}

async function startWorker(listen: boolean, pollSeconds: number) {
  const executor = new RecordingExecutor();
  boss = await openQueue(db, logger, { listen });
  worker = new RunWorker({
    orm: db.orm,
    boss,
    executor,
    clock,
    logger,
    reconcileMs: 3_600_000,
    pollSeconds: { notifyMissed: pollSeconds, noListen: pollSeconds },
  });
  await worker.start();
  // A first run makes sure the worker fetched once and went idle: whatever starts the next one woke it.
  const first = await queuedRun();
  await sendRun(boss, { id: first, plan_id: plan });
  await executor.drove(first);
  await new Promise((resolve) => setTimeout(resolve, 500));
  return executor;
}

describe('RunWorker wake-up', () => {
  it('an idle worker starts a sent run on the queue notification, long before its next poll', async () => {
    const executor = await startWorker(true, 3600);
    const id = await queuedRun();
    // The job names the run's plan: the run is made ready from it, before the run is read, and only once.
    const named = newId();
    await sendRun(boss!, { id, plan_id: named });
    await executor.drove(id);
    expect(executor.driven.has(id)).toBe(true);
    expect(executor.prepared.filter((entry) => entry.startsWith(id))).toEqual([`${id}:${named}`]);
    // A job of an earlier version names no plan: the run is made ready from its record as read.
    const older = await queuedRun();
    await boss!.send(RUN_QUEUE, { run_id: older }, { singletonKey: older });
    await executor.drove(older);
    expect(executor.prepared.filter((entry) => entry.startsWith(older))).toEqual([`${older}:${plan}`]);
  }, 60_000);

  it('a slot that ends a run takes the next at once while the other slot is busy, not at its next poll', async () => {
    const executor = await startWorker(true, 3600);
    const long = await queuedRun();
    let release!: () => void;
    executor.hold(long, new Promise((resolve) => (release = resolve)));
    await sendRun(boss!, { id: long, plan_id: plan });
    // Only a notification wakes the slots (polls are an hour): waits as long as the test may, not a set time.
    await vi.waitFor(() => expect(executor.driven.has(long)).toBe(true), { timeout: 50_000, interval: 20 });
    // Three runs in one insert: one notification wakes the free slot, which must then wake itself twice.
    const queued = [await queuedRun(), await queuedRun(), await queuedRun()];
    await boss!.insert(
      RUN_QUEUE,
      // Keyed by run as sendRun keys them (the queue keeps one waiting job per key).
      queued.map((run_id) => ({ data: { run_id }, singletonKey: run_id })),
    );
    await Promise.all(queued.map((id) => executor.drove(id)));
    expect(executor.driven.has(long)).toBe(true);
    release();
    await executor.drove(long);
  }, 60_000);

  it('a notification nobody hears leaves the poll: the run still starts', async () => {
    const executor = await startWorker(false, 0.5);
    const id = await queuedRun();
    await sendRun(boss!, { id, plan_id: plan });
    await executor.drove(id);
    expect(executor.driven.has(id)).toBe(true);
  }, 60_000);

  it('a run whose job was never sent is found by the reconciler and started', async () => {
    const executor = await startWorker(true, 3600);
    const id = await queuedRun(new Date(clock.now().getTime() - 60_000));
    clock.advance(60_000);
    expect(await worker!.reconcile()).toBeGreaterThanOrEqual(1);
    await executor.drove(id);
    expect(executor.driven.has(id)).toBe(true);
  }, 60_000);

  it('the reconciler sends a run left queued only when no job of it waits its turn', async () => {
    // Not started: nothing fetches, as in a backlog where every slot is busy.
    boss = await openQueue(db, logger, { listen: false });
    const waitingOf = (ids: readonly string[]) => runsWithWaitingJob(db.orm, queueSchema(db), ids);
    worker = new RunWorker({
      orm: db.orm,
      boss,
      executor: new RecordingExecutor(),
      clock,
      logger,
      waitingJobs: waitingOf,
    });
    const past = new Date(clock.now().getTime() - 60_000);
    const waits = await queuedRun(past);
    const lost = await queuedRun(past);
    await sendRun(boss, { id: waits, plan_id: plan });
    expect(await worker.reconcile()).toBe(1);
    expect(await waitingOf([waits, lost])).toEqual(new Set([waits, lost]));
    expect(await worker.reconcile()).toBe(0);
    // Where the queue's jobs cannot be read, every run found is sent (a waiting one gets no second job).
    const blind = new RunWorker({
      orm: db.orm,
      boss,
      executor: new RecordingExecutor(),
      clock,
      logger,
      waitingJobs: () => Promise.reject(new Error('no such table')),
    });
    expect(await blind.reconcile()).toBe(2);
    const jobs = await boss.fetch<{ run_id: string }>(RUN_QUEUE, { batchSize: 100 });
    expect(jobs.map((job) => job.data.run_id).sort()).toEqual([waits, lost].sort());
    await Promise.all([waits, lost].map((id) => setRunStatus(db.orm, { id }, 'succeeded', clock.now())));
  }, 60_000);
});
