import { and, asc, eq, gte, lte, type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Executor } from '../db/connect.ts';
import { type RequestMinuteRecord, requestMinutes, tenantRequestMinutes } from './tables.ts';

type Counts = Pick<RequestMinuteRecord, 'minute' | 'requests' | 'errors' | 'latency_buckets'>;

// Each row adds onto the minute's counts: several processes (and flushes) write the same minute.
const addOnto = (table: typeof requestMinutes | typeof tenantRequestMinutes) => ({
  requests: sql`${table.requests} + excluded.requests`,
  errors: sql`${table.errors} + excluded.errors`,
  latency_buckets: sql`ARRAY(
    SELECT a + b FROM unnest(${table.latency_buckets}, excluded.latency_buckets) WITH ORDINALITY AS u(a, b, i)
    ORDER BY i)`,
});

/** Adds minutes into the installation's table, or into one tenant's rows when `tenantId` is given. */
export async function addMinutes(db: Executor, minutes: readonly Counts[], tenantId?: string): Promise<void> {
  for (const m of minutes) {
    const counts = {
      minute: m.minute,
      requests: m.requests,
      errors: m.errors,
      latency_buckets: m.latency_buckets,
    };
    if (tenantId === undefined) {
      await db
        .insert(requestMinutes)
        .values(counts)
        .onConflictDoUpdate({ target: requestMinutes.minute, set: addOnto(requestMinutes) });
    } else {
      await db
        .insert(tenantRequestMinutes)
        .values({ tenant_id: tenantId, ...counts })
        .onConflictDoUpdate({
          target: [tenantRequestMinutes.tenant_id, tenantRequestMinutes.minute],
          set: addOnto(tenantRequestMinutes),
        });
    }
  }
}

const within = (minute: AnyPgColumn, from: Date, to: Date): SQL | undefined =>
  and(gte(minute, from), lte(minute, to));

/** The installation's minutes from `from` to `to`, oldest first. */
export async function readInstallationMinutes(db: Executor, from: Date, to: Date): Promise<Counts[]> {
  return db
    .select({
      minute: requestMinutes.minute,
      requests: requestMinutes.requests,
      errors: requestMinutes.errors,
      latency_buckets: requestMinutes.latency_buckets,
    })
    .from(requestMinutes)
    .where(within(requestMinutes.minute, from, to))
    .orderBy(asc(requestMinutes.minute));
}

/**
 * The installation's minutes from `from` to `to` (the processes' heartbeat), each with the tenant's counts:
 * null where the tenant had no request that minute.
 */
export async function readTenantMinutes(db: Executor, tenantId: string, from: Date, to: Date) {
  return db
    .select({
      minute: requestMinutes.minute,
      requests: tenantRequestMinutes.requests,
      errors: tenantRequestMinutes.errors,
      latency_buckets: tenantRequestMinutes.latency_buckets,
    })
    .from(requestMinutes)
    .leftJoin(
      tenantRequestMinutes,
      and(
        eq(tenantRequestMinutes.tenant_id, tenantId),
        eq(tenantRequestMinutes.minute, requestMinutes.minute),
      ),
    )
    .where(within(requestMinutes.minute, from, to))
    .orderBy(asc(requestMinutes.minute));
}
