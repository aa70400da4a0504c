import { z } from 'zod';
import type { RouteModule } from '../../core/route-module.ts';
import { visibleText } from '../../core/visible-text.ts';
import type { ExceptionService } from './exception-service.ts';

const exceptionType = z.enum(['unapproved_attempt', 'break_glass', 'approval_expired']);

// Lists every field of ExceptionView (an interface, which a loose object's index signature does not accept).
const exceptionViewSchema = z.object({
  id: z.string(),
  type: exceptionType,
  status: z.enum(['open', 'resolved']),
  actor_id: z.string(),
  plan_id: z.string().optional(),
  run_id: z.string().optional(),
  reason: z.string().optional(),
  details: z.record(z.string(), z.unknown()),
  raised_at: z.string(),
  resolution: z.object({ text: z.string(), reviewer_id: z.string(), at: z.string() }).optional(),
});

const idParams = z.object({ id: z.string().max(100) });

export function exceptionRoutes(exceptions: ExceptionService): RouteModule {
  return {
    register(app) {
      app.get(
        '/exceptions',
        {
          schema: {
            tags: ['exceptions'],
            querystring: z.strictObject({
              status: z.enum(['open', 'resolved']).optional(),
              type: exceptionType.optional(),
              plan_id: z.string().max(100).optional(),
            }),
            response: { 200: z.object({ items: z.array(exceptionViewSchema) }) },
          },
        },
        async (request) => ({ items: await exceptions.list(request.actor, request.query) }),
      );
      app.get(
        '/exceptions/:id',
        { schema: { tags: ['exceptions'], params: idParams, response: { 200: exceptionViewSchema } } },
        async (request) => exceptions.get(request.actor, request.params.id),
      );
      app.post(
        '/exceptions/:id/resolve',
        {
          schema: {
            tags: ['exceptions'],
            params: idParams,
            body: z.strictObject({ resolution: visibleText(4000) }),
            response: { 200: exceptionViewSchema },
          },
        },
        async (request) => exceptions.resolve(request.actor, request.params.id, request.body.resolution),
      );
    },
  };
}
