// The run queue's read on the embedded database as runs end, with and without its upkeep (db/maintenance.ts):
// two PGlite databases driven alike, runs queued, claimed, their lease renewed and ended one statement at a time
// (each leaves its earlier versions in the queue's index) with a look for runs every 500, five tenants each with
// four runs waiting, queued after every run that ends. One database is kept up as a server process keeps it (keepUp, here every 2,000 runs ended,
// about a minute of one worker's runs); the other never is, as before. At each size the read is timed in
// interleaved rounds (A B A B …), and its buffers (EXPLAIN) are counted before every upkeep pass, so the worst
// point of the kept-up database's cycle, just before a VACUUM, is shown beside the sizes.
import { sql } from 'drizzle-orm';
import { newId } from '../src/core/ids.ts';
import { createLogger } from '../src/core/logger.ts';
import { connect, type Database } from '../src/db/connect.ts';
import { keepUp } from '../src/db/maintenance.ts';
import { migrate } from '../src/db/migrate.ts';
import { findRunsToClaim, insertRunRecords, runsToClaimStatement } from '../src/runs/store.ts';
import { buffersOf } from '../test/explain.ts';
import { runRecord, seedApprovedPlan } from '../test/plan-records.ts';
import { type BenchReport, fmt, median, percentile, spread } from './lib.ts';

const SIZES = (process.env.BENCH_UPKEEP_RUNS ?? '0,10000,25000,50000,100000').split(',').map(Number);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const SAMPLES = Number(process.env.BENCH_UPKEEP_SAMPLES ?? 100);
const UPKEEP_EVERY = 2_000;
const TENANTS = 5;
const logger = createLogger({ level: 'silent' });

interface Queue {
  name: string;
  db: Database;
  keptUp: boolean;
  tenants: { tenant: string; actor: string; plan: string }[];
  ended: number;
  /** Each upkeep pass that vacuumed or analyzed the runs table (ms), the embedded database held meanwhile. */
  passes: Record<'vacuum' | 'analyze', number[]>;
  /** The read's buffers before each upkeep pass. */
  worstBuffers: number;
}

const base = new Date('2026-01-01T00:00:00Z');
/** The read's "now": after every run queued here. */
const later = new Date(base.getTime() + 2e9);

async function open(name: string, keptUp: boolean): Promise<Queue> {
  const db = await connect({});
  await migrate(db.orm);
  const tenants = Array.from({ length: TENANTS }, () => ({ tenant: newId(), actor: newId(), plan: newId() }));
  for (const [i, ids] of tenants.entries()) await seedApprovedPlan(db.orm, ids, `upkeep-${i}`);
  await insertRunRecords(
    db.orm,
    tenants.flatMap((ids) => [1, 2, 3, 4].map((i) => runOf(ids, new Date(base.getTime() + 1e9 + i)))),
  );
  return { name, db, keptUp, tenants, ended: 0, passes: { vacuum: [], analyze: [] }, worstBuffers: 0 };
}

function runOf(ids: Queue['tenants'][0], at: Date) {
  return runRecord({
    id: newId(),
    tenant_id: ids.tenant,
    plan_id: ids.plan,
    status: 'queued',
    started_by: ids.actor,
    created_at: at,
  });
}

const buffers = (db: Database) => buffersOf(db, runsToClaimStatement(later, 4));

