import { appendAudit } from '../audit/append.ts';
import type { Clock } from '../core/clock.ts';
import { newId } from '../core/ids.ts';
import { conflict, forbidden, notFound } from '../core/problem.ts';
import { type Actor, type ActorType, normalizePerson, type Role } from '../core/roles.ts';
import { iso } from '../core/time.ts';
import type { Database, Executor } from '../db/connect.ts';
import { notify } from '../db/notify.ts';
import { generateApiKey, parseApiKey, secretMatches } from './api-key.ts';
import * as store from './store.ts';
import type { TenantRecord } from './tables.ts';

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

export type ActorView = {
  id: string;
  name: string;
  type: ActorType;
  roles: Role[];
  /** The person the actor acts for (several actors of one person are one voter). */
  person: string;
};

/** Channel on which revocations reach every process's key cache. */
export const KEY_REVOKED_CHANNEL = 'warrant_key_revoked';

interface CachedKey {
  actor: Actor;
  secretHashHex: string;
  cachedAt: number;
}

export class TenancyService {
  private readonly db: Pick<Database, 'orm'>;
  private readonly clock: Clock;
  /**
   * Verified keys by key id. Revocations evict at once (locally, and in other processes through
   * KEY_REVOKED_CHANNEL); the age limit only bounds the damage of a missed notification.
   */
  private readonly keyCache = new Map<string, CachedKey>();
  private static readonly KEY_CACHE_MS = 30_000;
  constructor(deps: { db: Pick<Database, 'orm'>; clock: Clock }) {
    this.db = deps.db;
    this.clock = deps.clock;
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
    const row = await store.findKeyActor(this.db.orm, parsed.id);
    if (!row) return undefined;
    const { secret_hash: secretHash, ...actor } = row;
    const secretHashHex = Buffer.from(secretHash).toString('hex');
    this.keyCache.set(parsed.id, { actor, secretHashHex, cachedAt: performance.now() });
    return secretMatches(parsed.secret, secretHashHex) ? actor : undefined;
  }

