import { sql } from 'drizzle-orm';
import {
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { ContextNode, Service } from './context-graph.ts';
import type { TenantToolSpec } from './tool-catalog.ts';

// As migration 0002 builds them; src/db/tables.test.ts holds every tables.ts to the database.

/** Versioned Cedar policy sets; at most one active per tenant (none = the shipped default). */
export const policySets = pgTable(
  'policy_sets',
  {
    id: uuid().primaryKey(),
    tenant_id: uuid().notNull(),
    version: integer().notNull(),
    version_hash: text().notNull(),
    policies: text().notNull(),
    active: boolean().notNull().default(false),
    created_by: uuid().notNull(),
    created_at: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    unique('policy_sets_tenant_id_version_key').on(t.tenant_id, t.version),
    uniqueIndex('policy_sets_one_active').on(t.tenant_id).where(sql`active`),
  ],
);

export const tenantTools = pgTable(
  'tenant_tools',
  {
    tenant_id: uuid().notNull(),
    name: text().notNull(),
    definition: jsonb().$type<TenantToolSpec>().notNull(),
    created_at: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenant_id, t.name] })],
);

/** The context graph: services, the resources they own, and how they relate. */
export const services = pgTable(
  'services',
  {
    tenant_id: uuid().notNull(),
    service_id: text().notNull(),
    /** The service as put, with its id: the graph's `Service` plus whatever else the body names. */
    body: jsonb().$type<Service & Record<string, unknown>>().notNull(),
    updated_at: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenant_id, t.service_id] })],
);

export const contextNodes = pgTable(
  'context_nodes',
  {
    tenant_id: uuid().notNull(),
    node_id: text().notNull(),
    kind: text().notNull(),
    name: text().notNull(),
    labels: jsonb().$type<ContextNode['labels']>().notNull().default({}),
    owner_team: text(),
    updated_at: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenant_id, t.node_id] })],
);

export const contextEdges = pgTable(
  'context_edges',
  {
    tenant_id: uuid().notNull(),
    edge_id: text().notNull(),
    from_node_id: text().notNull(),
    to_node_id: text().notNull(),
    relation: text().notNull(),
    updated_at: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenant_id, t.edge_id] }),
    index('context_edges_from').on(t.tenant_id, t.from_node_id),
    index('context_edges_to').on(t.tenant_id, t.to_node_id),
  ],
);

/** What each refresh of the graph from live sources saw (migration 0021). */
export const contextSnapshots = pgTable(
  'context_snapshots',
  {
    id: uuid().primaryKey(),
    tenant_id: uuid().notNull(),
    taken_at: timestamp({ withTimezone: true }).notNull(),
    taken_by: text().notNull(),
    sources: text().array().notNull(),
    graph_hash: text().notNull(),
    counts: jsonb().$type<Record<string, Record<string, number>>>().notNull(),
  },
  (t) => [index('context_snapshots_newest').on(t.tenant_id, t.taken_at.desc(), t.id.desc())],
);

export type PolicySetRecord = typeof policySets.$inferSelect;
export type ContextSnapshotRecord = typeof contextSnapshots.$inferSelect;
export type TenantToolRecord = typeof tenantTools.$inferSelect;
export type ServiceRecord = typeof services.$inferSelect;
export type ContextNodeRecord = typeof contextNodes.$inferSelect;
export type ContextEdgeRecord = typeof contextEdges.$inferSelect;
