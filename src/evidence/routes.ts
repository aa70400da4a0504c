import { z } from 'zod';
import type { RouteModule } from '../http/server.ts';
import { AgentEvidenceSchema, type AgentEvidenceService } from './agent-evidence.ts';

const idParams = z.object({ id: z.string().max(100) });

export function agentEvidenceRoutes(evidence: AgentEvidenceService): RouteModule {
  return {
    register(app) {
      app.post(
        '/plans/:id/evidence',
        {
          schema: {
            tags: ['evidence'],
            description:
              'Attach evidence an agent collected to a step of the plan; the result is redacted, stored and hashed.',
            params: idParams,
            body: AgentEvidenceSchema,
            headers: z.looseObject({ 'idempotency-key': z.string().max(200).optional() }),
          },
        },
        async (request, reply) => {
          const result = await evidence.attach(
            request.actor,
            request.params.id,
            request.body,
            request.headers['idempotency-key'],
          );
          if (result.replayed) reply.header('idempotent-replayed', 'true');
          return reply.code(201).send(result.body);
        },
      );
      app.get(
        '/plans/:id/evidence',
        { schema: { tags: ['evidence'], params: idParams } },
        async (request) => ({ items: await evidence.list(request.actor, request.params.id) }),
      );
    },
  };
}
