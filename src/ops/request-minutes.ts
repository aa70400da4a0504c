import type { Clock } from '../core/clock.ts';
import type { Executor } from '../db/connect.ts';
import { addMinutes, readInstallationMinutes, readTenantMinutes } from './request-minute-store.ts';

// Tests add minutes through this module, as the recorder does.
export { addMinutes };

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

const INSTALLATION = '';

/**
 * The installation's minutes from `from` to `to`; with `tenantId`, the same minutes (the processes' heartbeat)
 * holding that tenant's requests only.
 */
export async function readMinutes(
  db: Executor,
  from: Date,
  to: Date,
  tenantId?: string,
): Promise<MinuteAggregate[]> {
  if (tenantId === undefined) return readInstallationMinutes(db, from, to);
  return (await readTenantMinutes(db, tenantId, from, to)).map((row) => ({
    minute: row.minute,
    requests: row.requests ?? 0,
    errors: row.errors ?? 0,
    latency_buckets: row.latency_buckets ?? new Array(BUCKETS).fill(0),
  }));
}

function count(entry: MinuteAggregate, error: boolean, bucket: number): void {
  entry.requests++;
  if (error) entry.errors++;
  entry.latency_buckets[bucket]!++;
}

/**
 * Counts requests in memory and writes them once per flush, so serving a request never writes to the
 * database. Each flush also writes the current minute, empty or not: the row is the process's heartbeat.
 * A request of an authenticated caller is also counted for the caller's tenant.
 */
export class RequestRecorder {
  readonly #clock: Clock;
  /** Minutes by scope: the installation's (''), and each tenant's by its id. */
  #pending = new Map<string, Map<number, MinuteAggregate>>();

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /** Only a 5xx is an error: a 4xx (a refusal, a feature not configured) is the caller's doing. */
  record(statusCode: number, latencyMs: number, tenantId?: string): void {
    const minute = minuteOf(this.#clock.now());
    const error = statusCode >= 500;
    const bucket = bucketOf(latencyMs);
    count(this.#entry(INSTALLATION, minute), error, bucket);
    if (tenantId) count(this.#entry(tenantId, minute), error, bucket);
  }

  async flush(db: Executor): Promise<void> {
    this.#entry(INSTALLATION, minuteOf(this.#clock.now()));
    const taken = [...this.#pending];
    this.#pending = new Map();
    for (const [i, [scope, minutes]] of taken.entries()) {
      try {
        await addMinutes(db, [...minutes.values()], scope === INSTALLATION ? undefined : scope);
      } catch (error) {
        // Keep what was not written for the next flush rather than lose it to a database hiccup.
        for (const [later, rest] of taken.slice(i)) for (const m of rest.values()) this.#merge(later, m);
        throw error;
      }
    }
  }

  #entry(scope: string, minute: number): MinuteAggregate {
    let minutes = this.#pending.get(scope);
    if (!minutes) {
      minutes = new Map();
      this.#pending.set(scope, minutes);
    }
    let entry = minutes.get(minute);
    if (!entry) {
      entry = {
        minute: new Date(minute),
        requests: 0,
        errors: 0,
        latency_buckets: new Array(BUCKETS).fill(0),
      };
      minutes.set(minute, entry);
    }
    return entry;
  }

  #merge(scope: string, m: MinuteAggregate): void {
    const entry = this.#entry(scope, m.minute.getTime());
    entry.requests += m.requests;
    entry.errors += m.errors;
    addBuckets(entry.latency_buckets, m.latency_buckets);
  }
}
