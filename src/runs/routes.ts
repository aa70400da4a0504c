import { z } from 'zod';
import type { RouteModule } from '../http/server.ts';
import type { RunService } from './service.ts';

const idParams = z.object({ id: z.string().max(100) });
const runStatus = z.enum(['queued', 'running', 'succeeded', 'failed', 'rolled_back', 'cancelled']);

export function runRoutes(runs: RunService): RouteModule {
  return {
    register(app) {
      app.post(
        '/plans/:id/runs',
        {
          schema: {
            tags: ['runs'],
            description:
              'Run an allowed or approved plan (202). Break glass runs without a warrant, with a reason.',
            params: idParams,
            body: z
              .strictObject({ break_glass: z.strictObject({ reason: z.string().max(2000) }).optional() })
              .nullish(),
            response: { 202: z.object({ id: z.string(), status: runStatus }) },
          },
        },
        async (request, reply) =>
          reply.code(202).send(await runs.start(request.actor, request.params.id, request.body ?? {})),
      );
      app.get(
        '/runs',
        {
          schema: {
            tags: ['runs'],
            querystring: z.strictObject({
              plan_id: z.string().max(100).optional(),
              status: runStatus.optional(),
              limit: z.coerce.number().int().min(1).max(200).optional(),
            }),
          },
        },
        async (request) => ({ items: await runs.list(request.actor, request.query) }),
      );
      app.get('/runs/:id', { schema: { tags: ['runs'], params: idParams } }, async (request) =>
        runs.get(request.actor, request.params.id),
      );
      app.post('/runs/:id/cancel', { schema: { tags: ['runs'], params: idParams } }, async (request, reply) =>
        reply.code(202).send(await runs.cancel(request.actor, request.params.id)),
      );
      app.post('/runs/:id/retry', { schema: { tags: ['runs'], params: idParams } }, async (request, reply) =>
        reply.code(202).send(await runs.retry(request.actor, request.params.id)),
      );
      app.get(
        '/runs/:id/:kind/:object',
        {
          schema: {
            tags: ['runs'],
            description: 'A stored (redacted) tool input, tool output or evidence body of the run.',
            params: z.object({
              id: z.string().max(100),
              kind: z.enum(['evidence', 'tool-output', 'tool-input']),
              object: z.string().regex(/^[0-9a-f-]{36}$/),
            }),
          },
        },
        async (request, reply) =>
          reply
            .type('application/json')
            .send(
              await runs.object(request.actor, request.params.id, request.params.kind, request.params.object),
            ),
      );
    },
  };
}
