import { type SQL, sql } from 'drizzle-orm';
import { notFound } from '../core/problem.ts';
import { type Executor, rowsOf } from '../db/connect.ts';
import type { AuditEvent } from './event.ts';

export interface AuditFilter {
  action?: string;
  actor?: string;
  plan_id?: string;
  run_id?: string;
  since?: string;
  until?: string;
  /** Opaque to clients: the seq of the last item of the previous page. */
  cursor?: string;
  limit: number;
}

export interface AuditItem {
  /** Null until the integrator has put the event in the tree. */
  leaf_index: number | null;
  event: AuditEvent;
}

interface Row {
  seq: unknown;
  leaf_index: unknown;
  body: AuditEvent;
}

const toItem = (row: Row): AuditItem => ({
  leaf_index: row.leaf_index === null ? null : Number(row.leaf_index),
  event: row.body,
});

/** A tenant's events oldest first (append order), a page at a time. */
export async function searchAudit(
  exec: Executor,
  tenantId: string,
  filter: AuditFilter,
): Promise<{ items: AuditItem[]; next_cursor: string | null }> {
  const where: SQL[] = [sql`tenant_id = ${tenantId}`];
  if (filter.action) where.push(sql`action = ${filter.action}`);
  if (filter.actor) where.push(sql`actor_id = ${filter.actor}`);
  if (filter.plan_id) where.push(sql`plan_id = ${filter.plan_id}`);
  if (filter.run_id) where.push(sql`run_id = ${filter.run_id}`);
  if (filter.since) where.push(sql`occurred_at >= ${filter.since}`);
  if (filter.until) where.push(sql`occurred_at < ${filter.until}`);
  if (filter.cursor) where.push(sql`seq > ${filter.cursor}`);
  const rows = rowsOf<Row>(
    await exec.execute(sql`
      SELECT seq, leaf_index, body FROM audit_events WHERE ${sql.join(where, sql` AND `)}
      ORDER BY seq LIMIT ${filter.limit + 1}`),
  );
  const page = rows.slice(0, filter.limit);
  const last = page.at(-1);
  return {
    items: page.map(toItem),
    next_cursor: rows.length > filter.limit && last ? String(last.seq) : null,
  };
}

export async function readAuditEvent(exec: Executor, tenantId: string, eventId: string): Promise<AuditItem> {
  const [row] = rowsOf<Row>(
    await exec.execute(sql`
      SELECT seq, leaf_index, body FROM audit_events WHERE tenant_id = ${tenantId} AND event_id = ${eventId}`),
  );
  if (!row) throw notFound('audit event');
  return toItem(row);
}
