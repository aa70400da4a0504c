import { sql } from 'drizzle-orm';
import { appendAudit } from '../audit/append.ts';
import type { Clock } from '../core/clock.ts';
import { newId } from '../core/ids.ts';
import { conflict, forbidden, notFound } from '../core/problem.ts';
import { iso } from '../core/time.ts';
import { type Executor, type Orm, rowsOf } from '../db/connect.ts';
import { notify } from '../db/notify.ts';
import { generateApiKey, parseApiKey, secretMatches } from './api-key.ts';
import type { Actor, ActorType, Role } from './roles.ts';

interface ActorRow {
  id: string;
  type: ActorType;
  name: string;
  roles: Role[];
  tenant_id: string;
  tenant_name: string;
  is_root: boolean;
}

export interface TenantView {
  id: string;
  name: string;
  created_at: string;
}

export interface KeyView {
  id: string;
  name: string;
  actor_id: string;
  roles: Role[];
  created_at: string;
  revoked_at: string | null;
}

/** Channel on which revocations reach every process's key cache. */
export const KEY_REVOKED_CHANNEL = 'warrant_key_revoked';

interface CachedKey {
  actor: Actor;
  secretHashHex: string;
  cachedAt: number;
}

export class TenancyService {
  private readonly orm: Orm;
  private readonly clock: Clock;
  /**
   * Verified keys by key id. Revocations evict at once (locally, and in other processes through
   * KEY_REVOKED_CHANNEL); the age limit only bounds the damage of a missed notification.
   */
  private readonly keyCache = new Map<string, CachedKey>();
  private static readonly KEY_CACHE_MS = 30_000;
  constructor(orm: Orm, clock: Clock) {
    this.orm = orm;
    this.clock = clock;
  }

  /** Drops cached keys: one that was revoked, or all of them when notifications may have been missed. */
  evictKey(keyId?: string): void {
    if (keyId === undefined) this.keyCache.clear();
    else this.keyCache.delete(keyId);
  }

  /** The caller behind an API key, or undefined for an unknown, malformed or revoked key. */
  async authenticateKey(token: string): Promise<Actor | undefined> {
    const parsed = parseApiKey(token);
    if (!parsed) return undefined;
    const cached = this.keyCache.get(parsed.id);
    if (cached && performance.now() - cached.cachedAt < TenancyService.KEY_CACHE_MS) {
      return secretMatches(parsed.secret, cached.secretHashHex) ? cached.actor : undefined;
    }
    const rows = rowsOf<ActorRow & { secret_hash: Uint8Array }>(
      await this.orm.execute(sql`
        SELECT a.id, a.type, a.name, a.roles, a.tenant_id, t.name AS tenant_name, a.is_root, k.secret_hash
        FROM api_keys k JOIN actors a ON a.id = k.actor_id JOIN tenants t ON t.id = a.tenant_id
        WHERE k.id = ${parsed.id} AND k.revoked_at IS NULL`),
    );
    const row = rows[0];
    if (!row) return undefined;
    const { secret_hash: secretHash, ...actor } = row;
    const secretHashHex = Buffer.from(secretHash).toString('hex');
    this.keyCache.set(parsed.id, { actor, secretHashHex, cachedAt: performance.now() });
    return secretMatches(parsed.secret, secretHashHex) ? actor : undefined;
  }

  /** Creates tenant `demo` and its first (root) admin key on an empty database; undefined otherwise. */
  async bootstrap(): Promise<{ tenant: TenantView; token: string } | undefined> {
    return this.orm.transaction(async (tx) => {
      // Serializes concurrent first starts on one server.
      await tx.execute(sql`SELECT pg_advisory_xact_lock(7215002)`);
      const existing = rowsOf(await tx.execute(sql`SELECT 1 FROM tenants LIMIT 1`));
      if (existing.length > 0) return undefined;
      const tenant = await this.insertTenant(tx, 'demo');
      const actor = await this.insertActor(tx, tenant.id, 'service', 'bootstrap-admin', ['admin'], true);
      const system = { ...actor, tenant_name: tenant.name };
      const token = await this.insertKey(tx, actor.id, tenant.id, 'bootstrap-admin');
      await appendAudit(tx, {
        tenant_id: tenant.id,
        actor: system,
        action: 'tenant.created',
        occurred_at: this.clock.now(),
        context: { tenant_name: tenant.name, bootstrap: true },
      });
      return { tenant, token };
    });
  }

