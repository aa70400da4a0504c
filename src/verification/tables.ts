import { sql } from 'drizzle-orm';
import { index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { Failure } from '../runs/tables.ts';

// As migration 0008 builds it; src/db/tables.test.ts holds every tables.ts to the database.

/** A verification of one run: lifecycle and dedupe here, the report itself in runs.context. */
export const verificationRuns = pgTable(
  'verification_runs',
  {
    id: uuid().primaryKey(),
    tenant_id: uuid().notNull(),
    run_id: uuid().notNull(),
    flow: text({ enum: ['pre_run', 'post_run'] }).notNull(),
    run_identity_hash: text().notNull(),
    status: text({ enum: ['queued', 'running', 'completed'] }).notNull(),
    outcome: text({ enum: ['pending', 'succeeded', 'failed'] }).notNull(),
    summary_counts: jsonb().$type<Record<string, number>>().notNull().default({}),
    failure_summary: jsonb().$type<Failure>(),
    user_id: uuid().notNull(),
    created_at: timestamp({ withTimezone: true }).notNull(),
    started_at: timestamp({ withTimezone: true }),
    completed_at: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex('verification_runs_one_active')
      .on(t.tenant_id, t.run_identity_hash)
      .where(sql`status IN ('queued', 'running')`),
    index('verification_runs_run').on(t.run_id, t.created_at.desc()),
  ],
);

export type VerificationRunRecord = typeof verificationRuns.$inferSelect;
