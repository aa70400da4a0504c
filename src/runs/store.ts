import { and, asc, desc, eq, inArray, isNull, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import { type AuditInput, auditStatementCompiled, auditStatementIfCompiled } from '../audit/append.ts';
import { isUuid } from '../core/ids.ts';
import { notFound } from '../core/problem.ts';
import type { Actor } from '../core/roles.ts';
import type { Executor } from '../db/connect.ts';
import { sqlStateOf } from '../db/errors.ts';
import { recordFromJson } from '../db/json-rows.ts';
import { notify } from '../db/notify.ts';
import { bound, type Compiled, executeCompiled, preparedRead, slot } from '../db/prepared.ts';
import type { PlanStep } from '../plans/plan-schema.ts';
import { plans } from '../plans/tables.ts';
import type { RunStatus, StepStatus } from './machine.ts';
import {
  evidence,
  type Failure,
  type RunRecord,
  type RunStepRecord,
  runSteps,
  runs,
  type ToolCallRecord,
  toolCalls,
} from './tables.ts';

/** Live views (SSE, console) and caches hear of run changes here, on commit. */
export const RUN_CHANGED_CHANNEL = 'warrant_run_changed';

const ACTIVE: RunStatus[] = ['queued', 'running'];

export async function loadRun(
  tx: Executor,
  tenantId: string,
  id: string,
  forUpdate = false,
): Promise<RunRecord> {
  if (!isUuid(id)) throw notFound(`run ${id}`);
  const query = tx
    .select()
    .from(runs)
    .where(and(eq(runs.id, id), eq(runs.tenant_id, tenantId)));
  const [row] = forUpdate ? await query.for('update') : await query;
  if (!row) throw notFound(`run ${id}`);
  return row;
}

export async function loadRunDetail(tx: Executor, runId: string) {
  const [steps, calls, items] = await Promise.all([
    tx.select().from(runSteps).where(eq(runSteps.run_id, runId)).orderBy(asc(runSteps.position)),
    // Calls not started yet come last (ascending order puts NULLs last).
    tx
      .select()
      .from(toolCalls)
      .where(eq(toolCalls.run_id, runId))
      .orderBy(asc(toolCalls.started_at), asc(toolCalls.id)),
    tx
      .select()
      .from(evidence)
      .where(eq(evidence.run_id, runId))
      .orderBy(asc(evidence.collected_at), asc(evidence.id)),
  ]);
  return { steps, calls, evidence: items };
}

/** What the executor decides its next action from: the run's steps in order and their calls (not its evidence). */
export interface RunProgress {
  steps: RunStepRecord[];
  calls: ToolCallRecord[];
}

/** A run's progress in one read (a step's calls joined to it), for a drive whose claim did not read it. */
export async function loadRunProgress(tx: Executor, runId: string): Promise<RunProgress> {
  const rows = await preparedRead(tx, 'run_progress', (exec) =>
    exec
      .select({ step: runSteps, call: toolCalls })
      .from(runSteps)
      .leftJoin(
        toolCalls,
        and(eq(toolCalls.run_id, runSteps.run_id), eq(toolCalls.step_id, runSteps.step_id)),
      )
      .where(eq(runSteps.run_id, sql.placeholder('run')))
      .orderBy(asc(runSteps.position)),
  ).execute({ run: runId });
  const steps = new Map<string, RunStepRecord>();
  const calls: ToolCallRecord[] = [];
  for (const { step, call } of rows) {
    steps.set(step.step_id, step);
    if (call) calls.push(call);
  }
  return { steps: [...steps.values()], calls };
}

export async function setRunStatus(
  tx: Executor,
  run: Pick<RunRecord, 'id'>,
  status: RunStatus,
  at: Date,
  error: Failure | null = null,
): Promise<void> {
  await executeCompiled(tx, alone('run-status', runStatusPart(tx, run.id, status, at, error)));
  await notify(tx, RUN_CHANGED_CHANNEL, run.id);
}

/**
 * A part of a run's statements, compiled by its shape (db/prepared.ts) once it is given its name: its CTE's
 * name and its placeholders' prefix.
 */
type Part = (name: string) => Compiled;

/** A part as a statement of its own. */
const alone = (kind: string, part: Part): Compiled => {
  const compiled = part('p');
  return { ...compiled, shape: `${kind}|${compiled.shape}` };
};

/** A change of a run's status, with its end when it is final (a run that ended holds no lease). */
function runStatusPart(
  tx: Executor,
  runId: string,
  status: RunStatus,
  at: Date,
  error: Failure | null,
): Part {
  const final = status !== 'queued' && status !== 'running';
  const failed = error !== null;
  return (name) => ({
    shape: `${name}:run:${final}:${failed}`,
    build: () =>
      tx
        .update(runs)
        .set({
          status: sql`${slot(name, 'status')}`,
          updated_at: sql`${slot(name, 'at')}::timestamptz`,
          error: failed ? sql`${slot(name, 'error')}::jsonb` : null,
          completed_at: final ? sql`${slot(name, 'at')}::timestamptz` : null,
          ...(final ? { lease_owner: null, lease_expires_at: null } : {}),
        })
        .where(eq(runs.id, slot(name, 'run')))
        .getSQL(),
    values: bound(name, {
      status,
      at: at.toISOString(),
      error: error && JSON.stringify(error),
      run: runId,
    }),
  });
}

type StepFields = { error?: Failure; preconditions?: RunStepRecord['preconditions'] };

/** A step's status change. */
function stepStatusPart(
  tx: Executor,
  runId: string,
  stepId: string,
  status: StepStatus,
  at: Date,
  fields: StepFields,
): Part {
  const starting = status === 'running';
  const failed = !!fields.error;
  const checked = !!fields.preconditions;
  return (name) => ({
    shape: `${name}:step:${starting}:${failed}:${checked}`,
    build: () =>
      tx
        .update(runSteps)
        .set({
          status: sql`${slot(name, 'status')}`,
          // The first error stays: rolling a failed step back must not erase why it failed.
          ...(failed ? { error: sql`COALESCE(${runSteps.error}, ${slot(name, 'error')}::jsonb)` } : {}),
          ...(checked ? { preconditions: sql`${slot(name, 'preconditions')}::jsonb` } : {}),
          ...(starting
            ? { started_at: sql`COALESCE(${runSteps.started_at}, ${slot(name, 'at')}::timestamptz)` }
            : {}),
          completed_at: starting ? null : sql`${slot(name, 'at')}::timestamptz`,
        })
        .where(and(eq(runSteps.run_id, slot(name, 'run')), eq(runSteps.step_id, slot(name, 'step'))))
        .getSQL(),
    values: bound(name, {
      status,
      error: failed ? JSON.stringify(fields.error) : null,
      preconditions: checked ? JSON.stringify(fields.preconditions) : null,
      at: at.toISOString(),
      run: runId,
      step: stepId,
    }),
  });
}

/** Marks a run's steps skipped: all of them, or only those that never started. */
export async function skipSteps(tx: Executor, runId: string, only?: 'pending'): Promise<void> {
  await executeCompiled(tx, alone('skip-steps', skipStepsPart(tx, runId, only)));
}

function skipStepsPart(tx: Executor, runId: string, only?: 'pending'): Part {
  const pending = only === 'pending';
  return (name) => ({
    shape: `${name}:skip:${pending}`,
    build: () =>
      tx
        .update(runSteps)
        .set({ status: 'skipped' })
        .where(
          and(eq(runSteps.run_id, slot(name, 'run')), pending ? eq(runSteps.status, 'pending') : undefined),
        )
        .getSQL(),
    values: bound(name, { run: runId }),
  });
}

/** The queued or running run of a plan content (its identity), if there is one. */
export async function findActiveRun(tx: Executor, identityHash: string): Promise<{ id: string } | undefined> {
  const [row] = await tx
    .select({ id: runs.id })
    .from(runs)
    .where(and(eq(runs.identity_hash, identityHash), inArray(runs.status, ACTIVE)));
  return row;
}

/** A new queued run and its pending steps, in plan order. */
export async function insertRun(
  tx: Executor,
  run: Pick<
    RunRecord,
    | 'id'
    | 'tenant_id'
    | 'plan_id'
    | 'plan_revision'
    | 'content_hash'
    | 'identity_hash'
    | 'started_by'
    | 'break_glass_exception_id'
    | 'retry_of'
    | 'created_at'
  >,
  stepIds: readonly string[],
): Promise<void> {
  await tx.insert(runs).values({ ...run, status: 'queued', updated_at: run.created_at });
  if (stepIds.length === 0) return;
  await tx
    .insert(runSteps)
    .values(
      stepIds.map((step_id, position) => ({ run_id: run.id, step_id, position, status: 'pending' as const })),
    );
}

/** A tenant's runs, newest first (ties by id); each filter reads an index in this order (migration 0018). */
export async function listRuns(
  tx: Executor,
  tenantId: string,
  filter: RunListFilter,
  limit: number,
): Promise<RunRecord[]> {
  // A plan id that is no uuid matches nothing instead of failing; compared as uuid, the filter reads runs_plan.
  if (filter.plan_id && !isUuid(filter.plan_id)) return [];
  return runListQuery(tx, tenantId, filter, limit);
}

export interface RunListFilter {
  plan_id?: string | undefined;
  status?: RunStatus | undefined;
}

/** The query `listRuns` runs, unawaited: the bench and the index tests EXPLAIN it. */
export function runListQuery(tx: Executor, tenantId: string, filter: RunListFilter, limit: number) {
  return tx
    .select()
    .from(runs)
    .where(
      and(
        eq(runs.tenant_id, tenantId),
        filter.plan_id ? eq(runs.plan_id, filter.plan_id) : undefined,
        filter.status ? eq(runs.status, filter.status) : undefined,
      ),
    )
    .orderBy(desc(runs.created_at), desc(runs.id))
    .limit(limit);
}

/** Many runs at once, as they are after the fact (the scale bench): multi-row inserts, no steps, no NOTIFY. */
export async function insertRunRecords(tx: Executor, rows: readonly RunRecord[], chunk = 500): Promise<void> {
  for (let i = 0; i < rows.length; i += chunk) await tx.insert(runs).values(rows.slice(i, i + chunk));
}

/** Asks a running run to stop before its next step. */
export async function requestCancel(tx: Executor, runId: string, at: Date): Promise<void> {
  // A run waiting after a drive stopped on an error is claimed at once, to be stopped, not after its wait.
  await tx
    .update(runs)
    .set({ cancel_requested: true, resume_after: null, updated_at: at })
    .where(eq(runs.id, runId));
}

/** Stores one entry of a run's context (the verification report, for one). */
export async function setRunContextEntry(
  tx: Executor,
  runId: string,
  key: string,
  value: unknown,
): Promise<void> {
  await tx
    .update(runs)
    .set({ context: sql`jsonb_set(${runs.context}, ARRAY[${key}::text], ${JSON.stringify(value)}::jsonb)` })
    .where(eq(runs.id, runId));
}

// The lease: a run is driven only by the worker named in lease_owner, until lease_expires_at.

/** Whether a run read at `now` may be claimed: it is queued or running, and nobody holds a lease on it. */
const claimable = (run: RunRecord, now: Date): boolean =>
  (run.status === 'queued' || run.status === 'running') &&
  !(run.lease_owner && run.lease_expires_at && run.lease_expires_at > now) &&
  !(run.resume_after && run.resume_after > now);

const jsonRows = z.array(z.record(z.string(), z.unknown()));
const claimedRows = z.object({
  rows: z.array(
    z.object({
      cancel_requested: z.boolean(),
      context: z.record(z.string(), z.unknown()),
      // The plan's steps as stored (validated when the plan was submitted): not parsed again here.
      plan_steps: z.custom<PlanStep[]>(Array.isArray),
      run_steps: jsonRows.optional(),
      tool_calls: jsonRows.optional(),
    }),
  ),
});

/** What a claim answers: the run as claimed, its plan's steps, and its progress when the claim could read it. */
export interface ClaimedRun {
  run: RunRecord;
  steps: PlanStep[];
  progress?: RunProgress;
}

/**
 * Claims the run `seen` (as findRunsToClaim read it) for `owner`, with its audit event, in one statement: only if
 * the run is still as read (the same status, owner and claim count: every claim counts one more) and its lease is
 * free or lapsed. Two claims of the same reading cannot both pass, and a claim that does not pass writes nothing,
 * its event included. Answers the claimed run and its plan's steps, or nothing when another claim came first.
 *
 * A run nobody held (queued, or handed back) has no writer but its claimer, so the claim reads its progress too.
 * A run taken over from a lapsed lease does not: the drive that lost it may commit a last write while this
 * statement runs (its fence holds the run's row until then), after this statement's reads were made; the new
 * drive reads the progress once the claim has committed, when that drive can write nothing more.
 */
export async function claimRun(
  tx: Executor,
  seen: RunRecord,
  owner: string,
  now: Date,
  leaseMs: number,
  event: AuditInput,
): Promise<ClaimedRun | undefined> {
  if (!claimable(seen, now)) return undefined;
  const lease = {
    lease_owner: owner,
    lease_expires_at: new Date(now.getTime() + leaseMs),
    status: 'running' as const,
    started_at: seen.started_at ?? now,
    attempts: seen.attempts + 1,
    updated_at: now,
  };
  const result = await executeCompiled(tx, claimStatement(tx, lease, seen, now, event));
  const [row] = claimedRows.parse(result).rows;
  if (!row) return undefined;
  const { plan_steps: steps, run_steps, tool_calls, ...claimed } = row;
  return {
    run: { ...seen, ...lease, ...claimed },
    steps,
    ...(run_steps && tool_calls
      ? {
          progress: {
            steps: run_steps.map((json) => recordFromJson(runSteps, json)),
            calls: tool_calls.map((json) => recordFromJson(toolCalls, json)),
          },
        }
      : {}),
  };
}

/**
 * The claim as a compiled statement (db/prepared.ts): two shapes, a run nobody held and a takeover, each built by
 * drizzle once in a process and then only bound.
 */
function claimStatement(
  tx: Executor,
  lease: Pick<RunRecord, 'lease_owner' | 'lease_expires_at' | 'started_at' | 'attempts' | 'updated_at'>,
  seen: RunRecord,
  now: Date,
  event: AuditInput,
): Compiled {
  const held = seen.lease_owner !== null;
  const c = (name: string) => slot('claim', name);
  const audit = auditStatementIfCompiled(
    'a',
    { shape: 'claimed', sql: sql`EXISTS (SELECT 1 FROM claimed)` },
    event,
  );
  return {
    shape: `claim:${held ? 'takeover' : 'unheld'}|${audit.shape}`,
    build: () => {
      const claim = tx
        .update(runs)
        .set({
          status: sql`'running'`,
          lease_owner: sql`${c('owner')}`,
          lease_expires_at: sql`${c('expires')}::timestamptz`,
          started_at: sql`${c('started')}::timestamptz`,
          attempts: sql`${c('attempts')}::int`,
          resume_after: sql`NULL`,
          updated_at: sql`${c('now')}::timestamptz`,
        })
        .where(
          and(
            eq(runs.id, c('run')),
            sql`${runs.status} = ${c('status')}`,
            sql`${runs.attempts} = ${c('seen_attempts')}::int`,
            sql`(${runs.resume_after} IS NULL OR ${runs.resume_after} <= ${c('now')}::timestamptz)`,
            held
              ? and(
                  sql`${runs.lease_owner} = ${c('seen_owner')}`,
                  sql`(${runs.lease_expires_at} IS NULL OR ${runs.lease_expires_at} <= ${c('now')}::timestamptz)`,
                )
              : isNull(runs.lease_owner),
          ),
        )
        .returning({ cancel_requested: runs.cancel_requested, context: runs.context });
      const progress = held
        ? sql``
        : sql`,
           (SELECT coalesce(json_agg(${runSteps} ORDER BY ${runSteps.position}), '[]')
              FROM ${runSteps} WHERE ${runSteps.run_id} = ${c('run')}) AS run_steps,
           (SELECT coalesce(json_agg(${toolCalls}), '[]') FROM ${toolCalls} WHERE ${toolCalls.run_id} = ${c('run')}) AS tool_calls`;
      return sql`
    WITH claimed AS (${claim.getSQL()}), a AS (${audit.build()})
    SELECT cancel_requested, context,
           (SELECT ${plans.body} -> 'steps' FROM ${plans} WHERE ${plans.id} = ${c('plan')}) AS plan_steps${progress}
      FROM claimed`;
    },
    values: {
      ...bound('claim', {
        run: seen.id,
        plan: seen.plan_id,
        status: seen.status,
        seen_attempts: seen.attempts,
        seen_owner: seen.lease_owner,
        owner: lease.lease_owner,
        expires: lease.lease_expires_at,
        started: lease.started_at,
        attempts: lease.attempts,
        now,
      }),
      ...audit.values,
    },
  };
}

/**
 * Extends the lease while `owner` still holds it, and answers whether a cancel was asked for (read in the same
 * statement, so the executor's check before each step costs no round trip of its own); undefined when another
 * worker has taken the run over.
 */
export async function renewLease(
  tx: Executor,
  runId: string,
  owner: string,
  expiresAt: Date,
): Promise<{ cancelRequested: boolean } | undefined> {
  const [renewed] = await tx
    .update(runs)
    .set({ lease_expires_at: expiresAt })
    .where(and(eq(runs.id, runId), eq(runs.lease_owner, owner)))
    .returning({ cancel_requested: runs.cancel_requested });
  return renewed && { cancelRequested: renewed.cancel_requested };
}

/** Gives the lease up while `owner` still holds it; false when it no longer did. */
export async function releaseLease(tx: Executor, runId: string, owner: string): Promise<boolean> {
  const released = await tx
    .update(runs)
    // A drive that stopped cleanly ends a row of drives stopped on errors.
    .set({ lease_owner: null, lease_expires_at: null, failed_drives: 0 })
    .where(and(eq(runs.id, runId), eq(runs.lease_owner, owner)))
    .returning({ id: runs.id });
  return released.length > 0;
}

/** The wait before a run whose drive stopped on an error is claimed again: 1 s, doubled for each such drive in a row. */
const RESUME_AFTER_FIRST_MS = 1000;
/** …at most 5 minutes: an outage that lasts is still met again within minutes of its end. */
const RESUME_AFTER_MAX_MS = 300_000;

/**
 * Releases the lease of a drive that stopped on an error, and sets when the run may be claimed again (answered):
 * the same error met again at once by every worker would be a loop of claims, and would hold the workers from
 * the other runs. Undefined when `owner` no longer held the run.
 */
export async function releaseLeaseAfterError(
  tx: Executor,
  runId: string,
  owner: string,
  now: Date,
): Promise<{ resumeAfter: Date; failedDrives: number } | undefined> {
  // The exponent is bounded before it is raised: 2 ^ a large count overflows a double.
  const waitMs = sql`least(${RESUME_AFTER_MAX_MS}::float8, ${RESUME_AFTER_FIRST_MS}::float8 * 2 ^ least(${runs.failed_drives}, 30))`;
  const [released] = await tx
    .update(runs)
    .set({
      lease_owner: null,
      lease_expires_at: null,
      failed_drives: sql`${runs.failed_drives} + 1`,
      resume_after: sql`${now.toISOString()}::timestamptz + ${waitMs} * interval '1 millisecond'`,
    })
    .where(and(eq(runs.id, runId), eq(runs.lease_owner, owner)))
    .returning({ resumeAfter: runs.resume_after, failedDrives: runs.failed_drives });
  return released && { resumeAfter: released.resumeAfter!, failedDrives: released.failedDrives };
}

const toClaimRows = z.object({
  rows: z.array(
    z.object({
      run: z.record(z.string(), z.unknown()),
      actor: z.object({
        id: z.string(),
        type: z.string(),
        name: z.string(),
        roles: z.array(z.string()),
        tenant_id: z.string(),
        tenant_name: z.string(),
        is_root: z.boolean(),
      }),
    }),
  ),
});

/**
 * The runs a worker may claim at `now`, each with who started it: queued ones, and running ones whose lease lapsed
 * (their worker died) or was released; none whose last drive stopped on an error before its `resume_after`. The
 * runs table is the queue: nothing is sent or acknowledged besides it. Fair between tenants: a run's place is its
 * place in its tenant's queue plus the runs of that tenant being driven now, so a tenant with a backlog takes turns
 * with the others instead of holding every worker until its backlog is done (oldest first among equals). Each tenant's first `limit` runs are read from runs_claimable (migration 0026),
 * which holds only the queued and running runs; the tenants read are those with active runs, found in that index
 * one after the other (`active`: a skip over it, one probe a tenant), so a read costs a few probes for each tenant
 * with active runs and those runs, not the table nor every tenant (with 10,000 tenants and runs in five, reading
 * every tenant cost 10 ms a look). Two workers may read the same run: the claim takes it only if it is still as
 * read.
 */
export async function findRunsToClaim(
  tx: Executor,
  now: Date,
  limit: number,
): Promise<{ run: RunRecord; actor: Actor }[]> {
  const result = await executeCompiled(tx, runsToClaimStatement(now, limit));
  return toClaimRows.parse(result).rows.map((row) => ({
    run: recordFromJson(runs, row.run),
    actor: row.actor as Actor,
  }));
}

/** findRunsToClaim's statement (the queue bench EXPLAINs it). */
export function runsToClaimStatement(now: Date, limit: number): Compiled {
  return {
    shape: 'runs_to_claim',
    build: () => sql`
      WITH RECURSIVE active(id) AS (
        (SELECT tenant_id FROM runs WHERE status IN ('queued', 'running') ORDER BY tenant_id LIMIT 1)
        UNION ALL
        SELECT (SELECT r.tenant_id FROM runs r
                 WHERE r.status IN ('queued', 'running') AND r.tenant_id > active.id
                 ORDER BY r.tenant_id LIMIT 1)
          FROM active WHERE active.id IS NOT NULL
      )
      SELECT to_jsonb(r) AS run,
             jsonb_build_object('id', a.id, 'type', a.type, 'name', a.name, 'roles', to_jsonb(a.roles),
                                'tenant_id', a.tenant_id, 'tenant_name', t.name, 'is_root', a.is_root) AS actor
        FROM active
        -- The tenant and the starter are a probe each (a LIMIT keeps them so): joined, the planner, which cannot
        -- tell how many tenants the skip finds, scans every tenant and every actor.
        CROSS JOIN LATERAL (SELECT id, name FROM tenants WHERE id = active.id LIMIT 1) t
        CROSS JOIN LATERAL (
          SELECT q.*, row_number() OVER (ORDER BY q.created_at, q.id) AS place
            FROM (SELECT * FROM runs
                   WHERE tenant_id = t.id AND status IN ('queued', 'running')
                     AND (lease_owner IS NULL OR lease_expires_at IS NULL
                          OR lease_expires_at <= ${slot('claim', 'now')}::timestamptz)
                     AND (resume_after IS NULL OR resume_after <= ${slot('claim', 'now')}::timestamptz)
                   ORDER BY created_at, id
                   LIMIT ${slot('claim', 'limit')}::int) q) r
        CROSS JOIN LATERAL (SELECT * FROM actors WHERE id = r.started_by LIMIT 1) a
        CROSS JOIN LATERAL (
          SELECT count(*) AS driven FROM runs d
           WHERE d.tenant_id = t.id AND d.status = 'running'
             AND d.lease_expires_at > ${slot('claim', 'now')}::timestamptz) busy
       ORDER BY busy.driven + r.place, r.created_at, r.id
       LIMIT ${slot('claim', 'limit')}::int`,
    values: bound('claim', { now: now.toISOString(), limit }),
  };
}

// A run's transitions, each one statement: its parts are data-modifying CTEs, which commit together or not at all,
// in one round trip instead of a transaction's five or six (BEGIN, each write, COMMIT); watchers hear of it on
// commit. The audit events are signed as each statement is made (audit/append.ts). Each is
// fenced by the drive's lease: `owner` is the token its claim wrote, and a statement from a drive that no longer
// holds the run changes nothing and throws LeaseLost (migration 0023, run_lease_fence).

/** The run is no longer leased to this drive: another has taken it over, or it was handed back. */
export class LeaseLost extends Error {}

/**
 * A transition that moves the run on, written together with the previous step's end, found a cancel asked for:
 * nothing of it was recorded (migration 0025). The drive records the end alone and decides again.
 */
export class CancelRequested extends Error {}

const LEASE_FENCE_SQLSTATE = 'WRL01';
const CANCEL_FENCE_SQLSTATE = 'WRL02';
/** `uncancelled` also refuses the statement when a cancel was asked for (run_lease_fence_uncancelled). */
type FenceKind = 'lease' | 'uncancelled';

/** What a fenced transition answers besides its change: the run's cancel flag, read under the fence. */
export interface Fenced {
  cancelRequested: boolean;
}
const fencedRows = z.object({ rows: z.array(z.object({ cancel_requested: z.boolean() })).length(1) });

/** The answer of a transition that only changes: the cancel flag, and the notice to watchers. */
const FENCED_SELECT = {
  kind: 'fenced',
  sql: sql`SELECT fence.cancel_requested, pg_notify(${RUN_CHANGED_CHANNEL}, ${slot('fence', 'run')}) FROM fence`,
};

/**
 * A transition: its parts, each a data-modifying CTE named as given, behind the lease fence; `answer` is the
 * statement's SELECT (of a kind that names it in the shape).
 */
function transition(
  runId: string,
  owner: string,
  fence: FenceKind,
  parts: readonly (readonly [string, Part])[],
  answer: { kind: string; sql: SQL } = FENCED_SELECT,
): Compiled {
  const named = parts.map(([name, part]) => [name, part(name)] as const);
  const fenceFunction = fence === 'lease' ? 'run_lease_fence' : 'run_lease_fence_uncancelled';
  return {
    shape: `transition:${fence}:${answer.kind}|${named.map(([, part]) => part.shape).join('|')}`,
    build: () =>
      sql`WITH fence AS (SELECT ${sql.raw(fenceFunction)}(${slot('fence', 'run')}, ${slot('fence', 'owner')}) AS cancel_requested)${sql.join(
        named.map(([name, part]) => sql`, ${sql.raw(name)} AS (${part.build()})`),
      )} ${answer.sql}`,
    values: Object.assign(bound('fence', { run: runId, owner }), ...named.map(([, part]) => part.values)),
  };
}

/** Runs a transition, answering LeaseLost or CancelRequested when its fence refused it. */
async function fenced(tx: Executor, statement: Compiled): Promise<unknown> {
  try {
    return await executeCompiled(tx, statement);
  } catch (error) {
    const message = (error as Error & { cause?: Error }).cause?.message ?? (error as Error).message;
    if (sqlStateOf(error) === LEASE_FENCE_SQLSTATE) throw new LeaseLost(message);
    if (sqlStateOf(error) === CANCEL_FENCE_SQLSTATE) throw new CancelRequested(message);
    throw error;
  }
}

async function inOneStatement(
  tx: Executor,
  runId: string,
  owner: string,
  parts: readonly Part[],
  fence: FenceKind = 'lease',
): Promise<Fenced> {
  const named = parts.map((part, i) => [`w${i}`, part] as const);
  const result = await fenced(tx, transition(runId, owner, fence, named));
  return { cancelRequested: fencedRows.parse(result).rows[0]!.cancel_requested };
}

/** A transition's audit events, signed, in one INSERT (in order: the log keeps the order the drive saw). */
export type TransitionEvents = [AuditInput, ...AuditInput[]];
const eventsPart =
  (events: TransitionEvents): Part =>
  (name) =>
    auditStatementCompiled(name, ...events);

const startedRows = z.object({
  rows: z.array(z.object({ id: z.string(), attempts: z.number(), cancel_requested: z.boolean() })).length(1),
});

type NewToolCall = Pick<
  ToolCallRecord,
  | 'id'
  | 'tenant_id'
  | 'run_id'
  | 'step_id'
  | 'phase'
  | 'tool_name'
  | 'idempotency_key'
  | 'input_ref'
  | 'input_sha256'
  | 'started_at'
>;

const CALL_COLUMNS = [
  'id',
  'tenant_id',
  'run_id',
  'step_id',
  'phase',
  'tool_name',
  'idempotency_key',
  'input_ref',
  'input_sha256',
  'started_at',
] as const satisfies readonly (keyof NewToolCall)[];

/** A call's record, or the record of the same key a crashed worker left, taken up with one more attempt. */
function callStartPart(tx: Executor, call: NewToolCall): Part {
  return (name) => ({
    shape: `${name}:call-start`,
    build: () =>
      tx
        .insert(toolCalls)
        .values({
          ...Object.fromEntries(CALL_COLUMNS.map((column) => [column, slot(name, column)])),
          status: 'running',
          attempts: 1,
        } as typeof toolCalls.$inferInsert)
        .onConflictDoUpdate({
          target: toolCalls.idempotency_key,
          set: { attempts: sql`${toolCalls.attempts} + 1`, status: 'running' },
        })
        .returning({ id: toolCalls.id, attempts: toolCalls.attempts })
        .getSQL(),
    values: bound(name, Object.fromEntries(CALL_COLUMNS.map((column) => [column, call[column]]))),
  });
}

/**
 * A call starting: its record (see callStartPart), its step running or rolling back, and the audit event.
 * Answers the call as recorded. `after`, the previous step's end, is recorded with it (its event first in
 * `events`); a call that moves the run on is then refused when a cancel was asked for (CancelRequested).
 */
export async function recordCallStart(
  tx: Executor,
  owner: string,
  call: NewToolCall,
  step: { status: 'running' | 'rolling_back'; preconditions?: RunStepRecord['preconditions'] },
  events: TransitionEvents,
  after?: CallEnd,
): Promise<Pick<ToolCallRecord, 'id' | 'attempts'> & Fenced> {
  refuseOwnEnd(after, call.step_id);
  const result = await fenced(
    tx,
    transition(
      call.run_id,
      owner,
      after && call.phase === 'do' ? 'uncancelled' : 'lease',
      [
        ['c', callStartPart(tx, call)],
        [
          's',
          stepStatusPart(tx, call.run_id, call.step_id, step.status, call.started_at!, {
            ...(step.preconditions ? { preconditions: step.preconditions } : {}),
          }),
        ],
        ['a', eventsPart(events)],
        ...(after ? callEndParts(tx, after) : []).map((part, i) => [`e${i}`, part] as const),
      ],
      {
        kind: 'started',
        sql: sql`SELECT c.id, c.attempts, fence.cancel_requested, pg_notify(${RUN_CHANGED_CHANNEL}, ${slot('fence', 'run')}) FROM c, fence`,
      },
    ),
  );
  const { id, attempts, cancel_requested } = startedRows.parse(result).rows[0]!;
  return { id, attempts, cancelRequested: cancel_requested };
}

/**
 * A statement changes a row once (of two CTEs updating one row, one is silently dropped), so a step's transition
 * never carries that step's own end: the caller records the end first.
 */
function refuseOwnEnd(after: CallEnd | undefined, stepId: string): void {
  if (after?.call.step_id === stepId) {
    throw new Error(`a transition of step ${stepId} cannot carry that step's end; record the end first`);
  }
}

/** A call's end as a drive records it: the call's record, its step's status, and the evidence collected with it. */
export interface CallEnd {
  call: Pick<ToolCallRecord, 'id' | 'run_id' | 'step_id'>;
  end: Pick<ToolCallRecord, 'status' | 'output_ref' | 'output_sha256' | 'link' | 'error' | 'completed_at'>;
  step: { status: StepStatus; error?: Failure };
  items: readonly (typeof evidence.$inferInsert)[];
}

const EVIDENCE_COLUMNS = [
  'id',
  'tenant_id',
  'run_id',
  'step_id',
  'type',
  'query',
  'result_ref',
  'sha256',
  'link',
  'collected_at',
] as const satisfies readonly (keyof typeof evidence.$inferInsert)[];

/** A call ending, its evidence (evidence collected again for the same query replaces the earlier) and step. */
function callEndParts(tx: Executor, { call, end, step, items }: CallEnd): Part[] {
  const failed = end.error !== null;
  const parts: Part[] = [
    (name) => ({
      shape: `${name}:call-end:${failed}`,
      build: () =>
        tx
          .update(toolCalls)
          .set({
            status: sql`${slot(name, 'status')}`,
            output_ref: sql`${slot(name, 'output_ref')}`,
            output_sha256: sql`${slot(name, 'output_sha256')}`,
            link: sql`${slot(name, 'link')}`,
            error: failed ? sql`${slot(name, 'error')}::jsonb` : null,
            completed_at: sql`${slot(name, 'completed_at')}::timestamptz`,
          })
          .where(eq(toolCalls.id, slot(name, 'id')))
          .getSQL(),
      values: bound(name, {
        status: end.status,
        output_ref: end.output_ref,
        output_sha256: end.output_sha256,
        link: end.link,
        error: failed ? JSON.stringify(end.error) : null,
        completed_at: end.completed_at!.toISOString(),
        id: call.id,
      }),
    }),
    stepStatusPart(
      tx,
      call.run_id,
      call.step_id,
      step.status,
      end.completed_at!,
      step.error ? { error: step.error } : {},
    ),
  ];
  // One row per query: an upsert may not touch the same row twice.
  const unique = [...new Map(items.map((item) => [`${item.type}\0${item.query}`, item])).values()];
  const count = unique.length;
  if (count > 0) {
    parts.push((name) => ({
      shape: `${name}:evidence:${count}`,
      build: () =>
        tx
          .insert(evidence)
          .values(
            Array.from(
              { length: count },
              (_, i) =>
                Object.fromEntries(
                  EVIDENCE_COLUMNS.map((column) => [column, slot(name, `${i}_${column}`)]),
                ) as unknown as typeof evidence.$inferInsert,
            ),
          )
          .onConflictDoUpdate({
            target: [evidence.run_id, evidence.step_id, evidence.type, evidence.query],
            set: {
              result_ref: excluded(evidence.result_ref),
              sha256: excluded(evidence.sha256),
              link: excluded(evidence.link),
              collected_at: excluded(evidence.collected_at),
            },
          })
          .getSQL(),
      values: bound(
        name,
        Object.fromEntries(
          unique.flatMap((item, i) =>
            EVIDENCE_COLUMNS.map((column) => [`${i}_${column}`, item[column] ?? null]),
          ),
        ),
      ),
    }));
  }
  return parts;
}

/** A call ending on its own: its end (see callEndParts) and the audit event. */
export async function recordCallEnd(
  tx: Executor,
  owner: string,
  ended: CallEnd,
  events: TransitionEvents,
): Promise<Fenced> {
  return inOneStatement(tx, ended.call.run_id, owner, [...callEndParts(tx, ended), eventsPart(events)]);
}

/**
 * A step failed before any call (a precondition unmet, its input refused), with the audit event; `after`, the
 * previous step's end, with it and fenced as in recordCallStart.
 */
export async function recordStepFailed(
  tx: Executor,
  owner: string,
  runId: string,
  stepId: string,
  at: Date,
  fields: StepFields,
  events: TransitionEvents,
  after?: CallEnd,
): Promise<Fenced> {
  refuseOwnEnd(after, stepId);
  return inOneStatement(
    tx,
    runId,
    owner,
    [
      ...(after ? callEndParts(tx, after) : []),
      stepStatusPart(tx, runId, stepId, 'failed', at, fields),
      eventsPart(events),
    ],
    after ? 'uncancelled' : 'lease',
  );
}

/**
 * A run ending: the steps that never started skipped, the run's status, and the audit event; `after`, the last
 * step's end, with it (a cancel asked for once every step is done changes nothing).
 */
export async function recordRunEnd(
  tx: Executor,
  owner: string,
  run: Pick<RunRecord, 'id'>,
  status: RunStatus,
  at: Date,
  error: Failure | null,
  events: TransitionEvents,
  after?: CallEnd,
): Promise<void> {
  await inOneStatement(tx, run.id, owner, [
    ...(after ? callEndParts(tx, after) : []),
    skipStepsPart(tx, run.id, 'pending'),
    runStatusPart(tx, run.id, status, at, error),
    eventsPart(events),
  ]);
}

/** The value an upsert proposed for a column (PostgreSQL's EXCLUDED row). */
const excluded = (column: { name: string }): SQL => sql`excluded.${sql.identifier(column.name)}`;
