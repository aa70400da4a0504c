import { z } from 'zod';
import type { RouteModule } from '../core/route-module.ts';
import { ContextRefSchema } from '../plans/plan-schema.ts';
import { mayPropose, planViewSchema } from '../plans/routes.ts';
import type { PlanService } from '../plans/service.ts';
import { AlertSchema } from './alert-schema.ts';
import type { PlanDrafter } from './draft.ts';

export const DraftBodySchema = z.strictObject({
  intent: z.string().min(1).max(4000),
  context: ContextRefSchema.partial().optional(),
  alert: AlertSchema.optional(),
});

// Every field of Draft; the submission in it is loose, so none of its fields is dropped.
const draftViewSchema = z.object({
  draft: z.looseObject({
    summary: z.string(),
    intent: z.string(),
    trigger: z.string(),
    context: z.looseObject({}),
    steps: z.array(z.looseObject({ step_id: z.string(), tool: z.string(), input: z.looseObject({}) })),
  }),
  provider: z.string(),
  model: z.string(),
});

/** `POST /v1/plans/draft`: a model drafts, Warrant checks; `?submit=true` submits the draft at once. */
export function draftRoutes(deps: {
  drafter: Pick<PlanDrafter, 'draft'>;
  plans: Pick<PlanService, 'submit'>;
}): RouteModule {
  return {
    register(app) {
      app.post(
        '/plans/draft',
        {
          schema: {
            tags: ['plans'],
            description:
              'Draft a plan from an intent (and an alert) with the configured model: checked against the plan ' +
              'schema and the tool catalog. Not submitted unless submit=true; then policy decides as for any plan.',
            body: DraftBodySchema,
            querystring: z.strictObject({ submit: z.stringbool().default(false) }),
            headers: z.looseObject({ 'idempotency-key': z.string().max(200).optional() }),
            response: {
              200: draftViewSchema,
              201: draftViewSchema.extend({ plan: planViewSchema }),
            },
          },
        },
        async (request, reply) => {
          mayPropose(request.actor);
          const drafted = await deps.drafter.draft(request.actor, request.body);
          if (!request.query.submit) return drafted;
          const { body } = await deps.plans.submit(
            request.actor,
            drafted.draft,
            request.headers['idempotency-key'],
          );
          return reply.code(201).send({ ...drafted, plan: body });
        },
      );
    },
  };
}
