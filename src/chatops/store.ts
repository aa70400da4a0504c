// Reads and writes of chat identities and of the signed deliveries seen lately.
import { and, eq, lt, sql } from 'drizzle-orm';
import type { Executor } from '../db/connect.ts';
import { type ChatIdentityRecord, chatIdentities, webhookDeliveries } from './tables.ts';

/**
 * Remembers a delivery; false when it was seen before (a replay). Entries received before `forgetBefore`
 * are dropped on the way.
 */
export async function rememberDelivery(
  exec: Executor,
  delivery: { source: string; delivery: string; received_at: Date },
  forgetBefore: Date,
): Promise<boolean> {
  await exec
    .delete(webhookDeliveries)
    .where(
      and(eq(webhookDeliveries.source, delivery.source), lt(webhookDeliveries.received_at, forgetBefore)),
    );
  const inserted = await exec
    .insert(webhookDeliveries)
    .values(delivery)
    .onConflictDoNothing()
    .returning({ delivery: webhookDeliveries.delivery });
  return inserted.length === 1;
}

/** Links (or relinks) a chat user to an actor. */
export async function upsertChatIdentity(exec: Executor, identity: ChatIdentityRecord): Promise<void> {
  await exec
    .insert(chatIdentities)
    .values(identity)
    .onConflictDoUpdate({
      target: [chatIdentities.tenant_id, chatIdentities.provider, chatIdentities.external_id],
      set: {
        actor_id: sql`excluded.actor_id`,
        updated_by: sql`excluded.updated_by`,
        updated_at: sql`excluded.updated_at`,
      },
    });
}

export async function findChatIdentity(
  exec: Executor,
  key: Pick<ChatIdentityRecord, 'tenant_id' | 'provider' | 'external_id'>,
) {
  const [row] = await exec
    .select({ actor_id: chatIdentities.actor_id, updated_by: chatIdentities.updated_by })
    .from(chatIdentities)
    .where(
      and(
        eq(chatIdentities.tenant_id, key.tenant_id),
        eq(chatIdentities.provider, key.provider),
        eq(chatIdentities.external_id, key.external_id),
      ),
    );
  return row;
}

/** Every tenant a chat user is linked in, with the actor and the linker there. */
export function chatIdentitiesOf(
  exec: Executor,
  provider: ChatIdentityRecord['provider'],
  externalId: string,
) {
  return exec
    .select({
      tenant_id: chatIdentities.tenant_id,
      actor_id: chatIdentities.actor_id,
      updated_by: chatIdentities.updated_by,
    })
    .from(chatIdentities)
    .where(and(eq(chatIdentities.provider, provider), eq(chatIdentities.external_id, externalId)))
    .orderBy(chatIdentities.tenant_id);
}
