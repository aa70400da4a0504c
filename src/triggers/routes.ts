import { z } from 'zod';
import type { RouteModule } from '../http/server.ts';
import { mayPropose } from '../plans/routes.ts';
import { AlertmanagerPayloadSchema } from './alert-schema.ts';
import type { AlertmanagerReceiver } from './alertmanager.ts';
import { ScheduleInputSchema, type ScheduleService } from './schedules.ts';

const idParams = z.object({ id: z.string().max(100) });

/** Alertmanager's webhook receiver and scheduled plans. */
export function triggerRoutes(deps: {
  alerts: AlertmanagerReceiver;
  schedules: ScheduleService;
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
          schema: { tags: ['triggers'], description: 'Submit a plan on a cron.', body: ScheduleInputSchema },
        },
        async (request, reply) => {
          mayPropose(request.actor);
          return reply.code(201).send(await schedules.create(request.actor, request.body));
        },
      );

      app.get('/schedules', { schema: { tags: ['triggers'] } }, async (request) => ({
        items: await schedules.list(request.actor),
      }));

      app.get('/schedules/:id', { schema: { tags: ['triggers'], params: idParams } }, async (request) =>
        schedules.get(request.actor, request.params.id),
      );

      app.delete(
        '/schedules/:id',
        { schema: { tags: ['triggers'], params: idParams } },
        async (request, reply) => {
          mayPropose(request.actor);
          await schedules.delete(request.actor, request.params.id);
          return reply.code(204).send();
        },
      );
    },
  };
}
