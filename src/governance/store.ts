import { and, asc, desc, eq, getTableColumns, or, type SQL, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { isUuid } from '../core/ids.ts';
import type { Actor } from '../core/roles.ts';
import type { Executor } from '../db/connect.ts';
import { tenants } from '../tenancy/tables.ts';
import {
  type EvidenceSnapshotRecord,
  evidenceSnapshots,
  type GovernanceDecisionRecord,
  governanceDecisions,
  type ReviewPackRecord,
  reviewPacks,
  type TenantReviewRecord,
  tenantReviewSections,
  tenantReviews,
} from './tables.ts';

// The governance tables: decisions, reviews with their sections and evidence snapshots, and review packs.
// Lookups by id answer undefined for anything that is not a UUID, which can name no row.

type Scope = Pick<Actor, 'is_root' | 'tenant_id'>;

/** Keeps rows inside the actor's workspace: every tenant for the root actor, its own otherwise. */
const inScope = (actor: Scope, column: PgColumn): SQL | undefined =>
  actor.is_root ? undefined : eq(column, actor.tenant_id);

export function entitledTenants(tx: Executor, actor: Scope): Promise<{ id: string; name: string }[]> {
  return tx
    .select({ id: tenants.id, name: tenants.name })
    .from(tenants)
    .where(inScope(actor, tenants.id))
    .orderBy(tenants.name);
}

/** The id of the entitled tenant named `ref` (its name or its id). */
export async function entitledTenantId(tx: Executor, actor: Scope, ref: string): Promise<string | undefined> {
  const [row] = await tx
    .select({ id: tenants.id })
    .from(tenants)
    .where(and(or(eq(tenants.name, ref), sql`${tenants.id}::text = ${ref}`), inScope(actor, tenants.id)));
  return row?.id;
}

export async function tenantById(
  tx: Executor,
  id: string,
): Promise<{ id: string; name: string } | undefined> {
  const [row] = await tx
    .select({ id: tenants.id, name: tenants.name })
    .from(tenants)
    .where(eq(tenants.id, id));
  return row;
}

// Decisions.

export async function insertDecision(
  tx: Executor,
  values: typeof governanceDecisions.$inferInsert,
): Promise<GovernanceDecisionRecord> {
  const [row] = await tx.insert(governanceDecisions).values(values).returning();
  return row!;
}

export async function loadDecision(
  tx: Executor,
  actor: Scope,
  id: string,
  forUpdate = false,
): Promise<GovernanceDecisionRecord | undefined> {
  if (!isUuid(id)) return undefined;
  const query = tx
    .select()
    .from(governanceDecisions)
    .where(and(eq(governanceDecisions.id, id), inScope(actor, governanceDecisions.tenant_id)));
  const [row] = forUpdate ? await query.for('update') : await query;
  return row;
}

export function listDecisions(
  tx: Executor,
  actor: Scope,
  filter: { tenantId?: string | undefined; status?: GovernanceDecisionRecord['status'] | undefined },
): Promise<GovernanceDecisionRecord[]> {
  const t = governanceDecisions;
  return tx
    .select()
    .from(t)
    .where(
      and(
        inScope(actor, t.tenant_id),
        filter.tenantId ? eq(t.tenant_id, filter.tenantId) : undefined,
        filter.status ? eq(t.status, filter.status) : undefined,
      ),
    )
    .orderBy(desc(t.created_at), asc(t.id))
    .limit(500);
}

export async function updateDecision(
  tx: Executor,
  id: string,
  set: Partial<typeof governanceDecisions.$inferInsert>,
): Promise<GovernanceDecisionRecord> {
  const [row] = await tx
    .update(governanceDecisions)
    .set(set)
    .where(eq(governanceDecisions.id, id))
    .returning();
  return row!;
}

// Reviews, their sections and evidence snapshots.

const reviewsWithTenant = (tx: Executor) =>
  tx
    .select({ ...getTableColumns(tenantReviews), tenant_name: tenants.name })
    .from(tenantReviews)
    .innerJoin(tenants, eq(tenants.id, tenantReviews.tenant_id));

/** A review and the name of its tenant. */
export type TenantReview = TenantReviewRecord & { tenant_name: string };

export async function loadReview(
  tx: Executor,
  actor: Scope,
  id: string,
  forUpdate = false,
): Promise<TenantReview | undefined> {
  if (!isUuid(id)) return undefined;
  const query = reviewsWithTenant(tx).where(
    and(eq(tenantReviews.id, id), inScope(actor, tenantReviews.tenant_id)),
  );
  // Only the review is locked, not its tenant.
  const [row] = forUpdate ? await query.for('update', { of: tenantReviews }) : await query;
  return row;
}

export function listReviews(
  tx: Executor,
  actor: Scope,
  filter: { tenantId?: string | undefined; status?: TenantReviewRecord['status'] | undefined },
): Promise<TenantReview[]> {
  const r = tenantReviews;
  return reviewsWithTenant(tx)
    .where(
      and(
        inScope(actor, r.tenant_id),
        filter.tenantId ? eq(r.tenant_id, filter.tenantId) : undefined,
        filter.status ? eq(r.status, filter.status) : undefined,
      ),
    )
    .orderBy(desc(r.generated_at), asc(r.id))
    .limit(200);
}

export async function latestReleasedReview(
  tx: Executor,
  tenantId: string,
): Promise<TenantReview | undefined> {
  const r = tenantReviews;
  const [row] = await reviewsWithTenant(tx)
    .where(and(eq(r.tenant_id, tenantId), eq(r.status, 'released')))
    .orderBy(desc(r.published_at), asc(r.id))
    .limit(1);
  return row;
}

/** A composed review: its evidence snapshot, the review and its sections. */
export async function insertReview(
  tx: Executor,
  values: {
    snapshot: typeof evidenceSnapshots.$inferInsert;
    review: typeof tenantReviews.$inferInsert;
    sections: (typeof tenantReviewSections.$inferInsert)[];
  },
): Promise<void> {
  await tx.insert(evidenceSnapshots).values(values.snapshot);
  await tx.insert(tenantReviews).values(values.review);
  if (values.sections.length > 0) await tx.insert(tenantReviewSections).values(values.sections);
}

export async function releaseReview(tx: Executor, id: string, at: Date, by: string): Promise<void> {
  await tx
    .update(tenantReviews)
    .set({ status: 'released', published_at: at, released_by: by })
    .where(eq(tenantReviews.id, id));
}

export function sectionsOf(tx: Executor, reviewId: string) {
  return tx
    .select()
    .from(tenantReviewSections)
    .where(eq(tenantReviewSections.tenant_review_id, reviewId))
    .orderBy(tenantReviewSections.sort_order);
}

/** A snapshot by id; with an actor, only inside the actor's workspace. */
export async function loadSnapshot(
  tx: Executor,
  id: string,
  actor?: Scope,
): Promise<EvidenceSnapshotRecord | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await tx
    .select()
    .from(evidenceSnapshots)
    .where(
      and(eq(evidenceSnapshots.id, id), actor ? inScope(actor, evidenceSnapshots.tenant_id) : undefined),
    );
  return row;
}

// Review packs.

export async function insertPack(
  tx: Executor,
  values: typeof reviewPacks.$inferInsert,
): Promise<ReviewPackRecord> {
  const [row] = await tx.insert(reviewPacks).values(values).returning();
  return row!;
}

/** Makes the pack its review's current export. */
export async function setCurrentPack(tx: Executor, reviewId: string, packId: string): Promise<void> {
  await tx
    .update(tenantReviews)
    .set({ current_export_review_pack_id: packId })
    .where(eq(tenantReviews.id, reviewId));
}

export async function loadPack(
  tx: Executor,
  actor: Scope,
  id: string,
): Promise<ReviewPackRecord | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await tx
    .select()
    .from(reviewPacks)
    .where(and(eq(reviewPacks.id, id), inScope(actor, reviewPacks.tenant_id)));
  return row;
}

export function packsOf(tx: Executor, reviewId: string): Promise<ReviewPackRecord[]> {
  return tx
    .select()
    .from(reviewPacks)
    .where(eq(reviewPacks.tenant_review_id, reviewId))
    .orderBy(desc(reviewPacks.created_at));
}
