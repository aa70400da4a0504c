import { inArray, sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buffersOf } from '../../test/explain.ts';
import { runRecord, seedApprovedPlan } from '../../test/plan-records.ts';
import { rowsOf } from '../../test/rows.ts';
import { newId } from '../core/ids.ts';
import { createLogger } from '../core/logger.ts';
import { insertRunRecords, runsToClaimStatement } from '../runs/store.ts';
import { runs } from '../runs/tables.ts';
import type { Database } from './connect.ts';
import { keepUp, readTableActivity, type TableActivity, upkeepDue } from './maintenance.ts';
import { openTestDatabase } from './testing.ts';

const logger = createLogger({ level: 'silent' });

/** PostgreSQL's defaults. */
const quiet: TableActivity = {
  schema: 'public',
  table: 't',
  reltuples: 0,
  dead: 0,
  insertedSinceVacuum: 0,
  modifiedSinceAnalyze: 0,
  vacuumThreshold: 50,
  vacuumScaleFactor: 0.2,
  insertThreshold: 1000,
  insertScaleFactor: 0.2,
  analyzeThreshold: 50,
  analyzeScaleFactor: 0.1,
};

describe('upkeepDue', () => {
  it('asks what autovacuum would: a VACUUM past the dead or inserted rows allowed, else an ANALYZE past the changes', () => {
    expect(upkeepDue(quiet)).toBeUndefined();
    expect(upkeepDue({ ...quiet, reltuples: 1000, dead: 250 })).toBeUndefined();
    expect(upkeepDue({ ...quiet, reltuples: 1000, dead: 251 })).toBe('vacuum');
    expect(upkeepDue({ ...quiet, reltuples: 1000, insertedSinceVacuum: 1201 })).toBe('vacuum');
    // An insert threshold of -1 turns insert-driven vacuums off, as it does in PostgreSQL.
    expect(upkeepDue({ ...quiet, insertThreshold: -1, insertedSinceVacuum: 1e9 })).toBeUndefined();
    expect(upkeepDue({ ...quiet, reltuples: 1000, modifiedSinceAnalyze: 151 })).toBe('analyze');
    // A table never vacuumed nor analyzed counts as empty (reltuples -1).
    expect(upkeepDue({ ...quiet, reltuples: -1, dead: 51 })).toBe('vacuum');
  });

  it('never asks less of a table that has more dead rows or more changes', () => {
    const activity = fc.record({
      reltuples: fc.integer({ min: -1, max: 1e7 }),
      dead: fc.nat(1e7),
      insertedSinceVacuum: fc.nat(1e7),
      modifiedSinceAnalyze: fc.nat(1e7),
    });
    const rank = { vacuum: 2, analyze: 1 } as const;
    const weight = (upkeep: ReturnType<typeof upkeepDue>) => (upkeep ? rank[upkeep] : 0);
    fc.assert(
      fc.property(activity, fc.nat(1e6), fc.nat(1e6), (table, moreDead, moreChanged) => {
        const before = upkeepDue({ ...quiet, ...table });
        const after = upkeepDue({
          ...quiet,
          ...table,
          dead: table.dead + moreDead,
          modifiedSinceAnalyze: table.modifiedSinceAnalyze + moreChanged,
        });
        expect(weight(after)).toBeGreaterThanOrEqual(weight(before));
      }),
    );
  });
});

