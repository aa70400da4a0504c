import { boolean, index, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { actorTypes, type Role } from '../core/roles.ts';
import { bytea } from '../db/columns.ts';

// As migrations 0001 and 0012 build them; src/db/tables.test.ts holds every tables.ts to the database.

export const tenants = pgTable('tenants', {
  id: uuid().primaryKey(),
  name: text().notNull().unique('tenants_name_key'),
  created_at: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

export const actors = pgTable(
  'actors',
  {
    id: uuid().primaryKey(),
    tenant_id: uuid().notNull(),
    type: text({ enum: actorTypes }).notNull(),
    name: text().notNull(),
    roles: text().array().$type<Role[]>().notNull(),
    is_root: boolean().notNull().default(false),
    oidc_subject: text(),
    created_at: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** The person the actor acts for: several actors of one person are one voter. */
    person: text().notNull(),
    /** The actor whose key created this one. */
    created_by: uuid(),
  },
  (t) => [
    unique('actors_tenant_id_oidc_subject_key').on(t.tenant_id, t.oidc_subject),
    index('actors_tenant').on(t.tenant_id),
    index('actors_person').on(t.tenant_id, t.person),
  ],
);

export const apiKeys = pgTable(
  'api_keys',
  {
    id: text().primaryKey(),
    tenant_id: uuid().notNull(),
    actor_id: uuid().notNull(),
    name: text().notNull(),
    /** SHA-256 of the secret; the secret itself is never stored. */
    secret_hash: bytea().notNull(),
    created_at: timestamp({ withTimezone: true }).notNull().defaultNow(),
    revoked_at: timestamp({ withTimezone: true }),
  },
  (t) => [index('api_keys_tenant').on(t.tenant_id)],
);

export type TenantRecord = typeof tenants.$inferSelect;
export type ActorRecord = typeof actors.$inferSelect;
export type ApiKeyRecord = typeof apiKeys.$inferSelect;
