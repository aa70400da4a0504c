// The export's reads of the log: a page of integrated events and the stored leaf hashes of the same leaf range.
import { and, asc, eq, gte, lt, sql } from 'drizzle-orm';
import type { Executor } from '../db/connect.ts';
import { auditEvents as e, auditNodes as n } from './tables.ts';

const leafIndex = sql<number>`${e.leaf_index}`.mapWith(Number);

/**
 * Integrated events with from <= leaf_index < to, in leaf order, and the leaf hashes the tree stores for that
 * range (level 0; a missing node is missing from the map). Two range scans of a primary or unique index, each
 * bounded by the range: leaf indexes are dense, so a page of `to - from` leaves reads that many rows whatever plan
 * is chosen. Not a join, nor an open-ended `leaf_index >= from … LIMIT n`: without statistics (PGlite never
 * gathers them, PostgreSQL not until autovacuum has run) the planner sorted the whole rest of the log for every
 * page, or nested-looped the page's nodes for each of its events, both quadratic.
 */
export async function exportPage(exec: Executor, tenantId: string, from: number, to: number) {
  const [events, leaves] = await Promise.all([
    exec
      .select({ leaf_index: leafIndex, body: e.body })
      .from(e)
      .where(and(eq(e.tenant_id, tenantId), gte(e.leaf_index, from), lt(e.leaf_index, to)))
      .orderBy(asc(e.leaf_index)),
    exec
      .select({ idx: n.idx, hash: n.hash })
      .from(n)
      .where(and(eq(n.tenant_id, tenantId), eq(n.level, 0), gte(n.idx, from), lt(n.idx, to))),
  ]);
  const hashes = new Map<number, Uint8Array>();
  for (const leaf of leaves) hashes.set(Number(leaf.idx), leaf.hash);
  return { events, hashes };
}
