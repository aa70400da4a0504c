import { z } from 'zod';
import type { Config } from '../config/schema.ts';
import { actorTypes, roles } from '../core/roles.ts';
import type { RouteModule } from '../core/route-module.ts';
import type { TenancyService } from './service.ts';

const actorView = z.object({
  id: z.string(),
  type: z.enum(actorTypes),
  name: z.string(),
  roles: z.array(z.enum(roles)),
  tenant_id: z.string(),
  tenant_name: z.string(),
});

const actorListView = z.looseObject({
  id: z.string(),
  name: z.string(),
  type: z.enum(actorTypes),
  roles: z.array(z.enum(roles)),
  person: z.string(),
});

const tenantView = z.object({ id: z.string(), name: z.string(), created_at: z.string() });

const keyView = z.object({
  id: z.string(),
  name: z.string(),
  actor_id: z.string(),
  roles: z.array(z.enum(roles)),
  created_at: z.string(),
  revoked_at: z.string().nullable(),
});

const tenantName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'lowercase letters, digits, - and _, at most 63 characters');

export function tenancyRoutes(
  tenancy: Pick<
    TenancyService,
    'createTenant' | 'listTenants' | 'createKey' | 'listKeys' | 'revokeKey' | 'listActors'
  >,
): RouteModule {
  return {
    register(app) {
      app.get(
        '/whoami',
        { schema: { tags: ['tenancy'], response: { 200: z.object({ actor: actorView }) } } },
        async (request) => ({ actor: request.actor }),
      );

      app.get(
        '/actors',
        {
          schema: {
            tags: ['tenancy'],
            description:
              "The caller's tenant's actors (people, services, agents) with their names and roles, so that " +
              'clients show names instead of ids. Open to every role; another tenant is never listed.',
            response: { 200: z.object({ items: z.array(actorListView) }) },
          },
        },
        async (request) => ({ items: await tenancy.listActors(request.actor) }),
      );

      app.post(
        '/tenants',
        {
          schema: {
            tags: ['tenancy'],
            body: z.strictObject({ name: tenantName }),
            response: { 201: tenantView },
          },
        },
        async (request, reply) =>
          reply.code(201).send(await tenancy.createTenant(request.actor, request.body.name)),
      );

      app.get(
        '/tenants',
        { schema: { tags: ['tenancy'], response: { 200: z.object({ items: z.array(tenantView) }) } } },
        async (request) => ({ items: await tenancy.listTenants(request.actor) }),
      );

      app.post(
        '/keys',
        {
          schema: {
            tags: ['tenancy'],
            body: z.strictObject({
              tenant: z.string().min(1).max(100).optional(),
              role: z.enum(roles),
              name: z.string().min(1).max(100),
              type: z.enum(actorTypes).optional(),
              // The person the key belongs to (default: its name); several keys of one person are one voter.
              person: z.string().min(1).max(200).optional(),
            }),
            response: { 201: keyView.extend({ key: z.string(), tenant: z.string(), person: z.string() }) },
          },
        },
        async (request, reply) => reply.code(201).send(await tenancy.createKey(request.actor, request.body)),
      );

      app.get(
        '/keys',
        { schema: { tags: ['tenancy'], response: { 200: z.object({ items: z.array(keyView) }) } } },
        async (request) => ({ items: await tenancy.listKeys(request.actor) }),
      );

      app.delete(
        '/keys/:id',
        {
          schema: {
            tags: ['tenancy'],
            params: z.object({ id: z.string().max(64) }),
            response: { 204: z.undefined().describe('Revoked; no body') },
          },
        },
        async (request, reply) => {
          await tenancy.revokeKey(request.actor, request.params.id);
          return reply.code(204).send();
        },
      );
    },
  };
}

/** How to sign in, for the console's first page: public, it names no tenant and no secret. */
export function authConfigRoutes(gateway: Config['gateway']): RouteModule {
  return {
    public: true,
    register(app) {
      app.get(
        '/v1/auth/config',
        {
          schema: {
            tags: ['tenancy'],
            security: [],
            response: {
              200: z.object({
                api_key: z.boolean(),
                oidc: z.object({ issuer: z.string(), client_id: z.string().nullable() }).nullable(),
              }),
            },
          },
        },
        async () => ({
          api_key: true,
          oidc: gateway.oidc_issuer
            ? { issuer: gateway.oidc_issuer, client_id: gateway.oidc_client_id ?? null }
            : null,
        }),
      );
    },
  };
}
