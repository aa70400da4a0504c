import { z } from 'zod';
import type { App } from '../core/route-module.ts';
import {
  blastRadiusSchema,
  type ContextStore,
  contextId,
  edgeSchema,
  nodeSchema,
  serviceSchema,
} from './context.ts';
import type { ContextKind } from './store.ts';

const tags = ['context'];
const effectSchema = z.enum(['allow', 'deny', 'require_approval']);

// A put answers what it stored, with its id: 201 when the id is new, 200 when it replaced an entry.
const upserted = <T extends z.ZodType>(view: T) => ({ 200: view, 201: view });

export function registerContextRoutes(
  app: App,
  context: Pick<
    ContextStore,
    | 'upsertService'
    | 'upsertNode'
    | 'upsertEdge'
    | 'remove'
    | 'graph'
    | 'blastRadius'
    | 'refresh'
    | 'snapshots'
  >,
): void {
  app.put(
    '/context/services/:id',
    {
      schema: {
        tags,
        params: z.object({ id: contextId }),
        body: serviceSchema,
        response: upserted(serviceSchema.extend({ service_id: z.string() })),
      },
    },
    async (request, reply) => {
      const { created } = await context.upsertService(request.actor, request.params.id, request.body);
      return reply.code(created ? 201 : 200).send({ service_id: request.params.id, ...request.body });
    },
  );

  app.put(
    '/context/nodes/:id',
    {
      schema: {
        tags,
        params: z.object({ id: contextId }),
        body: nodeSchema,
        response: upserted(nodeSchema.extend({ node_id: z.string() })),
      },
    },
    async (request, reply) => {
      const { created } = await context.upsertNode(request.actor, request.params.id, request.body);
      return reply.code(created ? 201 : 200).send({ node_id: request.params.id, ...request.body });
    },
  );

  app.put(
    '/context/edges/:id',
    {
      schema: {
        tags,
        params: z.object({ id: contextId }),
        body: edgeSchema,
        response: upserted(edgeSchema.extend({ edge_id: z.string() })),
      },
    },
    async (request, reply) => {
      const { created } = await context.upsertEdge(request.actor, request.params.id, request.body);
      return reply.code(created ? 201 : 200).send({ edge_id: request.params.id, ...request.body });
    },
  );

  const plural: Record<ContextKind, string> = { service: 'services', node: 'nodes', edge: 'edges' };
  for (const [kind, path] of Object.entries(plural) as [ContextKind, string][]) {
    app.delete(
      `/context/${path}/:id`,
      {
        schema: {
          tags,
          params: z.object({ id: contextId }),
          response: { 204: z.undefined().describe('Deleted; no body') },
        },
      },
      async (request, reply) => {
        await context.remove(request.actor, kind, request.params.id);
        return reply.code(204).send();
      },
    );
  }

  app.get(
    '/context/graph',
    {
      schema: {
        tags,
        response: {
          200: z.object({
            services: z.array(z.looseObject({ service_id: z.string() })),
            nodes: z.array(nodeSchema.extend({ node_id: z.string() })),
            edges: z.array(edgeSchema.extend({ edge_id: z.string() })),
          }),
        },
      },
    },
    async (request) => context.graph(request.actor),
  );

  app.post(
    '/context/blast-radius',
    {
      schema: {
        tags,
        body: blastRadiusSchema,
        response: {
          200: z.object({
            blast_radius: z.looseObject({}),
            risk: z.looseObject({}),
            steps: z.array(z.looseObject({ step_id: z.string() })),
            decision: z.looseObject({ effect: effectSchema }),
          }),
        },
      },
    },
    async (request) => context.blastRadius(request.actor, request.body),
  );

  app.post(
    '/context/refresh',
    {
      schema: {
        tags,
        summary: 'Refresh the context graph from live sources',
        description:
          'Reads the shape of the systems the configured connectors reach (Kubernetes namespaces and deployments, ' +
          'or the demo cluster) and makes the graph hold it, leaving entries people made alone; records a snapshot. ' +
          'Admin or operator.',
        body: z
          .strictObject({ sources: z.array(z.string().min(1).max(100)).min(1).max(20).optional() })
          .default({}),
        response: { 201: snapshotSchema },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await context.refresh(request.actor, request.body.sources)),
  );

  app.get(
    '/context/snapshots',
    {
      schema: {
        tags,
        summary: 'List the snapshots of the context graph, newest first',
        querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(200).default(50) }),
        response: { 200: z.object({ items: z.array(snapshotSchema) }) },
      },
    },
    async (request) => ({ items: await context.snapshots(request.actor, request.query.limit) }),
  );
}

const snapshotSchema = z.object({
  id: z.string(),
  taken_at: z.string(),
  taken_by: z.string(),
  sources: z.array(z.string()),
  graph_hash: z.string(),
  counts: z.record(z.string(), z.record(z.string(), z.number())),
});
