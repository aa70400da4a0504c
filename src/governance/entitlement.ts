import { type SQL, sql } from 'drizzle-orm';
import { forbidden, notFound } from '../core/problem.ts';
import { type Executor, rowsOf } from '../db/connect.ts';
import type { Actor, Role } from '../tenancy/roles.ts';

// Seed 002's workspace/tenant entitlement: the workspace of an actor is the set of tenants it is entitled to
// (every tenant for the root actor, its own otherwise). Anything outside it is "not found"; inside it, a
// missing capability is a 403 or, on the package path, the `blocked` availability.

const capabilities = {
  'governance.read': ['admin', 'approver', 'operator', 'auditor', 'viewer'],
  'governance.manage': ['admin', 'auditor'],
  'decision.request': ['admin', 'operator', 'approver', 'auditor'],
  'decision.revoke': ['admin', 'approver'],
  'package.download': ['admin', 'auditor', 'approver', 'viewer'],
  'evidence.open': ['admin', 'auditor'],
} as const satisfies Record<string, readonly Role[]>;

export type Capability = keyof typeof capabilities;

export const can = (actor: Actor, capability: Capability): boolean =>
  actor.roles.some((role) => (capabilities[capability] as readonly string[]).includes(role));

export function requireCapability(actor: Actor, capability: Capability): void {
  if (!can(actor, capability))
    throw forbidden(`this needs the ${capability} capability`, 'capability_required');
}

/** A WHERE condition on `column` that keeps rows inside the actor's workspace. */
export const inScope = (actor: Actor, column: SQL = sql`tenant_id`): SQL =>
  actor.is_root ? sql`TRUE` : sql`${column} = ${actor.tenant_id}`;

/** The tenants the actor is entitled to, by name. */
export async function entitledTenants(tx: Executor, actor: Actor): Promise<{ id: string; name: string }[]> {
  return rowsOf<{ id: string; name: string }>(
    await tx.execute(sql`SELECT id, name FROM tenants WHERE ${inScope(actor, sql`id`)} ORDER BY name`),
  );
}

/** The tenant a write targets: the actor's own unless it names another one it is entitled to. */
export async function targetTenant(tx: Executor, actor: Actor, ref: string | undefined): Promise<string> {
  if (ref === undefined || ref === actor.tenant_id || ref === actor.tenant_name) return actor.tenant_id;
  const [row] = rowsOf<{ id: string }>(
    await tx.execute(
      sql`SELECT id FROM tenants WHERE (name = ${ref} OR id::text = ${ref}) AND ${inScope(actor, sql`id`)}`,
    ),
  );
  if (!row) throw notFound(`tenant ${ref}`);
  return row.id;
}
