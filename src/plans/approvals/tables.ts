import {
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { ExceptionResolution } from './exceptions.ts';

// As migrations 0002 and 0012 build them; src/db/tables.test.ts holds every tables.ts to the database.

/** Votes: one per person per revision, enforced here as well as in the state machine. */
export const approvals = pgTable(
  'approvals',
  {
    id: uuid().primaryKey(),
    tenant_id: uuid().notNull(),
    plan_id: uuid().notNull(),
    revision: integer().notNull(),
    content_hash: text().notNull(),
    actor_id: uuid().notNull(),
    decision: text({ enum: ['approve', 'deny', 'send_back'] }).notNull(),
    comment: text(),
    source: text({ enum: ['ui', 'cli', 'api', 'slack', 'linear'] }).notNull(),
    template_answers: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    created_at: timestamp({ withTimezone: true }).notNull(),
    /** The person the vote counts for, whatever key they used. */
    voter: text().notNull(),
  },
  (t) => [
    unique('approvals_plan_id_revision_actor_id_key').on(t.plan_id, t.revision, t.actor_id),
    index('approvals_plan').on(t.plan_id, t.revision),
    uniqueIndex('approvals_one_per_person').on(t.plan_id, t.revision, t.voter),
  ],
);

export const exceptionEvents = pgTable(
  'exception_events',
  {
    id: uuid().primaryKey(),
    tenant_id: uuid().notNull(),
    type: text({ enum: ['unapproved_attempt', 'break_glass', 'approval_expired'] }).notNull(),
    status: text({ enum: ['open', 'resolved'] }).notNull(),
    actor_id: text().notNull(),
    plan_id: uuid(),
    run_id: uuid(),
    reason: text(),
    details: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    raised_at: timestamp({ withTimezone: true }).notNull(),
    resolution: jsonb().$type<ExceptionResolution>(),
  },
  (t) => [index('exception_events_list').on(t.tenant_id, t.status, t.raised_at.desc())],
);

export type ApprovalRecord = typeof approvals.$inferSelect;
export type ExceptionEventRecord = typeof exceptionEvents.$inferSelect;
