// Reads and writes of tenants, actors and API keys.
import { and, asc, eq, isNull, or, sql } from 'drizzle-orm';
import { isUuid } from '../core/ids.ts';
import { notFound } from '../core/problem.ts';
import type { Actor } from '../core/roles.ts';
import type { Executor } from '../db/connect.ts';
import {
  type ActorRecord,
  type ApiKeyRecord,
  actors,
  apiKeys,
  type TenantRecord,
  tenants,
} from './tables.ts';

// Any constant works; it only has to be the same in every Warrant process.
const BOOTSTRAP_LOCK = 7_215_002;

/** The actor as requests see it (core/roles.ts's Actor), with its tenant's name: `actors` joined to `tenants`. */
export const actorFields = {
  id: actors.id,
  type: actors.type,
  name: actors.name,
  roles: actors.roles,
  tenant_id: actors.tenant_id,
  tenant_name: tenants.name,
  is_root: actors.is_root,
};

/**
 * An actor by id, with their roles now (a revoked role shows at once). Given `tenantId`, an actor of another
 * tenant is not found.
 */
export async function loadActor(tx: Executor, actorId: string, tenantId?: string): Promise<Actor> {
  if (!isUuid(actorId)) throw notFound(`actor ${actorId}`);
  const [row] = await tx
    .select(actorFields)
    .from(actors)
    .innerJoin(tenants, eq(tenants.id, actors.tenant_id))
    .where(and(eq(actors.id, actorId), tenantId === undefined ? undefined : eq(actors.tenant_id, tenantId)));
  if (!row) throw notFound(`actor ${actorId}`);
  return row;
}

const tenantFields = { id: tenants.id, name: tenants.name, created_at: tenants.created_at };

/** Serializes first starts on one server until the transaction ends. */
export async function lockBootstrap(tx: Executor): Promise<void> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(${BOOTSTRAP_LOCK})`);
}

export async function anyTenant(exec: Executor): Promise<boolean> {
  const rows = await exec.select({ id: tenants.id }).from(tenants).limit(1);
  return rows.length > 0;
}

export async function findTenantByName(exec: Executor, name: string) {
  const [row] = await exec.select(tenantFields).from(tenants).where(eq(tenants.name, name));
  return row;
}

/** The tenant named `ref`, or whose id is `ref` (compared as text, so any string may be given). */
export async function findTenantByRef(exec: Executor, ref: string) {
  const [row] = await exec
    .select(tenantFields)
    .from(tenants)
    .where(or(eq(tenants.name, ref), sql`${tenants.id}::text = ${ref}`));
  return row;
}

/** Every tenant by name, or only `tenantId`. */
export function listTenants(exec: Executor, tenantId?: string) {
  return exec
    .select(tenantFields)
    .from(tenants)
    .where(tenantId === undefined ? undefined : eq(tenants.id, tenantId))
    .orderBy(asc(tenants.name));
}

export async function insertTenant(exec: Executor, tenant: TenantRecord): Promise<void> {
  await exec.insert(tenants).values(tenant);
}

export async function insertActor(exec: Executor, actor: Omit<ActorRecord, 'oidc_subject'>): Promise<void> {
  await exec.insert(actors).values(actor);
}

export async function insertApiKey(exec: Executor, key: Omit<ApiKeyRecord, 'revoked_at'>): Promise<void> {
  await exec.insert(apiKeys).values(key);
}

/** The actor behind a key that is not revoked, and the key's secret hash. */
export async function findKeyActor(exec: Executor, keyId: string) {
  const [row] = await exec
    .select({ ...actorFields, secret_hash: apiKeys.secret_hash })
    .from(apiKeys)
    .innerJoin(actors, eq(actors.id, apiKeys.actor_id))
    .innerJoin(tenants, eq(tenants.id, actors.tenant_id))
    .where(and(eq(apiKeys.id, keyId), isNull(apiKeys.revoked_at)));
  return row;
}

/** A tenant's keys with their actors' roles, oldest first. */
export function listKeys(exec: Executor, tenantId: string) {
  return exec
    .select({
      id: apiKeys.id,
      name: apiKeys.name,
      actor_id: apiKeys.actor_id,
      roles: actors.roles,
      created_at: apiKeys.created_at,
      revoked_at: apiKeys.revoked_at,
    })
    .from(apiKeys)
    .innerJoin(actors, eq(actors.id, apiKeys.actor_id))
    .where(eq(apiKeys.tenant_id, tenantId))
    .orderBy(asc(apiKeys.created_at), asc(apiKeys.id));
}

/** A tenant's actors: who they are, for showing names instead of ids; by name. */
export function listActors(exec: Executor, tenantId: string) {
  return exec
    .select({
      id: actors.id,
      name: actors.name,
      type: actors.type,
      roles: actors.roles,
      person: actors.person,
    })
    .from(actors)
    .where(eq(actors.tenant_id, tenantId))
    .orderBy(asc(actors.name), asc(actors.id));
}

/** Revokes a key of the tenant; false when there is no such key or it was already revoked. */
export async function revokeApiKey(
  exec: Executor,
  tenantId: string,
  keyId: string,
  at: Date,
): Promise<boolean> {
  const rows = await exec
    .update(apiKeys)
    .set({ revoked_at: at })
    .where(and(eq(apiKeys.id, keyId), eq(apiKeys.tenant_id, tenantId), isNull(apiKeys.revoked_at)))
    .returning({ id: apiKeys.id });
  return rows.length > 0;
}

/**
 * The user actor of an OIDC subject in a tenant: created on first sight, its roles and name refreshed from
 * the token on every later one.
 */
export async function upsertOidcActor(
  exec: Executor,
  actor: Pick<ActorRecord, 'id' | 'tenant_id' | 'name' | 'roles' | 'oidc_subject' | 'person'>,
) {
  const [row] = await exec
    .insert(actors)
    .values({ ...actor, type: 'user' })
    .onConflictDoUpdate({
      target: [actors.tenant_id, actors.oidc_subject],
      set: { roles: sql`excluded.roles`, name: sql`excluded.name` },
    })
    .returning({
      id: actors.id,
      type: actors.type,
      name: actors.name,
      roles: actors.roles,
      tenant_id: actors.tenant_id,
      is_root: actors.is_root,
    });
  // An upsert returns its row, inserted or updated.
  return row!;
}