describe('keepUp', () => {
  let db: Database;
  /** A server whose own autovacuum runs may vacuum the tables first (its choice, not this function's). */
  let serverVacuums = false;
  beforeAll(async () => {
    db = await openTestDatabase();
    const [row] = rowsOf<{ on: boolean }>(
      await db.orm.execute(sql`SELECT current_setting('autovacuum') = 'on' AS on`),
    );
    serverVacuums = !!db.pool && row!.on;
  });
  afterAll(async () => db?.close());

  /** The statistics of `table`, once its writers' backends reported them (a server's report within a second). */
  const activityOf = async (table: string, until: (activity: TableActivity) => boolean) =>
    vi.waitFor(
      async () => {
        const activity = (await readTableActivity(db)).find((row) => row.table === table);
        expect(activity && until(activity)).toBe(true);
        return activity!;
      },
      { timeout: 10_000, interval: 200 },
    );

  /** Buffers the queue's read touches, as EXPLAIN counts them: what a look for a run costs, timed by nothing. */
  const claimReadBuffers = (now: Date) => buffersOf(db, runsToClaimStatement(now, 4));

  it('vacuums a table past its dead rows and leaves it be after', async (context) => {
    if (serverVacuums) context.skip();
    await db.orm.execute(sql`CREATE TABLE upkeep_probe (id int PRIMARY KEY, status text NOT NULL)`);
    await db.orm.execute(sql`INSERT INTO upkeep_probe SELECT g, 'open' FROM generate_series(1, 1000) g`);
    await db.orm.execute(sql`UPDATE upkeep_probe SET status = 'closed'`);
    await activityOf('upkeep_probe', (activity) => activity.dead >= 1000);
    const done = await keepUp(db, logger);
    expect(done).toContainEqual({ table: 'upkeep_probe', upkeep: 'vacuum' });
    const after = await activityOf('upkeep_probe', (activity) => activity.reltuples === 1000);
    expect(after).toMatchObject({ dead: 0, modifiedSinceAnalyze: 0, insertedSinceVacuum: 0 });
    expect((await keepUp(db, logger)).map((row) => row.table)).not.toContain('upkeep_probe');
    // Changed, not by enough to leave many dead rows: analyzed only.
    await db.orm.execute(sql`UPDATE upkeep_probe SET status = 'reopened' WHERE id <= 120`);
    await db.orm.execute(sql`DELETE FROM upkeep_probe WHERE id > 960`);
    await activityOf('upkeep_probe', (activity) => activity.modifiedSinceAnalyze >= 160);
    expect(await keepUp(db, logger)).toContainEqual({ table: 'upkeep_probe', upkeep: 'analyze' });
  });

  it('names a table by its identifier, whatever its name holds', async (context) => {
    if (serverVacuums) context.skip();
    // A writer with direct access could name a table so that text pasted into a statement would end it early.
    const name = 'upkeep "probe"; DROP TABLE runs; --';
    const table = sql.identifier(name);
    await db.orm.execute(sql`CREATE TABLE ${table} (id int PRIMARY KEY)`);
    await db.orm.execute(sql`INSERT INTO ${table} SELECT g FROM generate_series(1, 200) g`);
    await db.orm.execute(sql`DELETE FROM ${table}`);
    await activityOf(name, (activity) => activity.dead >= 200);
    expect(await keepUp(db, logger)).toContainEqual({ table: name, upkeep: 'vacuum' });
    await db.orm.execute(sql`SELECT count(*) FROM runs`);
  });

  it('keeps up the tables after one whose upkeep fails', async (context) => {
    if (serverVacuums) context.skip();
    // ANALYZE computes an expression index's statistics by evaluating it, which here fails once a switch is set
    // (the switch named with its schema: maintenance commands run with a search path of their own).
    await db.orm.execute(sql`CREATE TABLE broken_switch (on_ boolean NOT NULL)`);
    const [here] = rowsOf<{ schema: string }>(await db.orm.execute(sql`SELECT current_schema() AS schema`));
    const switchTable = sql`${sql.identifier(here!.schema)}.broken_switch`;
    await db.orm.execute(
      sql`CREATE FUNCTION breaks(v int) RETURNS int IMMUTABLE LANGUAGE plpgsql AS $$
        BEGIN
          IF EXISTS (SELECT 1 FROM ${switchTable}) THEN RAISE EXCEPTION 'broken'; END IF;
          RETURN v;
        END $$`,
    );
    await db.orm.execute(sql`CREATE TABLE a_broken (id int PRIMARY KEY)`);
    await db.orm.execute(sql`CREATE INDEX a_broken_breaks ON a_broken (breaks(id))`);
    await db.orm.execute(sql`CREATE TABLE z_after (id int PRIMARY KEY)`);
    for (const table of ['a_broken', 'z_after']) {
      await db.orm.execute(sql`INSERT INTO ${sql.identifier(table)} SELECT g FROM generate_series(1, 200) g`);
    }
    await db.orm.execute(sql`INSERT INTO broken_switch VALUES (true)`);
    await activityOf('z_after', (activity) => activity.modifiedSinceAnalyze >= 200);
    await activityOf('a_broken', (activity) => activity.modifiedSinceAnalyze >= 200);
    const done = (await keepUp(db, logger)).map((row) => row.table);
    expect(done).not.toContain('a_broken');
    expect(done).toContain('z_after');
  });

  it("keeps the run queue's read as cheap after thousands of runs ended as before them", async (context) => {
    if (serverVacuums) context.skip();
    const tenant = { tenant: newId(), actor: newId(), plan: newId() };
    await seedApprovedPlan(db.orm, tenant, 'upkeep');
    const now = new Date();
    const run = (at: number) =>
      runRecord({
        id: newId(),
        tenant_id: tenant.tenant,
        plan_id: tenant.plan,
        status: 'queued',
        started_by: tenant.actor,
        created_at: new Date(now.getTime() + at),
      });
    // Four queued runs, queued after every run that ends here (a queue's newest runs wait; its older ones ended).
    await insertRunRecords(
      db.orm,
      [1, 2, 3, 4].map((i) => run(1e8 + i)),
    );
    const later = new Date(now.getTime() + 2e8);
    const fresh = await claimReadBuffers(later);
    // 6,000 runs through their lifecycle: queued, claimed, their lease renewed, ended. Each leaves its earlier
    // versions in the queue's index, where every look walks over them until a VACUUM.
    for (let batch = 0; batch < 6; batch++) {
      const records = Array.from({ length: 1000 }, (_, i) => run(batch * 1000 + i));
      await insertRunRecords(db.orm, records);
      const these = inArray(
        runs.id,
        records.map((record) => record.id),
      );
      const lease = (seconds: number) => new Date(now.getTime() + seconds * 1000);
      await db.orm
        .update(runs)
        .set({ status: 'running', lease_owner: 'w/1', lease_expires_at: lease(15) })
        .where(these);
      await db.orm
        .update(runs)
        .set({ lease_expires_at: lease(20) })
        .where(these);
      await db.orm
        .update(runs)
        .set({ status: 'succeeded', lease_owner: null, lease_expires_at: null, completed_at: now })
        .where(these);
    }
    // Without upkeep the read grows with the runs ever ended (here ≈ 2.5 buffers each); after it, by a few
    // buffers in all (the index is a level deeper).
    expect(await claimReadBuffers(later)).toBeGreaterThan(fresh + 6000);
    await activityOf('runs', (activity) => activity.dead >= 6000);
    expect(await keepUp(db, logger)).toContainEqual({ table: 'runs', upkeep: 'vacuum' });
    expect(await claimReadBuffers(later)).toBeLessThan(fresh + 6000 / 100);
  });
});
