import { index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { ApprovalState } from '../plans/approvals/machine.ts';
import type { RenderPayload, SnapshotItem } from './sections.ts';

// As migration 0008 builds them; src/db/tables.test.ts holds every tables.ts to the database.

const COMPLETENESS = ['complete', 'partial', 'missing'] as const;

/** Accepted risks and exceptions; their validity is derived on read from status and dates. */
export const governanceDecisions = pgTable(
  'governance_decisions',
  {
    id: uuid().primaryKey(),
    tenant_id: uuid().notNull(),
    kind: text({ enum: ['accepted_risk', 'exception'] }).notNull(),
    title: text().notNull(),
    severity: text({ enum: ['info', 'low', 'medium', 'high', 'critical'] }).notNull(),
    source_kind: text({ enum: ['finding', 'exception_event', 'failed_check'] }).notNull(),
    /** The decision's source as requested (plus the failed check's status). */
    source_ref: jsonb().$type<Record<string, unknown>>().notNull(),
    status: text({ enum: ['pending', 'approved', 'denied', 'revoked'] }).notNull(),
    owner_user_id: uuid(),
    requested_by: uuid().notNull(),
    approved_by_user_id: uuid(),
    request_reason: text().notNull(),
    review_due_at: timestamp({ withTimezone: true }),
    effective_from: timestamp({ withTimezone: true }).notNull(),
    expires_at: timestamp({ withTimezone: true }).notNull(),
    /** The approval state machine's state, as for plans. */
    approval: jsonb().$type<ApprovalState>().notNull(),
    revoked_at: timestamp({ withTimezone: true }),
    revoked_by: uuid(),
    revoke_reason: text(),
    created_at: timestamp({ withTimezone: true }).notNull(),
    updated_at: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index('governance_decisions_list').on(t.tenant_id, t.created_at.desc(), t.id)],
);

export const evidenceSnapshots = pgTable('evidence_snapshots', {
  id: uuid().primaryKey(),
  tenant_id: uuid().notNull(),
  status: text({ enum: ['active', 'expired'] }).notNull(),
  completeness_state: text({ enum: COMPLETENESS }).notNull(),
  generated_at: timestamp({ withTimezone: true }).notNull(),
  expires_at: timestamp({ withTimezone: true }).notNull(),
  summary: jsonb().$type<Record<string, unknown>>().notNull(),
  /** Each item: kind, ref, sha256 (and a short label); never the evidence body. */
  items: jsonb().$type<SnapshotItem[]>().notNull(),
  sha256: text().notNull(),
});

export const tenantReviews = pgTable(
  'tenant_reviews',
  {
    id: uuid().primaryKey(),
    tenant_id: uuid().notNull(),
    status: text({ enum: ['draft', 'released'] }).notNull(),
    generated_at: timestamp({ withTimezone: true }).notNull(),
    published_at: timestamp({ withTimezone: true }),
    summary: jsonb().$type<Record<string, unknown>>().notNull(),
    evidence_snapshot_id: uuid().notNull(),
    current_export_review_pack_id: uuid(),
    created_by: uuid().notNull(),
    released_by: uuid(),
  },
  (t) => [index('tenant_reviews_list').on(t.tenant_id, t.generated_at.desc(), t.id)],
);

export const tenantReviewSections = pgTable(
  'tenant_review_sections',
  {
    tenant_review_id: uuid().notNull(),
    section_key: text({
      enum: [
        'executive_summary',
        'control_interpretation',
        'open_risks',
        'accepted_risks',
        'permission_posture',
        'baseline_drift_posture',
        'operations_health',
      ],
    }).notNull(),
    title: text().notNull(),
    sort_order: integer().notNull(),
    completeness_state: text({ enum: COMPLETENESS }).notNull(),
    summary_payload: jsonb().$type<Record<string, unknown>>().notNull(),
    render_payload: jsonb().$type<RenderPayload>().notNull(),
    measured_at: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenant_review_id, t.section_key] })],
);

export const reviewPacks = pgTable(
  'review_packs',
  {
    id: uuid().primaryKey(),
    tenant_id: uuid().notNull(),
    tenant_review_id: uuid().notNull(),
    status: text({ enum: ['ready', 'failed'] }).notNull(),
    object_key: text().notNull(),
    sha256: text().notNull(),
    size_bytes: integer().notNull(),
    expires_at: timestamp({ withTimezone: true }).notNull(),
    summary: jsonb().$type<Record<string, unknown>>().notNull(),
    options: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    created_by: uuid().notNull(),
    created_at: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index('review_packs_review').on(t.tenant_review_id, t.created_at.desc())],
);

export type GovernanceDecisionRecord = typeof governanceDecisions.$inferSelect;
export type EvidenceSnapshotRecord = typeof evidenceSnapshots.$inferSelect;
export type TenantReviewRecord = typeof tenantReviews.$inferSelect;
export type TenantReviewSectionRecord = typeof tenantReviewSections.$inferSelect;
export type ReviewPackRecord = typeof reviewPacks.$inferSelect;
