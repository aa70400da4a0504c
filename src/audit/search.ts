import { notFound } from '../core/problem.ts';
import type { Executor } from '../db/connect.ts';
import type { AuditEventBody } from './event.ts';
import { type AuditEventFilter, findEvent, searchEvents } from './store.ts';

export interface AuditFilter extends Omit<AuditEventFilter, 'after'> {
  /** Opaque to clients: the seq of the last item of the previous page. */
  cursor?: string | undefined;
  limit: number;
}

export interface AuditItem {
  /** Null until the integrator has put the event in the tree. */
  leaf_index: number | null;
  event: AuditEventBody;
}

const toItem = (row: { leaf_index: number | null; body: AuditEventBody }): AuditItem => ({
  leaf_index: row.leaf_index,
  event: row.body,
});

/** A tenant's events oldest first (append order), a page at a time. */
export async function searchAudit(
  exec: Executor,
  tenantId: string,
  { cursor, limit, ...filter }: AuditFilter,
): Promise<{ items: AuditItem[]; next_cursor: string | null }> {
  // One more than a page tells whether another page follows.
  const rows = await searchEvents(exec, tenantId, { ...filter, after: cursor }, limit + 1);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map(toItem),
    next_cursor: rows.length > limit && last ? String(last.seq) : null,
  };
}

export async function readAuditEvent(exec: Executor, tenantId: string, eventId: string): Promise<AuditItem> {
  const row = await findEvent(exec, tenantId, eventId);
  if (!row) throw notFound('audit event');
  return toItem(row);
}
