import { z } from 'zod';
import type { Clock } from '../core/clock.ts';
import type { Orm } from '../db/connect.ts';
import type { RouteModule } from '../http/server.ts';
import { attackTypes, listSecurityEvents } from './security-events.ts';
import { readBudget, type SloTargets } from './slo.ts';

/** Security events (admins and auditors) and the error budget (anyone authenticated). */
export function opsRoutes(deps: { orm: Orm; clock: Clock; slo: SloTargets }): RouteModule {
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
          },
        },
        async (request) => listSecurityEvents(deps.orm, request.actor, request.query),
      );

      app.get(
        '/slo',
        {
          schema: {
            tags: ['ops'],
            description:
              "Seed 003's ErrorBudget over the rolling window, from Warrant's own per-minute request records.",
          },
        },
        async () => readBudget(deps.orm, deps.slo, deps.clock.now()),
      );
    },
  };
}
