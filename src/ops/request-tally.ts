/** What one route (method and template) has answered: count per status, latencies in buckets. */
export interface RouteTally {
  method: string;
  path: string;
  /** The route template as OpenAPI and seed 003 write it (`/v1/plans/{id}`), made once per route. */
  endpoint: string;
  statuses: Map<number, number>;
  /** Counts per bucket, not cumulative: one per bound, then one for everything slower. */
  buckets: number[];
  sum: number;
  count: number;
}

/**
 * HTTP request counts and latencies, tallied in plain numbers as requests finish and read when
 * /metrics is scraped. prom-client's labelled counter and histogram build and look up a label string on
 * every request, which on the hot path cost more than the rest of the bookkeeping; here a request costs
 * two map lookups and a few additions. No I/O.
 */
/** Fastify's `/v1/plans/:id` as `/v1/plans/{id}`. */
export const endpointOf = (path: string): string => path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

export class RequestTally {
  readonly bounds: readonly number[];
  readonly #byMethod = new Map<string, Map<string, RouteTally>>();

  /** `bounds` are the buckets' upper bounds in seconds, ascending. */
  constructor(bounds: readonly number[]) {
    this.bounds = bounds;
  }

  record(method: string, path: string, status: number, seconds: number): void {
    let byPath = this.#byMethod.get(method);
    if (!byPath) {
      byPath = new Map();
      this.#byMethod.set(method, byPath);
    }
    let route = byPath.get(path);
    if (!route) {
      route = {
        method,
        path,
        endpoint: endpointOf(path),
        statuses: new Map(),
        buckets: new Array(this.bounds.length + 1).fill(0),
        sum: 0,
        count: 0,
      };
      byPath.set(path, route);
    }
    route.statuses.set(status, (route.statuses.get(status) ?? 0) + 1);
    let bucket = 0;
    while (bucket < this.bounds.length && seconds > this.bounds[bucket]!) bucket++;
    route.buckets[bucket]!++;
    route.sum += seconds;
    route.count++;
  }

  *routes(): Generator<RouteTally> {
    for (const byPath of this.#byMethod.values()) yield* byPath.values();
  }
}
