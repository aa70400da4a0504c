import { pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

// As migration 0011 builds them; src/db/tables.test.ts holds every tables.ts to the database.

/** Signed webhook deliveries seen recently: the same one again is a replay. */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    source: text().notNull(),
    delivery: text().notNull(),
    received_at: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.source, t.delivery] })],
);

/** Which Warrant actor a chat user votes as, per tenant. */
export const chatIdentities = pgTable(
  'chat_identities',
  {
    tenant_id: uuid().notNull(),
    provider: text({ enum: ['slack', 'linear'] }).notNull(),
    external_id: text().notNull(),
    actor_id: uuid().notNull(),
    updated_by: uuid().notNull(),
    updated_at: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenant_id, t.provider, t.external_id] })],
);

export type WebhookDeliveryRecord = typeof webhookDeliveries.$inferSelect;
export type ChatIdentityRecord = typeof chatIdentities.$inferSelect;
