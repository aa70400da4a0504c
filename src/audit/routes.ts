import { Readable } from 'node:stream';
import { z } from 'zod';
import { isUuid } from '../core/ids.ts';
import { forbidden, notFound } from '../core/problem.ts';
import { type Actor, hasRole } from '../core/roles.ts';
import type { RouteModule } from '../core/route-module.ts';
import type { AuditService } from './service.ts';
import { originOf } from './tree-store.ts';

// Every human role reads its own tenant's log; agents and break-glass keys act, they do not audit.
const requireReader = (actor: Actor) => {
  if (!hasRole(actor, 'admin', 'auditor', 'approver', 'operator', 'viewer'))
    throw forbidden('reading the audit log needs an admin, auditor, approver, operator or viewer role');
};

const eventIdParam = z.object({ event_id: z.string().max(64) });
const checkEventId = (id: string) => {
  if (!isUuid(id)) throw notFound('audit event');
  return id;
};

const treeSize = z.coerce.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const uuid = z.uuid();
const hexList = z.array(z.string());

const item = z.object({ leaf_index: z.number().nullable(), event: z.record(z.string(), z.unknown()) });

const quarantineItem = z.object({
  id: z.string(),
  kind: z.string(),
  halts_integration: z.boolean(),
  event_id: z.string().nullable(),
  leaf_index: z.number().nullable(),
  detail: z.string(),
  body: z.record(z.string(), z.unknown()).nullable(),
  detected_at: z.string(),
  resolved_at: z.string().nullable(),
  resolved_by: z.string().nullable(),
});

/** A success answer that is text, not JSON. */
const textAnswer = (description: string) => ({
  description,
  content: { 'text/plain': { schema: z.string() } },
});
const checkpointNote = 'A signed checkpoint of the tenant’s log (C2SP signed note)';

/**
 * /v1/audit: checkpoints (text/plain C2SP notes), the public key, proofs, search and the JSONL export, all of
 * the caller's tenant. GET /audit/checkpoint publishes first when the tree grew since the last checkpoint, so
 * it always covers every integrated event; POST forces that for auditors and admins.
 */
