import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { PlanDecision, StepFacts } from '../policy/decision.ts';
import type { RiskLevel, RiskScore } from '../policy/risk.ts';
import type { ApprovalState } from './approvals/machine.ts';
import type { PlanSubmission, Trigger } from './plan-schema.ts';

// As migrations 0002, 0012 and 0018 build them; src/db/tables.test.ts holds every tables.ts to the database.

/** A plan's risk as scored at submission: the whole plan's, and each step's with the facts it was decided on. */
export interface PlanRisk {
  plan: RiskScore;
  /** `tool_version` is absent on plans decided before tools had versions. */
  steps: { step_id: string; risk: RiskScore; facts: StepFacts; tool_version?: string }[];
}

export const plans = pgTable(
  'plans',
  {
    id: uuid().primaryKey(),
    tenant_id: uuid().notNull(),
    creator_id: uuid().notNull(),
    status: text({
      enum: ['pending_approval', 'approved', 'denied', 'sent_back', 'cancelled', 'expired'],
    }).notNull(),
    // No CHECK constraint holds these two: the types come from the code that writes them.
    trigger: text().$type<Trigger>().notNull(),
    summary: text().notNull(),
    environment: text().notNull(),
    risk_level: text().$type<RiskLevel>().notNull(),
    revision: integer().notNull().default(1),
    content_hash: text().notNull(),
    /** The submission as validated and redacted. */
    body: jsonb().$type<PlanSubmission>().notNull(),
    /** step_id -> hash of {tool, input} as submitted, before redaction. */
    step_hashes: jsonb().$type<Record<string, string>>().notNull(),
    risk: jsonb().$type<PlanRisk>().notNull(),
    decision: jsonb().$type<PlanDecision>().notNull(),
    /** The approval state machine's state for the current revision; null when policy allowed or denied. */
    approval: jsonb().$type<ApprovalState>(),
    created_at: timestamp({ withTimezone: true }).notNull(),
    updated_at: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    index('plans_list').on(t.tenant_id, t.created_at.desc(), t.id.desc()),
    // 0018: one index per list filter, each ending with the list's order, so a filtered page reads in order.
    index('plans_status').on(t.tenant_id, t.status, t.created_at.desc(), t.id.desc()),
    index('plans_risk').on(t.tenant_id, t.risk_level, t.created_at.desc(), t.id.desc()),
    index('plans_environment').on(t.tenant_id, t.environment, t.created_at.desc(), t.id.desc()),
    index('plans_creator').on(t.tenant_id, t.creator_id, t.created_at.desc(), t.id.desc()),
    // 0024: one index per pair of list filters, so a rare combination of common values reads only its page.
    index('plans_status_risk').on(t.tenant_id, t.status, t.risk_level, t.created_at.desc(), t.id.desc()),
    index('plans_status_environment').on(
      t.tenant_id,
      t.status,
      t.environment,
      t.created_at.desc(),
      t.id.desc(),
    ),
    index('plans_status_creator').on(t.tenant_id, t.status, t.creator_id, t.created_at.desc(), t.id.desc()),
    index('plans_risk_environment').on(
      t.tenant_id,
      t.risk_level,
      t.environment,
      t.created_at.desc(),
      t.id.desc(),
    ),
    index('plans_risk_creator').on(t.tenant_id, t.risk_level, t.creator_id, t.created_at.desc(), t.id.desc()),
    index('plans_environment_creator').on(
      t.tenant_id,
      t.environment,
      t.creator_id,
      t.created_at.desc(),
      t.id.desc(),
    ),
    // 0029: /metrics' count of pending plans, from the pending plans alone.
    index('plans_pending').on(t.tenant_id).where(sql`status = 'pending_approval'`),
    index('plans_pending_expiry')
      .on(t.tenant_id, sql`(${t.approval} ->> 'expires_at')`)
      .where(sql`status IN ('pending_approval', 'sent_back', 'approved')`),
  ],
);

export const planRevisions = pgTable(
  'plan_revisions',
  {
    plan_id: uuid().notNull(),
    revision: integer().notNull(),
    content_hash: text().notNull(),
    body: jsonb().$type<PlanSubmission>().notNull(),
    created_at: timestamp({ withTimezone: true }).notNull(),
    /** Who wrote the revision; null for revisions older than authorship. */
    author_id: uuid(),
  },
  (t) => [primaryKey({ columns: [t.plan_id, t.revision] })],
);

export type PlanRecord = typeof plans.$inferSelect;
export type PlanRevisionRecord = typeof planRevisions.$inferSelect;
