// Routes without an API key: the witness protocol (a checkpoint's signature is its authority) and the public
// checkpoints. Both answer text, as tlog-witness and the note format ask; refusals are problem+json, except the
// 409 of add-checkpoint, whose body the protocol fixes (the witness's size, text/x.tlog.size).
import { z } from 'zod';
import { Problem } from '../core/problem.ts';
import type { RouteModule } from '../core/route-module.ts';
import type { PublicCheckpoints } from './public-checkpoints.ts';
import { StaleOldSize, type Witness } from './witness.ts';

const text = (description: string, type = 'text/plain') => ({
  description,
  content: { [type]: { schema: z.string() } },
});
const tags = ['witness'];
// 63 proof lines and a checkpoint with a handful of signatures fit many times over.
const BODY_LIMIT = 64 * 1024;

export function transparencyRoutes(deps: {
  witness: Witness | undefined;
  checkpoints: PublicCheckpoints;
}): RouteModule {
  const { witness, checkpoints } = deps;
  return {
    public: true,
    async register(app) {
      await app.register(async (scope) => {
        // The protocol names no media type: the body is read as text whatever the client labels it.
        scope.addContentTypeParser(
          '*',
          { parseAs: 'string', bodyLimit: BODY_LIMIT },
          (_request, body, done) => done(null, body),
        );
        scope.post(
          '/v1/witness/add-checkpoint',
          {
            bodyLimit: BODY_LIMIT,
            schema: {
              tags,
              description:
                'c2sp.org/tlog-witness add-checkpoint: `old <size>`, consistency proof lines (base64), an empty line, ' +
                'then the signed checkpoint. Answers the cosignature line(s) (tlog-cosignature/v1); 409 with the size ' +
                'last cosigned (text/x.tlog.size); 400 malformed, 403 not signed by a trusted key, 404 unknown log, ' +
                '422 inconsistent.',
              security: [],
              response: {
                200: text('Cosignature lines'),
                409: text(
                  'The size of the latest checkpoint cosigned for the log, then a newline',
                  'text/x.tlog.size',
                ),
              },
            },
          },
          async (request, reply) => {
            if (witness === undefined)
              throw new Problem(404, 'witness_unknown_log', 'this installation witnesses no logs');
            if (typeof request.body !== 'string')
              throw new Problem(
                400,
                'witness_bad_request',
                'the body is the text of tlog-witness add-checkpoint',
              );
            try {
              const lines = await witness.addCheckpoint(request.body);
              return reply.type('text/plain; charset=utf-8').send(lines);
            } catch (error) {
              if (!(error instanceof StaleOldSize)) throw error;
              return reply.code(409).type('text/x.tlog.size').send(`${error.size}\n`);
            }
          },
        );
      });

      app.get(
        '/v1/witness/public-key',
        {
          schema: {
            tags,
            description:
              'The witness’s cosignature verifier key (vkey, type 0x04), for logs and `audit verify --witness`',
            security: [],
            response: { 200: text('The witness key') },
          },
        },
        async (_request, reply) => {
          if (witness === undefined)
            throw new Problem(404, 'not_found', 'this installation witnesses no logs');
          return reply.type('text/plain; charset=utf-8').send(`${witness.verifierKey}\n`);
        },
      );

      app.get(
        '/v1/witness/:origin_hash/checkpoint',
        {
          schema: {
            tags,
            description:
              'tlog-witness monitoring: the latest checkpoint cosigned for the log whose origin has this SHA-256',
            security: [],
            params: z.object({ origin_hash: z.string().max(64) }),
            response: {
              200: text('The checkpoint with the log’s signatures and this witness’s cosignature'),
            },
          },
        },
        async (request, reply) => {
          const note = /^[0-9a-f]{64}$/.test(request.params.origin_hash)
            ? await witness?.latest(request.params.origin_hash)
            : undefined;
          if (note === undefined) throw new Problem(404, 'not_found', 'no checkpoint cosigned for that log');
          return reply.type('text/plain; charset=utf-8').send(note);
        },
      );

      const tenantParams = z.object({ tenant_id: z.string().max(64) });
      app.get(
        '/v1/public/audit/:tenant_id/checkpoint',
        {
          schema: {
            tags: ['audit'],
            description:
              'The tenant’s newest signed checkpoint, with witness cosignatures (audit.public_checkpoints)',
            security: [],
            params: tenantParams,
            response: { 200: text('A signed checkpoint (C2SP signed note)') },
          },
        },
        async (request, reply) =>
          reply
            .type('text/plain; charset=utf-8')
            .send(await checkpoints.checkpoint(request.params.tenant_id)),
      );
      app.get(
        '/v1/public/audit/:tenant_id/public-key',
        {
          schema: {
            tags: ['audit'],
            description:
              'The verifier key of the tenant’s log, named for its origin (audit.public_checkpoints)',
            security: [],
            params: tenantParams,
            response: { 200: text('The log’s verifier key') },
          },
        },
        async (request, reply) =>
          reply
            .type('text/plain; charset=utf-8')
            .send(`${await checkpoints.key(request.params.tenant_id)}\n`),
      );
    },
  };
}
