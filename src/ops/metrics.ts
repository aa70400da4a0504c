import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { PlanEvents } from '../plans/plan-events.ts';
import { RequestTally } from './request-tally.ts';

/** Readings taken from the database when /metrics is scraped (see ops/db-gauges.ts). */
export type ScrapeReader = () => Promise<void>;

/**
 * One registry per app instance, so tests can run several servers in one process. Labels are route
 * templates, effects, states and sources: bounded sets, never ids or tenants.
 */
export function createMetrics() {
  const registry = new Registry();
  const requests = new RequestTally(HTTP_BUCKETS);
  registerRequestMetrics(requests, registry);
  collectDefaultMetrics({ register: registry });
  const readers: ScrapeReader[] = [];
  const registers = [registry];
  return {
    registry,
    /** Adds a reading taken before each scrape; a failing reader leaves its gauges as they were. */
    onScrape(reader: ScrapeReader): void {
      readers.push(reader);
    },
    async scrape(): Promise<string> {
      await Promise.allSettled(readers.map((read) => read()));
      return registry.metrics();
    },
    /** Every finished request: read by http_requests_total and http_request_duration_seconds. */
    requests,
    httpActive: new Gauge({
      name: 'http_requests_active',
      help: 'Requests being served',
      registers,
    }),
    decisions: new Counter({
      name: 'warrant_decisions_total',
      help: 'Policy decisions on submitted and revised plans, by effect',
      labelNames: ['effect'] as const,
      registers,
    }),
    votes: new Counter({
      name: 'warrant_votes_total',
      help: 'Approval votes by decision and source',
      labelNames: ['decision', 'source'] as const,
      registers,
    }),
    approvalLatency: new Histogram({
      name: 'warrant_approval_latency_seconds',
      help: 'Time from the approval request to the plan being approved',
      buckets: [10, 30, 60, 300, 900, 1800, 3600, 4 * 3600, 12 * 3600, 24 * 3600],
      registers,
    }),
    stepDuration: new Histogram({
      name: 'warrant_step_duration_seconds',
      help: 'Duration of run steps (tool calls), by phase and outcome',
      labelNames: ['phase', 'status'] as const,
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
      registers,
    }),
    webSocketRefused: new Counter({
      name: 'warrant_websocket_upgrades_refused_total',
      help: 'WebSocket upgrades at gateway.ws_addr refused before upgrading, by problem code',
      labelNames: ['code'] as const,
      registers,
    }),
    leaseTakeovers: new Counter({
      name: 'warrant_lease_takeovers_total',
      help: "Runs taken over from a worker whose lease lapsed, seen by this process's worker",
      registers,
    }),
    runsWaitingAfterError: new Gauge({
      name: 'warrant_runs_waiting_after_error',
      help: 'Runs waiting to be resumed because their last drive stopped on an error (all tenants; the worker log says which)',
      registers,
    }),
    approvalsPending: new Gauge({
      name: 'warrant_approvals_pending',
      help: 'Plans waiting for approval (all tenants)',
      registers,
    }),
    runs: new Gauge({
      name: 'warrant_runs',
      help: 'Runs by state (all tenants)',
      labelNames: ['state'] as const,
      registers,
    }),
    /** The alert metric of the audit log's integrity: refused rows and self-check mismatches, by kind. */
    auditIntegrityFaults: new Counter({
      name: 'warrant_audit_integrity_faults_total',
      help: 'Audit log faults found: rows refused by the integrator and mismatches found by the self-check',
      labelNames: ['kind'] as const,
      registers,
    }),
    auditDegraded: new Gauge({
      name: 'warrant_audit_degraded',
      help: 'Open audit quarantine entries (all tenants); above 0 the audit log is degraded',
      registers,
    }),
    auditLogSize: new Gauge({
      name: 'warrant_audit_log_size',
      help: 'Integrated audit events (tree size, all tenants)',
      registers,
    }),
    checkpointAge: new Gauge({
      name: 'warrant_audit_checkpoint_age_seconds',
      help: 'Seconds since the latest signed audit checkpoint (any tenant)',
      registers,
    }),
    queueDepth: new Gauge({
      name: 'warrant_run_queue_depth',
      help: 'Runs queued, waiting for a worker',
      registers,
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

/**
 * The HTTP request metrics, read from the tally at scrape time; nothing else feeds them. Each carries the route
 * template twice: `path` as Fastify writes it (what dashboards used first) and `endpoint` as seed 003 names it
 * (`/v1/plans/{id}`); `http_error_rate` is that seed's gauge, the share of 5xx answers per endpoint.
 */
export function registerRequestMetrics(requests: RequestTally, registry: Registry): void {
  new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests by method, route template and status',
    labelNames: ['method', 'path', 'endpoint', 'status'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const route of requests.routes()) {
        const { method, path, endpoint } = route;
        for (const [status, count] of route.statuses)
          this.inc({ method, path, endpoint, status: String(status) }, count);
      }
    },
  });
  new Gauge({
    name: 'http_error_rate',
    help: 'Share of 5xx answers (0 to 1) by method and route template, since the process started',
    labelNames: ['method', 'endpoint'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const route of requests.routes()) {
        let errors = 0;
        for (const [status, count] of route.statuses) if (status >= 500) errors += count;
        this.set({ method: route.method, endpoint: route.endpoint }, errors / route.count);
      }
    },
  });
  new TalliedHistogram(requests, {
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by method and route template',
    labelNames: ['method', 'path', 'endpoint'] as const,
    buckets: [...requests.bounds],
    registers: [registry],
  });
}

