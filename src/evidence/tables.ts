import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

// As migration 0006 builds it; src/db/tables.test.ts holds every tables.ts to the database.

/** Evidence agents attach to a plan's step: a reference into the object store and the SHA-256 stored there. */
export const agentEvidence = pgTable(
  'agent_evidence',
  {
    id: uuid().primaryKey(),
    tenant_id: uuid().notNull(),
    plan_id: uuid().notNull(),
    step_id: text().notNull(),
    type: text({ enum: ['promql', 'traceql', 'argocd', 'k8s', 'cloudtrail', 'git', 'log'] }).notNull(),
    query: text().notNull(),
    result_ref: text().notNull(),
    sha256: text().notNull(),
    link: text(),
    actor_id: uuid().notNull(),
    collected_at: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index('agent_evidence_plan').on(t.plan_id, t.collected_at, t.id)],
);

export type AgentEvidenceRecord = typeof agentEvidence.$inferSelect;
