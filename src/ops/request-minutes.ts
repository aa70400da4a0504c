import { sql } from 'drizzle-orm';
import type { Clock } from '../core/clock.ts';
import { type Executor, rowsOf } from '../db/connect.ts';

/** Upper bounds (ms) of the latency buckets kept per minute; the last bucket is everything slower. */
export const LATENCY_BOUNDS_MS = [5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10_000] as const;
const BUCKETS = LATENCY_BOUNDS_MS.length + 1;

export interface MinuteAggregate {
  minute: Date;
  requests: number;
  errors: number;
  /** Counts per bucket (not cumulative), LATENCY_BOUNDS_MS then +Inf. */
  latency_buckets: number[];
}

export const bucketOf = (latencyMs: number): number => {
  const index = LATENCY_BOUNDS_MS.findIndex((bound) => latencyMs <= bound);
  return index === -1 ? BUCKETS - 1 : index;
};

/** Adds `from`'s bucket counts into `into`. */
export function addBuckets(into: number[], from: readonly number[]): void {
  for (const [i, count] of from.entries()) into[i] = (into[i] ?? 0) + count;
}

const minuteOf = (at: Date): number => Math.floor(at.getTime() / 60_000) * 60_000;

/** Adds minutes into the table; several processes add to the same minute. */
export async function addMinutes(db: Executor, minutes: readonly MinuteAggregate[]): Promise<void> {
  for (const m of minutes) {
    await db.execute(sql`
      INSERT INTO request_minutes (minute, requests, errors, latency_buckets)
      VALUES (${m.minute.toISOString()}, ${m.requests}, ${m.errors}, ${`{${m.latency_buckets.join(',')}}`}::bigint[])
      ON CONFLICT (minute) DO UPDATE SET
        requests = request_minutes.requests + EXCLUDED.requests,
        errors = request_minutes.errors + EXCLUDED.errors,
        latency_buckets = ARRAY(
          SELECT a + b FROM unnest(request_minutes.latency_buckets, EXCLUDED.latency_buckets) WITH ORDINALITY AS u(a, b, i)
          ORDER BY i)`);
  }
}

export async function readMinutes(db: Executor, from: Date, to: Date): Promise<MinuteAggregate[]> {
  const rows = rowsOf<{ minute: Date | string; requests: string; errors: string; latency_buckets: unknown }>(
    await db.execute(sql`
      SELECT minute, requests, errors, latency_buckets FROM request_minutes
      WHERE minute >= ${from.toISOString()}::timestamptz AND minute <= ${to.toISOString()}::timestamptz
      ORDER BY minute`),
  );
  return rows.map((row) => ({
    minute: new Date(row.minute),
    requests: Number(row.requests),
    errors: Number(row.errors),
    latency_buckets: parseArray(row.latency_buckets),
  }));
}

// node-postgres parses bigint[] to strings; PGlite may hand back the text form.
function parseArray(value: unknown): number[] {
  const items = Array.isArray(value) ? value : String(value).replace(/[{}]/g, '').split(',');
  return items.map(Number);
}

/**
 * Counts requests in memory and writes them once per flush, so serving a request never writes to the
 * database. Each flush also writes the current minute, empty or not: the row is the process's heartbeat.
 */
export class RequestRecorder {
  readonly #clock: Clock;
  #pending = new Map<number, MinuteAggregate>();

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  record(statusCode: number, latencyMs: number): void {
    const entry = this.#entry(minuteOf(this.#clock.now()));
    entry.requests++;
    if (statusCode >= 500) entry.errors++;
    entry.latency_buckets[bucketOf(latencyMs)]!++;
  }

  async flush(db: Executor): Promise<void> {
    this.#entry(minuteOf(this.#clock.now()));
    const taken = [...this.#pending.values()];
    this.#pending = new Map();
    try {
      await addMinutes(db, taken);
    } catch (error) {
      // Keep the counts for the next flush rather than lose them to a database hiccup.
      for (const m of taken) this.#merge(m);
      throw error;
    }
  }

  #entry(minute: number): MinuteAggregate {
    let entry = this.#pending.get(minute);
    if (!entry) {
      entry = {
        minute: new Date(minute),
        requests: 0,
        errors: 0,
        latency_buckets: new Array(BUCKETS).fill(0),
      };
      this.#pending.set(minute, entry);
    }
    return entry;
  }

  #merge(m: MinuteAggregate): void {
    const entry = this.#entry(m.minute.getTime());
    entry.requests += m.requests;
    entry.errors += m.errors;
    addBuckets(entry.latency_buckets, m.latency_buckets);
  }
}
