import type { Clock } from '../core/clock.ts';
import type { Executor } from '../db/connect.ts';
import { readGaugeRow } from './gauge-store.ts';
import type { Metrics } from './metrics.ts';

const RUN_STATES = ['queued', 'running', 'succeeded', 'failed', 'rolled_back', 'cancelled'] as const;

/** Readings taken per scrape, across tenants (see gauge-store.ts). */
export function readDbGauges(deps: {
  orm: Executor;
  clock: Clock;
  metrics: Metrics;
  /** Lease takeovers seen so far by this process's worker. */
  takeovers: () => number;
}): () => Promise<void> {
  const { orm, clock, metrics } = deps;
  let counted = 0;
  return async () => {
    const row = await readGaugeRow(orm, clock.now());
    metrics.approvalsPending.set(row?.pending ?? 0);
    metrics.runsWaitingAfterError.set(row?.waiting ?? 0);
    for (const state of RUN_STATES) metrics.runs.set({ state }, row?.runs?.[state] ?? 0);
    metrics.auditLogSize.set(Number(row?.audit ?? 0));
    if (row?.checkpoint) {
      metrics.checkpointAge.set(Math.max(0, (clock.now().getTime() - row.checkpoint.getTime()) / 1000));
    }
    const takeovers = deps.takeovers();
    metrics.leaseTakeovers.inc(Math.max(0, takeovers - counted));
    counted = takeovers;
    // The runs table is the run queue: its depth is the runs queued.
    metrics.queueDepth.set(row?.runs?.queued ?? 0);
  };
}
