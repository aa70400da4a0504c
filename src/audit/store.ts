// Reads and writes of audit_events: appends, the integrator's batches, search, and the reads of proofs,
// exports and live streams. The Merkle trees' own tables are tree-store.ts's.
import { and, asc, eq, gte, isNull, lt, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../db/connect.ts';
import { bound, type Compiled, slot } from '../db/prepared.ts';
import type { AuditEventBody } from './event.ts';
import { haltedTenants } from './quarantine-store.ts';
import { auditEvents as e, auditPendingFloor as f, auditNodes as n } from './tables.ts';
import { pgArray } from './tree-store.ts';

// An integrated event's leaf index, for queries that only read integrated events (leaf_index >= x).
const integratedLeaf = sql<number>`${e.leaf_index}`.mapWith(Number);

// Any constant works; it only has to be the same in every Warrant process.
const INTEGRATOR_LOCK = 7_215_004;

/** An event as appended: the integrator gives it its leaf_index later. */
export type NewAuditEvent = Required<Omit<typeof e.$inferInsert, 'seq' | 'leaf_index' | 'txid'>> & {
  body: AuditEventBody;
};

/**
 * Inserts events in one multi-row INSERT (atomic by itself). Written out rather than built: the builder's
 * statement for the same rows took about 40% longer on the write-behind's batches of thousands.
 */
export async function insertAuditEvents(exec: Executor, rows: readonly NewAuditEvent[]): Promise<void> {
  await exec.execute(eventsInsertSql(rows.map(driverColumns)));
}

/** An event's columns as the INSERT sends them: each a value the driver takes, or a placeholder. */
type EventColumns = Record<keyof NewAuditEvent, unknown>;
const EVENT_COLUMNS = [
  'event_id',
  'tenant_id',
  'occurred_at',
  'action',
  'actor_id',
  'plan_id',
  'run_id',
  'body',
] as const satisfies readonly (keyof NewAuditEvent)[];

const driverColumns = (row: NewAuditEvent): EventColumns => ({
  ...row,
  occurred_at: row.occurred_at.toISOString(),
  body: JSON.stringify(row.body),
});

/** The INSERT of `rows`, to run alone or as a part (a CTE) of the statement that makes the change they record. */
function eventsInsertSql(rows: readonly EventColumns[]): SQL {
  const values = rows.map(
    (row) =>
      sql`(${row.event_id}, ${row.tenant_id}, ${row.occurred_at}, ${row.action}, ${row.actor_id}, ${row.plan_id}, ${row.run_id}, ${row.body}::jsonb)`,
  );
  return sql`
    INSERT INTO audit_events (event_id, tenant_id, occurred_at, action, actor_id, plan_id, run_id, body)
    VALUES ${sql.join(values, sql`, `)}`;
}

/** The INSERT of `rows` as a compiled part (db/prepared.ts) named `part`: its text depends on their number only. */
export function auditInsertCompiled(part: string, rows: readonly NewAuditEvent[]): Compiled {
  const count = rows.length;
  const name = (i: number, column: string) => `${i}_${column}`;
  return {
    shape: `${part}:audit${count}`,
    build: () =>
      eventsInsertSql(
        Array.from(
          { length: count },
          (_, i) =>
            Object.fromEntries(
              EVENT_COLUMNS.map((column) => [column, slot(part, name(i, column))]),
            ) as EventColumns,
        ),
      ),
    values: bound(
      part,
      Object.fromEntries(
        rows.flatMap((row, i) => {
          const columns = driverColumns(row);
          return EVENT_COLUMNS.map((column) => [name(i, column), columns[column]]);
        }),
      ),
    ),
  };
}

/**
 * The INSERT of one event that takes place only if `condition` holds, as a compiled part (db/prepared.ts) named
 * `part` of a statement whose other parts decide it: a claim records its event only if the claim took place.
 * `condition` is fixed text, named by its `shape`. (Parameters in a SELECT take the target columns' types, as in
 * VALUES.)
 */
export function auditInsertIfCompiled(
  part: string,
  row: NewAuditEvent,
  condition: { shape: string; sql: SQL },
): Compiled {
  return {
    shape: `${part}:audit-if:${condition.shape}`,
    build: () => {
      const column = (name: (typeof EVENT_COLUMNS)[number]) => slot(part, name);
      return sql`
    INSERT INTO audit_events (event_id, tenant_id, occurred_at, action, actor_id, plan_id, run_id, body)
    SELECT ${column('event_id')}, ${column('tenant_id')}, ${column('occurred_at')}, ${column('action')}, ${column('actor_id')}, ${column('plan_id')}, ${column('run_id')}, ${column('body')}::jsonb
     WHERE ${condition.sql}`;
    },
    values: bound(part, driverColumns(row)),
  };
}

/** Waits, until the transaction ends, for any other integrator: one runs at a time across processes. */
export async function lockIntegrator(tx: Executor): Promise<void> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(${INTEGRATOR_LOCK})`);
}

/**
 * Committed events without a leaf index yet, written by transactions from `floor` on, of tenants whose integration
 * is not halted: in the order of audit_events_pending, so the read descends to the floor and stops at `limit`,
 * whatever lies dead below it.
 */
export function pendingEvents(tx: Executor, floor: string, limit: number) {
  return (
    tx
      .select({
        seq: e.seq,
        txid: sql<string>`${e.txid}::text`,
        tenant_id: e.tenant_id,
        event_id: e.event_id,
        body: e.body,
      })
      .from(e)
      // A tenant with a refused row waits for an admin (quarantine-store.ts); the others go on.
      .where(
        and(
          isNull(e.leaf_index),
          sql`${e.txid} >= ${floor}::xid8`,
          sql`${e.tenant_id} NOT IN ${haltedTenants()}`,
        ),
      )
      .orderBy(asc(e.txid), asc(e.seq))
      .limit(limit)
  );
}

/**
 * Where the pending read starts (below it, only halted tenants' rows can be pending), and the oldest transaction
 * running now: every one below it has ended, so what it wrote is visible to each read that follows.
 *
 * A floor above that horizon cannot have been set by this cluster (horizons only grow, and the floor never passes
 * one): it came with a dump restored into another cluster, whose transaction ids start lower. Read from 0 then,
 * or the rows of every transaction below it would wait for ever.
 */
export async function readPendingFloor(tx: Executor): Promise<{ floor: string; horizon: string }> {
  const [row] = await tx
    .select({
      floor: sql<string>`${f.txid}::text`,
      horizon: sql<string>`pg_snapshot_xmin(pg_current_snapshot())::text`,
    })
    .from(f);
  const { floor, horizon } = row!;
  return { floor: BigInt(floor) > BigInt(horizon) ? '0' : floor, horizon };
}

/** Moves the floor to `txid`; the integrator's lock is held (integrator.ts says how far it may go). */
export async function movePendingFloor(tx: Executor, txid: string): Promise<void> {
  await tx.update(f).set({ txid });
}

/** A halted tenant resumes: its pending rows, which the floor passed by while it was halted, are read again. */
export async function lowerPendingFloorFor(tx: Executor, tenantId: string): Promise<void> {
  await tx.execute(sql`
    UPDATE ${f} SET txid = least(${f.txid},
      (SELECT min(${e.txid}) FROM ${e} WHERE ${e.tenant_id} = ${tenantId} AND ${e.leaf_index} IS NULL))`);
}

/** Gives the events `seqs` the leaf indexes `firstLeaf`, `firstLeaf + 1`, … in one statement. */
export async function setLeafIndexes(
  tx: Executor,
  seqs: readonly number[],
  firstLeaf: number,
): Promise<void> {
  await tx.execute(sql`
    UPDATE audit_events e SET leaf_index = u.leaf
    FROM unnest(${pgArray(seqs)}::bigint[], ${pgArray(seqs.map((_, i) => firstLeaf + i))}::bigint[]) AS u(seq, leaf)
    WHERE e.seq = u.seq`);
}

export interface AuditEventFilter {
  action?: string | undefined;
  actor?: string | undefined;
  plan_id?: string | undefined;
  run_id?: string | undefined;
  since?: string | undefined;
  until?: string | undefined;
  /** Events after this seq (decimal). */
  after?: string | undefined;
}

/** A tenant's events matching the filter, oldest first (append order). */
export function searchEvents(exec: Executor, tenantId: string, filter: AuditEventFilter, limit: number) {
  const where: (SQL | undefined)[] = [
    eq(e.tenant_id, tenantId),
    filter.action ? eq(e.action, filter.action) : undefined,
    filter.actor ? eq(e.actor_id, filter.actor) : undefined,
    filter.plan_id ? eq(e.plan_id, filter.plan_id) : undefined,
    filter.run_id ? eq(e.run_id, filter.run_id) : undefined,
    // Bound as given: the timestamps keep their microseconds and the cursor its 19 digits.
    filter.since ? sql`${e.occurred_at} >= ${filter.since}` : undefined,
    filter.until ? sql`${e.occurred_at} < ${filter.until}` : undefined,
    filter.after ? sql`${e.seq} > ${filter.after}` : undefined,
  ];
  return exec
    .select({ seq: e.seq, leaf_index: e.leaf_index, body: e.body })
    .from(e)
    .where(and(...where))
    .orderBy(asc(e.seq))
    .limit(limit);
}

export async function findEvent(exec: Executor, tenantId: string, eventId: string) {
  const [row] = await exec
    .select({ leaf_index: e.leaf_index, body: e.body })
    .from(e)
    .where(and(eq(e.tenant_id, tenantId), eq(e.event_id, eventId)));
  return row;
}

/**
 * Integrated events with from <= leaf_index < to, in leaf order, each with the leaf hash stored in the tree
 * (null when the node is missing).
 */
export function leavesBetween(exec: Executor, tenantId: string, from: number, to: number, limit: number) {
  return exec
    .select({ leaf_index: integratedLeaf, body: e.body, hash: n.hash })
    .from(e)
    .leftJoin(n, and(eq(n.tenant_id, e.tenant_id), eq(n.level, 0), eq(n.idx, e.leaf_index)))
    .where(and(eq(e.tenant_id, tenantId), gte(e.leaf_index, from), lt(e.leaf_index, to)))
    .orderBy(asc(e.leaf_index))
    .limit(limit);
}

/** What live streams send of integrated events, from leaf index `from` on, in leaf order. */
export function integratedFrom(exec: Executor, tenantId: string, from: number, limit: number) {
  return exec
    .select({
      leaf_index: integratedLeaf,
      event_id: e.event_id,
      action: e.action,
      occurred_at: e.occurred_at,
      plan_id: e.plan_id,
      run_id: e.run_id,
    })
    .from(e)
    .where(and(eq(e.tenant_id, tenantId), gte(e.leaf_index, from)))
    .orderBy(asc(e.leaf_index))
    .limit(limit);
}
