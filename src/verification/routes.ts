import { z } from 'zod';
import type { RouteModule } from '../http/server.ts';
import type { VerificationService } from './service.ts';

const idParams = z.object({ id: z.string().max(100) });

export function verificationRoutes(verifications: VerificationService): RouteModule {
  return {
    register(app) {
      app.post(
        '/runs/:id/verifications',
        {
          schema: {
            tags: ['verification'],
            description:
              'Verify a run (202): before it runs (a blocking failure cancels it) or after. One active verification per run.',
            params: idParams,
          },
        },
        async (request, reply) =>
          reply.code(202).send(await verifications.start(request.actor, request.params.id)),
      );
      app.get(
        '/runs/:id/verification',
        {
          schema: {
            tags: ['verification'],
            description: "The run's verification report and latest verification; reading never starts work.",
            params: idParams,
          },
        },
        async (request) => verifications.view(request.actor, request.params.id),
      );
    },
  };
}
