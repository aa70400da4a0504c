import type { PgBoss } from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../core/ids.ts';
import { createLogger } from '../core/logger.ts';
import type { Database } from '../db/connect.ts';
import { openTestDatabase } from '../db/testing.ts';
import { openQueue, queueSchema, RUN_QUEUE, type RunJob, runsWithWaitingJob, sendRun } from './queue.ts';

let db: Database;
let boss: PgBoss;
beforeAll(async () => {
  db = await openTestDatabase();
  boss = await openQueue(db, createLogger({ level: 'silent' }), { listen: false });
});
afterAll(async () => {
  await boss?.stop({ graceful: false, close: !db.pglite });
  await db?.close();
});

const waiting = async () =>
  (await boss.fetch<RunJob>(RUN_QUEUE, { batchSize: 100 })).map((job) => job.data.run_id).sort();

describe('the run queue', () => {
  it("keeps one waiting job per run, and takes a new one while the run's job is being worked on", async () => {
    const [a, b] = [newId(), newId()].sort();
    const send = (id: string) => sendRun(boss, { id, plan_id: newId() });
    // The reconciler sends a run again while its job waits its turn (a backlog): no second job.
    await send(a!);
    await send(a!);
    await send(b!);
    await send(a!);
    expect(await waiting()).toEqual([a, b]);
    // Both jobs are now being worked on: a worker handing a run back sends it again, and it is queued.
    await send(a!);
    await send(a!);
    expect(await waiting()).toEqual([a]);
    expect(await waiting()).toEqual([]);
  });

  it("reads which runs have a job waiting from pg-boss's own table: sent and not yet fetched", async () => {
    const [sent, fetched, never] = [newId(), newId(), newId()];
    const waitingOf = (ids: string[]) => runsWithWaitingJob(db.orm, queueSchema(db), ids);
    expect(await waitingOf([])).toEqual(new Set());
    await sendRun(boss, { id: fetched!, plan_id: newId() });
    expect(await waiting()).toEqual([fetched]);
    await sendRun(boss, { id: sent!, plan_id: newId() });
    expect(await waitingOf([sent!, fetched!, never!])).toEqual(new Set([sent]));
    expect(await waiting()).toEqual([sent]);
    expect(await waitingOf([sent!, fetched!, never!])).toEqual(new Set());
  });
});
