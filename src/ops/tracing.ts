import { randomBytes } from 'node:crypto';
import { type Attributes, context, TraceFlags, type Tracer, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor, type IdGenerator } from '@opentelemetry/sdk-trace-base';
import { sha256Hex } from '../core/hash.ts';
import type { PlanEvents } from '../plans/plan-events.ts';

/**
 * Ids derived from what a span is about, so spans written at different times, even by different
 * processes, join one trace per plan: the trace id is the plan id's 16 bytes, the plan's root span id
 * and each run's span id are hashes of their ids. Other spans get random span ids.
 */
class DerivedIds implements IdGenerator {
  #traceId: string | undefined;
  #spanId: string | undefined;

  /** The ids of the next span started (startSpan asks for them synchronously). */
  next(traceId: string | undefined, spanId: string | undefined): void {
    this.#traceId = traceId;
    this.#spanId = spanId;
  }

  generateTraceId(): string {
    const id = this.#traceId ?? randomBytes(16).toString('hex');
    this.#traceId = undefined;
    return id;
  }

  generateSpanId(): string {
    const id = this.#spanId ?? randomBytes(8).toString('hex');
    this.#spanId = undefined;
    return id;
  }
}

export const traceIdOf = (planId: string): string => planId.replace(/-/g, '').toLowerCase();
export const spanIdOf = (kind: 'plan' | 'run', id: string): string => sha256Hex(`${kind}:${id}`).slice(0, 16);

export interface PlanTracing {
  events: PlanEvents;
  /** Sends what is buffered and stops. */
  shutdown(): Promise<void>;
}

/** Traces of plans' lives, exported over OTLP/HTTP; callers create it only when an endpoint is set. */
export function createPlanTracing(endpoint: string): PlanTracing {
  const ids = new DerivedIds();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'warrant' }),
    idGenerator: ids,
    spanProcessors: [
      new BatchSpanProcessor(new OTLPTraceExporter({ url: endpoint }), { scheduledDelayMillis: 1000 }),
    ],
  });
  const tracer: Tracer = provider.getTracer('warrant');

  const under = (planId: string, parent: { kind: 'plan' | 'run'; id: string }) =>
    trace.setSpanContext(context.active(), {
      traceId: traceIdOf(planId),
      spanId: spanIdOf(parent.kind, parent.id),
      traceFlags: TraceFlags.SAMPLED,
      isRemote: true,
    });
  const span = (
    name: string,
    times: { start: Date; end: Date },
    attributes: Attributes,
    where: { planId: string; parent?: { kind: 'plan' | 'run'; id: string }; own?: string },
  ) => {
    ids.next(traceIdOf(where.planId), where.own);
    const parent = where.parent ? under(where.planId, where.parent) : context.active();
    tracer.startSpan(name, { startTime: times.start, attributes }, parent).end(times.end);
  };

  return {
    events: {
      decided({ tenant_id, plan, revised, started, at }) {
        const attributes = {
          'warrant.tenant_id': tenant_id,
          'warrant.plan_id': plan.id,
          'warrant.plan.revision': plan.revision,
          'warrant.decision.effect': plan.decision.effect,
          'warrant.risk.level': plan.decision.risk.level,
          'warrant.plan.status': plan.status,
        };
        const root = { kind: 'plan' as const, id: plan.id };
        if (revised) {
          span('plan.revise', { start: started, end: at }, attributes, { planId: plan.id, parent: root });
        } else {
          // The submit span is the trace's root; every later span of the plan hangs under it.
          span('plan.submit', { start: started, end: at }, attributes, {
            planId: plan.id,
            own: spanIdOf('plan', plan.id),
          });
        }
        span('plan.decide', { start: started, end: at }, attributes, { planId: plan.id, parent: root });
      },
      voted(event) {
        span(
          event.status === 'approved' ? 'plan.approve' : 'plan.vote',
          { start: event.at, end: event.at },
          {
            'warrant.plan_id': event.plan_id,
            'warrant.vote.decision': event.decision,
            'warrant.vote.source': event.source,
            'warrant.plan.status': event.status,
          },
          { planId: event.plan_id, parent: { kind: 'plan', id: event.plan_id } },
        );
      },
      stepFinished(event) {
        span(
          event.phase === 'undo' ? 'run.step.rollback' : 'run.step',
          { start: event.started_at, end: event.at },
          {
            'warrant.run_id': event.run_id,
            'warrant.step_id': event.step_id,
            'warrant.tool': event.tool,
            'warrant.step.status': event.status,
          },
          { planId: event.plan_id, parent: { kind: 'run', id: event.run_id } },
        );
      },
      runFinished(event) {
        span(
          'run',
          { start: event.started_at, end: event.at },
          { 'warrant.run_id': event.run_id, 'warrant.run.status': event.status },
          {
            planId: event.plan_id,
            parent: { kind: 'plan', id: event.plan_id },
            own: spanIdOf('run', event.run_id),
          },
        );
      },
    },
    shutdown: () => provider.shutdown(),
  };
}
