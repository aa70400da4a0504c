import { z } from 'zod';
import type { RouteModule } from '../core/route-module.ts';
import { AlertmanagerPayloadSchema } from '../llm/alert-schema.ts';
import { mayPropose } from '../plans/routes.ts';
import type { AlertmanagerReceiver } from './alertmanager.ts';
import { ScheduleInputSchema, type ScheduleService } from './schedules.ts';

const idParams = z.object({ id: z.string().max(100) });

/** A schedule as the API answers it. */
export const scheduleViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  cron: z.string(),
  timezone: z.string(),
  plan: z.looseObject({}),
  created_by: z.string(),
  created_at: z.string(),
  last_fired_at: z.string().nullable(),
  last_plan_id: z.string().nullable(),
  last_error: z.object({ code: z.string(), detail: z.string() }).nullable(),
});

const alertOutcomeSchema = z.looseObject({
  fingerprint: z.string(),
  status: z.enum(['firing', 'resolved']),
  outcome: z.enum(['planned', 'duplicate', 'failed', 'ignored']),
});

/** Alertmanager's webhook receiver and scheduled plans. */
export function triggerRoutes(deps: {
  alerts: Pick<AlertmanagerReceiver, 'receive'>;
  schedules: Pick<ScheduleService, 'create' | 'list' | 'get' | 'delete'>;
}): RouteModule {
  const { alerts, schedules } = deps;
  return {
    register(app) {
      app.post(
        '/webhooks/alertmanager',
        {
          schema: {
            tags: ['triggers'],
            description:
              "Alertmanager's webhook (version 4), with a Warrant agent or operator key as its bearer " +
              '(http_config.authorization). Each firing alert occurrence is drafted and submitted once; ' +
              'resolved alerts are recorded only.',
            body: AlertmanagerPayloadSchema,
            response: {
              200: z.object({
                plans: z.array(z.object({ id: z.string(), status: z.string(), fingerprint: z.string() })),
                alerts: z.array(alertOutcomeSchema),
              }),
            },
          },
        },
        async (request) => {
          mayPropose(request.actor);
          const outcomes = await alerts.receive(request.actor, request.body);
          return {
            plans: outcomes.flatMap((o) =>
              o.outcome === 'planned'
                ? [{ id: o.plan_id, status: o.plan_status, fingerprint: o.fingerprint }]
                : [],
            ),
            alerts: outcomes,
          };
        },
      );

      app.post(
        '/schedules',
        {
          schema: {
            tags: ['triggers'],
            description: 'Submit a plan on a cron.',
            body: ScheduleInputSchema,
            response: { 201: scheduleViewSchema },
          },
        },
        // Operators and admins only (tenancy/route-roles.ts): a schedule keeps submitting plans by itself.
        async (request, reply) => reply.code(201).send(await schedules.create(request.actor, request.body)),
      );

      app.get(
        '/schedules',
        {
          schema: { tags: ['triggers'], response: { 200: z.object({ items: z.array(scheduleViewSchema) }) } },
        },
        async (request) => ({ items: await schedules.list(request.actor) }),
      );

      app.get(
        '/schedules/:id',
        { schema: { tags: ['triggers'], params: idParams, response: { 200: scheduleViewSchema } } },
        async (request) => schedules.get(request.actor, request.params.id),
      );

      app.delete(
        '/schedules/:id',
        {
          schema: {
            tags: ['triggers'],
            params: idParams,
            response: { 204: z.undefined().describe('Deleted; no body') },
          },
        },
        async (request, reply) => {
          await schedules.delete(request.actor, request.params.id);
          return reply.code(204).send();
        },
      );
    },
  };
}
