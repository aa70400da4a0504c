import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Executor } from '../db/connect.ts';

// The drivers hand int4 back as numbers, text as strings, and a timestamp as a Date or its text.
const GaugeRow = z.object({
  pending: z.number(),
  waiting: z.number(),
  runs: z.record(z.string(), z.number()).nullable(),
  audit: z.string().nullable(),
  checkpoint: z
    .union([z.date(), z.string()])
    .nullable()
    .transform((value) => (value === null ? null : new Date(value))),
});

/**
 * Readings across tenants in one round trip: counts by indexed status columns, the ended runs' counts kept as
 * they end (migration 0028), the audit log's size kept as heads grow and the newest checkpoint (an index's last
 * entry; both migration 0030), so a scrape stays cheap however long the history and the tenants grow. They span several folders' tables,
 * which is why this is one raw query rather than each owner's count.
 */
export async function readGaugeRow(db: Executor, now: Date) {
  const result = await db.execute(sql`
    SELECT (SELECT count(*) FROM plans WHERE status = 'pending_approval')::int AS pending,
           (SELECT count(*) FROM runs WHERE status IN ('queued', 'running')
               AND resume_after > ${now.toISOString()}::timestamptz)::int AS waiting,
           (SELECT jsonb_object_agg(status, n) FROM (
              SELECT status, count(*)::int AS n FROM runs WHERE status IN ('queued', 'running') GROUP BY status
              UNION ALL
              SELECT status, sum(n)::int FROM run_final_counts GROUP BY status) r) AS runs,
           (SELECT sum(size) FROM audit_size_totals)::text AS audit,
           (SELECT max(published_at) FROM audit_checkpoints) AS checkpoint`);
  // node-postgres and PGlite both answer { rows }.
  return z.object({ rows: z.array(GaugeRow) }).parse(result).rows[0];
}
