import { integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { PlaybookBody } from './definition.ts';

// As migration 0009 builds them; src/db/tables.test.ts holds every tables.ts to the database.

/** Every version of a tenant's playbook: a change adds a version, nothing is rewritten. */
export const playbooks = pgTable(
  'playbooks',
  {
    tenant_id: uuid().notNull(),
    name: text().notNull(),
    version: integer().notNull(),
    body: jsonb().$type<PlaybookBody>().notNull(),
    content_hash: text().notNull(),
    created_by: uuid().notNull(),
    created_at: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenant_id, t.name, t.version] })],
);

/** Markdown runbooks, linked to context-graph services and to playbooks by name. */
export const runbooks = pgTable(
  'runbooks',
  {
    tenant_id: uuid().notNull(),
    id: text().notNull(),
    title: text().notNull(),
    markdown: text().notNull(),
    services: jsonb().$type<string[]>().notNull().default([]),
    playbooks: jsonb().$type<string[]>().notNull().default([]),
    version: integer().notNull(),
    updated_by: uuid().notNull(),
    updated_at: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenant_id, t.id] })],
);

export type PlaybookRecord = typeof playbooks.$inferSelect;
export type RunbookRecord = typeof runbooks.$inferSelect;
