import { z } from 'zod';
import type { Actor } from '../core/roles.ts';
import type { RouteModule } from '../core/route-module.ts';
import {
  actionsTaken,
  attackTypes,
  type SecurityEventFilter,
  type SecurityEventView,
} from './security-events.ts';
import type { ErrorBudget } from './slo.ts';

const timestamp = z.iso.datetime();

// Every field listed: a plain object keeps them all.
const securityEventSchema = z.object({
  id: z.string(),
  timestamp,
  request_id: z.string(),
  ip_address: z.string().nullable(),
  attack_type: z.enum(attackTypes),
  kind: z.string(),
  blocked_payload: z.string(),
  endpoint_targeted: z.string(),
  method: z.string(),
  user_agent: z.string().nullable(),
  action_taken: z.enum(actionsTaken),
  status_code: z.number().int().nullable(),
  tenant_id: z.string().nullable(),
  actor_id: z.string().nullable(),
});

const errorBudgetSchema = z.object({
  measurement_period_days: z.number(),
  slo_target_uptime: z.number(),
  slo_target_latency_p95_ms: z.number(),
  slo_target_error_rate: z.number(),
  current_uptime: z.number(),
  current_latency_p95_ms: z.number(),
  current_error_rate: z.number(),
  uptime_budget_consumed_pct: z.number(),
  latency_budget_consumed_pct: z.number(),
  error_rate_budget_consumed_pct: z.number(),
  burn_rate: z.number(),
  remaining_downtime_minutes: z.number(),
  last_updated: timestamp,
  status: z.enum(['no_data', 'ok', 'burning', 'exhausted']),
  minutes_measured: z.number(),
  requests: z.number(),
});

/** Security events (admins and auditors) and the error budget (anyone authenticated). */
export function opsRoutes(deps: {
  securityEvents(
    actor: Actor,
    filter: SecurityEventFilter,
  ): Promise<{ items: SecurityEventView[]; next_cursor: string | null }>;
  /** The installation's error budget now. */
  budget(): Promise<ErrorBudget>;
}): RouteModule {
  return {
    register(app) {
      app.get(
        '/security-events',
        {
          schema: {
            tags: ['ops'],
            description:
              "Seed 003's SecurityEvents, newest first: the caller's tenant, or every tenant for the root admin.",
            querystring: z.strictObject({
              attack_type: z.enum(attackTypes).optional(),
              kind: z.string().max(64).optional(),
              since: z.iso.datetime({ offset: true }).optional(),
              cursor: z.string().max(200).optional(),
              limit: z.coerce.number().int().min(1).max(500).optional(),
            }),
            response: {
              200: z.object({ items: z.array(securityEventSchema), next_cursor: z.string().nullable() }),
            },
          },
        },
        async (request) => deps.securityEvents(request.actor, request.query),
      );

      app.get(
        '/slo',
        {
          schema: {
            tags: ['ops'],
            description:
              "Seed 003's ErrorBudget over the rolling window, from Warrant's own per-minute request records.",
            response: { 200: errorBudgetSchema },
          },
        },
        async () => deps.budget(),
      );
    },
  };
}