export function auditRoutes(
  audit: Pick<
    AuditService,
    | 'verifierKey'
    | 'checkpoint'
    | 'search'
    | 'event'
    | 'inclusionProof'
    | 'consistencyProof'
    | 'exportChunks'
    | 'quarantine'
    | 'resolveQuarantine'
    | 'verifierKeyFor'
  >,
): RouteModule {
  return {
    register(app) {
      app.get(
        '/audit/checkpoint',
        { schema: { tags: ['audit'], response: { 200: textAnswer(checkpointNote) } } },
        async (request, reply) => {
          requireReader(request.actor);
          const checkpoint = await audit.checkpoint(request.actor.tenant_id);
          return reply.type('text/plain; charset=utf-8').send(checkpoint.note);
        },
      );

      app.post(
        '/audit/checkpoint',
        { schema: { tags: ['audit'], response: { 201: textAnswer(checkpointNote) } } },
        async (request, reply) => {
          if (!hasRole(request.actor, 'admin', 'auditor'))
            throw forbidden('publishing a checkpoint needs the auditor or admin role');
          const checkpoint = await audit.checkpoint(request.actor.tenant_id);
          return reply.code(201).type('text/plain; charset=utf-8').send(checkpoint.note);
        },
      );

      // Any caller may read the key: it proves nothing about a tenant, and verifiers need it.
      app.get(
        '/audit/public-key',
        {
          schema: {
            tags: ['audit'],
            response: {
              200: {
                description:
                  'The checkpoints’ verifier key: text by default, JSON when the caller accepts it',
                content: {
                  'text/plain': { schema: z.string() },
                  'application/json': {
                    schema: z.object({
                      key: z.string(),
                      format: z.string(),
                      // The same key named for the caller's log, as c2sp.org/tlog-checkpoint asks of its signature
                      // line: what witnesses and outside verifiers configure. Checkpoints carry both signatures.
                      origin: z.string(),
                      log_key: z.string(),
                    }),
                  },
                },
              },
            },
          },
        },
        async (request, reply) => {
          if (request.headers.accept?.includes('application/json'))
            return reply.send({
              key: audit.verifierKey,
              format: 'c2sp-note-ed25519',
              origin: originOf(request.actor.tenant_id),
              log_key: audit.verifierKeyFor(request.actor.tenant_id),
            });
          return reply.type('text/plain; charset=utf-8').send(`${audit.verifierKey}\n`);
        },
      );

      app.get(
        '/audit/events',
        {
          schema: {
            tags: ['audit'],
            querystring: z.strictObject({
              action: z.string().max(200).optional(),
              actor: z.string().max(200).optional(),
              plan_id: uuid.optional(),
              run_id: uuid.optional(),
              since: z.iso.datetime({ offset: true }).optional(),
              until: z.iso.datetime({ offset: true }).optional(),
              cursor: z
                .string()
                .regex(/^[0-9]{1,19}$/)
                .optional(),
              limit: z.coerce.number().int().min(1).max(500).default(100),
            }),
            response: { 200: z.object({ items: z.array(item), next_cursor: z.string().nullable() }) },
          },
        },
        async (request) => {
          requireReader(request.actor);
          return audit.search(request.actor.tenant_id, request.query);
        },
      );

      app.get(
        '/audit/events/:event_id',
        { schema: { tags: ['audit'], params: eventIdParam, response: { 200: item } } },
        async (request) => {
          requireReader(request.actor);
          return audit.event(request.actor.tenant_id, checkEventId(request.params.event_id));
        },
      );

      app.get(
        '/audit/events/:event_id/proof',
        {
          schema: {
            tags: ['audit'],
            params: eventIdParam,
            querystring: z.strictObject({ size: treeSize.optional() }),
            response: {
              200: z.object({
                event_id: z.string(),
                leaf_index: z.number(),
                tree_size: z.number(),
                leaf_hash: z.string(),
                root: z.string(),
                inclusion: hexList,
                checkpoint: z.string().nullable(),
              }),
            },
          },
        },
        async (request) => {
          requireReader(request.actor);
          const eventId = checkEventId(request.params.event_id);
          return audit.inclusionProof(request.actor.tenant_id, eventId, request.query.size);
        },
      );

      app.get(
        '/audit/consistency',
        {
          schema: {
            tags: ['audit'],
            querystring: z.strictObject({ from: treeSize, to: treeSize.optional() }),
            response: {
              200: z.object({
                from: z.number(),
                to: z.number(),
                from_root: z.string(),
                to_root: z.string(),
                proof: hexList,
                checkpoint: z.string().nullable(),
              }),
            },
          },
        },
        async (request) => {
          requireReader(request.actor);
          return audit.consistencyProof(request.actor.tenant_id, request.query.from, request.query.to);
        },
      );

      app.get(
        '/audit/export',
        {
          schema: {
            tags: ['audit'],
            querystring: z.strictObject({ since: z.iso.datetime({ offset: true }).optional() }),
            response: {
              200: {
                description: 'The log as JSON lines (see audit/export-format.ts), streamed',
                content: { 'application/x-ndjson': { schema: z.unknown().meta({ type: 'string' }) } },
              },
            },
          },
        },
        // Auditors and admins only: see tenancy/route-roles.ts.
        async (request, reply) => {
          const chunks = audit.exportChunks(request.actor.tenant_id, request.query.since);
          // Pull the first chunk before answering, so a failure at the start is a problem+json, not a cut stream.
          // Chunks are pages of lines, pulled only as the socket drains (Readable.from's backpressure).
          const first = await chunks.next();
          async function* all() {
            if (!first.done) yield first.value;
            yield* chunks;
          }
          return reply.type('application/x-ndjson').send(Readable.from(all()));
        },
      );

      // What the integrator refused and the self-check found (audit/quarantine.ts): admins and auditors read it.
      app.get(
        '/audit/quarantine',
        {
          schema: {
            tags: ['audit'],
            querystring: z.strictObject({ all: z.enum(['true', 'false']).default('false') }),
            response: { 200: z.object({ items: z.array(quarantineItem) }) },
          },
        },
        async (request) => {
          if (!hasRole(request.actor, 'admin', 'auditor'))
            throw forbidden('the audit quarantine needs the admin or auditor role');
          const items = await audit.quarantine(request.actor.tenant_id, request.query.all === 'true');
          return { items };
        },
      );

      // Resolving moves a refused row out of the log and resumes the tenant's integration: the admin's call.
      app.post(
        '/audit/quarantine/:id/resolve',
        {
          schema: {
            tags: ['audit'],
            params: z.object({ id: z.string().max(64) }),
            body: z.strictObject({ comment: z.string().max(2000).optional() }).optional(),
            response: { 200: quarantineItem },
          },
        },
        async (request) => {
          if (!hasRole(request.actor, 'admin'))
            throw forbidden('resolving a quarantine entry needs the admin role');
          if (!isUuid(request.params.id)) throw notFound('quarantine entry');
          return audit.resolveQuarantine(request.actor, request.params.id, request.body?.comment);
        },
      );
    },
  };
}
