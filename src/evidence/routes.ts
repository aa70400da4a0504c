import { z } from 'zod';
import type { RouteModule } from '../core/route-module.ts';
import { AgentEvidenceSchema, type AgentEvidenceService } from './agent-evidence.ts';

const idParams = z.object({ id: z.string().max(100) });

const evidenceViewSchema = z.object({
  id: z.string(),
  plan_id: z.string(),
  step_id: z.string(),
  type: z.string(),
  query: z.string(),
  result_ref: z.string(),
  sha256: z.string(),
  link: z.string().nullable(),
  actor_id: z.string(),
  collected_at: z.string(),
});

export function agentEvidenceRoutes(evidence: Pick<AgentEvidenceService, 'attach' | 'list'>): RouteModule {
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
            response: { 201: evidenceViewSchema },
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
        {
          schema: {
            tags: ['evidence'],
            params: idParams,
            response: { 200: z.object({ items: z.array(evidenceViewSchema) }) },
          },
        },
        async (request) => ({ items: await evidence.list(request.actor, request.params.id) }),
      );
    },
  };
}
