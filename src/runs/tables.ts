import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { PreconditionResult } from './preconditions.ts';

/** Why a run, a step or a tool call failed (a type, not an interface, so it fits `Record<string, unknown>`). */
export type Failure = { code: string; message: string };

// As migrations 0005 and 0018 build them; src/db/tables.test.ts holds every tables.ts to the database.

export const runs = pgTable(
  'runs',
  {
    id: uuid().primaryKey(),
    tenant_id: uuid().notNull(),
    plan_id: uuid().notNull(),
    plan_revision: integer().notNull(),
    content_hash: text().notNull(),
    /** Same plan content = same identity: at most one active run of it. */
    identity_hash: text().notNull(),
    status: text({
      enum: ['queued', 'running', 'succeeded', 'failed', 'rolled_back', 'cancelled'],
    }).notNull(),
    started_by: uuid().notNull(),
    break_glass_exception_id: uuid(),
    retry_of: uuid(),
    cancel_requested: boolean().notNull().default(false),
    lease_owner: text(),
    lease_expires_at: timestamp({ withTimezone: true }),
    attempts: integer().notNull().default(0),
    /** Not claimed before this: the run's last drive stopped on an error (migration 0027). */
    resume_after: timestamp({ withTimezone: true }),
    /** Drives in a row that stopped on an error; each doubles the wait before the next. */
    failed_drives: integer().notNull().default(0),
    error: jsonb().$type<Failure>(),
    context: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    created_at: timestamp({ withTimezone: true }).notNull(),
    started_at: timestamp({ withTimezone: true }),
    completed_at: timestamp({ withTimezone: true }),
    updated_at: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('runs_one_active').on(t.identity_hash).where(sql`status IN ('queued', 'running')`),
    index('runs_list').on(t.tenant_id, t.created_at.desc(), t.id.desc()),
    // 0018: each list filter's index ends with the list's order.
    index('runs_plan').on(t.plan_id, t.created_at.desc(), t.id.desc()),
    index('runs_status').on(t.tenant_id, t.status, t.created_at.desc(), t.id.desc()),
    // 0024: both filters at once.
    index('runs_plan_status').on(t.plan_id, t.status, t.created_at.desc(), t.id.desc()),
    // 0026: the run queue, each tenant's oldest first (findRunsToClaim).
    index('runs_claimable').on(t.tenant_id, t.created_at, t.id).where(sql`status IN ('queued', 'running')`),
  ],
);

/** Ended runs by status, counted by triggers as runs end (migration 0028), in shards: `/metrics` sums them. */
export const runFinalCounts = pgTable(
  'run_final_counts',
  {
    status: text().notNull(),
    shard: smallint().notNull(),
    n: bigint({ mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.status, t.shard] })],
);

export const runSteps = pgTable(
  'run_steps',
  {
    run_id: uuid().notNull(),
    step_id: text().notNull(),
    position: integer().notNull(),
    status: text({
      enum: [
        'pending',
        'running',
        'succeeded',
        'failed',
        'skipped',
        'rolling_back',
        'rolled_back',
        'rollback_failed',
      ],
    }).notNull(),
    preconditions: jsonb().$type<PreconditionResult[]>().notNull().default([]),
    error: jsonb().$type<Failure>(),
    started_at: timestamp({ withTimezone: true }),
    completed_at: timestamp({ withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.run_id, t.step_id] })],
);

export const toolCalls = pgTable(
  'tool_calls',
  {
    id: uuid().primaryKey(),
    tenant_id: uuid().notNull(),
    run_id: uuid().notNull(),
    step_id: text().notNull(),
    phase: text({ enum: ['do', 'undo'] }).notNull(),
    tool_name: text().notNull(),
    /** Derived from run, step and phase: a call retried after a crash carries the same key. */
    idempotency_key: text().notNull().unique('tool_calls_idempotency_key_key'),
    status: text({ enum: ['pending', 'running', 'failed', 'succeeded'] }).notNull(),
    attempts: integer().notNull().default(0),
    input_ref: text(),
    input_sha256: text(),
    output_ref: text(),
    output_sha256: text(),
    link: text(),
    sandbox_id: text(),
    error: jsonb().$type<Failure>(),
    started_at: timestamp({ withTimezone: true }),
    completed_at: timestamp({ withTimezone: true }),
  },
  (t) => [index('tool_calls_run').on(t.run_id, t.started_at)],
);

export const evidence = pgTable(
  'evidence',
  {
    id: uuid().primaryKey(),
    tenant_id: uuid().notNull(),
    run_id: uuid().notNull(),
    step_id: text().notNull(),
    type: text().notNull(),
    query: text().notNull(),
    result_ref: text().notNull(),
    sha256: text().notNull(),
    link: text(),
    collected_at: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    unique('evidence_run_id_step_id_type_query_key').on(t.run_id, t.step_id, t.type, t.query),
    index('evidence_run').on(t.run_id),
  ],
);

export type RunRecord = typeof runs.$inferSelect;
export type RunStepRecord = typeof runSteps.$inferSelect;
export type ToolCallRecord = typeof toolCalls.$inferSelect;
export type EvidenceRecord = typeof evidence.$inferSelect;
