import { forbidden, notFound } from '../core/problem.ts';
import type { Actor, Role } from '../core/roles.ts';
import type { Executor } from '../db/connect.ts';
import { entitledTenantId } from './store.ts';

// The workspace/tenant entitlement: the workspace of an actor is the set of tenants it is entitled to
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

/** The tenant a write targets: the actor's own unless it names another one it is entitled to. */
export async function targetTenant(tx: Executor, actor: Actor, ref: string | undefined): Promise<string> {
  if (ref === undefined || ref === actor.tenant_id || ref === actor.tenant_name) return actor.tenant_id;
  const id = await entitledTenantId(tx, actor, ref);
  if (!id) throw notFound(`tenant ${ref}`);
  return id;
}
