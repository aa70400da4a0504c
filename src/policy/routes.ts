import { z } from 'zod';
import type { RouteModule } from '../core/route-module.ts';
import type { ContextStore } from './context.ts';
import { registerContextRoutes } from './context-routes.ts';
import { policyTestCaseSchema } from './policy-test.ts';
import type { PolicySets } from './sets.ts';
import type { ToolRegistry } from './tools.ts';
import { registerToolRoutes } from './tools-routes.ts';

const tags = ['policy'];
// A policy set is text; one megabyte is far beyond any hand-written set and bounds validation work.
const policyText = z.string().min(1).max(1_000_000);
const versionRef = z.object({ version: z.string().max(64) });

const setViewSchema = z.object({
  id: z.string(),
  version: z.union([z.int(), z.literal('default')]),
  version_hash: z.string(),
  active: z.boolean(),
  created_at: z.string().nullable(),
  created_by: z.string().nullable(),
});
const effectSchema = z.enum(['allow', 'deny', 'require_approval']);
const tierSchema = z.enum(['medium', 'high']);
const requirementSchema = z.object({
  tier: tierSchema,
  approvers: z.array(z.string()),
  quorum: z.int(),
  ttl_hours: z.number(),
});
const simulationSchema = z.object({
  policy_version: z.string(),
  compared: z.int(),
  changed: z.array(
    z.object({
      plan_id: z.string(),
      summary: z.string(),
      created_at: z.string(),
      current: effectSchema,
      simulated: effectSchema,
      requirement_before: requirementSchema.optional(),
      requirement_after: requirementSchema.optional(),
      reasons: z.array(z.string()),
    }),
  ),
});
const outcomeSchema = z.object({
  effect: effectSchema,
  quorum: z.int().optional(),
  tier: z.string().optional(),
});
const testReportSchema = z.object({
  passed: z.int(),
  failed: z.int(),
  results: z.array(
    z.object({
      name: z.string(),
      pass: z.boolean(),
      expected: outcomeSchema,
      actual: outcomeSchema,
      reasons: z.array(z.string()),
    }),
  ),
});

/** Policy sets, simulation and tests, the tool catalog and the context graph: the inputs of every decision. */
export function policyRoutes(deps: {
  sets: PolicySets;
  tools: ToolRegistry;
  context: ContextStore;
}): RouteModule {
  const { sets, tools, context } = deps;
  return {
    register(app) {
      app.get(
        '/policies',
        {
          schema: {
            tags,
            response: {
              200: z.object({
                active: z.union([z.int(), z.literal('default')]),
                versions: z.array(setViewSchema),
              }),
            },
          },
        },
        async (request) => sets.list(request.actor),
      );

      app.post(
        '/policies',
        {
          schema: {
            tags,
            body: z.strictObject({ policies: policyText, activate: z.boolean().default(false) }),
            response: { 201: setViewSchema },
          },
        },
        async (request, reply) =>
          reply
            .code(201)
            .send(await sets.create(request.actor, request.body.policies, request.body.activate)),
      );

      app.post(
        '/policies/simulate',
        {
          schema: {
            tags,
            body: z.strictObject({ policies: policyText, last: z.int().min(1).max(1000).default(100) }),
            response: { 200: simulationSchema },
          },
        },
        async (request) => sets.simulate(request.actor, request.body.policies, request.body.last),
      );

      app.post(
        '/policies/test',
        {
          schema: {
            tags,
            body: z.strictObject({
              policies: policyText.optional(),
              cases: z.array(policyTestCaseSchema).min(1).max(1000),
            }),
            response: { 200: testReportSchema },
          },
        },
        async (request) => sets.test(request.actor, request.body.cases, request.body.policies),
      );

      app.get(
        '/policies/:version',
        {
          schema: {
            tags,
            params: versionRef,
            response: { 200: setViewSchema.extend({ policies: z.string() }) },
          },
        },
        async (request) => sets.get(request.actor, request.params.version),
      );

      app.post(
        '/policies/:version/activate',
        { schema: { tags, params: versionRef, response: { 200: setViewSchema } } },
        async (request) => sets.activate(request.actor, request.params.version),
      );

      registerToolRoutes(app, tools);
      registerContextRoutes(app, context);
    },
  };
}
