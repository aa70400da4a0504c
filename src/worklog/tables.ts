import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
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
import type { ApprovalState } from '../plans/approvals/machine.ts';
import type { PipelineJob, PreviewDeployment } from './ci.ts';
import { type AssetCardContent, type ReviewOutput, RISK_LEVELS } from './schemas.ts';

// As migrations 0010 and 0014 build them; src/db/tables.test.ts holds every tables.ts to the database.

export const worklogRepositories = pgTable(
  'worklog_repositories',
  {
    id: uuid().primaryKey(),
    tenant_id: uuid().notNull(),
    /** The developer who connected it: whose pull requests are reviewed and whose asset cards they become. */
    owner_id: uuid().notNull(),
    full_name: text().notNull(),
    sensitivity: text({ enum: ['normal', 'high'] }).notNull(),
    connection_status: text({ enum: ['connected', 'disconnected'] }).notNull(),
    /** pending until the first signed delivery arrives. */
    webhook_status: text({ enum: ['pending', 'active'] }).notNull(),
    last_delivery_at: timestamp({ withTimezone: true }),
    created_at: timestamp({ withTimezone: true }).notNull(),
    updated_at: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    unique('worklog_repositories_tenant_id_full_name_key').on(t.tenant_id, t.full_name),
    uniqueIndex('worklog_repositories_connected')
      .on(t.tenant_id, sql`lower(${t.full_name})`)
      .where(sql`connection_status = 'connected'`),
    index('worklog_repositories_by_name')
      .on(sql`lower(${t.full_name})`)
      .where(sql`connection_status = 'connected'`),
  ],
);

/** Every signed delivery seen, by GitHub's delivery id: a second one with the same id is a replay. */
export const worklogDeliveries = pgTable('worklog_deliveries', {
  delivery_id: text().primaryKey(),
  event: text().notNull(),
  repository: text(),
  tenant_id: uuid(),
  outcome: text({ enum: ['recorded', 'ignored'] }).notNull(),
  replays: integer().notNull().default(0),
  received_at: timestamp({ withTimezone: true }).notNull(),
  last_replay_at: timestamp({ withTimezone: true }),
});

export const worklogPrEvents = pgTable(
  'worklog_pr_events',
  {
    id: uuid().primaryKey(),
    tenant_id: uuid().notNull(),
    repository_id: uuid().notNull(),
    delivery_id: text().notNull(),
    action: text().notNull(),
    pr_number: integer().notNull(),
    pr_url: text().notNull(),
    title: text().notNull(),
    /** Redacted; the asset card is written from it. */
    description: text().notNull(),
    author: text(),
    base_sha: text().notNull(),
    head_sha: text().notNull(),
    merged: boolean().notNull(),
    merged_at: timestamp({ withTimezone: true }),
    additions: integer().notNull(),
    deletions: integer().notNull(),
    changed_files: integer().notNull(),
    received_at: timestamp({ withTimezone: true }).notNull(),
    /** Set once the event's intent or asset card exists; until then the sweep retries it. */
    processed_at: timestamp({ withTimezone: true }),
    attempts: integer().notNull().default(0),
    last_error: text(),
  },
  (t) => [
    unique('worklog_pr_events_repository_id_pr_number_action_head_sha_key').on(
      t.repository_id,
      t.pr_number,
      t.action,
      t.head_sha,
    ),
    index('worklog_pr_events_unprocessed').on(t.received_at).where(sql`processed_at IS NULL`),
  ],
);

/** Intents for AI reviews and project provisioning; approval is the approval state machine's state. */
export const worklogIntents = pgTable(
  'worklog_intents',
  {
    id: uuid().primaryKey(),
    tenant_id: uuid().notNull(),
    kind: text({ enum: ['review', 'project'] }).notNull(),
    creator_id: uuid().notNull(),
    purpose: text().notNull(),
    scope: text().notNull(),
    constraints: jsonb().$type<string[]>().notNull(),
    success_criteria: jsonb().$type<string[]>().notNull(),
    risk_level: text({ enum: RISK_LEVELS }).notNull(),
    risk_reasons: jsonb().$type<string[]>().notNull(),
    requires_approval: boolean().notNull(),
    status: text().notNull(),
    content_hash: text().notNull(),
    approval: jsonb().$type<ApprovalState>(),
    pr_event_id: uuid(),
    spec: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    created_at: timestamp({ withTimezone: true }).notNull(),
    updated_at: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    unique('worklog_intents_pr_event_id_key').on(t.pr_event_id),
    index('worklog_intents_list').on(t.tenant_id, t.created_at.desc()),
  ],
);

