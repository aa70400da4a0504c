import { z } from 'zod';
import { forbidden } from '../core/problem.ts';
import { originOf } from '../core/request-context.ts';
import type { Actor } from '../core/roles.ts';
import type { App, RouteModule } from '../core/route-module.ts';
import { visibleText } from '../core/visible-text.ts';
import { memoizeJsonBodies } from '../http/body-memo.ts';
import { clientProblem } from '../http/server.ts';
import type { Authorizer } from './approvals/authorize.ts';
import type { ApprovalService } from './approvals/service.ts';
import type { PlanDiffService } from './diff.ts';
import { PlanStatusSchema, PlanSubmissionSchema } from './plan-schema.ts';
import type { PlanService } from './service.ts';

const RECORDED_WHERE_REFUSED = new Set(['rejected_input', 'rate_limited']);

const riskSchema = z.looseObject({
  level: z.enum(['read', 'low', 'medium', 'high']),
  reasons: z.array(z.string()),
  blast_radius: z.object({
    scope: z.enum(['namespace', 'cluster', 'account']),
    namespaces: z.array(z.string()),
    clusters: z.array(z.string()),
    services: z.array(z.string()),
    teams: z.array(z.string()),
  }),
});

export const planViewSchema = z.looseObject({
  id: z.string(),
  status: PlanStatusSchema,
  content_hash: z.string(),
  revision: z.number(),
  decision: z.looseObject({
    effect: z.enum(['allow', 'deny', 'require_approval']),
    risk: riskSchema,
    requirement: z
      .object({ tier: z.string(), approvers: z.array(z.string()), quorum: z.number(), ttl_hours: z.number() })
      .optional(),
    reasons: z.array(z.string()),
  }),
});

const idParams = z.object({ id: z.string().max(100) });

const stateChangeSchema = z.looseObject({
  resource: z.string(),
  field: z.string(),
  before: z.unknown(),
  after: z.unknown(),
});

const planDiffSchema = z.looseObject({
  plan_id: z.string(),
  revision: z.number(),
  content_hash: z.string(),
  steps: z.array(
    z.looseObject({
      step_id: z.string(),
      tool: z.string(),
      action: z.string(),
      status: z.enum(['previewed', 'unavailable']),
      connector: z.string().nullable(),
      method: z.enum(['dry_run', 'computed', 'read_only']).nullable(),
      changes: z.array(stateChangeSchema),
      notes: z.array(z.string()),
      reason: z.string().nullable(),
      rollback: z.string(),
    }),
  ),
  summary: z.array(z.string()),
  rollback: z.string(),
  on_failure: z.string(),
});

const voteViewSchema = z.looseObject({
  approval: z.looseObject({
    id: z.string(),
    plan_id: z.string(),
    revision: z.number(),
    content_hash: z.string(),
    actor_id: z.string(),
    decision: z.enum(['approve', 'deny', 'send_back']),
    comment: z.string().nullable(),
    source: z.string(),
    created_at: z.string(),
  }),
  plan: planViewSchema,
});

const authorizeBody = z.strictObject({
  plan_id: z.string().min(1).max(100),
  step_id: z.string().min(1).max(64),
  tool: z.string().min(1).max(200),
  input: z.record(z.string(), z.unknown()),
  break_glass: z.strictObject({ reason: visibleText(2000) }).optional(),
});

export const mayPropose = (actor: Actor) => {
  if (!actor.roles.some((role) => role === 'agent' || role === 'operator' || role === 'admin')) {
    throw forbidden('proposing plans needs the agent, operator or admin role');
  }
};