  /** Creates tenant `demo` and its first (root) admin key on an empty database; undefined otherwise. */
  async bootstrap(): Promise<{ tenant: TenantView; token: string } | undefined> {
    return this.db.orm.transaction(async (tx) => {
      await store.lockBootstrap(tx);
      if (await store.anyTenant(tx)) return undefined;
      const tenant = await this.insertTenant(tx, 'demo');
      const actor = await this.insertActor(tx, tenant.id, 'service', 'bootstrap-admin', ['admin'], true, {
        person: 'bootstrap-admin',
        created_by: null,
      });
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
    return this.db.orm.transaction(async (tx) => {
      if (await store.findTenantByName(tx, name))
        throw conflict(`tenant ${name} already exists`, 'tenant_exists');
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

  /** A tenant by name, for the installation's own work (a scheduled refresh); no caller, no check. */
  async tenantNamed(name: string): Promise<{ id: string; name: string } | undefined> {
    const tenant = await store.findTenantByName(this.db.orm, name);
    return tenant ? { id: tenant.id, name: tenant.name } : undefined;
  }

  async listTenants(caller: Actor): Promise<TenantView[]> {
    const rows = await store.listTenants(this.db.orm, caller.is_root ? undefined : caller.tenant_id);
    return rows.map(tenantView);
  }

  /** Resolves a tenant by name or id as seen by the caller: another tenant is "not found" unless root. */
  async resolveTenant(caller: Actor, ref: string | undefined): Promise<TenantView> {
    if (ref === undefined || ref === caller.tenant_name || ref === caller.tenant_id) {
      return { id: caller.tenant_id, name: caller.tenant_name, created_at: '' };
    }
    if (!caller.is_root) throw notFound(`tenant ${ref}`);
    const tenant = await store.findTenantByRef(this.db.orm, ref);
    if (!tenant) throw notFound(`tenant ${ref}`);
    return tenantView(tenant);
  }

  /** Creates an actor holding `role` and a key for it; returns the key, shown this once. */
  async createKey(
    caller: Actor,
    input: { tenant?: string; role: Role; name: string; type?: ActorType; person?: string },
  ): Promise<KeyView & { key: string; tenant: string; person: string }> {
    if (!caller.roles.includes('admin')) throw forbidden('creating keys needs the admin role');
    const tenant = await this.resolveTenant(caller, input.tenant);
    // Votes, reviews and break glass are people's: a key for one of those roles is a person's unless told.
    const type: ActorType =
      input.type ??
      (input.role === 'agent'
        ? 'agent'
        : ['approver', 'auditor', 'break_glass'].includes(input.role)
          ? 'user'
          : 'service');
    // The person behind the key: several keys of one person are one voter.
    const person = normalizePerson(input.person ?? input.name);
    return this.db.orm.transaction(async (tx) => {
      const actor = await this.insertActor(tx, tenant.id, type, input.name, [input.role], false, {
        person,
        created_by: caller.id,
      });
      const token = await this.insertKey(tx, actor.id, tenant.id, input.name);
      const id = parseApiKey(token)!.id;
      await appendAudit(tx, {
        tenant_id: tenant.id,
        actor: caller,
        action: 'api_key.created',
        occurred_at: this.clock.now(),
        context: { key_id: id, key_name: input.name, role: input.role, subject_actor_id: actor.id, person },
      });
      return {
        id,
        key: token,
        tenant: tenant.name,
        name: input.name,
        person,
        actor_id: actor.id,
        roles: [input.role],
        created_at: this.clock.now().toISOString(),
        revoked_at: null,
      };
    });
  }

  /** The caller's tenant's actors, so that people are shown by name: no secret, open to every role. */
  async listActors(caller: Actor): Promise<ActorView[]> {
    return store.listActors(this.db.orm, caller.tenant_id);
  }

  async listKeys(caller: Actor): Promise<KeyView[]> {
    const rows = await store.listKeys(this.db.orm, caller.tenant_id);
    return rows.map((row) => ({ ...row, created_at: iso(row.created_at), revoked_at: iso(row.revoked_at) }));
  }

  async revokeKey(caller: Actor, keyId: string): Promise<void> {
    if (!caller.roles.includes('admin')) throw forbidden('revoking keys needs the admin role');
    await this.db.orm.transaction(async (tx) => {
      if (!(await store.revokeApiKey(tx, caller.tenant_id, keyId, this.clock.now()))) {
        throw notFound(`key ${keyId}`);
      }
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
    return this.db.orm.transaction(async (tx) => {
      const tenant = await store.findTenantByName(tx, claims.tenant);
      if (!tenant) return undefined;
      const actor = await store.upsertOidcActor(tx, {
        id: newId(),
        tenant_id: tenant.id,
        name: claims.name,
        roles: claims.roles,
        oidc_subject: claims.subject,
        person: `oidc:${claims.subject}`,
      });
      return { ...actor, tenant_name: tenant.name };
    });
  }

  private async insertTenant(tx: Executor, name: string): Promise<TenantView> {
    const tenant = { id: newId(), name, created_at: this.clock.now() };
    await store.insertTenant(tx, tenant);
    return tenantView(tenant);
  }

  private async insertActor(
    tx: Executor,
    tenantId: string,
    type: ActorType,
    name: string,
    actorRoles: Role[],
    isRoot: boolean,
    identity: { person: string; created_by: string | null },
  ): Promise<Omit<Actor, 'tenant_name'>> {
    const actor = { id: newId(), type, name, roles: actorRoles, tenant_id: tenantId, is_root: isRoot };
    await store.insertActor(tx, { ...actor, ...identity, created_at: this.clock.now() });
    return actor;
  }

  private async insertKey(tx: Executor, actorId: string, tenantId: string, name: string): Promise<string> {
    const key = generateApiKey();
    await store.insertApiKey(tx, {
      id: key.id,
      tenant_id: tenantId,
      actor_id: actorId,
      name,
      secret_hash: key.secretHash,
      created_at: this.clock.now(),
    });
    return key.token;
  }
}

const tenantView = (tenant: TenantRecord): TenantView => ({ ...tenant, created_at: iso(tenant.created_at) });
