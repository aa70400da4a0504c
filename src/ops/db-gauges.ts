import type { PgBoss } from 'pg-boss';
import type { Clock } from '../core/clock.ts';
import type { Executor } from '../db/connect.ts';
import { RUN_QUEUE } from '../runs/queue.ts';
import { readGaugeRow } from './gauge-store.ts';
import type { Metrics } from './metrics.ts';

const RUN_STATES = ['queued', 'running', 'succeeded', 'failed', 'rolled_back', 'cancelled'] as const;

/** Readings taken per scrape, across tenants (see gauge-store.ts). */
export function readDbGauges(deps: {
  orm: Executor;
  clock: Clock;
  metrics: Metrics;
  /** The run queue, when this process has opened it. */
  queue: () => Pick<PgBoss, 'getQueueStats'> | undefined;
  /** Lease takeovers seen so far by this process's worker. */
  takeovers: () => number;
}): () => Promise<void> {
  const { orm, clock, metrics } = deps;
  let counted = 0;
  return async () => {
    const row = await readGaugeRow(orm);
    metrics.approvalsPending.set(row?.pending ?? 0);
    for (const state of RUN_STATES) metrics.runs.set({ state }, row?.runs?.[state] ?? 0);
    metrics.auditLogSize.set(Number(row?.audit ?? 0));
    if (row?.checkpoint) {
      metrics.checkpointAge.set(Math.max(0, (clock.now().getTime() - row.checkpoint.getTime()) / 1000));
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
