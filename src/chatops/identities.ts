import { appendAudit } from '../audit/append.ts';
import type { Clock } from '../core/clock.ts';
import { forbidden } from '../core/problem.ts';
import { type Actor, hasRole } from '../core/roles.ts';
import type { Executor, Orm } from '../db/connect.ts';
import { loadActor } from '../tenancy/store.ts';
import { findChatIdentity, upsertChatIdentity } from './store.ts';

export type ChatProvider = 'slack' | 'linear';

/** Links a chat user to an actor of the caller's tenant; admins only; audited with the change. */
export async function linkChatIdentity(
  orm: Orm,
  clock: Clock,
  caller: Actor,
  link: { provider: ChatProvider; external_id: string; actor_id: string },
) {
  if (!hasRole(caller, 'admin')) throw forbidden('linking chat users needs the admin role');
  const now = clock.now();
  return orm.transaction(async (tx) => {
    await loadActor(tx, link.actor_id, caller.tenant_id);
    await upsertChatIdentity(tx, {
      ...link,
      tenant_id: caller.tenant_id,
      updated_by: caller.id,
      updated_at: now,
    });
    await appendAudit(tx, {
      tenant_id: caller.tenant_id,
      actor: caller,
      action: 'chatops.identity_linked',
      occurred_at: now,
      context: { ...link },
    });
    return { ...link, tenant_id: caller.tenant_id, updated_at: now.toISOString() };
  });
}

/**
 * The actor a chat user votes as in a tenant, if an admin linked one, and who linked it: a vote from chat
 * answers for the linker too, so a plan's writer cannot link their own chat user to an approver and vote.
 */
export async function chatActor(
  db: Executor,
  tenantId: string,
  provider: ChatProvider,
  externalId: string,
): Promise<{ actor: Actor; linked_by: string } | undefined> {
  const row = await findChatIdentity(db, { tenant_id: tenantId, provider, external_id: externalId });
  return row ? { actor: await loadActor(db, row.actor_id), linked_by: row.updated_by } : undefined;
}
