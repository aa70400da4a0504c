/**
 * Every query of policy's tables (policy sets, tenant tools, the context graph), plus the one read of recent
 * plans that simulation re-decides. Each function takes the orm or the caller's open transaction.
 */
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Executor } from '../db/connect.ts';
import type { PlanDecision, StepFacts } from './decision.ts';
import {
  type ContextEdgeRecord,
  type ContextNodeRecord,
  type ContextSnapshotRecord,
  contextEdges,
  contextNodes,
  contextSnapshots,
  type PolicySetRecord,
  policySets,
  type ServiceRecord,
  services,
  type TenantToolRecord,
  tenantTools,
} from './tables.ts';

// Serializes version numbering and activation per tenant (a transaction-scoped advisory lock).
const LOCK_CLASS = 7215003;

/** `(xmax = 0)` on an upsert's RETURNING: true when the row was inserted, false when it was updated. */
const inserted = sql<boolean>`(xmax = 0)`;

// --- policy sets

const setSummary = {
  id: policySets.id,
  version: policySets.version,
  version_hash: policySets.version_hash,
  active: policySets.active,
  created_at: policySets.created_at,
  created_by: policySets.created_by,
};
export type PolicySetSummary = Pick<PolicySetRecord, keyof typeof setSummary>;

export async function lockPolicySets(tx: Executor, tenantId: string): Promise<void> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(${LOCK_CLASS}, hashtext(${tenantId}))`);
}

/** The tenant's stored sets, newest version first. */
export function listPolicySets(db: Executor, tenantId: string): Promise<PolicySetSummary[]> {
  return db
    .select(setSummary)
    .from(policySets)
    .where(eq(policySets.tenant_id, tenantId))
    .orderBy(desc(policySets.version));
}

/** One set of the tenant, by version number or row id, with its text. */
export async function findPolicySet(
  db: Executor,
  tenantId: string,
  ref: { version: number } | { id: string },
): Promise<(PolicySetSummary & Pick<PolicySetRecord, 'policies'>) | undefined> {
  const match = 'version' in ref ? eq(policySets.version, ref.version) : eq(policySets.id, ref.id);
  const [row] = await db
    .select({ ...setSummary, policies: policySets.policies })
    .from(policySets)
    .where(and(eq(policySets.tenant_id, tenantId), match));
  return row;
}

/** The active set's text and hash; none means the shipped default decides. */
export async function activePolicySet(
  db: Executor,
  tenantId: string,
): Promise<Pick<PolicySetRecord, 'version_hash' | 'policies'> | undefined> {
  const [row] = await db
    .select({ version_hash: policySets.version_hash, policies: policySets.policies })
    .from(policySets)
    .where(and(eq(policySets.tenant_id, tenantId), sql`${policySets.active}`));
  return row;
}

/** The version number the tenant's next set gets; call under `lockPolicySets`. */
export async function nextPolicySetVersion(tx: Executor, tenantId: string): Promise<number> {
  const [next] = await tx
    .select({ version: sql<number>`COALESCE(MAX(${policySets.version}), 0)::int + 1`.mapWith(Number) })
    .from(policySets)
    .where(eq(policySets.tenant_id, tenantId));
  return next!.version;
}

export async function insertPolicySet(tx: Executor, row: PolicySetRecord): Promise<void> {
  await tx.insert(policySets).values(row);
}

/** Makes no set of the tenant active; answers the version that was. */
export async function deactivatePolicySets(tx: Executor, tenantId: string): Promise<number | undefined> {
  const [previous] = await tx
    .update(policySets)
    .set({ active: false })
    .where(and(eq(policySets.tenant_id, tenantId), sql`${policySets.active}`))
    .returning({ version: policySets.version });
  return previous?.version;
}

export async function markPolicySetActive(tx: Executor, id: string): Promise<void> {
  await tx.update(policySets).set({ active: true }).where(eq(policySets.id, id));
}

// --- tenant tools

export async function tenantToolSpecs(
  db: Executor,
  tenantId: string,
): Promise<TenantToolRecord['definition'][]> {
  const rows = await db
    .select({ definition: tenantTools.definition })
    .from(tenantTools)
    .where(eq(tenantTools.tenant_id, tenantId))
    .orderBy(asc(tenantTools.name));
  return rows.map((row) => row.definition);
}

/** The tenant's stored definition of one tool, if it has one. */
export async function tenantToolSpec(
  db: Executor,
  tenantId: string,
  name: string,
): Promise<TenantToolRecord['definition'] | undefined> {
  const [row] = await db
    .select({ definition: tenantTools.definition })
    .from(tenantTools)
    .where(and(eq(tenantTools.tenant_id, tenantId), eq(tenantTools.name, name)));
  return row?.definition;
}

/** Stores a tenant tool, replacing the tenant's tool of that name; answers whether it is new. */
export async function upsertTenantTool(tx: Executor, row: TenantToolRecord): Promise<boolean> {
  const [result] = await tx
    .insert(tenantTools)
    .values(row)
    .onConflictDoUpdate({
      target: [tenantTools.tenant_id, tenantTools.name],
      set: { definition: sql`EXCLUDED.definition` },
    })
    .returning({ created: inserted });
  return result!.created;
}

// --- the context graph

export type ContextKind = 'service' | 'node' | 'edge';

export async function serviceBodies(db: Executor, tenantId: string): Promise<ServiceRecord['body'][]> {
  const rows = await db
    .select({ body: services.body })
    .from(services)
    .where(eq(services.tenant_id, tenantId))
    .orderBy(asc(services.service_id));
  return rows.map((row) => row.body);
}

export function contextNodesOf(
  db: Executor,
  tenantId: string,
): Promise<Pick<ContextNodeRecord, 'node_id' | 'kind' | 'name' | 'labels' | 'owner_team'>[]> {
  return db
    .select({
      node_id: contextNodes.node_id,
      kind: contextNodes.kind,
      name: contextNodes.name,
      labels: contextNodes.labels,
      owner_team: contextNodes.owner_team,
    })
    .from(contextNodes)
    .where(eq(contextNodes.tenant_id, tenantId))
    .orderBy(asc(contextNodes.node_id));
}

export function contextEdgesOf(
  db: Executor,
  tenantId: string,
): Promise<Pick<ContextEdgeRecord, 'edge_id' | 'from_node_id' | 'to_node_id' | 'relation'>[]> {
  return db
    .select({
      edge_id: contextEdges.edge_id,
      from_node_id: contextEdges.from_node_id,
      to_node_id: contextEdges.to_node_id,
      relation: contextEdges.relation,
    })
    .from(contextEdges)
    .where(eq(contextEdges.tenant_id, tenantId))
    .orderBy(asc(contextEdges.edge_id));
}

/** Each upsert answers whether the entry is new. */
export async function upsertService(tx: Executor, row: ServiceRecord): Promise<boolean> {
  const [result] = await tx
    .insert(services)
    .values(row)
    .onConflictDoUpdate({
      target: [services.tenant_id, services.service_id],
      set: { body: sql`EXCLUDED.body`, updated_at: sql`EXCLUDED.updated_at` },
    })
    .returning({ created: inserted });
  return result!.created;
}

export async function upsertContextNode(tx: Executor, row: ContextNodeRecord): Promise<boolean> {
  const [result] = await tx
    .insert(contextNodes)
    .values(row)
    .onConflictDoUpdate({
      target: [contextNodes.tenant_id, contextNodes.node_id],
      set: {
        kind: sql`EXCLUDED.kind`,
        name: sql`EXCLUDED.name`,
        labels: sql`EXCLUDED.labels`,
        owner_team: sql`EXCLUDED.owner_team`,
        updated_at: sql`EXCLUDED.updated_at`,
      },
    })
    .returning({ created: inserted });
  return result!.created;
}

export async function upsertContextEdge(tx: Executor, row: ContextEdgeRecord): Promise<boolean> {
  const [result] = await tx
    .insert(contextEdges)
    .values(row)
    .onConflictDoUpdate({
      target: [contextEdges.tenant_id, contextEdges.edge_id],
      set: {
        from_node_id: sql`EXCLUDED.from_node_id`,
        to_node_id: sql`EXCLUDED.to_node_id`,
        relation: sql`EXCLUDED.relation`,
        updated_at: sql`EXCLUDED.updated_at`,
      },
    })
    .returning({ created: inserted });
  return result!.created;
}

/** Deletes one entry of the graph; answers whether it existed. */
export async function deleteContextEntry(
  tx: Executor,
  tenantId: string,
  kind: ContextKind,
  id: string,
): Promise<boolean> {
  const gone =
    kind === 'service'
      ? await tx
          .delete(services)
          .where(and(eq(services.tenant_id, tenantId), eq(services.service_id, id)))
          .returning({ id: services.service_id })
      : kind === 'node'
        ? await tx
            .delete(contextNodes)
            .where(and(eq(contextNodes.tenant_id, tenantId), eq(contextNodes.node_id, id)))
            .returning({ id: contextNodes.node_id })
        : await tx
            .delete(contextEdges)
            .where(and(eq(contextEdges.tenant_id, tenantId), eq(contextEdges.edge_id, id)))
            .returning({ id: contextEdges.edge_id });
  return gone.length > 0;
}

/** Deletes the given nodes and edges of a tenant's graph (a refresh removing what its source no longer sees). */
export async function deleteContextEntries(
  tx: Executor,
  tenantId: string,
  ids: { nodes: readonly string[]; edges: readonly string[] },
): Promise<void> {
  if (ids.edges.length > 0)
    await tx
      .delete(contextEdges)
      .where(and(eq(contextEdges.tenant_id, tenantId), inArray(contextEdges.edge_id, [...ids.edges])));
  if (ids.nodes.length > 0)
    await tx
      .delete(contextNodes)
      .where(and(eq(contextNodes.tenant_id, tenantId), inArray(contextNodes.node_id, [...ids.nodes])));
}

export async function insertContextSnapshot(tx: Executor, row: ContextSnapshotRecord): Promise<void> {
  await tx.insert(contextSnapshots).values(row);
}

/** A tenant's snapshots, newest first. */
export function contextSnapshotsOf(db: Executor, tenantId: string, limit: number) {
  return db
    .select()
    .from(contextSnapshots)
    .where(eq(contextSnapshots.tenant_id, tenantId))
    .orderBy(desc(contextSnapshots.taken_at), desc(contextSnapshots.id))
    .limit(limit);
}

// --- recent plans, for simulation

// Plans and actors belong to folders above policy, which it may not import: the read is raw SQL, its rows
// checked here. Only what re-deciding needs is kept (zod drops the rest of `risk` and `decision`).
const jsonObject = (value: unknown) => typeof value === 'object' && value !== null;
const recentPlanSchema = z.object({
  id: z.string(),
  summary: z.string(),
  created_at: z.union([z.date(), z.string()]),
  risk: z.object({ steps: z.array(z.object({ facts: z.custom<StepFacts>(jsonObject) })) }),
  decision: z.custom<PlanDecision>(jsonObject),
  actor_id: z.string(),
  actor_type: z.enum(['user', 'service', 'agent']),
  actor_roles: z.array(z.string()),
});
export type RecentPlan = z.infer<typeof recentPlanSchema>;

/** The tenant's last plans, newest first, with their stored step facts and decision and their creator. */
export async function recentPlans(db: Executor, tenantId: string, last: number): Promise<RecentPlan[]> {
  const result = await db.execute(sql`
    SELECT p.id, p.summary, p.created_at, p.risk, p.decision,
           a.id AS actor_id, a.type AS actor_type, a.roles AS actor_roles
    FROM plans p JOIN actors a ON a.id = p.creator_id
    WHERE p.tenant_id = ${tenantId}
    ORDER BY p.created_at DESC, p.id DESC LIMIT ${last}`);
  return z.object({ rows: z.array(recentPlanSchema) }).parse(result).rows;
}