/** Ends runs until `size` have ended: each queued, claimed, its lease renewed and ended, a statement each. */
async function endRuns(queue: Queue, size: number): Promise<void> {
  const { db } = queue;
  while (queue.ended < size) {
    const batch = Array.from({ length: 500 }, (_, i) =>
      runOf(queue.tenants[i % TENANTS]!, new Date(base.getTime() + queue.ended + i)),
    );
    await insertRunRecords(db.orm, batch);
    for (const { id } of batch) {
      await db.orm.execute(sql`
        UPDATE runs SET status = 'running', lease_owner = 'bench/1', lease_expires_at = now() + interval '15 s',
               attempts = attempts + 1, started_at = now(), updated_at = now() WHERE id = ${id}`);
      await db.orm.execute(
        sql`UPDATE runs SET lease_expires_at = now() + interval '15 s', updated_at = now() WHERE id = ${id}`,
      );
      await db.orm.execute(sql`
        UPDATE runs SET status = 'succeeded', lease_owner = NULL, lease_expires_at = NULL, completed_at = now(),
               updated_at = now() WHERE id = ${id}`);
    }
    queue.ended += batch.length;
    // A worker looks before each claim; one look a batch here marks what the batch left dead as it would.
    await findRunsToClaim(db.orm, later, 4);
    if (queue.keptUp && queue.ended % UPKEEP_EVERY === 0) {
      queue.worstBuffers = Math.max(queue.worstBuffers, await buffers(db));
      const started = performance.now();
      const runs = (await keepUp(db, logger)).find(({ table }) => table === 'runs');
      if (runs) queue.passes[runs.upkeep].push(performance.now() - started);
    }
  }
}

async function timeRead(db: Database): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const started = performance.now();
    const found = await findRunsToClaim(db.orm, later, 4);
    samples.push(performance.now() - started);
    if (found.length !== 4) throw new Error(`the read found ${found.length} runs, not 4`);
  }
  return samples;
}

const passes = (ms: number[]) => (ms.length ? `${ms.length}, ${spread(ms, 0)} ms each` : 'none');

export async function run(): Promise<BenchReport> {
  const queues = [await open('never kept up', false), await open('kept up', true)];
  const rows: string[] = [];
  for (const size of SIZES) {
    for (const queue of queues) await endRuns(queue, size);
    const p50 = queues.map(() => [] as number[]);
    const p95 = queues.map(() => [] as number[]);
    for (let round = 0; round < ROUNDS; round++) {
      for (const k of round % 2 === 0 ? [0, 1] : [1, 0]) {
        const samples = await timeRead(queues[k]!.db);
        p50[k]!.push(percentile(samples, 50));
        p95[k]!.push(percentile(samples, 95));
      }
    }
    const counted = await Promise.all(queues.map((queue) => buffers(queue.db)));
    rows.push(
      `| ${fmt(size, 0)} | ${spread(p50[0]!)} / ${spread(p95[0]!)} | ${fmt(counted[0]!, 0)} | ` +
        `${spread(p50[1]!)} / ${spread(p95[1]!)} | ${fmt(counted[1]!, 0)} |`,
    );
    process.stdout.write(
      `  ${fmt(size, 0)} runs ended: never kept up p50 ${fmt(median(p50[0]!))} ms, ${counted[0]} buffers; ` +
        `kept up p50 ${fmt(median(p50[1]!))} ms, ${counted[1]} buffers\n`,
    );
  }
  const kept = queues[1]!;
  for (const queue of queues) await queue.db.close();
  return {
    id: 'upkeep',
    title: "The embedded database's upkeep: the run queue's read as runs end",
    markdown: [
      `PGlite, ${TENANTS} tenants each with 4 runs waiting; runs ended one statement at a time (queued, claimed, ` +
        `lease renewed, ended). The kept-up database runs keepUp every ${fmt(UPKEEP_EVERY, 0)} runs ended (a ` +
        "server process: every minute); it vacuums a table as PostgreSQL's autovacuum would (its thresholds). " +
        `Times are medians (min–max) of ${ROUNDS} interleaved rounds of each round's p50 / p95 over ${SAMPLES} reads; ` +
        'buffers are those EXPLAIN (ANALYZE, BUFFERS) counts for the read at that size.',
      '',
      '| runs ended | never kept up: p50 / p95 ms | buffers | kept up: p50 / p95 ms | buffers |',
      '| ---: | ---: | ---: | ---: | ---: |',
      ...rows,
      '',
      `Kept up, the worst point of its cycle (the read's buffers just before each pass, the most of them): ` +
        `${fmt(kept.worstBuffers, 0)}. Its passes that vacuumed the runs table: ${passes(kept.passes.vacuum)}; that ` +
        `analyzed it only: ${passes(kept.passes.analyze)} (the embedded database waits for a pass).`,
    ].join('\n'),
  };
}
