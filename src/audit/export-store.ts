// The export's read of the log: one page of integrated events with their stored leaf hashes per query.
import { and, asc, eq, gte, lt, sql } from 'drizzle-orm';
import type { Executor } from '../db/connect.ts';
import { auditEvents as e, auditNodes as n } from './tables.ts';

const leafIndex = sql<number>`${e.leaf_index}`.mapWith(Number);

/**
 * Integrated events with from <= leaf_index < to, in leaf order, each with the leaf hash stored in the tree (null
 * when the node is missing). Both sides are bounded by the leaf range, the nodes' side too (the planner does not
 * carry a range across the join's equality): leaf indexes are dense, so a page of `to - from` leaves touches that
 * many rows whatever plan is chosen. An open-ended `leaf_index >= from … LIMIT n` instead let PGlite, which never
 * gathers statistics, sort the whole rest of the log for every page (quadratic: 3k events/s at 50k events).
 */
export function exportPage(exec: Executor, tenantId: string, from: number, to: number) {
  return exec
    .select({ leaf_index: leafIndex, body: e.body, hash: n.hash })
    .from(e)
    .leftJoin(
      n,
      and(
        eq(n.tenant_id, e.tenant_id),
        eq(n.level, 0),
        eq(n.idx, e.leaf_index),
        gte(n.idx, from),
        lt(n.idx, to),
      ),
    )
    .where(and(eq(e.tenant_id, tenantId), gte(e.leaf_index, from), lt(e.leaf_index, to)))
    .orderBy(asc(e.leaf_index));
}
