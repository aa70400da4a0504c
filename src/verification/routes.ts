import { z } from 'zod';
import type { RouteModule } from '../core/route-module.ts';
import { FLOWS, VerificationReportSchema } from './report.ts';
import type { VerificationService } from './service.ts';

const idParams = z.object({ id: z.string().max(100) });
const timestamp = z.iso.datetime();

const verificationSchema = z.looseObject({
  id: z.string(),
  run_id: z.string(),
  flow: z.enum(FLOWS),
  status: z.enum(['queued', 'running', 'completed']),
  outcome: z.enum(['pending', 'succeeded', 'failed']),
  summary_counts: z.record(z.string(), z.number()),
  failure_summary: z.looseObject({ code: z.string(), message: z.string() }).nullable(),
  started_by: z.string(),
  created_at: timestamp,
  started_at: timestamp.nullable(),
  completed_at: timestamp.nullable(),
});

export function verificationRoutes(verifications: Pick<VerificationService, 'start' | 'view'>): RouteModule {
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
            response: {
              202: z.object({
                id: z.string(),
                run_id: z.string(),
                flow: z.enum(FLOWS),
                status: z.literal('running'),
              }),
            },
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
            response: {
              200: z.object({
                run_id: z.string(),
                verification: verificationSchema.nullable(),
                report: VerificationReportSchema.nullable(),
              }),
            },
          },
        },
        async (request) => verifications.view(request.actor, request.params.id),
      );
    },
  };
}
