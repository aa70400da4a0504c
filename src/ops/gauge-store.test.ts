import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runRecord, seedApprovedPlan, seedTenant } from '../../test/plan-records.ts';
import { rowsOf } from '../../test/rows.ts';
import { newId } from '../core/ids.ts';
import type { Database } from '../db/connect.ts';
import { openTestDatabase } from '../db/testing.ts';
import type { RunStatus } from '../runs/machine.ts';
import { insertRunRecords, setRunStatus } from '../runs/store.ts';
import { readGaugeRow } from './gauge-store.ts';

const ids = { tenant: newId(), actor: newId(), plan: newId() };
const now = new Date('2026-12-07T12:00:00Z');
let db: Database;

beforeAll(async () => {
  db = await openTestDatabase();
  await db.orm.transaction((tx) => seedApprovedPlan(tx, ids, 'gauges'));
});
afterAll(() => db?.close());

const run = (status: RunStatus) =>
  runRecord({
    id: newId(),
    tenant_id: ids.tenant,
    plan_id: ids.plan,
    status,
    started_by: ids.actor,
    created_at: now,
  });

/** The runs by state as the whole table says. */
async function counted(): Promise<Record<string, number>> {
  const rows = rowsOf<{ status: string; n: number }>(
    await db.orm.execute(sql`SELECT status, count(*)::int AS n FROM runs GROUP BY status`),
  );
  return Object.fromEntries(rows.map((row) => [row.status, row.n]));
}

describe('readGaugeRow', () => {
  it('counts the runs by state as the table does, as runs are inserted and as they end', async () => {
    expect((await readGaugeRow(db.orm, now))!.runs).toBeNull();
    // Inserted already ended (an import) and active, in one statement and in two.
    const queued = [run('queued'), run('queued'), run('queued'), run('queued')];
    const running = [run('running'), run('running')];
    await insertRunRecords(db.orm, [run('succeeded'), run('succeeded'), run('failed'), ...queued]);
    await insertRunRecords(db.orm, [run('rolled_back'), ...running]);
    expect((await readGaugeRow(db.orm, now))!.runs).toEqual(await counted());
    // Ended as they run, in a transaction and alone; one claimed and still running.
    await db.orm.transaction(async (tx) => {
      await setRunStatus(tx, queued[0]!, 'running', now);
      await setRunStatus(tx, queued[0]!, 'succeeded', now);
    });
    await setRunStatus(db.orm, queued[1]!, 'cancelled', now);
    await setRunStatus(db.orm, queued[2]!, 'running', now);
    await setRunStatus(db.orm, running[0]!, 'failed', now);
    await setRunStatus(db.orm, running[1]!, 'rolled_back', now);
    // A transaction that ends a run and rolls back counts nothing.
    await db.orm
      .transaction(async (tx) => {
        await setRunStatus(tx, queued[3]!, 'succeeded', now);
        throw new Error('rolled back');
      })
      .catch(() => {});
    const gauges = (await readGaugeRow(db.orm, now))!.runs;
    expect(gauges).toEqual(await counted());
    expect(gauges).toEqual({ queued: 1, running: 1, succeeded: 3, failed: 2, rolled_back: 2, cancelled: 1 });
  });

  it("reads the newest checkpoint's time, and the log's size as the heads grow", async () => {
    const other = newId();
    await db.orm.transaction((tx) => seedTenant(tx, other, 'gauges-other', []));
    const at = (minutes: number) => new Date(now.getTime() + minutes * 60_000).toISOString();
    await db.orm.execute(sql`
      INSERT INTO audit_heads (tenant_id, size, root, updated_at)
      VALUES (${ids.tenant}, 3, '\\x00', ${at(0)}::timestamptz), (${other}, 9, '\\x00', ${at(0)}::timestamptz)`);
    await db.orm.execute(sql`
      INSERT INTO audit_checkpoints (tenant_id, size, root, note, published_at)
      VALUES (${ids.tenant}, 1, '\\x00', 'n', ${at(1)}::timestamptz), (${ids.tenant}, 3, '\\x00', 'n', ${at(5)}::timestamptz),
             (${other}, 4, '\\x00', 'n', ${at(2)}::timestamptz), (${other}, 9, '\\x00', 'n', ${at(7)}::timestamptz)`);
    expect((await readGaugeRow(db.orm, now))!.checkpoint).toEqual(new Date(at(7)));
    // The log's size as the heads say, also once a head grows (as the integrator moves it on, upserting).
    expect((await readGaugeRow(db.orm, now))!.audit).toBe('12');
    await db.orm.execute(sql`
      INSERT INTO audit_heads (tenant_id, size, root, updated_at) VALUES (${other}, 15, '\\x01', ${at(8)}::timestamptz)
      ON CONFLICT (tenant_id) DO UPDATE SET size = EXCLUDED.size, root = EXCLUDED.root`);
    await db.orm.execute(sql`UPDATE audit_heads SET size = 4 WHERE tenant_id = ${ids.tenant}`);
    const [heads] = rowsOf<{ size: string }>(
      await db.orm.execute(sql`SELECT sum(size)::text AS size FROM audit_heads`),
    );
    expect((await readGaugeRow(db.orm, now))!.audit).toBe(heads!.size);
    expect(heads!.size).toBe('19');
  });
});
