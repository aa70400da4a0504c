import { z } from 'zod';
import type { RouteModule } from '../core/route-module.ts';
import { mayPropose, planViewSchema } from '../plans/routes.ts';
import { scheduleViewSchema } from '../triggers/routes.ts';
import { InstantiateSchema, PLAYBOOK_NAME, PlaybookBodySchema } from './definition.ts';
import { RUNBOOK_ID, RunbookInputSchema, type RunbookService } from './runbooks.ts';
import { PlaybookScheduleSchema, type PlaybookSchedules } from './schedules.ts';
import { type PlaybookService, summaryOf } from './service.ts';

const nameParams = z.object({ name: z.string().regex(PLAYBOOK_NAME, 'a playbook name: a-z 0-9 -') });
const tags = ['playbooks'];

const sourceSchema = z.enum(['builtin', 'tenant']);
const playbookSchema = z.object({
  name: z.string(),
  version: z.int(),
  source: sourceSchema,
  body: z.looseObject({ description: z.string(), summary: z.string(), intent: z.string() }),
  content_hash: z.string(),
  created_at: z.string().nullable(),
});
// A put answers the version it stored (201) or the identical current one (200).
const playbookPut = { 200: playbookSchema, 201: playbookSchema };
const playbookSummarySchema = z.object({
  name: z.string(),
  version: z.int(),
  source: sourceSchema,
  description: z.string(),
  parameters: z.looseObject({}),
  created_at: z.string().nullable(),
});
const playbookScheduleSchema = scheduleViewSchema.extend({ missed_firings: z.array(z.string()) });
// Loose: a read answers the whole row, tenant_id included.
const runbookSchema = z.looseObject({
  id: z.string(),
  title: z.string(),
  markdown: z.string(),
  services: z.array(z.string()),
  playbooks: z.array(z.string()),
  version: z.int(),
  updated_by: z.string(),
  updated_at: z.string(),
});
const runbookList = { 200: z.object({ items: z.array(runbookSchema) }) };

/** The playbook catalog, instantiation, playbook schedules, and runbooks. */
export function playbookRoutes(deps: {
  playbooks: Pick<PlaybookService, 'list' | 'get' | 'put' | 'instantiate'>;
  runbooks: Pick<RunbookService, 'list' | 'get' | 'put' | 'forPlan'>;
  schedules: Pick<PlaybookSchedules, 'create' | 'list'>;
}): RouteModule {
  const { playbooks, runbooks, schedules } = deps;
  return {
    register(app) {
      app.get(
        '/playbooks',
        {
          schema: {
            tags,
            description: 'The playbook catalog: built-in and own.',
            response: { 200: z.object({ items: z.array(playbookSummarySchema) }) },
          },
        },
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
            response: { 200: playbookSchema },
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
            response: playbookPut,
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
            response: { 201: playbookScheduleSchema },
          },
        },
        // Operators and admins only (tenancy/route-roles.ts): a schedule keeps submitting plans by itself.
        async (request, reply) =>
          reply.code(201).send(await schedules.create(request.actor, request.params.name, request.body)),
      );

      app.get(
        '/playbooks/:name/schedules',
        {
          schema: {
            tags,
            params: nameParams,
            response: { 200: z.object({ items: z.array(playbookScheduleSchema) }) },
          },
        },
        async (request) => ({ items: await schedules.list(request.actor, request.params.name) }),
      );

      const runbookParams = z.object({ id: z.string().regex(RUNBOOK_ID, 'a runbook id: A-Z a-z 0-9 _ . -') });
      app.get('/runbooks', { schema: { tags, response: runbookList } }, async (request) => ({
        items: await runbooks.list(request.actor),
      }));

      app.get(
        '/runbooks/:id',
        { schema: { tags, params: runbookParams, response: { 200: runbookSchema } } },
        async (request) => runbooks.get(request.actor, request.params.id),
      );

      // 201 for a new runbook, 200 for a new version of one.
      app.put(
        '/runbooks/:id',
        {
          schema: {
            tags,
            params: runbookParams,
            body: RunbookInputSchema,
            response: { 200: runbookSchema, 201: runbookSchema },
          },
        },
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
            response: runbookList,
          },
        },
        async (request) => ({ items: await runbooks.forPlan(request.actor, request.params.id) }),
      );
    },
  };
}