  async createTenant(caller: Actor, name: string): Promise<TenantView> {
    if (!caller.is_root) throw forbidden('only the first admin key may create tenants');
    return this.orm.transaction(async (tx) => {
      const taken = rowsOf(await tx.execute(sql`SELECT 1 FROM tenants WHERE name = ${name}`));
      if (taken.length > 0) throw conflict(`tenant ${name} already exists`, 'tenant_exists');
      const tenant = await this.insertTenant(tx, name);
      await appendAudit(tx, {
        tenant_id: tenant.id,
        actor: caller,
        action: 'tenant.created',
        occurred_at: this.clock.now(),
        context: { tenant_name: name },
      });
      return tenant;
    });
  }

  async listTenants(caller: Actor): Promise<TenantView[]> {
    const rows = rowsOf<TenantView>(
      caller.is_root
        ? await this.orm.execute(sql`SELECT id, name, created_at FROM tenants ORDER BY name`)
        : await this.orm.execute(
            sql`SELECT id, name, created_at FROM tenants WHERE id = ${caller.tenant_id}`,
          ),
    );
    return rows.map((row) => ({ ...row, created_at: iso(row.created_at)! }));
  }

  /** Resolves a tenant by name or id as seen by the caller: another tenant is "not found" unless root. */
  async resolveTenant(caller: Actor, ref: string | undefined): Promise<TenantView> {
    if (ref === undefined || ref === caller.tenant_name || ref === caller.tenant_id) {
      return { id: caller.tenant_id, name: caller.tenant_name, created_at: '' };
    }
    if (!caller.is_root) throw notFound(`tenant ${ref}`);
    const rows = rowsOf<TenantView>(
      await this.orm.execute(
        sql`SELECT id, name, created_at FROM tenants WHERE name = ${ref} OR id::text = ${ref}`,
      ),
    );
    if (!rows[0]) throw notFound(`tenant ${ref}`);
    return rows[0];
  }

  /** Creates an actor holding `role` and a key for it; returns the key, shown this once. */
  async createKey(
    caller: Actor,
    input: { tenant?: string; role: Role; name: string; type?: ActorType },
  ): Promise<KeyView & { key: string; tenant: string }> {
    if (!caller.roles.includes('admin')) throw forbidden('creating keys needs the admin role');
    const tenant = await this.resolveTenant(caller, input.tenant);
    const type: ActorType = input.type ?? (input.role === 'agent' ? 'agent' : 'service');
    return this.orm.transaction(async (tx) => {
      const actor = await this.insertActor(tx, tenant.id, type, input.name, [input.role], false);
      const token = await this.insertKey(tx, actor.id, tenant.id, input.name);
      const id = parseApiKey(token)!.id;
      await appendAudit(tx, {
        tenant_id: tenant.id,
        actor: caller,
        action: 'api_key.created',
        occurred_at: this.clock.now(),
        context: { key_id: id, key_name: input.name, role: input.role, subject_actor_id: actor.id },
      });
      return {
        id,
        key: token,
        tenant: tenant.name,
        name: input.name,
        actor_id: actor.id,
        roles: [input.role],
        created_at: this.clock.now().toISOString(),
        revoked_at: null,
      };
    });
  }

  async listKeys(caller: Actor): Promise<KeyView[]> {
    const rows = rowsOf<KeyView>(
      await this.orm.execute(sql`
        SELECT k.id, k.name, k.actor_id, a.roles, k.created_at, k.revoked_at
        FROM api_keys k JOIN actors a ON a.id = k.actor_id
        WHERE k.tenant_id = ${caller.tenant_id} ORDER BY k.created_at, k.id`),
    );
    return rows.map((row) => ({ ...row, created_at: iso(row.created_at)!, revoked_at: iso(row.revoked_at) }));
  }

