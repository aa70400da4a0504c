import { Writable } from 'node:stream';
import { eq, inArray, sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { runRecord, seedApprovedPlan } from '../../test/plan-records.ts';
import { rowsOf } from '../../test/rows.ts';
import { ManualClock } from '../core/clock.ts';
import { newId } from '../core/ids.ts';
import { createLogger, type Logger } from '../core/logger.ts';
import type { Database, Executor } from '../db/connect.ts';
import { openTestDatabase } from '../db/testing.ts';
import type { Lease, RunExecutor } from './executor.ts';
import { announceRun } from './queue.ts';
import { findRunsToClaim, insertRunRecords, LeaseLost, setRunStatus } from './store.ts';
import { runs } from './tables.ts';
import { MAX_CONTENDED_LOOKS, RunWorker } from './worker.ts';

// How a worker finds a run: the runs table is the queue. An announcement wakes an idle worker (its looks are set far
// beyond the test's time-out where only the announcement can have woken it); without one, its next look finds the
// run. Nothing here is timed: each case only waits for the run to be driven.

const logger = createLogger({ level: 'silent' });
const clock = new ManualClock(new Date());
const tenant = newId();
const actor = newId();
const plan = newId();
const HOUR = 3_600_000;
let db: Database;
let workers: RunWorker[] = [];

beforeAll(async () => {
  db = await openTestDatabase();
  await db.orm.transaction((tx) => seedApprovedPlan(tx, { tenant, actor, plan: plan }, 'worker'));
});
afterEach(async () => {
  await Promise.all(workers.map((worker) => worker.stop(0)));
  workers = [];
});
afterAll(() => db?.close());

/** An executor that only records which runs it drove, and ends them. */
class RecordingExecutor implements Pick<RunExecutor, 'drive' | 'prepare'> {
  readonly #waiting = new Map<string, () => void>();
  readonly #held = new Map<string, Promise<void>>();
  readonly #failing = new Map<string, number>();
  /** How many times each run was driven. */
  readonly drives = new Map<string, number>();
  /** The runs made ready ahead of their claim, as `run:plan`. */
  readonly prepared: string[] = [];
  prepare({ id, plan_id }: { id: string; plan_id: string }) {
    this.prepared.push(`${id}:${plan_id}`);
  }
  async drive({ run }: { run: { id: string } }, lease: Lease) {
    const drives = (this.drives.get(run.id) ?? 0) + 1;
    this.drives.set(run.id, drives);
    this.#waiting.get(run.id)?.();
    if (drives <= (this.#failing.get(run.id) ?? 0)) throw new Error(`drive ${drives} of ${run.id} broke`);
    // A drive held while its worker stops hands the run back, as the executor does between steps.
    const stopping = new Promise((resolve) => lease.stopping.addEventListener('abort', resolve));
    await Promise.race([this.#held.get(run.id), stopping]);
    if (lease.stopping.aborted) throw new LeaseLost('the worker is stopping');
    await setRunStatus(db.orm, run, 'succeeded', clock.now());
    return 'succeeded' as const;
  }
  /** The first `drives` drives of `runId` stop on an error. */
  failing(runId: string, drives: number): void {
    this.#failing.set(runId, drives);
  }
  /** The drive of `runId` lasts until `until` settles. */
  hold(runId: string, until: Promise<void>): void {
    this.#held.set(runId, until);
  }
  /** Settles once `runId`'s drive has begun. */
  drove(runId: string): Promise<void> {
    if (this.drives.has(runId)) return Promise.resolve();
    return new Promise((resolve) => this.#waiting.set(runId, resolve));
  }
}

async function queuedRuns(count: number, tx: Executor = db.orm): Promise<string[]> {
  const createdAt = clock.now();
  const ids = Array.from({ length: count }, () => newId());
  await insertRunRecords(
    tx,
    ids.map((id, i) =>
      runRecord({
        id,
        tenant_id: tenant,
        plan_id: plan,
        status: 'queued',
        started_by: actor,
        created_at: new Date(createdAt.getTime() + i),
      }),
    ),
  );
  return ids;
}

async function startWorker(
  options: { listen?: boolean; lookMs?: number; concurrency?: number; logger?: Logger } = {},
) {
  const executor = new RecordingExecutor();
  const worker = new RunWorker({
    db,
    executor,
    clock,
    logger: options.logger ?? logger,
    listen: options.listen ?? true,
    reconcileMs: options.lookMs ?? HOUR,
    concurrency: options.concurrency ?? 2,
  });
  workers.push(worker);
  await worker.start();
  // A first run (driven by this worker or one already idle) makes sure it looked and went idle: whatever starts
  // the next one woke it.
  const [first] = await queuedRuns(1);
  await announceRun(db.orm);
  await vi.waitFor(async () => {
    const [run] = await db.orm.select({ status: runs.status }).from(runs).where(eq(runs.id, first!));
    expect(run!.status).toBe('succeeded');
  });
  await new Promise((resolve) => setTimeout(resolve, 300));
  return { worker, executor };
}

describe('RunWorker', () => {
  it('an idle worker starts a queued run on its announcement, long before its next look', async () => {
    const { executor } = await startWorker();
    const [id] = await queuedRuns(1);
    await announceRun(db.orm);
    await executor.drove(id!);
    // Made ready from the run as read, before its claim, and once.
    expect(executor.prepared.filter((entry) => entry.startsWith(id!))).toEqual([`${id}:${plan}`]);
  }, 60_000);

  it('one announcement of several runs: the slot that claims one wakes the next, while another slot is busy', async () => {
    const { executor } = await startWorker();
    const [long] = await queuedRuns(1);
    let release!: () => void;
    executor.hold(long!, new Promise((resolve) => (release = resolve)));
    await announceRun(db.orm);
    await executor.drove(long!);
    // Three runs queued and announced in one transaction: one notification for the three.
    const queued = await db.orm.transaction(async (tx) => {
      const ids = await queuedRuns(3, tx);
      await announceRun(tx);
      return ids;
    });
    await Promise.all(queued.map((id) => executor.drove(id)));
    release();
  }, 60_000);

  it('without the announcement (not listening), its next look finds the run', async () => {
    const { executor } = await startWorker({ listen: false, lookMs: 200 });
    const [id] = await queuedRuns(1);
    await executor.drove(id!);
  }, 60_000);

  it('takes over a running run whose lease lapsed, at its next look, and counts it', async () => {
    const { worker, executor } = await startWorker({ lookMs: 200 });
    const id = newId();
    await insertRunRecords(db.orm, [
      {
        ...runRecord({
          id,
          tenant_id: tenant,
          plan_id: plan,
          status: 'running',
          started_by: actor,
          created_at: clock.now(),
        }),
        lease_owner: 'gone:1/1',
        lease_expires_at: new Date(clock.now().getTime() + 60_000),
      },
    ]);
    // Held: nobody else may drive it.
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(executor.drives.has(id)).toBe(false);
    clock.advance(61_000);
    await executor.drove(id);
    expect(worker.takeovers).toBe(1);
  }, 60_000);

  it('hands a run back when it stops mid-drive, announced: another worker takes it at once', async () => {
    const first = await startWorker();
    const second = await startWorker();
    const [id] = await queuedRuns(1);
    // Whichever worker claims it first holds it until that worker stops.
    first.executor.hold(id!, new Promise(() => {}));
    second.executor.hold(id!, new Promise(() => {}));
    await announceRun(db.orm);
    await vi.waitFor(() =>
      expect(first.executor.drives.has(id!) || second.executor.drives.has(id!)).toBe(true),
    );
    const [holder, other] = first.executor.drives.has(id!) ? [first, second] : [second, first];
    other.executor.hold(id!, Promise.resolve());
    await holder.worker.stop(0);
    await other.executor.drove(id!);
    await vi.waitFor(async () => {
      const [run] = await db.orm.select().from(runs).where(eq(runs.id, id!));
      expect(run!.status).toBe('succeeded');
    });
  }, 60_000);

  it('a run whose drive stops on an error waits to be resumed, longer after each such drive in a row', async () => {
    const { executor } = await startWorker();
    const [broken] = await queuedRuns(1);
    executor.failing(broken!, 2);
    const waiting = async (drives: number) => {
      await vi.waitFor(() => expect(executor.drives.get(broken!)).toBe(drives));
      return vi.waitFor(async () => {
        const [run] = await db.orm.select().from(runs).where(eq(runs.id, broken!));
        expect(run).toMatchObject({ status: 'running', lease_owner: null, failed_drives: drives });
        return run!.resume_after!.getTime() - clock.now().getTime();
      });
    };
    await announceRun(db.orm);
    expect(await waiting(1)).toBe(1000);
    // Passed over until then: a run queued after it is claimed, and it is not claimed again.
    const [next] = await queuedRuns(1);
    await announceRun(db.orm);
    await executor.drove(next!);
    expect(executor.drives.get(broken!)).toBe(1);
    clock.advance(1000);
    await announceRun(db.orm);
    expect(await waiting(2)).toBe(2000);
    clock.advance(2000);
    await announceRun(db.orm);
    await vi.waitFor(async () => {
      const [run] = await db.orm.select().from(runs).where(eq(runs.id, broken!));
      expect(run).toMatchObject({ status: 'succeeded', resume_after: null, failed_drives: 2, attempts: 3 });
    });
  }, 60_000);

  it('a run whose claims are refused is looked at a few times in a row, then left to the next look', async () => {
    // The slot says when it leaves a series of lost claims: each such line ends one series.
    let gaveUp = 0;
    const { executor } = await startWorker({
      concurrency: 1,
      logger: createLogger({
        level: 'debug',
        destination: new Writable({
          write(chunk, _encoding, done) {
            for (const line of String(chunk).split('\n').filter(Boolean))
              if ((JSON.parse(line) as { looks?: number }).looks === 1 + MAX_CONTENDED_LOOKS) gaveUp++;
            done();
          },
        }),
      }),
    });
    const [stuck] = await queuedRuns(1);
    // A writer with direct access drops the claims of this run without an error: to the worker it is always taken
    // by someone else first. Each refused claim is written down; after ten it lets one through, so that a worker
    // looking again without end (on PGlite, a loop that never yields to timers) ends and the test fails, not hangs.
    for (const statement of [
      'CREATE TABLE refused_claims (run_id uuid NOT NULL)',
      `CREATE FUNCTION refuse_claim() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF OLD.id = '${stuck}' AND NEW.lease_owner IS NOT NULL AND (SELECT count(*) FROM refused_claims) < 10 THEN
           INSERT INTO refused_claims VALUES (OLD.id);
           RETURN NULL;
         END IF;
         RETURN NEW;
       END $$`,
      'CREATE TRIGGER refuse_claim BEFORE UPDATE ON runs FOR EACH ROW EXECUTE FUNCTION refuse_claim()',
    ])
      await db.orm.execute(sql.raw(statement));
    const refused = async () =>
      rowsOf<{ n: number }>(await db.orm.execute(sql`SELECT count(*)::int AS n FROM refused_claims`))[0]!.n;
    try {
      await announceRun(db.orm);
      // The slot's first look and its looks again at once; then it waits for a bell or its next look (an hour).
      // Another bell starts another series (the run's own announcement and the one above can be heard apart), but
      // each series ends: the refusals are whole series, as many as the slot said it left. Not timed: under the full
      // suite's load a look can take longer than any pause the test would wait for.
      await vi.waitFor(async () => {
        const ended = gaveUp;
        expect(ended).toBeGreaterThan(0);
        expect(await refused()).toBe(ended * (1 + MAX_CONTENDED_LOOKS));
      });
      expect(executor.drives.has(stuck!)).toBe(false);
      // Still able to take a run announced next.
      const [next] = await queuedRuns(1);
      await announceRun(db.orm);
      await executor.drove(next!);
    } finally {
      for (const statement of [
        'DROP TRIGGER refuse_claim ON runs',
        'DROP FUNCTION refuse_claim()',
        'DROP TABLE refused_claims',
      ])
        await db.orm.execute(sql.raw(statement));
      await setRunStatus(db.orm, { id: stuck! }, 'succeeded', clock.now());
    }
  }, 60_000);

  it('two workers share a burst of runs: each run is claimed and driven once', async () => {
    const a = await startWorker();
    const b = await startWorker();
    const ids = await queuedRuns(24);
    await announceRun(db.orm);
    await vi.waitFor(
      () => expect(ids.every((id) => a.executor.drives.has(id) || b.executor.drives.has(id))).toBe(true),
      { timeout: 50_000, interval: 20 },
    );
    for (const id of ids) expect((a.executor.drives.get(id) ?? 0) + (b.executor.drives.get(id) ?? 0)).toBe(1);
    const claimed = await db.orm.select({ attempts: runs.attempts }).from(runs).where(inArray(runs.id, ids));
    expect(claimed.map((run) => run.attempts)).toEqual(ids.map(() => 1));
  }, 60_000);
});

describe('findRunsToClaim', () => {
  it('answers the queued runs and those whose lease lapsed, oldest first; not one held or ended', async () => {
    const at = new Date(clock.now().getTime() + 10 * HOUR);
    const record = (status: 'queued' | 'running' | 'succeeded', minutes: number, lease?: Date) => ({
      ...runRecord({
        id: newId(),
        tenant_id: tenant,
        plan_id: plan,
        status,
        started_by: actor,
        created_at: new Date(at.getTime() + minutes * 60_000),
      }),
      ...(lease ? { lease_owner: 'w:1/1', lease_expires_at: lease } : {}),
    });
    const queued = record('queued', 3);
    const lapsed = record('running', 1, new Date(at.getTime() + 10 * 60_000));
    const held = record('running', 0, new Date(at.getTime() + 60 * 60_000));
    const ended = record('succeeded', 2);
    await insertRunRecords(db.orm, [queued, lapsed, held, ended]);
    const now = new Date(at.getTime() + 30 * 60_000);
    const found = await findRunsToClaim(db.orm, now, 10);
    expect(found.map(({ run }) => run.id)).toEqual([lapsed.id, queued.id]);
    expect(found[0]!.actor).toMatchObject({ id: actor, tenant_id: tenant });
    await Promise.all([queued, lapsed, held].map((run) => setRunStatus(db.orm, run, 'succeeded', now)));
  });
});

describe('findRunsToClaim between tenants', () => {
  it("takes turns: a tenant's backlog does not hold the others back, and a tenant being driven yields", async () => {
    const other = { tenant: newId(), actor: newId(), plan: newId() };
    await db.orm.transaction((tx) => seedApprovedPlan(tx, other, 'worker-other'));
    const at = new Date(clock.now().getTime() + 20 * HOUR);
    const queued = (ids: typeof other, second: number) =>
      runRecord({
        id: newId(),
        tenant_id: ids.tenant,
        plan_id: ids.plan,
        status: 'queued',
        started_by: ids.actor,
        created_at: new Date(at.getTime() + second * 1000),
      });
    const backlog = Array.from({ length: 6 }, (_, i) => queued({ tenant, actor, plan }, i));
    const late = queued(other, 60);
    await insertRunRecords(db.orm, [...backlog, late]);
    const now = new Date(at.getTime() + HOUR);
    const order = async () => (await findRunsToClaim(db.orm, now, 4)).map(({ run }) => run.id);
    // Queued a minute after the backlog, the other tenant's run is second, not seventh.
    expect(await order()).toEqual([backlog[0]!.id, late.id, backlog[1]!.id, backlog[2]!.id]);
    // Two of the backlog's runs being driven: the other tenant's run comes first.
    await db.orm
      .update(runs)
      .set({ status: 'running', lease_owner: 'w:1/1', lease_expires_at: new Date(now.getTime() + 60_000) })
      .where(inArray(runs.id, [backlog[0]!.id, backlog[1]!.id]));
    expect(await order()).toEqual([late.id, backlog[2]!.id, backlog[3]!.id, backlog[4]!.id]);
    await Promise.all([...backlog, late].map((run) => setRunStatus(db.orm, run, 'succeeded', now)));
  });
});

describe('findRunsToClaim, as a model says', () => {
  // Tenants whose ids sort before, between and after one another, each with some runs or none: the read skips
  // from one tenant with active runs to the next in the index, and must find every one.
  const pool = Array.from({ length: 5 }, () => ({ tenant: newId(), actor: newId(), plan: newId() }));
  beforeAll(async () => {
    for (const [i, ids] of pool.entries())
      await db.orm.transaction((tx) => seedApprovedPlan(tx, ids, `model-${i}`));
  });

  const runArb = fc.record({
    owner: fc.nat(pool.length - 1),
    status: fc.constantFrom('queued', 'running', 'succeeded'),
    /** Seconds after the base time; equal ones are ordered by id. */
    created: fc.nat(20),
    /** Lease ends (running runs), resume times: minutes from now, negative = passed; null = none. */
    lease: fc.option(fc.integer({ min: -5, max: 5 })),
    resume: fc.option(fc.integer({ min: -5, max: 5 })),
  });

  it('answers every claimable run and no other, in turns between tenants', async () => {
    let round = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(runArb, { maxLength: 14 }),
        fc.integer({ min: 1, max: 6 }),
        async (specs, limit) => {
          const base = new Date(clock.now().getTime() + (30 + round++) * HOUR);
          const now = new Date(base.getTime() + HOUR);
          const minutes = (m: number | null) => (m === null ? null : new Date(now.getTime() + m * 60_000));
          const records = specs.map((spec) => {
            const ids = pool[spec.owner]!;
            const leased = spec.status === 'running' && spec.lease !== null;
            return {
              ...runRecord({
                id: newId(),
                tenant_id: ids.tenant,
                plan_id: ids.plan,
                status: spec.status,
                started_by: ids.actor,
                created_at: new Date(base.getTime() + spec.created * 1000),
              }),
              lease_owner: leased ? 'w:1/1' : null,
              lease_expires_at: leased ? minutes(spec.lease) : null,
              resume_after: minutes(spec.resume),
            };
          });
          await insertRunRecords(db.orm, records);
          try {
            const active = records.filter((r) => r.status === 'queued' || r.status === 'running');
            const claimable = active.filter(
              (r) =>
                !(r.lease_owner && r.lease_expires_at! > now) && !(r.resume_after && r.resume_after > now),
            );
            const byAge = (a: (typeof records)[0], b: (typeof records)[0]) =>
              a.created_at.getTime() - b.created_at.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
            const expected = pool
              .flatMap(({ tenant }) => {
                const driven = active.filter(
                  (r) => r.tenant_id === tenant && r.status === 'running' && r.lease_expires_at! > now,
                ).length;
                return claimable
                  .filter((r) => r.tenant_id === tenant)
                  .sort(byAge)
                  .slice(0, limit)
                  .map((run, i) => ({ run, turn: driven + i + 1 }));
              })
              .sort((a, b) => a.turn - b.turn || byAge(a.run, b.run))
              .slice(0, limit)
              .map(({ run }) => run.id);
            const found = await findRunsToClaim(db.orm, now, limit);
            expect(found.map(({ run }) => run.id)).toEqual(expected);
            for (const { run, actor: starter } of found) expect(starter.id).toBe(run.started_by);
          } finally {
            await Promise.all(records.map((run) => setRunStatus(db.orm, run, 'succeeded', now)));
          }
        },
      ),
      { numRuns: 25 },
    );
  }, 120_000);
});