const HTTP_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5] as const;

type HistogramData = Awaited<ReturnType<Histogram['get']>>;

/**
 * http_request_duration_seconds, exposed exactly as prom-client's own histogram would be, from a
 * RequestTally instead of per-request observe() calls.
 */
class TalliedHistogram<T extends string> extends Histogram<T> {
  readonly #tally: RequestTally;
  readonly #name: string;
  readonly #help: string;

  constructor(tally: RequestTally, configuration: ConstructorParameters<typeof Histogram<T>>[0]) {
    super(configuration);
    this.#tally = tally;
    this.#name = configuration.name;
    this.#help = configuration.help;
  }

  /** What the registry formats (route labels kept apart, as prom-client does, so the text is the same). */
  async getForPromString(): Promise<HistogramData> {
    const values: { labels: object; sharedLabels?: object; value: number; metricName: string }[] = [];
    for (const route of this.#tally.routes()) {
      const shared = { method: route.method, path: route.path, endpoint: route.endpoint };
      let cumulative = 0;
      for (const [i, bound] of this.#tally.bounds.entries()) {
        cumulative += route.buckets[i]!;
        values.push({
          labels: { le: bound },
          sharedLabels: shared,
          value: cumulative,
          metricName: `${this.#name}_bucket`,
        });
      }
      values.push(
        {
          labels: { le: '+Inf' },
          sharedLabels: shared,
          value: route.count,
          metricName: `${this.#name}_bucket`,
        },
        { labels: {}, sharedLabels: shared, value: route.sum, metricName: `${this.#name}_sum` },
        { labels: {}, sharedLabels: shared, value: route.count, metricName: `${this.#name}_count` },
      );
    }
    return {
      name: this.#name,
      help: this.#help,
      type: 'histogram',
      aggregator: 'sum',
      values,
    } as unknown as HistogramData;
  }

  override async get(): Promise<HistogramData> {
    const data = await this.getForPromString();
    const values = data.values as unknown as { labels: object; sharedLabels?: object }[];
    for (const value of values) {
      value.labels = { ...value.labels, ...value.sharedLabels };
      delete value.sharedLabels;
    }
    return data;
  }
}

/** Counts what happens in plans' lives (see plan-events.ts). */
export function metricsListener(metrics: Metrics): PlanEvents {
  return {
    decided: ({ plan }) => metrics.decisions.inc({ effect: plan.decision.effect }),
    voted(event) {
      metrics.votes.inc({ decision: event.decision, source: event.source });
      if (event.status === 'approved' && event.requested_at) {
        metrics.approvalLatency.observe(
          Math.max(0, (event.at.getTime() - Date.parse(event.requested_at)) / 1000),
        );
      }
    },
    stepFinished: (event) =>
      metrics.stepDuration.observe(
        { phase: event.phase, status: event.status },
        Math.max(0, (event.at.getTime() - event.started_at.getTime()) / 1000),
      ),
  };
}
