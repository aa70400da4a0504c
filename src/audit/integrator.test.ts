// The integrator's pending floor (migration 0031): the pending read starts where nothing below can be pending, and
// still takes every row. Runs on PGlite, and on PostgreSQL when WARRANT_TEST_DATABASE_URL is set.
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../test/rows.ts';
import { ManualClock } from '../core/clock.ts';
import { newId } from '../core/ids.ts';
import { createLogger } from '../core/logger.ts';
import { openTestDatabase } from '../db/testing.ts';
import { type AuditInput, appendAudit } from './append.ts';
import { generateSignerKey, parseSignerKey } from './checkpoint.ts';
import { CheckpointPublisher } from './checkpoints.ts';
import { INTEGRATE_BATCH, nextPendingFloor } from './integrator.ts';
import { AuditService } from './service.ts';
import { pendingEvents, readPendingFloor } from './store.ts';

const signer = parseSignerKey(generateSignerKey('warrant.test/audit').signerKey);
const clock = new ManualClock('2026-03-01T00:00:00.000Z');
let db: Awaited<ReturnType<typeof openTestDatabase>>;
let audit: AuditService;

const event = (tenantId: string, i: number): AuditInput => ({
  tenant_id: tenantId,
  actor: { id: 'agent-1', type: 'agent', roles: ['agent'], tenant_id: tenantId },
  action: 'tool_call.authorized',
  occurred_at: new Date(Date.UTC(2026, 2, 1) + i * 1_000),
  decision: 'allow',
  context: { i },
});

async function newTenant(): Promise<string> {
  const tenantId = newId();
  await db.orm.execute(
    sql`INSERT INTO tenants (id, name) VALUES (${tenantId}, ${`t-${tenantId.slice(0, 8)}`})`,
  );
  return tenantId;
}

const drain = async () => {
  while ((await audit.integrateNow()) > 0);
};

async function leavesOf(tenantId: string): Promise<{ i: number; leaf_index: number | null }[]> {
  return rowsOf<{ i: number; leaf_index: string | number | null }>(
    await db.orm.execute(sql`
      SELECT (body -> 'context' ->> 'i')::int AS i, leaf_index FROM audit_events
       WHERE tenant_id = ${tenantId} ORDER BY seq`),
  ).map((row) => ({ i: row.i, leaf_index: row.leaf_index === null ? null : Number(row.leaf_index) }));
}

beforeAll(async () => {
  db = await openTestDatabase();
  audit = new AuditService({
    db,
    publisher: new CheckpointPublisher({ db, signer, clock }),
    clock,
    logger: createLogger({ level: 'silent' }),
    settings: { integrate_interval_ms: 250, checkpoint_interval_ms: 5_000 },
    installationKey: signer,
  });
}, 60_000);
afterAll(async () => db?.close());

describe('nextPendingFloor', () => {
  const txid = fc.bigInt({ min: 0n, max: 2n ** 63n }).map(String);
  it('never falls, never passes the horizon it was not at, nor a full batch’s last row', () => {
    fc.assert(
      fc.property(
        txid,
        txid,
        fc.array(txid, { maxLength: 4 }),
        fc.integer({ min: 1, max: 4 }),
        (floor, horizon, read, batch) => {
          const rows = read.map((t) => ({ txid: t }));
          const next = BigInt(nextPendingFloor(floor, horizon, rows, batch));
          expect(next >= BigInt(floor)).toBe(true);
          if (next > BigInt(floor)) {
            expect(next <= BigInt(horizon)).toBe(true);
            if (rows.length === batch) expect(next <= BigInt(rows.at(-1)!.txid)).toBe(true);
          }
        },
      ),
    );
  });
});

