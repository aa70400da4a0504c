// Reads and writes of audit_quarantine: rows the integrator refused and faults the self-check found.
import { and, desc, eq, isNull, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Executor } from '../db/connect.ts';
import { type AuditQuarantineRecord, auditEvents as e, auditQuarantine as q } from './tables.ts';

/** Kinds that stop a tenant's integration while open: a pending row that must not enter the tree. */
export const HALTING_KINDS = ['unsigned', 'unknown_signer', 'bad_signature'] as const;

/** Tenants whose integration is halted, for the integrator's pending query. */
export const haltedTenants = (): SQL =>
  sql`(SELECT ${q.tenant_id} FROM ${q} WHERE ${q.resolved_at} IS NULL AND ${q.kind} IN ('unsigned', 'unknown_signer', 'bad_signature'))`;

// node-postgres and PGlite both answer `{ rows }`.
const returned = z.object({ rows: z.array(z.unknown()) });

/**
 * Records an entry unless the same one was recorded already (same tenant, kind, row or leaf, and detail), open or
 * resolved: a fault found on every self-check run is recorded once, and one an admin acknowledged stays so. A
 * refused row cannot come back once resolved (resolving removes it). Returns whether it was recorded.
 */
export async function insertQuarantine(exec: Executor, row: AuditQuarantineRecord): Promise<boolean> {
  const inserted = await exec.execute(sql`
    INSERT INTO audit_quarantine (id, tenant_id, kind, seq, event_id, leaf_index, detail, body, detected_at)
    SELECT ${row.id}, ${row.tenant_id}, ${row.kind}, ${row.seq}, ${row.event_id}, ${row.leaf_index}, ${row.detail},
           ${row.body === null ? null : JSON.stringify(row.body)}::jsonb, ${row.detected_at.toISOString()}
    WHERE NOT EXISTS (
      SELECT 1 FROM audit_quarantine o
      WHERE o.tenant_id = ${row.tenant_id} AND o.kind = ${row.kind} AND o.detail = ${row.detail}
        AND o.seq IS NOT DISTINCT FROM ${row.seq}::bigint AND o.leaf_index IS NOT DISTINCT FROM ${row.leaf_index}::bigint)
    RETURNING id`);
  return returned.parse(inserted).rows.length > 0;
}

/** A tenant's entries, newest first; only the open ones unless `all`. */
export function listQuarantine(exec: Executor, tenantId: string, all: boolean, limit: number) {
  return exec
    .select()
    .from(q)
    .where(and(eq(q.tenant_id, tenantId), all ? undefined : isNull(q.resolved_at)))
    .orderBy(desc(q.detected_at), desc(q.id))
    .limit(limit);
}

export async function findQuarantine(
  exec: Executor,
  tenantId: string,
  id: string,
): Promise<AuditQuarantineRecord | undefined> {
  const [row] = await exec
    .select()
    .from(q)
    .where(and(eq(q.tenant_id, tenantId), eq(q.id, id)))
    .for('update');
  return row;
}

export async function markResolved(exec: Executor, id: string, at: Date, by: string): Promise<void> {
  await exec.update(q).set({ resolved_at: at, resolved_by: by }).where(eq(q.id, id));
}

/** Removes a refused row from audit_events; only a row the integrator never took (no leaf index) goes. */
export async function removePendingRow(exec: Executor, tenantId: string, seq: number): Promise<void> {
  await exec.delete(e).where(and(eq(e.tenant_id, tenantId), eq(e.seq, seq), isNull(e.leaf_index)));
}

/** Open entries of every tenant, by kind: what /readyz reports. */
export async function openCounts(exec: Executor): Promise<Map<string, number>> {
  const rows = await exec
    .select({ kind: q.kind, n: sql<number>`count(*)`.mapWith(Number) })
    .from(q)
    .where(isNull(q.resolved_at))
    .groupBy(q.kind);
  return new Map(rows.map((row) => [row.kind, row.n]));
}