export function planRoutes(deps: {
  plans: Pick<PlanService, 'submit' | 'list' | 'get' | 'revise' | 'cancel'>;
  approvals: Pick<ApprovalService, 'vote'>;
  authorizer: Pick<Authorizer, 'authorize' | 'refused'>;
  diffs: Pick<PlanDiffService, 'diff'>;
}): RouteModule {
  const { plans, approvals, authorizer, diffs } = deps;
  return {
    async register(app) {
      app.post(
        '/plans',
        {
          schema: {
            tags: ['plans'],
            description: 'Submit a plan: validated, redacted, scored and decided by policy.',
            body: PlanSubmissionSchema,
            headers: z.looseObject({ 'idempotency-key': z.string().max(200).optional() }),
            response: { 201: planViewSchema },
          },
        },
        async (request, reply) => {
          mayPropose(request.actor);
          const result = await plans.submit(request.actor, request.body, request.headers['idempotency-key']);
          if (result.replayed) reply.header('idempotent-replayed', 'true');
          // A replay answers with the status stored for the first request, always 201 here.
          return reply.code(201).send(result.body);
        },
      );

      app.get(
        '/plans',
        {
          schema: {
            tags: ['plans'],
            querystring: z.strictObject({
              status: PlanStatusSchema.optional(),
              risk: z.enum(['read', 'low', 'medium', 'high']).optional(),
              environment: z.enum(['dev', 'stage', 'prod']).optional(),
              creator: z.string().max(100).optional(),
              cursor: z.string().max(200).optional(),
              limit: z.coerce.number().int().min(1).max(200).optional(),
            }),
            response: {
              200: z.object({ items: z.array(planViewSchema), next_cursor: z.string().nullable() }),
            },
          },
        },
        async (request) => plans.list(request.actor, request.query),
      );

      app.get(
        '/plans/:id',
        { schema: { tags: ['plans'], params: idParams, response: { 200: planViewSchema } } },
        async (request) => plans.get(request.actor, request.params.id),
      );

      app.get(
        '/plans/:id/diff',
        {
          schema: {
            tags: ['plans'],
            description:
              'What the plan will change, read now: per step the current state through its connector and the ' +
              'state after it (Kubernetes server-side dry run, Argo CD revisions, the simulated cluster), or ' +
              'why it cannot be read; then the rollback in words and what runs if a step fails. Writes nothing.',
            params: idParams,
            response: { 200: planDiffSchema },
          },
        },
        async (request) => diffs.diff(request.actor, request.params.id),
      );

      app.put(
        '/plans/:id',
        {
          schema: {
            tags: ['plans'],
            description:
              'Revise a plan. The revision is decided anew and voids every approval of the old content.',
            params: idParams,
            body: PlanSubmissionSchema,
            response: { 200: planViewSchema },
          },
        },
        async (request) => plans.revise(request.actor, request.params.id, request.body),
      );

      app.post(
        '/plans/:id/cancel',
        {
          schema: {
            tags: ['plans'],
            params: idParams,
            body: z.strictObject({ reason: visibleText(2000).optional() }).nullish(),
            response: { 200: planViewSchema },
          },
        },
        async (request) => plans.cancel(request.actor, request.params.id, request.body?.reason),
      );

      app.post(
        '/plans/:id/approvals',
        {
          schema: {
            tags: ['approvals'],
            description:
              'Vote on a plan: approve, deny or send back, for the revision whose `content_hash` the voter was ' +
              'shown. Nobody who wrote a revision (nor an actor they created) may vote; one vote per person.',
            params: idParams,
            body: z.strictObject({
              decision: z.enum(['approve', 'deny', 'send_back']),
              comment: visibleText(4000).optional(),
              source: z.enum(['ui', 'cli', 'api']).default('api'),
              template_answers: z.record(z.string(), z.unknown()).optional(),
              // The revision the voter was shown; a vote for another is refused (409 stale_revision).
              content_hash: z
                .string()
                .regex(/^[0-9a-f]{64}$/)
                .optional(),
            }),
            response: { 201: voteViewSchema },
          },
        },
        async (request, reply) =>
          reply.code(201).send(await approvals.vote(request.actor, request.params.id, request.body)),
      );

      // The hot path: a body seen lately is not parsed or validated again (see memoizeJsonBodies).
      await app.register(async (hot: App) => {
        memoizeJsonBodies(hot, { partition: (request) => request.actor.tenant_id });
        // A call refused before its decision (malformed, a repeated key, NUL, a field out of bounds) is an
        // attempt too: on record before the answer. Injections and rate limits are recorded where refused.
        hot.addHook('onError', async (request, _reply, error) => {
          const problem = clientProblem(error);
          if (!request.actor || !problem || RECORDED_WHERE_REFUSED.has(problem.code)) return;
          await authorizer.refused(request.actor, originOf(request), {
            status: problem.status,
            code: problem.code,
            detail: problem.message,
          });
        });
        hot.post(
          '/authorize',
          {
            // The hot path: the answer is built here field by field, so it is written as is instead of
            // being parsed again against the response schema (which stays for the OpenAPI document).
            serializerCompiler: () => (data) => JSON.stringify(data),
            schema: {
              tags: ['approvals'],
              description: 'Is this tool call covered right now by an allowed plan or a valid approval?',
              body: authorizeBody,
              response: {
                200: z.object({
                  allowed: z.boolean(),
                  reason_code: z.string(),
                  reason: z.string(),
                  plan_id: z.string(),
                  step_id: z.string(),
                  valid_to: z.string().optional(),
                  exception_id: z.string().optional(),
                }),
              },
            },
          },
          async (request) => authorizer.authorize(request.actor, request.body),
        );
      });
    },
  };
}
