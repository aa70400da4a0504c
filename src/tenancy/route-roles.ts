import type { FastifyRequest } from 'fastify';
import { forbidden, type Problem } from '../core/problem.ts';
import { hasRole, type Role } from '../core/roles.ts';
import type { App } from '../core/route-module.ts';

/**
 * Routes whose every use is kept to some roles, by method and route template: one table, checked once per
 * request before the body is read. Rules that depend on the thing acted on (its creator, its owner) stay
 * with the services. README's "Roles" table and test/roles.test.ts follow this one.
 */
export const ROUTE_ROLES: Readonly<Record<string, readonly Role[]>> = {
  // Keys name every actor of the tenant and their roles: the admin's business.
  'GET /v1/keys': ['admin'],
  // Not here, on purpose: GET /v1/actors is open to every role (agent and viewer too). It names the people of
  // the caller's own tenant (names, types, roles; no key, no secret, no other tenant) so that every page shows
  // "alice" where it would show an id; hiding it would leave the agents' and viewers' pages with bare ids.
  // The whole log at once is an audit; reading events one query at a time is open to every human role.
  'GET /v1/audit/export': ['admin', 'auditor'],
  // A schedule submits plans on its own for as long as it exists: set up by people who run things.
  'POST /v1/schedules': ['admin', 'operator'],
  'DELETE /v1/schedules/:id': ['admin', 'operator'],
  'POST /v1/playbooks/:name/schedules': ['admin', 'operator'],
  // Rewrites the tenant's graph (its live part) from what the installation's connectors see.
  'POST /v1/context/refresh': ['admin', 'operator'],
  // The secret that signs the tenant's GitHub deliveries.
  'GET /v1/worklog/webhook': ['admin'],
};

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Set from ROUTE_ROLES when the route is added. */
    roles?: readonly Role[];
  }
}

// HEAD answers with GET's handler: it is held to GET's rule.
const ruleKey = (method: string, url: string) => `${method === 'HEAD' ? 'GET' : method} ${url}`;

/**
 * Attaches each route's rule to the route as it is added, checks it on every request after authentication,
 * and refuses to start when a rule names no route (a renamed route must not lose its rule silently).
 * Register before any route.
 */
export function enforceRouteRoles(app: App): void {
  const unmatched = new Set(Object.keys(ROUTE_ROLES));
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      const key = ruleKey(method, route.url);
      const roles = ROUTE_ROLES[key];
      if (!roles) continue;
      unmatched.delete(key);
      route.config = { ...route.config, roles };
    }
  });
  app.addHook('onReady', (done) => {
    done(unmatched.size > 0 ? new Error(`role rules for no route: ${[...unmatched].join(', ')}`) : undefined);
  });
  // preParsing runs after every onRequest hook, so /v1's authentication has named the actor.
  app.addHook('preParsing', (request, _reply, payload, done) => {
    const refusal = refusalOf(request);
    if (refusal) return done(refusal);
    done(null, payload);
  });
}

function refusalOf(request: FastifyRequest): Problem | undefined {
  const roles = request.routeOptions.config.roles;
  if (!roles || (request.actor && hasRole(request.actor, ...roles))) return undefined;
  const route = ruleKey(request.method, request.routeOptions.url ?? '');
  return forbidden(`${route} needs the ${roles.join(' or ')} role`);
}
