import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  index,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { bytea, xid8 } from '../db/columns.ts';
import type { AuditEventBody } from './event.ts';

// As migrations 0001, 0004, 0015, 0017 and 0031 build them; src/db/tables.test.ts holds every tables.ts to the database.

/** One Merkle log per tenant: writers insert, the integrator gives committed rows their leaf_index. */
export const auditEvents = pgTable(
  'audit_events',
  {
    seq: bigserial({ mode: 'number' }).primaryKey(),
    event_id: uuid().notNull().unique('audit_events_event_id_key'),
    tenant_id: uuid().notNull(),
    occurred_at: timestamp({ withTimezone: true }).notNull(),
    action: text().notNull(),
    actor_id: text(),
    plan_id: uuid(),
    run_id: uuid(),
    body: jsonb().$type<AuditEventBody>().notNull(),
    leaf_index: bigint({ mode: 'number' }),
    /** The transaction that wrote the row (a trigger sets it, migration 0031): what the pending floor bounds. */
    txid: xid8().notNull().default(sql`pg_current_xact_id()`),
  },
  (t) => [
    unique('audit_events_tenant_id_leaf_index_key').on(t.tenant_id, t.leaf_index),
    index('audit_events_pending').on(t.txid, t.seq).where(sql`leaf_index IS NULL`),
    index('audit_events_search').on(t.tenant_id, t.occurred_at, t.seq),
    index('audit_events_action').on(t.tenant_id, t.action, t.seq),
    index('audit_events_tenant_seq').on(t.tenant_id, t.seq),
    index('audit_events_actor').on(t.tenant_id, t.actor_id, t.seq),
  ],
);

/** Where the integrator's pending read starts (migration 0031): one row. */
export const auditPendingFloor = pgTable('audit_pending_floor', {
  only_row: boolean().primaryKey().default(true),
  txid: xid8().notNull(),
});

/** Complete subtrees only: node (level, idx) covers leaves [idx * 2^level, (idx + 1) * 2^level). */
export const auditNodes = pgTable(
  'audit_nodes',
  {
    tenant_id: uuid().notNull(),
    level: smallint().notNull(),
    idx: bigint({ mode: 'number' }).notNull(),
    hash: bytea().notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenant_id, t.level, t.idx] })],
);

export const auditHeads = pgTable('audit_heads', {
  tenant_id: uuid().primaryKey(),
  size: bigint({ mode: 'number' }).notNull(),
  root: bytea().notNull(),
  updated_at: timestamp({ withTimezone: true }).notNull(),
});

/** The audit log's size across tenants, kept by a trigger as heads grow (migration 0030), in shards: /metrics sums them. */
export const auditSizeTotals = pgTable('audit_size_totals', {
  shard: smallint().primaryKey(),
  size: bigint({ mode: 'number' }).notNull(),
});

/** Published checkpoints; the note is kept byte for byte as signed. */
export const auditCheckpoints = pgTable(
  'audit_checkpoints',
  {
    tenant_id: uuid().notNull(),
    size: bigint({ mode: 'number' }).notNull(),
    root: bytea().notNull(),
    note: text().notNull(),
    published_at: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenant_id, t.size] }),
    // 0030: the newest checkpoint's age, which /metrics reports.
    index('audit_checkpoints_published').on(t.published_at),
  ],
);

/** Processes allowed to sign events (migration 0015); each listing is signed by the installation's audit key. */
export const auditSigners = pgTable('audit_signers', {
  key_id: text().primaryKey(),
  public_key: bytea().notNull(),
  registration: text().notNull(),
  registered_at: timestamp({ withTimezone: true }).notNull(),
});

/** Tenants whose log began before writers signed events (migration 0017, unsigned-prefix.ts). */
export const auditUnsignedPrefix = pgTable('audit_unsigned_prefix', {
  tenant_id: uuid().primaryKey(),
  pending_seqs: bigint({ mode: 'number' }).array().notNull(),
  size: bigint({ mode: 'number' }),
  root: bytea(),
  signature: text(),
  sealed_at: timestamp({ withTimezone: true }),
});

export const quarantineKinds = [
  'unsigned',
  'unknown_signer',
  'bad_signature',
  'leaf_mismatch',
  'missing_leaf',
  'checkpoint_mismatch',
  'witness_ahead',
] as const;

/** Rows the integrator refused and faults the self-check found; open ones have no resolved_at. */
export const auditQuarantine = pgTable(
  'audit_quarantine',
  {
    id: uuid().primaryKey(),
    tenant_id: uuid().notNull(),
    kind: text({ enum: quarantineKinds }).notNull(),
    seq: bigint({ mode: 'number' }),
    event_id: uuid(),
    leaf_index: bigint({ mode: 'number' }),
    detail: text().notNull(),
    body: jsonb().$type<Record<string, unknown>>(),
    detected_at: timestamp({ withTimezone: true }).notNull(),
    resolved_at: timestamp({ withTimezone: true }),
    resolved_by: uuid(),
  },
  (t) => [index('audit_quarantine_open').on(t.tenant_id).where(sql`resolved_at IS NULL`)],
);

export type AuditEventRecord = typeof auditEvents.$inferSelect;
export type AuditNodeRecord = typeof auditNodes.$inferSelect;
export type AuditHeadRecord = typeof auditHeads.$inferSelect;
export type AuditCheckpointRecord = typeof auditCheckpoints.$inferSelect;
export type AuditSignerRecord = typeof auditSigners.$inferSelect;
export type AuditQuarantineRecord = typeof auditQuarantine.$inferSelect;
