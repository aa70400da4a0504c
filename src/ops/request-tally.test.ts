import fc from 'fast-check';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { registerRequestMetrics } from './metrics.ts';
import { endpointOf, RequestTally } from './request-tally.ts';

const BOUNDS = [0.001, 0.01, 0.1, 1];

interface Observation {
  method: string;
  path: string;
  status: number;
  seconds: number;
}

const requests = fc.array(
  fc.record({
    method: fc.constantFrom('GET', 'POST'),
    path: fc.constantFrom('/v1/authorize', '/v1/plans/:id', 'unmatched'),
    status: fc.constantFrom(200, 201, 400, 404, 503),
    // Bounds themselves included: a value equal to a bound belongs to that bound's bucket.
    seconds: fc.oneof(fc.constantFrom(...BOUNDS, 0), fc.double({ min: 0, max: 5, noNaN: true })),
  }),
  { maxLength: 60 },
);

/** The same requests, counted the usual prom-client way: one inc() and one observe() each. */
function observedOneByOne(list: Observation[]) {
  const registry = new Registry();
  const counter = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests by method, route template and status',
    labelNames: ['method', 'path', 'endpoint', 'status'],
    registers: [registry],
  });
  const histogram = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by method and route template',
    labelNames: ['method', 'path', 'endpoint'],
    buckets: BOUNDS,
    registers: [registry],
  });
  const errorRate = new Gauge({
    name: 'http_error_rate',
    help: 'Share of 5xx answers (0 to 1) by method and route template, since the process started',
    labelNames: ['method', 'endpoint'],
    registers: [registry],
  });
  const answered = new Map<string, { method: string; endpoint: string; all: number; errors: number }>();
  for (const { method, path, status, seconds } of list) {
    const endpoint = endpointOf(path);
    counter.inc({ method, path, endpoint, status: String(status) });
    histogram.observe({ method, path, endpoint }, seconds);
    const key = `${method} ${endpoint}`;
    const route = answered.get(key) ?? { method, endpoint, all: 0, errors: 0 };
    route.all++;
    if (status >= 500) route.errors++;
    answered.set(key, route);
  }
  for (const { method, endpoint, all, errors } of answered.values())
    errorRate.set({ method, endpoint }, errors / all);
  return registry;
}

const sortedLines = (text: string) => text.split('\n').sort();

describe('the request tally', () => {
  it('exposes exactly what prom-client would have, request by request', async () => {
    await fc.assert(
      fc.asyncProperty(requests, async (list) => {
        const tally = new RequestTally(BOUNDS);
        const registry = new Registry();
        registerRequestMetrics(tally, registry);
        for (const { method, path, status, seconds } of list) tally.record(method, path, status, seconds);
        const expected = observedOneByOne(list);
        // Series may come out in another order; each line (and sums to the last digit) must match.
        expect(sortedLines(await registry.metrics())).toEqual(sortedLines(await expected.metrics()));
        // getMetricsAsJSON (the other way out): the same series and values, whatever the order.
        const json = async (r: Registry) =>
          Object.fromEntries(
            (await r.getMetricsAsJSON()).flatMap((metric) =>
              metric.values.map((v) => [
                `${(v as { metricName?: string }).metricName ?? metric.name} ${JSON.stringify(Object.entries(v.labels).sort())}`,
                v.value,
              ]),
            ),
          );
        expect(await json(registry)).toEqual(await json(expected));
      }),
      { numRuns: 200 },
    );
  });
});
