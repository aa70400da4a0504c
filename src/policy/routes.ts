import { z } from 'zod';
import type { Clock } from '../core/clock.ts';
import type { Orm } from '../db/connect.ts';
import type { RouteModule } from '../http/server.ts';
import { ContextStore } from './context.ts';
import { registerContextRoutes } from './context-routes.ts';
import { policyTestCaseSchema } from './policy-test.ts';
import type { PolicyService } from './service.ts';
import { PolicySets } from './sets.ts';
import { ToolRegistry } from './tools.ts';
import { registerToolRoutes } from './tools-routes.ts';

const tags = ['policy'];
// A policy set is text; one megabyte is far beyond any hand-written set and bounds validation work.
const policyText = z.string().min(1).max(1_000_000);
const versionRef = z.object({ version: z.string().max(64) });

/** Policy sets, simulation and tests, the tool catalog and the context graph: the inputs of every decision. */
export function policyRoutes(policy: PolicyService, deps: { orm: Orm; clock: Clock }): RouteModule {
  const sets = new PolicySets(deps.orm, deps.clock, policy);
  const tools = new ToolRegistry(deps.orm, deps.clock, policy);
  const context = new ContextStore(deps.orm, deps.clock, policy);
  return {
    register(app) {
      app.get('/policies', { schema: { tags } }, async (request) => sets.list(request.actor));

      app.post(
        '/policies',
        {
          schema: {
            tags,
            body: z.strictObject({ policies: policyText, activate: z.boolean().default(false) }),
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
          },
        },
        async (request) => sets.test(request.actor, request.body.cases, request.body.policies),
      );

      app.get('/policies/:version', { schema: { tags, params: versionRef } }, async (request) =>
        sets.get(request.actor, request.params.version),
      );

      app.post('/policies/:version/activate', { schema: { tags, params: versionRef } }, async (request) =>
        sets.activate(request.actor, request.params.version),
      );

      registerToolRoutes(app, tools);
      registerContextRoutes(app, context);
    },
  };
}
