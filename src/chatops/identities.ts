import { sql } from 'drizzle-orm';
import { appendAudit } from '../audit/append.ts';
import type { Clock } from '../core/clock.ts';
import { isUuid } from '../core/ids.ts';
import { forbidden, notFound } from '../core/problem.ts';
import { type Executor, type Orm, rowsOf } from '../db/connect.ts';
import { loadActor } from '../runs/store.ts';
import { type Actor, hasRole } from '../tenancy/roles.ts';

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
    const [target] = isUuid(link.actor_id)
      ? rowsOf<{ id: string }>(
          await tx.execute(
            sql`SELECT id FROM actors WHERE id = ${link.actor_id} AND tenant_id = ${caller.tenant_id}`,
          ),
        )
      : [];
    if (!target) throw notFound(`actor ${link.actor_id}`);
    await tx.execute(sql`
      INSERT INTO chat_identities (tenant_id, provider, external_id, actor_id, updated_by, updated_at)
      VALUES (${caller.tenant_id}, ${link.provider}, ${link.external_id}, ${link.actor_id}, ${caller.id}, ${now.toISOString()})
      ON CONFLICT (tenant_id, provider, external_id)
      DO UPDATE SET actor_id = EXCLUDED.actor_id, updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at`);
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

/** The actor a chat user votes as in a tenant, if an admin linked one. */
export async function chatActor(
  db: Executor,
  tenantId: string,
  provider: ChatProvider,
  externalId: string,
): Promise<Actor | undefined> {
  const [row] = rowsOf<{ actor_id: string }>(
    await db.execute(sql`
      SELECT actor_id FROM chat_identities
      WHERE tenant_id = ${tenantId} AND provider = ${provider} AND external_id = ${externalId}`),
  );
  return row ? loadActor(db, row.actor_id) : undefined;
}
