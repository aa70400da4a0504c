import { z } from 'zod';
import type { RouteModule } from '../http/server.ts';
import { mayPropose, planViewSchema } from '../plans/routes.ts';
import { InstantiateSchema, PLAYBOOK_NAME, PlaybookBodySchema } from './definition.ts';
import { RUNBOOK_ID, RunbookInputSchema, type RunbookService } from './runbooks.ts';
import { PlaybookScheduleSchema, type PlaybookSchedules } from './schedules.ts';
import { type PlaybookService, summaryOf } from './service.ts';

const nameParams = z.object({ name: z.string().regex(PLAYBOOK_NAME, 'a playbook name: a-z 0-9 -') });
const tags = ['playbooks'];

/** The playbook catalog, instantiation, playbook schedules, and runbooks. */
export function playbookRoutes(deps: {
  playbooks: PlaybookService;
  runbooks: RunbookService;
  schedules: PlaybookSchedules;
}): RouteModule {
  const { playbooks, runbooks, schedules } = deps;
  return {
    register(app) {
      app.get(
        '/playbooks',
        { schema: { tags, description: 'The playbook catalog: built-in and own.' } },
        async (request) => ({
          items: (await playbooks.list(request.actor)).map(summaryOf),
        }),
      );

      app.get(
        '/playbooks/:name',
        {
          schema: {
            tags,
            params: nameParams,
            querystring: z.strictObject({ version: z.coerce.number().int().min(1).optional() }),
          },
        },
        async (request) => playbooks.get(request.actor, request.params.name, request.query.version),
      );

      app.put(
        '/playbooks/:name',
        {
          schema: {
            tags,
            description: 'Create or change a playbook (admin, operator): each change is a new version.',
            params: nameParams,
            body: PlaybookBodySchema,
          },
        },
        async (request, reply) => {
          const { playbook, created } = await playbooks.put(request.actor, request.params.name, request.body);
          return reply.code(created ? 201 : 200).send(playbook);
        },
      );

      app.post(
        '/playbooks/:name/plans',
        {
          schema: {
            tags,
            description:
              'Instantiate a playbook: parameters are checked first, then the plan is submitted and decided by policy.',
            params: nameParams,
            body: InstantiateSchema.extend({ version: z.int().min(1).optional() }),
            headers: z.looseObject({ 'idempotency-key': z.string().max(200).optional() }),
            response: { 201: planViewSchema },
          },
        },
        async (request, reply) => {
          mayPropose(request.actor);
          const result = await playbooks.instantiate(
            request.actor,
            request.params.name,
            request.body,
            request.headers['idempotency-key'],
          );
          if (result.replayed) reply.header('idempotent-replayed', 'true');
          return reply.code(201).send(result.body);
        },
      );

      app.post(
        '/playbooks/:name/schedules',
        {
          schema: {
            tags,
            description: 'Instantiate a playbook on a cron: each firing submits the instance through policy.',
            params: nameParams,
            body: PlaybookScheduleSchema,
          },
        },
        async (request, reply) => {
          mayPropose(request.actor);
          return reply
            .code(201)
            .send(await schedules.create(request.actor, request.params.name, request.body));
        },
      );

      app.get('/playbooks/:name/schedules', { schema: { tags, params: nameParams } }, async (request) => ({
        items: await schedules.list(request.actor, request.params.name),
      }));

      const runbookParams = z.object({ id: z.string().regex(RUNBOOK_ID, 'a runbook id: A-Z a-z 0-9 _ . -') });
      app.get('/runbooks', { schema: { tags } }, async (request) => ({
        items: await runbooks.list(request.actor),
      }));

      app.get('/runbooks/:id', { schema: { tags, params: runbookParams } }, async (request) =>
        runbooks.get(request.actor, request.params.id),
      );

      app.put(
        '/runbooks/:id',
        { schema: { tags, params: runbookParams, body: RunbookInputSchema } },
        async (request, reply) => {
          const { runbook, created } = await runbooks.put(request.actor, request.params.id, request.body);
          return reply.code(created ? 201 : 200).send(runbook);
        },
      );

      app.get(
        '/plans/:id/runbooks',
        {
          schema: {
            tags,
            description: "The runbooks linked to the plan's playbook or to a service in its blast radius.",
            params: z.object({ id: z.string().max(100) }),
          },
        },
        async (request) => ({ items: await runbooks.forPlan(request.actor, request.params.id) }),
      );
    },
  };
}
