import type { Config } from '../config/schema.ts';
import type { Executor } from '../db/connect.ts';
import { addBuckets, LATENCY_BOUNDS_MS, type MinuteAggregate, readMinutes } from './request-minutes.ts';

export type SloTargets = Config['ops']['slo'];

/** Seed 003's ErrorBudget, with how much data it stands on and a status. */
export interface ErrorBudget {
  measurement_period_days: number;
  slo_target_uptime: number;
  slo_target_latency_p95_ms: number;
  slo_target_error_rate: number;
  current_uptime: number;
  current_latency_p95_ms: number;
  current_error_rate: number;
  uptime_budget_consumed_pct: number;
  latency_budget_consumed_pct: number;
  error_rate_budget_consumed_pct: number;
  burn_rate: number;
  remaining_downtime_minutes: number;
  last_updated: string;
  /** no_data; ok; burning: spending faster than the budget accrues (burn_rate > 1); exhausted: a budget is spent. */
  status: 'no_data' | 'ok' | 'burning' | 'exhausted';
  minutes_measured: number;
  requests: number;
}

const MINUTE = 60_000;
const BURN_WINDOW_MINUTES = 60;
// A p95 target allows 5% of requests to be slower than it.
const P95_ALLOWANCE = 0.05;

const round = (value: number) => Math.round(value * 1e6) / 1e6;
const pct = (ratio: number) => round(Math.min(100, Math.max(0, ratio * 100)));

/** The latency at quantile q, interpolated within its bucket (as Prometheus's histogram_quantile does). */
export function quantileMs(buckets: readonly number[], q: number): number {
  const total = buckets.reduce((a, b) => a + b, 0);
  if (total === 0) return 0;
  const rank = q * total;
  let below = 0;
  for (const [i, count] of buckets.entries()) {
    if (below + count >= rank && count > 0) {
      const lower = i === 0 ? 0 : LATENCY_BOUNDS_MS[i - 1]!;
      // Past the last bound nothing is known but "slower": answer the last bound, as Prometheus does.
      const upper = LATENCY_BOUNDS_MS[i];
      if (upper === undefined) return lower;
      return lower + ((upper - lower) * (rank - below)) / count;
    }
    below += count;
  }
  return LATENCY_BOUNDS_MS.at(-1)!;
}

/** The share of requests slower than `targetMs`, assuming latencies spread evenly within a bucket. */
export function shareSlowerThan(buckets: readonly number[], targetMs: number): number {
  const total = buckets.reduce((a, b) => a + b, 0);
  if (total === 0) return 0;
  let slower = 0;
  for (const [i, count] of buckets.entries()) {
    const lower = i === 0 ? 0 : LATENCY_BOUNDS_MS[i - 1]!;
    const upper = LATENCY_BOUNDS_MS[i] ?? Number.POSITIVE_INFINITY;
    if (lower >= targetMs) slower += count;
    else if (upper > targetMs) slower += (count * (upper - targetMs)) / (upper - lower);
  }
  return slower / total;
}

interface Measured {
  minutes: number;
  down: number;
  requests: number;
  errors: number;
  buckets: number[];
}

/**
 * Measures complete minutes from `from` to `to`. A minute is down when no process recorded it (none was
 * running) or when at least half of its requests failed with a 5xx.
 */
function measure(rows: readonly MinuteAggregate[], from: number, to: number): Measured {
  const inRange = rows.filter((row) => row.minute.getTime() >= from && row.minute.getTime() <= to);
  const minutes = to < from ? 0 : (to - from) / MINUTE + 1;
  const up = inRange.filter((row) => row.requests === 0 || row.errors * 2 < row.requests).length;
  const buckets = new Array<number>(LATENCY_BOUNDS_MS.length + 1).fill(0);
  for (const row of inRange) addBuckets(buckets, row.latency_buckets);
  return {
    minutes,
    down: minutes - up,
    requests: inRange.reduce((sum, row) => sum + row.requests, 0),
    errors: inRange.reduce((sum, row) => sum + row.errors, 0),
    buckets,
  };
}

/** How much of each budget the measured period used, as ratios (1 = exactly the budget). */
function ratios(m: Measured, targets: SloTargets) {
  const uptime = m.minutes === 0 ? 1 : (m.minutes - m.down) / m.minutes;
  const errorRate = m.requests === 0 ? 0 : m.errors / m.requests;
  return {
    uptime,
    errorRate,
    uptimeRatio: (1 - uptime) / (1 - targets.uptime_target),
    errorRatio: errorRate / targets.error_rate_target,
    latencyRatio: shareSlowerThan(m.buckets, targets.latency_p95_ms) / P95_ALLOWANCE,
  };
}

/** The error budget over the rolling window ending at the last complete minute before `now`. */
export function computeBudget(rows: readonly MinuteAggregate[], targets: SloTargets, now: Date): ErrorBudget {
  const last = Math.floor(now.getTime() / MINUTE) * MINUTE - MINUTE;
  const windowMinutes = targets.window_days * 1440;
  const windowStart = last - (windowMinutes - 1) * MINUTE;
  const first = rows.find((row) => row.minute.getTime() >= windowStart)?.minute.getTime();
  // Before Warrant's first record there is nothing to measure: the window starts with it.
  const from = Math.max(windowStart, first ?? last + MINUTE);
  const window = measure(rows, from, last);
  const current = ratios(window, targets);
  const recent = ratios(
    measure(rows, Math.max(from, last - (BURN_WINDOW_MINUTES - 1) * MINUTE), last),
    targets,
  );
  const burnRate = round(Math.max(recent.uptimeRatio, recent.errorRatio, recent.latencyRatio));
  const consumed = {
    uptime: pct(current.uptimeRatio),
    latency: pct(current.latencyRatio),
    error: pct(current.errorRatio),
  };
  const status =
    window.minutes === 0
      ? 'no_data'
      : Math.max(consumed.uptime, consumed.latency, consumed.error) >= 100
        ? 'exhausted'
        : burnRate > 1
          ? 'burning'
          : 'ok';
  return {
    measurement_period_days: targets.window_days,
    slo_target_uptime: targets.uptime_target,
    slo_target_latency_p95_ms: targets.latency_p95_ms,
    slo_target_error_rate: targets.error_rate_target,
    current_uptime: round(current.uptime),
    current_latency_p95_ms: round(quantileMs(window.buckets, 0.95)),
    current_error_rate: round(current.errorRate),
    uptime_budget_consumed_pct: consumed.uptime,
    latency_budget_consumed_pct: consumed.latency,
    error_rate_budget_consumed_pct: consumed.error,
    burn_rate: burnRate,
    remaining_downtime_minutes: round(Math.max(0, (1 - targets.uptime_target) * windowMinutes - window.down)),
    last_updated: now.toISOString(),
    status,
    minutes_measured: window.minutes,
    requests: window.requests,
  };
}

/**
 * The error budget at `now` from Warrant's own per-minute request records: the installation's, or with
 * `tenantId` the one a tenant's callers met (the minutes no process ran count as down for every tenant).
 */
export async function readBudget(
  db: Executor,
  targets: SloTargets,
  now: Date,
  tenantId?: string,
): Promise<ErrorBudget> {
  const from = new Date(now.getTime() - targets.window_days * 1440 * MINUTE);
  return computeBudget(await readMinutes(db, from, now, tenantId), targets, now);
}
