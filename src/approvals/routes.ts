import { z } from 'zod';
import type { RouteModule } from '../http/server.ts';
import type { ExceptionService } from './exception-store.ts';

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
              type: z.enum(['unapproved_attempt', 'break_glass', 'approval_expired']).optional(),
              plan_id: z.string().max(100).optional(),
            }),
          },
        },
        async (request) => ({ items: await exceptions.list(request.actor, request.query) }),
      );
      app.get(
        '/exceptions/:id',
        { schema: { tags: ['exceptions'], params: z.object({ id: z.string().max(100) }) } },
        async (request) => exceptions.get(request.actor, request.params.id),
      );
      app.post(
        '/exceptions/:id/resolve',
        {
          schema: {
            tags: ['exceptions'],
            params: z.object({ id: z.string().max(100) }),
            body: z.strictObject({ resolution: z.string().min(1).max(4000) }),
          },
        },
        async (request) => exceptions.resolve(request.actor, request.params.id, request.body.resolution),
      );
    },
  };
}