  async revokeKey(caller: Actor, keyId: string): Promise<void> {
    if (!caller.roles.includes('admin')) throw forbidden('revoking keys needs the admin role');
    await this.orm.transaction(async (tx) => {
      const rows = rowsOf<{ id: string }>(
        await tx.execute(sql`
          UPDATE api_keys SET revoked_at = ${this.clock.now().toISOString()}
          WHERE id = ${keyId} AND tenant_id = ${caller.tenant_id} AND revoked_at IS NULL RETURNING id`),
      );
      if (!rows[0]) throw notFound(`key ${keyId}`);
      await notify(tx, KEY_REVOKED_CHANNEL, keyId);
      await appendAudit(tx, {
        tenant_id: caller.tenant_id,
        actor: caller,
        action: 'api_key.revoked',
        occurred_at: this.clock.now(),
        context: { key_id: keyId },
      });
    });
    this.evictKey(keyId);
  }

  /** The actor for a verified OIDC identity, created on first sight with the token's roles. */
  async actorForOidc(claims: {
    subject: string;
    tenant: string;
    roles: Role[];
    name: string;
  }): Promise<Actor | undefined> {
    return this.orm.transaction(async (tx) => {
      const tenants = rowsOf<{ id: string; name: string }>(
        await tx.execute(sql`SELECT id, name FROM tenants WHERE name = ${claims.tenant}`),
      );
      const tenant = tenants[0];
      if (!tenant) return undefined;
      const rows = rowsOf<ActorRow>(
        await tx.execute(sql`
          INSERT INTO actors (id, tenant_id, type, name, roles, oidc_subject)
          VALUES (${newId()}, ${tenant.id}, 'user', ${claims.name}, ${pgArray(claims.roles)}::text[], ${claims.subject})
          ON CONFLICT (tenant_id, oidc_subject) DO UPDATE SET roles = EXCLUDED.roles, name = EXCLUDED.name
          RETURNING id, type, name, roles, tenant_id, is_root`),
      );
      return { ...rows[0]!, tenant_name: tenant.name };
    });
  }

  private async insertTenant(tx: Executor, name: string): Promise<TenantView> {
    const id = newId();
    const createdAt = this.clock.now().toISOString();
    await tx.execute(sql`INSERT INTO tenants (id, name, created_at) VALUES (${id}, ${name}, ${createdAt})`);
    return { id, name, created_at: createdAt };
  }

  private async insertActor(
    tx: Executor,
    tenantId: string,
    type: ActorType,
    name: string,
    actorRoles: Role[],
    isRoot: boolean,
  ): Promise<Omit<ActorRow, 'tenant_name'>> {
    const id = newId();
    await tx.execute(sql`
      INSERT INTO actors (id, tenant_id, type, name, roles, is_root, created_at)
      VALUES (${id}, ${tenantId}, ${type}, ${name}, ${pgArray(actorRoles)}::text[], ${isRoot}, ${this.clock.now().toISOString()})`);
    return { id, type, name, roles: actorRoles, tenant_id: tenantId, is_root: isRoot };
  }

  private async insertKey(tx: Executor, actorId: string, tenantId: string, name: string): Promise<string> {
    const key = generateApiKey();
    await tx.execute(sql`
      INSERT INTO api_keys (id, tenant_id, actor_id, name, secret_hash, created_at)
      VALUES (${key.id}, ${tenantId}, ${actorId}, ${name}, ${key.secretHash}, ${this.clock.now().toISOString()})`);
    return key.token;
  }
}

/** A text[] literal; drivers differ in how they bind JS arrays, a literal binds the same on both. */
export function pgArray(values: readonly string[]): string {
  return `{${values.map((value) => `"${value.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;
}
