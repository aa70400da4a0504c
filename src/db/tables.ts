import { integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

// As migrations/*.sql and migrate() build them; src/db/tables.test.ts holds every tables.ts to the database.

/** Created by migrate() itself: one row per applied migration file. */
export const warrantMigrations = pgTable('warrant_migrations', {
  id: text().primaryKey(),
  applied_at: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/** POST replays: the first response kept for an actor's Idempotency-Key. */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    tenant_id: uuid().notNull(),
    actor_id: uuid().notNull(),
    key: text().notNull(),
    route: text().notNull(),
    request_hash: text().notNull(),
    status_code: integer().notNull(),
    response: jsonb().notNull(),
    created_at: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenant_id, t.actor_id, t.key] })],
);

export type MigrationRecord = typeof warrantMigrations.$inferSelect;
export type IdempotencyKeyRecord = typeof idempotencyKeys.$inferSelect;
