import { bigint, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { bytea } from '../db/columns.ts';

// As migration 0016 builds them; src/db/tables.test.ts holds every tables.ts to the database.

/** Warrant as a witness: the latest cosigned checkpoint per witnessed log. */
export const witnessLogs = pgTable('witness_logs', {
  origin: text().primaryKey(),
  size: bigint({ mode: 'number' }).notNull(),
  root: bytea().notNull(),
  note: text().notNull(),
  updated_at: timestamp({ withTimezone: true }).notNull(),
});

/** Every checkpoint the witness cosigned. */
export const witnessCosigned = pgTable(
  'witness_cosigned',
  {
    origin: text().notNull(),
    size: bigint({ mode: 'number' }).notNull(),
    root: bytea().notNull(),
    cosigned_at: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.origin, t.size] })],
);

/** Warrant as a log: the size each witness last cosigned, per tenant. */
export const witnessSubmissions = pgTable(
  'witness_submissions',
  {
    tenant_id: uuid().notNull(),
    witness: text().notNull(),
    size: bigint({ mode: 'number' }).notNull(),
    updated_at: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenant_id, t.witness] })],
);

export type WitnessLogRecord = typeof witnessLogs.$inferSelect;
export type WitnessCosignedRecord = typeof witnessCosigned.$inferSelect;
export type WitnessSubmissionRecord = typeof witnessSubmissions.$inferSelect;