describe('the pending read', () => {
  it('starts at the floor: rows integrated before it are not visited again, however many', async () => {
    const tenantId = await newTenant();
    // More than a batch, in transactions of 50: every row integrated leaves a dead entry in audit_events_pending
    // (nothing vacuums here), which a read from the start would visit.
    for (let at = 0; at < INTEGRATE_BATCH + 1_000; at += 50)
      await db.orm.transaction((tx) =>
        appendAudit(tx, ...Array.from({ length: 50 }, (_, i) => event(tenantId, at + i))),
      );
    await drain();
    // Raised at a batch's integration to the oldest transaction then running: one more, so that it is not held
    // below the rows above by a transaction of another test running at that moment (PostgreSQL's are shared).
    await db.orm.transaction((tx) => appendAudit(tx, event(tenantId, -1)));
    await drain();
    await db.orm.transaction((tx) => appendAudit(tx, event(tenantId, -2)));

    const { floor } = await readPendingFloor(db.orm);
    expect(BigInt(floor)).toBeGreaterThan(0n);
    const [plan] = rowsOf<{ 'QUERY PLAN': unknown }>(
      await db.orm.execute(
        sql`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${pendingEvents(db.orm, floor, INTEGRATE_BATCH)}`,
      ),
    );
    const buffers = (node: Record<string, unknown>): number =>
      Number(node['Shared Hit Blocks'] ?? 0) + Number(node['Shared Read Blocks'] ?? 0);
    const root = (plan!['QUERY PLAN'] as { Plan: Record<string, unknown> }[])[0]!.Plan;
    // One pending row: a descent of the index and its heap page, and the halted-tenants subquery's page (9 to 12
    // seen), where a read from the start visits the 3,000 dead entries' index and heap pages (≈ 265).
    expect(buffers(root)).toBeLessThan(40);
    expect(JSON.stringify(root)).toContain('audit_events_pending');
    await drain();
    expect((await leavesOf(tenantId)).filter((row) => row.leaf_index === null)).toEqual([]);
  });

  it.skipIf(!process.env.WARRANT_TEST_DATABASE_URL)(
    'takes a row whose transaction began before a later one that was integrated first (PostgreSQL)',
    async () => {
      const tenantId = await newTenant();
      let release!: () => void;
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      let written!: () => void;
      const olderWrote = new Promise<void>((resolve) => {
        written = resolve;
      });
      // The older transaction takes its id and writes, then stays open while a newer one commits and is integrated.
      const older = db.orm.transaction(async (tx) => {
        await appendAudit(tx, event(tenantId, 0));
        written();
        await held;
      });
      await olderWrote;
      await db.orm.transaction((tx) => appendAudit(tx, event(tenantId, 1)));
      await drain();
      expect(await leavesOf(tenantId)).toEqual([{ i: 1, leaf_index: 0 }]);
      const { floor } = await readPendingFloor(db.orm);

      release();
      await older;
      // The floor did not pass the older transaction, so its row, committed last, is read and comes after.
      await drain();
      expect(await leavesOf(tenantId)).toEqual([
        { i: 0, leaf_index: 1 },
        { i: 1, leaf_index: 0 },
      ]);
      const [older_] = rowsOf<{ txid: string }>(
        await db.orm.execute(
          sql`SELECT txid::text FROM audit_events WHERE tenant_id = ${tenantId} ORDER BY seq LIMIT 1`,
        ),
      );
      expect(BigInt(floor)).toBeLessThanOrEqual(BigInt(older_!.txid));
    },
  );
});

describe('a floor from another cluster', () => {
  it('(a dump restored where transaction ids are lower) is read as 0, and the rows below it are taken', async () => {
    const tenantId = await newTenant();
    await db.orm.execute(sql`UPDATE audit_pending_floor SET txid = '9000000000000'`);
    await db.orm.transaction((tx) => appendAudit(tx, event(tenantId, 0)));
    const { floor, horizon } = await readPendingFloor(db.orm);
    expect(floor).toBe('0');
    await drain();
    expect(await leavesOf(tenantId)).toEqual([{ i: 0, leaf_index: 0 }]);
    const [stored] = rowsOf<{ txid: string }>(
      await db.orm.execute(sql`SELECT txid::text FROM audit_pending_floor`),
    );
    expect(BigInt(stored!.txid)).toBeGreaterThanOrEqual(BigInt(horizon));
    expect(BigInt(stored!.txid)).toBeLessThan(9_000_000_000_000n);
  });
});

describe('audit_events.txid', () => {
  it('is the writing transaction’s id, whatever a direct INSERT or UPDATE says', async () => {
    const tenantId = await newTenant();
    const eventId = newId();
    const [written] = rowsOf<{ mine: string }>(
      await db.orm.transaction(async (tx) => {
        await tx.execute(sql`
          INSERT INTO audit_events (event_id, tenant_id, occurred_at, action, body, txid)
          VALUES (${eventId}, ${tenantId}, now(), 'plan.approved', '{}'::jsonb, '1')`);
        return tx.execute(sql`SELECT pg_current_xact_id()::text AS mine`);
      }),
    );
    const txidOf = async () =>
      rowsOf<{ txid: string }>(
        await db.orm.execute(sql`SELECT txid::text FROM audit_events WHERE event_id = ${eventId}`),
      )[0]!.txid;
    expect(await txidOf()).toBe(written!.mine);
    await db.orm.execute(sql`UPDATE audit_events SET txid = '1' WHERE event_id = ${eventId}`);
    expect(await txidOf()).toBe(written!.mine);
    await db.orm.execute(sql`DELETE FROM audit_events WHERE event_id = ${eventId}`);
  });
});
