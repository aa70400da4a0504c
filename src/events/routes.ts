import { z } from 'zod';
import type { RouteModule } from '../core/route-module.ts';
import { sseSink } from './sink.ts';
import { type EventStream, parseEventId } from './stream.ts';

/** `GET /v1/events`: the caller's tenant's live updates as server-sent events, resumable by Last-Event-ID. */
export function eventRoutes(stream: Pick<EventStream, 'attach' | 'connections'>): RouteModule {
  return {
    register(app) {
      app.get(
        '/events',
        {
          schema: {
            tags: ['events'],
            description:
              "Server-sent events for the caller's tenant: plan.updated, execution.updated, audit.created. " +
              'A client that reconnects with Last-Event-ID (or ?last_event_id=, for clients that cannot set ' +
              'headers) first gets what it missed; what cannot be replayed is announced by a reset event.',
            // Not strict: EventSource polyfills add parameters of their own (cache busters, their own id name).
            querystring: z.object({ last_event_id: z.string().optional() }),
            response: {
              200: {
                description:
                  'The event stream; it stays open until the client leaves. A tenant holds at most 200 live ' +
                  'connections (events, WebSocket, run logs): one more is 429 too_many_connections',
                content: { 'text/event-stream': { schema: z.unknown().meta({ type: 'string' }) } },
              },
            },
          },
        },
        async (request, reply) => {
          // The header wins: a browser reconnecting sends the newest id, while the URL keeps the first one.
          const given = request.headers['last-event-id'] ?? request.query.last_event_id;
          // Parsed before the stream starts, so a malformed id is a problem+json answer and attaches nothing.
          const from = given ? parseEventId(String(given)) : undefined;
          const release = stream.connections.acquire(request.actor.tenant_id);
          reply.raw.once('close', release);
          // The stream outlives the handler: Fastify lets go of the response and the stream writes to it.
          reply.hijack();
          stream.attach(request.actor, sseSink(reply.raw), from);
          return reply;
        },
      );
    },
  };
}
