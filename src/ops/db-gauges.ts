import { sql } from 'drizzle-orm';
import type { PgBoss } from 'pg-boss';
import type { Clock } from '../core/clock.ts';
import { type Orm, rowsOf } from '../db/connect.ts';
import { RUN_QUEUE } from '../runs/queue.ts';
import type { Metrics } from './metrics.ts';

const RUN_STATES = ['queued', 'running', 'succeeded', 'failed', 'rolled_back', 'cancelled'] as const;

/**
 * Readings taken per scrape, across tenants, in one round trip: counts by indexed status columns and
 * the audit heads (one row per tenant), so a scrape stays cheap however long the history grows.
 */
export function readDbGauges(deps: {
  orm: Orm;
  clock: Clock;
  metrics: Metrics;
  /** The run queue, when this process has opened it. */
  queue: () => PgBoss | undefined;
  /** Lease takeovers seen so far by this process's worker. */
  takeovers: () => number;
}): () => Promise<void> {
  const { orm, clock, metrics } = deps;
  let counted = 0;
  return async () => {
    const [row] = rowsOf<{
      pending: number;
      runs: Record<string, number> | null;
      audit: string | null;
      checkpoint: Date | string | null;
    }>(
      await orm.execute(sql`
        SELECT (SELECT count(*) FROM plans WHERE status = 'pending_approval')::int AS pending,
               (SELECT jsonb_object_agg(status, n) FROM (SELECT status, count(*)::int AS n FROM runs GROUP BY status) r) AS runs,
               (SELECT sum(size) FROM audit_heads)::text AS audit,
               (SELECT max(published_at) FROM audit_checkpoints) AS checkpoint`),
    );
    metrics.approvalsPending.set(row?.pending ?? 0);
    for (const state of RUN_STATES) metrics.runs.set({ state }, row?.runs?.[state] ?? 0);
    metrics.auditLogSize.set(Number(row?.audit ?? 0));
    if (row?.checkpoint) {
      metrics.checkpointAge.set(
        Math.max(0, (clock.now().getTime() - new Date(row.checkpoint).getTime()) / 1000),
      );
    }
    const takeovers = deps.takeovers();
    metrics.leaseTakeovers.inc(Math.max(0, takeovers - counted));
    counted = takeovers;
    const queue = deps.queue();
    if (queue) {
      const stats = await queue.getQueueStats(RUN_QUEUE, { force: true });
      metrics.queueDepth.set(stats.reduce((sum, s) => sum + s.queuedCount, 0));
    }
  };
}
