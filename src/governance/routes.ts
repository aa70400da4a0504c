import { z } from 'zod';
import type { RouteModule } from '../http/server.ts';
import { DecisionInputSchema, type DecisionService } from './decisions.ts';
import type { ReviewService } from './reviews.ts';

const idParams = z.object({ id: z.string().max(100) });
const tags = ['governance'];

export function governanceRoutes(deps: { decisions: DecisionService; reviews: ReviewService }): RouteModule {
  const { decisions, reviews } = deps;
  return {
    register(app) {
      app.post(
        '/governance/decisions',
        { schema: { tags, body: DecisionInputSchema } },
        async (request, reply) => reply.code(201).send(await decisions.create(request.actor, request.body)),
      );
      app.get(
        '/governance/decisions',
        {
          schema: {
            tags,
            querystring: z.strictObject({
              tenant: z.string().max(100).optional(),
              status: z.enum(['pending', 'approved', 'denied', 'revoked']).optional(),
            }),
          },
        },
        async (request) => ({ items: await decisions.list(request.actor, request.query) }),
      );
      app.get('/governance/decisions/:id', { schema: { tags, params: idParams } }, async (request) =>
        decisions.get(request.actor, request.params.id),
      );
      app.post(
        '/governance/decisions/:id/approvals',
        {
          schema: {
            tags,
            params: idParams,
            body: z.strictObject({
              decision: z.enum(['approve', 'deny']),
              comment: z.string().max(2000).optional(),
            }),
          },
        },
        async (request, reply) =>
          reply
            .code(201)
            .send(
              await decisions.vote(
                request.actor,
                request.params.id,
                request.body.decision,
                request.body.comment,
              ),
            ),
      );
      app.post(
        '/governance/decisions/:id/revoke',
        {
          schema: {
            tags,
            params: idParams,
            body: z.strictObject({ reason: z.string().trim().min(1).max(2000) }),
          },
        },
        async (request) => decisions.revoke(request.actor, request.params.id, request.body.reason),
      );

      app.post(
        '/governance/reviews',
        { schema: { tags, body: z.strictObject({ tenant: z.string().max(100).optional() }).nullish() } },
        async (request, reply) =>
          reply.code(201).send(await reviews.create(request.actor, request.body ?? {})),
      );
      app.get(
        '/governance/reviews',
        {
          schema: {
            tags,
            querystring: z.strictObject({
              tenant: z.string().max(100).optional(),
              status: z.enum(['draft', 'released']).optional(),
            }),
          },
        },
        async (request) => ({ items: await reviews.list(request.actor, request.query) }),
      );
      app.get('/governance/reviews/:id', { schema: { tags, params: idParams } }, async (request) =>
        reviews.get(request.actor, request.params.id),
      );
      app.get(
        '/governance/reviews/:id/package',
        {
          schema: {
            tags,
            params: idParams,
            description: 'The governance package projection, derived on read.',
          },
        },
        async (request) => reviews.package(request.actor, request.params.id),
      );
      app.post('/governance/reviews/:id/release', { schema: { tags, params: idParams } }, async (request) =>
        reviews.release(request.actor, request.params.id),
      );
      app.post(
        '/governance/reviews/:id/packs',
        { schema: { tags, params: idParams } },
        async (request, reply) =>
          reply.code(201).send(await reviews.createPack(request.actor, request.params.id)),
      );
      app.get('/governance/packs/:id', { schema: { tags, params: idParams } }, async (request) =>
        reviews.getPack(request.actor, request.params.id),
      );
      app.get('/governance/packs/:id/link', { schema: { tags, params: idParams } }, async (request) =>
        reviews.link(request.actor, request.params.id),
      );
      app.get('/governance/snapshots/:id', { schema: { tags, params: idParams } }, async (request) =>
        reviews.snapshot(request.actor, request.params.id),
      );
      app.get('/governance/workspace', { schema: { tags } }, async (request) =>
        reviews.workspace(request.actor),
      );
    },
  };
}

/** The download of a signed link: public, since the signature is the authorization. */
export function packDownloadRoutes(reviews: ReviewService): RouteModule {
  return {
    public: true,
    register(app) {
      app.get(
        '/v1/governance/packs/:id/download',
        {
          schema: {
            tags,
            security: [],
            params: idParams,
            querystring: z.object({
              expires: z.string().max(20),
              actor: z.string().max(100),
              sig: z.string().max(100),
            }),
          },
        },
        async (request, reply) => {
          const { bytes, filename } = await reviews.download(request.params.id, request.query);
          return reply
            .type('application/zip')
            .header('content-disposition', `attachment; filename="${filename}"`)
            .send(Buffer.from(bytes));
        },
      );
    },
  };
}
