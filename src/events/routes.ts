import type { RouteModule } from '../http/server.ts';
import type { EventStream } from './stream.ts';

/** `GET /v1/events`: the caller's tenant's live updates as server-sent events. */
export function eventRoutes(stream: EventStream): RouteModule {
  return {
    register(app) {
      app.get(
        '/events',
        {
          schema: {
            tags: ['events'],
            description:
              "Server-sent events for the caller's tenant: plan.updated, execution.updated, audit.created.",
          },
        },
        async (request, reply) => {
          // The stream outlives the handler: Fastify lets go of the response and the stream writes to it.
          reply.hijack();
          stream.attach(request.actor, reply.raw);
          return reply;
        },
      );
    },
  };
}