/** Votes on an intent, one per actor. */
export const worklogApprovals = pgTable(
  'worklog_approvals',
  {
    id: uuid().primaryKey(),
    tenant_id: uuid().notNull(),
    intent_id: uuid().notNull(),
    actor_id: uuid().notNull(),
    decision: text({ enum: ['approve', 'deny', 'send_back'] }).notNull(),
    comment: text(),
    source: text().notNull(),
    template_answers: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    created_at: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [unique('worklog_approvals_intent_id_actor_id_key').on(t.intent_id, t.actor_id)],
);

/** One review of one pull request head; the diff itself is never stored, only its hash. */
export const worklogRuns = pgTable(
  'worklog_runs',
  {
    id: uuid().primaryKey(),
    tenant_id: uuid().notNull(),
    intent_id: uuid().notNull().unique('worklog_runs_intent_id_key'),
    approval_id: uuid(),
    repo_full_name: text().notNull(),
    pr_number: integer().notNull(),
    pr_url: text().notNull(),
    base_sha: text().notNull(),
    head_sha: text().notNull(),
    diff_hash: text(),
    status: text({ enum: ['waiting_approval', 'queued', 'running', 'succeeded', 'failed'] }).notNull(),
    error_code: text(),
    github_review_id: bigint({ mode: 'number' }),
    created_at: timestamp({ withTimezone: true }).notNull(),
    started_at: timestamp({ withTimezone: true }),
    finished_at: timestamp({ withTimezone: true }),
  },
  (t) => [index('worklog_runs_queued').on(t.created_at).where(sql`status = 'queued'`)],
);

export const worklogReviewOutputs = pgTable('worklog_review_outputs', {
  run_id: uuid().primaryKey(),
  tenant_id: uuid().notNull(),
  summary: text().notNull(),
  findings: jsonb().$type<ReviewOutput['findings']>().notNull(),
  status: text({ enum: ['valid', 'invalid'] }).notNull(),
  error_code: text(),
  created_at: timestamp({ withTimezone: true }).notNull(),
});

/** What GitHub said of a review's head (pipelines, previews) when the review ran; see ci.ts. */
export const worklogCiSnapshots = pgTable('worklog_ci_snapshots', {
  run_id: uuid().primaryKey(),
  tenant_id: uuid().notNull(),
  head_sha: text().notNull(),
  pipelines: jsonb().$type<PipelineJob[]>().notNull(),
  previews: jsonb().$type<PreviewDeployment[]>().notNull(),
  sha256: text().notNull(),
  captured_at: timestamp({ withTimezone: true }).notNull(),
});

export const worklogAssetCards = pgTable(
  'worklog_asset_cards',
  {
    id: uuid().primaryKey(),
    tenant_id: uuid().notNull(),
    owner_id: uuid().notNull(),
    pr_event_id: uuid().notNull().unique('worklog_asset_cards_pr_event_id_key'),
    repo_full_name: text().notNull(),
    pr_number: integer().notNull(),
    pr_url: text().notNull(),
    merged_at: timestamp({ withTimezone: true }),
    title: text().notNull(),
    summary: text().notNull(),
    impact: text().notNull(),
    skills: jsonb().$type<string[]>().notNull(),
    status: text({ enum: ['pending', 'approved', 'rejected', 'flagged'] }).notNull(),
    created_at: timestamp({ withTimezone: true }).notNull(),
    updated_at: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index('worklog_asset_cards_owner').on(t.tenant_id, t.owner_id, t.created_at.desc())],
);

export const worklogDecisionLogs = pgTable(
  'worklog_decision_logs',
  {
    id: uuid().primaryKey(),
    tenant_id: uuid().notNull(),
    card_id: uuid().notNull(),
    actor_id: uuid().notNull(),
    decision: text({ enum: ['approve', 'edit', 'reject'] }).notNull(),
    /** For edits: the card's fields before and after. */
    changes: jsonb().$type<{ before: AssetCardContent; after: AssetCardContent }>(),
    comment: text(),
    created_at: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index('worklog_decision_logs_card').on(t.card_id, t.created_at)],
);

export const worklogProvisioningEvents = pgTable(
  'worklog_provisioning_events',
  {
    id: uuid().primaryKey(),
    tenant_id: uuid().notNull(),
    intent_id: uuid().notNull(),
    approval_id: uuid().notNull(),
    actor_id: text().notNull(),
    resource_type: text().notNull(),
    /** What was provisioned, e.g. `owner/name`: one event per intent, type and scope. */
    scope: text().notNull(),
    resource_id: text().notNull(),
    resource_url: text().notNull(),
    structure_type: text(),
    created_at: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    unique('worklog_provisioning_events_intent_id_resource_type_scope_key').on(
      t.intent_id,
      t.resource_type,
      t.scope,
    ),
  ],
);

export type WorklogRepositoryRecord = typeof worklogRepositories.$inferSelect;
export type WorklogDeliveryRecord = typeof worklogDeliveries.$inferSelect;
export type WorklogPrEventRecord = typeof worklogPrEvents.$inferSelect;
export type WorklogIntentRecord = typeof worklogIntents.$inferSelect;
export type WorklogApprovalRecord = typeof worklogApprovals.$inferSelect;
export type WorklogRunRecord = typeof worklogRuns.$inferSelect;
export type WorklogReviewOutputRecord = typeof worklogReviewOutputs.$inferSelect;
export type WorklogCiSnapshotRecord = typeof worklogCiSnapshots.$inferSelect;
export type WorklogAssetCardRecord = typeof worklogAssetCards.$inferSelect;
export type WorklogDecisionLogRecord = typeof worklogDecisionLogs.$inferSelect;
export type WorklogProvisioningEventRecord = typeof worklogProvisioningEvents.$inferSelect;
