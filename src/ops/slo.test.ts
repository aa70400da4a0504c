import { describe, expect, it } from 'vitest';
import { LATENCY_BOUNDS_MS } from './request-minutes.ts';
import { computeBudget, quantileMs, shareSlowerThan } from './slo.ts';

const buckets = (entries: Record<number, number>) => {
  const out = new Array(LATENCY_BOUNDS_MS.length + 1).fill(0);
  for (const [i, n] of Object.entries(entries)) out[Number(i)] = n;
  return out;
};
const targets = { uptime_target: 0.95, latency_p95_ms: 200, error_rate_target: 0.04, window_days: 1 };

describe('the error budget math', () => {
  it('interpolates quantiles and slow shares within buckets', () => {
    // 100 requests: 50 in (50,100], 50 in (100,250].
    const b = buckets({ 4: 50, 5: 50 });
    expect(quantileMs(b, 0.5)).toBe(100);
    expect(quantileMs(b, 0.75)).toBe(175);
    expect(shareSlowerThan(b, 175)).toBeCloseTo(0.25);
    expect(quantileMs(buckets({ 11: 3 }), 0.95)).toBe(10_000);
    expect(quantileMs(buckets({}), 0.95)).toBe(0);
  });

  it('says no_data before anything was recorded', () => {
    expect(computeBudget([], targets, new Date('2026-03-01T10:00:30Z'))).toMatchObject({
      status: 'no_data',
      current_uptime: 1,
      minutes_measured: 0,
      burn_rate: 0,
    });
  });

  it('counts a missing minute and a mostly failing minute as down, and exhausts a spent budget', () => {
    const at = (m: number) => new Date(Date.parse('2026-03-01T09:00:00Z') + m * 60_000);
    const rows = [0, 2].map((m) => ({
      minute: at(m),
      requests: 10,
      errors: 0,
      latency_buckets: buckets({ 0: 10 }),
    }));
    rows.push({ minute: at(3), requests: 10, errors: 5, latency_buckets: buckets({ 0: 10 }) });
    const budget = computeBudget(rows, targets, new Date('2026-03-01T09:04:10Z'));
    // Minutes 0..3 measured; 1 missing, 3 half failed: 2 of 4 up.
    expect(budget).toMatchObject({ minutes_measured: 4, current_uptime: 0.5, status: 'exhausted' });
    expect(budget.uptime_budget_consumed_pct).toBe(100);
    expect(budget.burn_rate).toBeCloseTo(10);
  });
});
