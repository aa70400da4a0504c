import type { Config } from '../config/schema.ts';
import type { Clock } from '../core/clock.ts';
import { Every } from '../core/every.ts';
import { errorFields, type Logger } from '../core/logger.ts';
import type { App } from '../core/route-module.ts';
import type { Database } from '../db/connect.ts';
import type { RefusedCall, UnapprovedAttempt } from '../plans/approvals/authorize.ts';
import { fanOut, type PlanEvents } from '../plans/plan-events.ts';
import { readDbGauges } from './db-gauges.ts';
import { registerGuards } from './guards.ts';
import { type Metrics, metricsListener } from './metrics.ts';
import { RequestRecorder } from './request-minutes.ts';
import { opsRoutes } from './routes.ts';
import { listSecurityEvents, recordSecurityEvent } from './security-events.ts';
import { readBudget } from './slo.ts';
import type { PlanTracing } from './tracing.ts';

/**
 * Traces of plans, when `ops.otlp_endpoint` is set. OpenTelemetry's SDK and exporter are some 230 modules:
 * they load only then, not with every server.
 */
export async function openTracing(config: Config): Promise<PlanTracing | undefined> {
  if (!config.ops.otlp_endpoint) return undefined;
  const { createPlanTracing } = await import('./tracing.ts');
  return createPlanTracing(config.ops.otlp_endpoint);
}

/**
 * The operations side of one process, wired once: plan events to metrics, traces (only when an OTLP
 * endpoint is configured) and other listeners; request guards; the per-minute request records behind
 * the SLOs; the database readings of /metrics; the ops routes.
 */
export function createOps(deps: {
  config: Config;
  db: Database;
  clock: Clock;
  logger: Logger;
  metrics: Metrics;
  /** More listeners of plan events (chat notices). */
  listeners: readonly PlanEvents[];
  /** Traces, when an OTLP endpoint is configured (see `openTracing`). */
  tracing?: PlanTracing;
}) {
  const { config, db, clock, logger, metrics, tracing } = deps;
  const recorder = new RequestRecorder(clock);
  const flush = new Every(
    'request aggregates',
    config.ops.aggregate_flush_ms,
    () => recorder.flush(db.orm),
    logger,
  );
  return {
    events: fanOut(logger, [
      metricsListener(metrics),
      ...(tracing ? [tracing.events] : []),
      ...deps.listeners,
    ]),
    guards: (app: App) =>
      registerGuards(app, {
        orm: db.orm,
        clock,
        logger,
        perKeyPerMinute: config.ops.rate_limit_per_minute,
        perIpPerMinute: config.ops.rate_limit_per_ip_per_minute,
        metricsToken: config.ops.metrics_token,
      }),
    onRequestDone: (statusCode: number, latencyMs: number, tenantId: string | undefined) =>
      recorder.record(statusCode, latencyMs, tenantId),
    onUnapprovedAttempt({ actor, request, answer, at }: UnapprovedAttempt) {
      recordSecurityEvent(db.orm, {
        attack_type: 'invalid_input',
        kind: 'unapproved_attempt',
        payload: `${request.tool} for step ${request.step_id} of plan ${request.plan_id}: ${answer.reason_code}`,
        action_taken: 'logged_only',
        at,
        tenant_id: actor.tenant_id,
        actor_id: actor.id,
      }).catch((error: unknown) =>
        logger.warn({ ...errorFields(error), message: 'security event not recorded' }),
      );
    },
    onRefusedCall: ({ actor, refusal, origin, at }: RefusedCall): Promise<void> =>
      recordSecurityEvent(db.orm, {
        attack_type: 'invalid_input',
        kind: 'refused_call',
        payload: `${refusal.code}: ${refusal.detail}`,
        action_taken: 'rejected_400',
        status_code: refusal.status,
        at,
        tenant_id: actor.tenant_id,
        actor_id: actor.id,
        origin,
      }).then(
        () => undefined,
        (error: unknown) => logger.warn({ ...errorFields(error), message: 'security event not recorded' }),
      ),
    routes: opsRoutes({
      securityEvents: (actor, filter) => listSecurityEvents(db.orm, actor, filter),
      budget: () => readBudget(db.orm, config.ops.slo, clock.now()),
    }),
    /** Lets /metrics read the database, the run queue and the worker's takeovers. */
    readGauges(sources: { takeovers: () => number }): void {
      metrics.onScrape(readDbGauges({ orm: db.orm, clock, metrics, ...sources }));
    },
    /** The periodic flush of request aggregates (background work of a serving process). */
    background: [flush],
    async close(): Promise<void> {
      await recorder.flush(db.orm).catch(() => {});
      await tracing?.shutdown();
    },
  };
}
