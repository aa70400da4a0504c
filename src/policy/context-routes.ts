import { z } from 'zod';
import type { App } from '../http/server.ts';
import {
  blastRadiusSchema,
  type ContextKind,
  type ContextStore,
  contextId,
  edgeSchema,
  nodeSchema,
  serviceSchema,
} from './context.ts';

const tags = ['context'];

export function registerContextRoutes(app: App, context: ContextStore): void {
  app.put(
    '/context/services/:id',
    { schema: { tags, params: z.object({ id: contextId }), body: serviceSchema } },
    async (request, reply) => {
      const { created } = await context.upsertService(request.actor, request.params.id, request.body);
      return reply.code(created ? 201 : 200).send({ service_id: request.params.id, ...request.body });
    },
  );

  app.put(
    '/context/nodes/:id',
    { schema: { tags, params: z.object({ id: contextId }), body: nodeSchema } },
    async (request, reply) => {
      const { created } = await context.upsertNode(request.actor, request.params.id, request.body);
      return reply.code(created ? 201 : 200).send({ node_id: request.params.id, ...request.body });
    },
  );

  app.put(
    '/context/edges/:id',
    { schema: { tags, params: z.object({ id: contextId }), body: edgeSchema } },
    async (request, reply) => {
      const { created } = await context.upsertEdge(request.actor, request.params.id, request.body);
      return reply.code(created ? 201 : 200).send({ edge_id: request.params.id, ...request.body });
    },
  );

  const plural: Record<ContextKind, string> = { service: 'services', node: 'nodes', edge: 'edges' };
  for (const [kind, path] of Object.entries(plural) as [ContextKind, string][]) {
    app.delete(
      `/context/${path}/:id`,
      { schema: { tags, params: z.object({ id: contextId }) } },
      async (request, reply) => {
        await context.remove(request.actor, kind, request.params.id);
        return reply.code(204).send();
      },
    );
  }

  app.get('/context/graph', { schema: { tags } }, async (request) => context.graph(request.actor));

  app.post('/context/blast-radius', { schema: { tags, body: blastRadiusSchema } }, async (request) =>
    context.blastRadius(request.actor, request.body),
  );
}
