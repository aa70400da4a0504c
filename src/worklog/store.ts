/**
 * WorkLog's tables, read and written. Every function takes the executor (the orm or the caller's open
 * transaction), so the caller decides what commits together, audit events included.
 */
import { and, desc, eq, gte, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { Executor } from '../db/connect.ts';
import {
  type WorklogAssetCardRecord,
  type WorklogCiSnapshotRecord,
  type WorklogIntentRecord,
  type WorklogRunRecord,
  worklogApprovals,
  worklogAssetCards,
  worklogCiSnapshots,
  worklogDecisionLogs,
  worklogDeliveries,
  worklogIntents,
  worklogPrEvents,
  worklogProvisioningEvents,
  worklogRepositories,
  worklogReviewOutputs,
  worklogRuns,
} from './tables.ts';

const repos = worklogRepositories;

// Repository names are compared as GitHub does, ignoring case.
const connectedNamed = (fullName: string) =>
  and(sql`lower(${repos.full_name}) = lower(${fullName})`, eq(repos.connection_status, 'connected'));

// Repositories

export async function findConnected(tx: Executor, tenantId: string, fullName: string) {
  const [row] = await tx
    .select()
    .from(repos)
    .where(and(eq(repos.tenant_id, tenantId), connectedNamed(fullName)));
  return row;
}

export async function tenantsConnecting(tx: Executor, fullName: string): Promise<string[]> {
  const rows = await tx
    .selectDistinct({ tenant_id: repos.tenant_id })
    .from(repos)
    .where(connectedNamed(fullName));
  return rows.map((row) => row.tenant_id);
}

/** Connects a repository; one disconnected earlier under the same name is connected again, with the new owner. */
export async function connectRepository(tx: Executor, values: typeof repos.$inferInsert) {
  const [row] = await tx
    .insert(repos)
    .values(values)
    .onConflictDoUpdate({
      target: [repos.tenant_id, repos.full_name],
      set: {
        owner_id: sql`excluded.owner_id`,
        sensitivity: sql`excluded.sensitivity`,
        connection_status: 'connected',
        updated_at: sql`excluded.updated_at`,
      },
    })
    .returning();
  return row!;
}

export function connectedRepositories(tx: Executor, tenantId: string) {
  return tx
    .select()
    .from(repos)
    .where(and(eq(repos.tenant_id, tenantId), eq(repos.connection_status, 'connected')))
    .orderBy(repos.full_name);
}

/** A repository by id; in one tenant when `tenantId` is given. */
export async function findRepository(tx: Executor, id: string, tenantId?: string) {
  const [row] = await tx
    .select()
    .from(repos)
    .where(and(eq(repos.id, id), tenantId === undefined ? undefined : eq(repos.tenant_id, tenantId)));
  return row;
}

export async function disconnectRepository(tx: Executor, id: string, at: Date): Promise<void> {
  await tx.update(repos).set({ connection_status: 'disconnected', updated_at: at }).where(eq(repos.id, id));
}

/** A signed delivery arrived for it: its webhook works. */
export async function markDelivered(tx: Executor, id: string, at: Date): Promise<void> {
  await tx.update(repos).set({ webhook_status: 'active', last_delivery_at: at }).where(eq(repos.id, id));
}

// Deliveries

/** Records a delivery id once; false when it was recorded before. */
export async function recordDelivery(
  tx: Executor,
  values: typeof worklogDeliveries.$inferInsert,
): Promise<boolean> {
  const rows = await tx
    .insert(worklogDeliveries)
    .values(values)
    .onConflictDoNothing({ target: worklogDeliveries.delivery_id })
    .returning({ delivery_id: worklogDeliveries.delivery_id });
  return rows.length === 1;
}

/** Counts a replay on the delivery of that signer (no tenant: the installation's); false when it is not theirs. */
export async function countReplay(
  tx: Executor,
  deliveryId: string,
  tenantId: string | undefined,
  at: Date,
): Promise<boolean> {
  const t = worklogDeliveries;
  const rows = await tx
    .update(t)
    .set({ replays: sql`${t.replays} + 1`, last_replay_at: at })
    .where(
      and(eq(t.delivery_id, deliveryId), sql`${t.tenant_id} IS NOT DISTINCT FROM ${tenantId ?? null}::uuid`),
    )
    .returning({ tenant_id: t.tenant_id });
  return rows.length === 1;
}

// Pull request events

/** Records a pull request event once per repository, number, action and head; its id, undefined if it was. */
export async function insertPrEvent(tx: Executor, values: typeof worklogPrEvents.$inferInsert) {
  const [row] = await tx
    .insert(worklogPrEvents)
    .values(values)
    .onConflictDoNothing({
      target: [
        worklogPrEvents.repository_id,
        worklogPrEvents.pr_number,
        worklogPrEvents.action,
        worklogPrEvents.head_sha,
      ],
    })
    .returning({ id: worklogPrEvents.id });
  return row?.id;
}

export function prEvents(tx: Executor, tenantId: string, repositoryId: string | undefined) {
  const t = worklogPrEvents;
  return tx
    .select()
    .from(t)
    .where(
      and(
        eq(t.tenant_id, tenantId),
        repositoryId === undefined ? undefined : eq(t.repository_id, repositoryId),
      ),
    )
    .orderBy(desc(t.received_at), t.id)
    .limit(500);
}

export async function unprocessedPrEvents(tx: Executor, maxAttempts: number, limit: number) {
  const t = worklogPrEvents;
  const rows = await tx
    .select({ id: t.id })
    .from(t)
    .where(and(isNull(t.processed_at), lt(t.attempts, maxAttempts)))
    .orderBy(t.received_at)
    .limit(limit);
  return rows.map((row) => row.id);
}

/** Counts an attempt at an unprocessed event and answers it; undefined once it is processed. */
export async function attemptPrEvent(tx: Executor, id: string) {
  const t = worklogPrEvents;
  const [row] = await tx
    .update(t)
    .set({ attempts: sql`${t.attempts} + 1` })
    .where(and(eq(t.id, id), isNull(t.processed_at)))
    .returning();
  return row;
}

export async function markProcessed(tx: Executor, id: string, at: Date): Promise<void> {
  await tx
    .update(worklogPrEvents)
    .set({ processed_at: at, last_error: null })
    .where(eq(worklogPrEvents.id, id));
}

export async function setPrEventError(tx: Executor, id: string, code: string): Promise<void> {
  await tx.update(worklogPrEvents).set({ last_error: code }).where(eq(worklogPrEvents.id, id));
}

// Intents and their votes

/** Inserts an intent, once per pr-event; undefined when that event has one already. */
export async function insertIntent(tx: Executor, values: typeof worklogIntents.$inferInsert) {
  const [row] = await tx
    .insert(worklogIntents)
    .values(values)
    .onConflictDoNothing({ target: worklogIntents.pr_event_id })
    .returning();
  return row;
}

export async function findIntent(tx: Executor, tenantId: string, id: string, lock = false) {
  const query = tx
    .select()
    .from(worklogIntents)
    .where(and(eq(worklogIntents.id, id), eq(worklogIntents.tenant_id, tenantId)));
  const [row] = await (lock ? query.for('update') : query);
  return row;
}

export function intents(tx: Executor, tenantId: string, kind: WorklogIntentRecord['kind'] | undefined) {
  const t = worklogIntents;
  return tx
    .select()
    .from(t)
    .where(and(eq(t.tenant_id, tenantId), kind === undefined ? undefined : eq(t.kind, kind)))
    .orderBy(desc(t.created_at), t.id)
    .limit(500);
}

export async function updateIntentApproval(
  tx: Executor,
  intent: Pick<WorklogIntentRecord, 'id' | 'status' | 'approval' | 'updated_at'>,
): Promise<void> {
  await tx
    .update(worklogIntents)
    .set({ status: intent.status, approval: intent.approval, updated_at: intent.updated_at })
    .where(eq(worklogIntents.id, intent.id));
}

export async function insertIntentVote(tx: Executor, values: typeof worklogApprovals.$inferInsert) {
  await tx.insert(worklogApprovals).values(values);
}

/** The latest approving vote on the intent: the one that completed its quorum. */
export async function latestApproval(tx: Executor, intentId: string): Promise<string | undefined> {
  const t = worklogApprovals;
  const [row] = await tx
    .select({ id: t.id })
    .from(t)
    .where(and(eq(t.intent_id, intentId), eq(t.decision, 'approve')))
    .orderBy(desc(t.created_at), t.id)
    .limit(1);
  return row?.id;
}

// Review runs and their outputs

export async function insertRun(tx: Executor, values: typeof worklogRuns.$inferInsert) {
  const [row] = await tx.insert(worklogRuns).values(values).returning();
  return row!;
}

/** Moves the intent's run out of waiting_approval; its id, undefined when none was waiting. */
export async function settleRun(
  tx: Executor,
  intentId: string,
  set: Pick<WorklogRunRecord, 'status' | 'approval_id' | 'error_code' | 'finished_at'>,
): Promise<string | undefined> {
  const t = worklogRuns;
  const [row] = await tx
    .update(t)
    .set(set)
    .where(and(eq(t.intent_id, intentId), eq(t.status, 'waiting_approval')))
    .returning({ id: t.id });
  return row?.id;
}

export async function findRun(tx: Executor, tenantId: string, id: string) {
  const [row] = await tx
    .select()
    .from(worklogRuns)
    .where(and(eq(worklogRuns.id, id), eq(worklogRuns.tenant_id, tenantId)));
  return row;
}

export async function runOfIntent(tx: Executor, intentId: string) {
  const [row] = await tx.select().from(worklogRuns).where(eq(worklogRuns.intent_id, intentId));
  return row;
}

export async function queuedRuns(tx: Executor, limit: number): Promise<string[]> {
  const t = worklogRuns;
  const rows = await tx
    .select({ id: t.id })
    .from(t)
    .where(eq(t.status, 'queued'))
    .orderBy(t.created_at)
    .limit(limit);
  return rows.map((row) => row.id);
}

/** Runs `running` since before `cutoff`. */
export async function staleRuns(tx: Executor, cutoff: Date, limit: number): Promise<string[]> {
  const t = worklogRuns;
  const rows = await tx
    .select({ id: t.id })
    .from(t)
    .where(and(eq(t.status, 'running'), lt(t.started_at, cutoff)))
    .orderBy(t.started_at)
    .limit(limit);
  return rows.map((row) => row.id);
}

/** Claims a queued run: only the caller that moves it to running gets it. */
export async function startRun(tx: Executor, id: string, at: Date) {
  const t = worklogRuns;
  const [row] = await tx
    .update(t)
    .set({ status: 'running', started_at: at })
    .where(and(eq(t.id, id), eq(t.status, 'queued')))
    .returning();
  return row;
}

/** Claims a run running since before `cutoff` by renewing `started_at`: of racing callers, the first gets it. */
export async function renewStaleRun(tx: Executor, id: string, at: Date, cutoff: Date) {
  const t = worklogRuns;
  const [row] = await tx
    .update(t)
    .set({ started_at: at })
    .where(and(eq(t.id, id), eq(t.status, 'running'), lt(t.started_at, cutoff)))
    .returning();
  return row;
}

/** Ends a run still running under the claim that started it at `startedAt`; false when the claim was lost. */
export async function endRun(
  tx: Executor,
  id: string,
  startedAt: Date | null,
  set: Pick<WorklogRunRecord, 'status' | 'error_code' | 'github_review_id' | 'finished_at'>,
): Promise<boolean> {
  const t = worklogRuns;
  const rows = await tx
    .update(t)
    .set(set)
    .where(
      and(
        eq(t.id, id),
        eq(t.status, 'running'),
        startedAt === null ? sql`false` : eq(t.started_at, startedAt),
      ),
    )
    .returning({ id: t.id });
  return rows.length === 1;
}

export async function setDiffHash(tx: Executor, runId: string, diffHash: string): Promise<void> {
  await tx.update(worklogRuns).set({ diff_hash: diffHash }).where(eq(worklogRuns.id, runId));
}

/** Stores a run's review output; `once` keeps one stored before. */
export async function insertReviewOutput(
  tx: Executor,
  values: typeof worklogReviewOutputs.$inferInsert,
  once = false,
): Promise<void> {
  const insert = tx.insert(worklogReviewOutputs).values(values);
  await (once ? insert.onConflictDoNothing({ target: worklogReviewOutputs.run_id }) : insert);
}

/** A run's review output; only a schema-valid one when `validOnly`. */
export async function reviewOutputOf(tx: Executor, runId: string, validOnly = false) {
  const t = worklogReviewOutputs;
  const [row] = await tx
    .select()
    .from(t)
    .where(and(eq(t.run_id, runId), validOnly ? eq(t.status, 'valid') : undefined));
  return row;
}

/** Stores the CI a review used, once per run (a run taken over keeps the first capture). */
export async function insertCiSnapshot(tx: Executor, values: WorklogCiSnapshotRecord): Promise<boolean> {
  const rows = await tx
    .insert(worklogCiSnapshots)
    .values(values)
    .onConflictDoNothing({ target: worklogCiSnapshots.run_id })
    .returning({ run_id: worklogCiSnapshots.run_id });
  return rows.length > 0;
}

export async function ciSnapshotOf(tx: Executor, runId: string) {
  const [row] = await tx.select().from(worklogCiSnapshots).where(eq(worklogCiSnapshots.run_id, runId));
  return row;
}

// Asset cards and their decisions

/** Inserts the card of a pr-event, once; its id, undefined when the event has one already. */
export async function insertCard(tx: Executor, values: typeof worklogAssetCards.$inferInsert) {
  const [row] = await tx
    .insert(worklogAssetCards)
    .values(values)
    .onConflictDoNothing({ target: worklogAssetCards.pr_event_id })
    .returning({ id: worklogAssetCards.id });
  return row?.id;
}

/** The tenant's cards, or one owner's; of one status when given. */
export function cards(
  tx: Executor,
  filter: { tenantId: string; ownerId?: string; status?: WorklogAssetCardRecord['status'] },
) {
  const t = worklogAssetCards;
  return tx
    .select()
    .from(t)
    .where(
      and(
        eq(t.tenant_id, filter.tenantId),
        filter.ownerId === undefined ? undefined : eq(t.owner_id, filter.ownerId),
        filter.status === undefined ? undefined : eq(t.status, filter.status),
      ),
    )
    .orderBy(desc(t.created_at), t.id)
    .limit(500);
}

/** An owner's approved cards, the latest merged first. */
export function approvedCards(tx: Executor, tenantId: string, ownerId: string) {
  const t = worklogAssetCards;
  return tx
    .select()
    .from(t)
    .where(and(eq(t.tenant_id, tenantId), eq(t.owner_id, ownerId), eq(t.status, 'approved')))
    .orderBy(sql`${t.merged_at} DESC NULLS LAST`, t.id);
}

export async function findCard(tx: Executor, tenantId: string, id: string, lock = false) {
  const query = tx
    .select()
    .from(worklogAssetCards)
    .where(and(eq(worklogAssetCards.id, id), eq(worklogAssetCards.tenant_id, tenantId)));
  const [row] = await (lock ? query.for('update') : query);
  return row;
}

export async function updateCard(
  tx: Executor,
  id: string,
  set: Pick<WorklogAssetCardRecord, 'status' | 'title' | 'summary' | 'impact' | 'skills' | 'updated_at'>,
): Promise<void> {
  await tx.update(worklogAssetCards).set(set).where(eq(worklogAssetCards.id, id));
}

export async function insertCardDecision(tx: Executor, values: typeof worklogDecisionLogs.$inferInsert) {
  await tx.insert(worklogDecisionLogs).values(values);
}

export function cardDecisions(tx: Executor, cardId: string) {
  const t = worklogDecisionLogs;
  return tx
    .select({
      id: t.id,
      actor_id: t.actor_id,
      decision: t.decision,
      changes: t.changes,
      comment: t.comment,
      created_at: t.created_at,
    })
    .from(t)
    .where(eq(t.card_id, cardId))
    .orderBy(t.created_at, t.id);
}

// Provisioning events

export function provisioningEvents(tx: Executor, tenantId: string, intentId: string) {
  const t = worklogProvisioningEvents;
  return tx
    .select()
    .from(t)
    .where(and(eq(t.tenant_id, tenantId), eq(t.intent_id, intentId)))
    .orderBy(t.created_at);
}

/** The event of what was provisioned for the intent, of that type and scope. */
export async function findProvisioning(tx: Executor, intentId: string, resourceType: string, scope: string) {
  const t = worklogProvisioningEvents;
  const [row] = await tx
    .select()
    .from(t)
    .where(and(eq(t.intent_id, intentId), eq(t.resource_type, resourceType), eq(t.scope, scope)));
  return row;
}

/** Records what was provisioned, once per intent, type and scope; undefined when it was recorded before. */
export async function insertProvisioning(
  tx: Executor,
  values: typeof worklogProvisioningEvents.$inferInsert,
) {
  const t = worklogProvisioningEvents;
  const [row] = await tx
    .insert(t)
    .values(values)
    .onConflictDoNothing({ target: [t.intent_id, t.resource_type, t.scope] })
    .returning();
  return row;
}

// A period's records, for the KPIs and the audit report (kpi.ts, report.ts): each read in one tenant.

/** Pull request events received in [from, to). */
export function prEventsBetween(tx: Executor, tenantId: string, from: Date, to: Date) {
  const t = worklogPrEvents;
  return tx
    .select()
    .from(t)
    .where(and(eq(t.tenant_id, tenantId), gte(t.received_at, from), lt(t.received_at, to)))
    .orderBy(t.received_at, t.id);
}

/** The tenant's review intents tied to these pr-events or naming one of these pull request URLs. */
export function reviewIntentsFor(tx: Executor, tenantId: string, prEventIds: string[], prUrls: string[]) {
  const t = worklogIntents;
  if (prEventIds.length === 0 && prUrls.length === 0) return Promise.resolve([]);
  return tx
    .select()
    .from(t)
    .where(
      and(
        eq(t.tenant_id, tenantId),
        eq(t.kind, 'review'),
        or(
          prEventIds.length > 0 ? inArray(t.pr_event_id, prEventIds) : undefined,
          prUrls.length > 0 ? inArray(sql<string>`${t.spec}->>'pr_url'`, prUrls) : undefined,
        ),
      ),
    );
}

/** Intents created in [from, to). */
export function intentsBetween(tx: Executor, tenantId: string, from: Date, to: Date) {
  const t = worklogIntents;
  return tx
    .select()
    .from(t)
    .where(and(eq(t.tenant_id, tenantId), gte(t.created_at, from), lt(t.created_at, to)))
    .orderBy(t.created_at, t.id);
}

/** The tenant's intents of these ids. */
export function intentsByIds(tx: Executor, tenantId: string, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  const t = worklogIntents;
  return tx
    .select()
    .from(t)
    .where(and(eq(t.tenant_id, tenantId), inArray(t.id, ids)));
}

/** Review runs created in [from, to). */
export function runsBetween(tx: Executor, tenantId: string, from: Date, to: Date) {
  const t = worklogRuns;
  return tx
    .select()
    .from(t)
    .where(and(eq(t.tenant_id, tenantId), gte(t.created_at, from), lt(t.created_at, to)))
    .orderBy(t.created_at, t.id);
}

/** Every vote on these intents, oldest first. */
export function votesOn(tx: Executor, tenantId: string, intentIds: string[]) {
  if (intentIds.length === 0) return Promise.resolve([]);
  const t = worklogApprovals;
  return tx
    .select()
    .from(t)
    .where(and(eq(t.tenant_id, tenantId), inArray(t.intent_id, intentIds)))
    .orderBy(t.created_at, t.id);
}

/** Provisioning events recorded in [from, to); every one of the tenant's when no period is given. */
export function provisioningBetween(tx: Executor, tenantId: string, from?: Date, to?: Date) {
  const t = worklogProvisioningEvents;
  return tx
    .select()
    .from(t)
    .where(
      and(
        eq(t.tenant_id, tenantId),
        from ? gte(t.created_at, from) : undefined,
        to ? lt(t.created_at, to) : undefined,
      ),
    )
    .orderBy(desc(t.created_at), t.id)
    .limit(1000);
}

/** The newest run of a pull request head, if any (a review asked for by hand is not repeated). */
export async function runOfHead(
  tx: Executor,
  tenantId: string,
  repoFullName: string,
  prNumber: number,
  headSha: string,
) {
  const t = worklogRuns;
  const [row] = await tx
    .select()
    .from(t)
    .where(
      and(
        eq(t.tenant_id, tenantId),
        sql`lower(${t.repo_full_name}) = lower(${repoFullName})`,
        eq(t.pr_number, prNumber),
        eq(t.head_sha, headSha),
      ),
    )
    .orderBy(desc(t.created_at), t.id)
    .limit(1);
  return row;
}
