import { sql } from 'drizzle-orm';
import { appendAudit } from '../audit/append.ts';
import type { Clock } from '../core/clock.ts';
import { sha256Hex } from '../core/hash.ts';
import { newId } from '../core/ids.ts';
import { conflict, forbidden } from '../core/problem.ts';
import { iso } from '../core/time.ts';
import { type Executor, type Orm, rowsOf } from '../db/connect.ts';
import { errorFields, type Logger } from '../ops/logger.ts';
import { loadPlan, type PlanRow } from '../plans/store.ts';
import { loadActor, loadRun, setRunStatus } from '../runs/store.ts';
import { type Actor, hasRole } from '../tenancy/roles.ts';
import type { CheckRegistry } from './checks.ts';
import {
  REPORT_SCHEMA_VERSION,
  summarize,
  type VerificationReport,
  VerificationReportSchema,
} from './report.ts';
import { planSubject, runSubject, type SubjectSettings } from './subject.ts';

interface VerificationRow {
  id: string;
  tenant_id: string;
  run_id: string;
  flow: string;
  status: 'queued' | 'running' | 'completed';
  outcome: 'pending' | 'succeeded' | 'failed';
  summary_counts: Record<string, number>;
  failure_summary: { code: string; message: string } | null;
  user_id: string;
  created_at: Date | string;
  started_at: Date | string | null;
  completed_at: Date | string | null;
}

// Checks only read the database: a verification still active after this long has no process left.
const ABANDONED_AFTER_MS = 5 * 60_000;

const toView = (row: VerificationRow) => ({
  id: row.id,
  run_id: row.run_id,
  flow: row.flow,
  status: row.status,
  outcome: row.outcome,
  summary_counts: row.summary_counts,
  failure_summary: row.failure_summary,
  started_by: row.user_id,
  created_at: iso(row.created_at),
  started_at: iso(row.started_at),
  completed_at: iso(row.completed_at),
});

/** Whether an error (or its cause, as drivers wrap them) is PostgreSQL's unique_violation. */
export function isUniqueViolation(error: unknown): boolean {
  for (let e = error; e instanceof Object; e = (e as { cause?: unknown }).cause) {
    if ((e as { code?: unknown }).code === '23505') return true;
  }
  return false;
}

export class VerificationService {
  readonly #orm: Orm;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #checks: CheckRegistry;
  readonly #settings: SubjectSettings;
  readonly #inFlight = new Set<Promise<void>>();

  constructor(deps: {
    orm: Orm;
    clock: Clock;
    logger: Logger;
    checks: CheckRegistry;
    settings: SubjectSettings;
  }) {
    this.#orm = deps.orm;
    this.#clock = deps.clock;
    this.#logger = deps.logger;
    this.#checks = deps.checks;
    this.#settings = deps.settings;
  }

  /**
   * Starts a verification of a run (202): before it runs (queued) or after. One active verification per run
   * identity; the partial unique index decides, so two concurrent starts cannot both pass.
   */
  async start(actor: Actor, runId: string) {
    if (!hasRole(actor, 'admin', 'operator', 'approver', 'auditor', 'agent')) {
      throw forbidden('verifying runs needs the admin, operator, approver, auditor or agent role');
    }
    const run = await loadRun(this.#orm, actor.tenant_id, runId);
    const identity = sha256Hex(`verification:${run.tenant_id}:${run.id}`);
    const id = newId();
    const flow = run.status === 'queued' ? 'pre_run' : 'post_run';
    try {
      await this.#orm.transaction(async (tx) => {
        await this.#closeAbandoned(tx, run.tenant_id, identity);
        const now = this.#clock.now().toISOString();
        await tx.execute(sql`
          INSERT INTO verification_runs (id, tenant_id, run_id, flow, run_identity_hash, status, outcome, user_id,
                                         created_at, started_at)
          VALUES (${id}, ${run.tenant_id}, ${run.id}, ${flow}, ${identity}, 'running', 'pending', ${actor.id},
                  ${now}, ${now})`);
        await appendAudit(tx, {
          tenant_id: run.tenant_id,
          actor,
          action: 'verification.started',
          occurred_at: this.#clock.now(),
          plan_id: run.plan_id,
          run_id: run.id,
          context: { verification_id: id, flow },
        });
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const [active] = rowsOf<{ id: string }>(
        await this.#orm.execute(sql`
          SELECT id FROM verification_runs
          WHERE tenant_id = ${run.tenant_id} AND run_identity_hash = ${identity} AND status IN ('queued', 'running')`),
      );
      throw conflict('a verification of this run is already active', 'verification_active', {
        active_verification_id: active?.id ?? null,
      });
    }
    // Checks read the database only, so they run in this process after the commit.
    const work = this.#complete(id).finally(() => this.#inFlight.delete(work));
    this.#inFlight.add(work);
    return { id, run_id: run.id, flow, status: 'running' as const };
  }

  /**
   * Fails active verifications of the identity started longer than ABANDONED_AFTER_MS ago: checks take
   * moments, so such a one was left by a process that died, and would hold the unique index forever.
   */
  async #closeAbandoned(tx: Executor, tenantId: string, identity: string): Promise<void> {
    const now = this.#clock.now();
    const stale = rowsOf<VerificationRow>(
      await tx.execute(sql`
        SELECT * FROM verification_runs
        WHERE tenant_id = ${tenantId} AND run_identity_hash = ${identity} AND status IN ('queued', 'running')
          AND started_at < ${new Date(now.getTime() - ABANDONED_AFTER_MS).toISOString()}::timestamptz
        FOR UPDATE`),
    );
    for (const row of stale) {
      await this.#finish(
        tx,
        row,
        now,
        'failed',
        {},
        {
          code: 'abandoned',
          message: `still ${row.status} since ${iso(row.started_at)}: its process is gone`,
        },
      );
    }
  }

  /** Resolves when every verification started by this process has completed (tests, shutdown). */
  async settled(): Promise<void> {
    await Promise.all([...this.#inFlight]);
  }

  async #complete(id: string): Promise<void> {
    try {
      await this.#orm.transaction(async (tx) => {
        // A row closed meanwhile (as abandoned) is left as it is.
        const [row] = rowsOf<VerificationRow>(
          await tx.execute(
            sql`SELECT * FROM verification_runs WHERE id = ${id} AND status <> 'completed' FOR UPDATE`,
          ),
        );
        if (!row) return;
        const run = await loadRun(tx, row.tenant_id, row.run_id, true);
        const plan = await loadPlan(tx, row.tenant_id, run.plan_id);
        const now = this.#clock.now();
        const subject = await runSubject(tx, plan, run, now, this.#settings);
        const checks = this.#checks.run(subject);
        const report: VerificationReport = VerificationReportSchema.parse({
          schema_version: REPORT_SCHEMA_VERSION,
          flow: subject.flow,
          identity: {
            tenant_id: run.tenant_id,
            run_id: run.id,
            plan_id: plan.id,
            content_hash: run.content_hash,
          },
          generated_at: now.toISOString(),
          summary: summarize(checks),
          checks,
        });
        const blocked = report.summary.blocking_failures > 0;
        await tx.execute(sql`
          UPDATE runs SET context = jsonb_set(context, '{verification_report}', ${JSON.stringify(report)}::jsonb)
          WHERE id = ${run.id}`);
        await this.#finish(
          tx,
          row,
          now,
          blocked ? 'failed' : 'succeeded',
          report.summary.counts,
          blocked ? blockedSummary(report) : null,
        );
        // Before it runs, a blocking failure stops the run from running at all.
        if (blocked && run.status === 'queued') {
          const actor = await loadActor(tx, row.user_id);
          await tx.execute(sql`UPDATE run_steps SET status = 'skipped' WHERE run_id = ${run.id}`);
          await setRunStatus(tx, run, 'cancelled', now, blockedSummary(report));
          await appendAudit(tx, {
            tenant_id: run.tenant_id,
            actor,
            action: 'run.cancelled',
            occurred_at: now,
            plan_id: run.plan_id,
            run_id: run.id,
            context: { reason: 'verification_blocked', verification_id: id },
          });
        }
      });
    } catch (error) {
      this.#logger.error({ ...errorFields(error), verification_id: id, message: 'verification failed' });
      await this.#orm
        .transaction(async (tx) => {
          const [row] = rowsOf<VerificationRow>(
            await tx.execute(
              sql`SELECT * FROM verification_runs WHERE id = ${id} AND status <> 'completed' FOR UPDATE`,
            ),
          );
          if (row)
            await this.#finish(
              tx,
              row,
              this.#clock.now(),
              'failed',
              {},
              { code: 'verification_error', message: String(error) },
            );
        })
        .catch((inner: unknown) =>
          this.#logger.error({ ...errorFields(inner), message: 'verification not closed' }),
        );
    }
  }

  async #finish(
    tx: Executor,
    row: VerificationRow,
    now: Date,
    outcome: 'succeeded' | 'failed',
    counts: Record<string, number>,
    failure: { code: string; message: string } | null,
  ) {
    await tx.execute(sql`
      UPDATE verification_runs SET status = 'completed', outcome = ${outcome}, completed_at = ${now.toISOString()},
        summary_counts = ${JSON.stringify(counts)}::jsonb, failure_summary = ${failure ? JSON.stringify(failure) : null}::jsonb
      WHERE id = ${row.id}`);
    await appendAudit(tx, {
      tenant_id: row.tenant_id,
      actor: await loadActor(tx, row.user_id),
      action: 'verification.completed',
      occurred_at: now,
      run_id: row.run_id,
      context: {
        verification_id: row.id,
        flow: row.flow,
        outcome,
        ...(failure ? { reason_code: failure.code } : {}),
      },
    });
  }

  /** The run's report and its latest verification, read from the database only: viewing never starts work. */
  async view(actor: Actor, runId: string) {
    const run = await loadRun(this.#orm, actor.tenant_id, runId);
    const rows = rowsOf<VerificationRow>(
      await this.#orm.execute(
        sql`SELECT * FROM verification_runs WHERE run_id = ${run.id} ORDER BY created_at DESC, id LIMIT 1`,
      ),
    );
    const report = run.context.verification_report;
    return {
      run_id: run.id,
      verification: rows[0] ? toView(rows[0]) : null,
      report: report ? VerificationReportSchema.parse(report) : null,
    };
  }

  /** The start gate of runs: a plan whose pre-run checks fail with a blocking failure cannot start. */
  readonly preRunGate = async (
    tx: Executor,
    plan: PlanRow,
    now: Date,
    breakGlass: boolean,
  ): Promise<void> => {
    const failures = this.#checks
      .run(await planSubject(tx, plan, now, breakGlass, this.#settings))
      .filter((check) => check.blocking && check.status === 'fail');
    if (failures.length === 0) return;
    throw conflict(
      `pre-run verification blocks the run: ${failures.map((f) => `${f.key} (${f.reason_code})`).join(', ')}`,
      'verification_blocked',
      { checks: failures },
    );
  };
}

function blockedSummary(report: VerificationReport) {
  const failed = report.checks.filter((check) => check.blocking && check.status === 'fail');
  return {
    code: 'verification_blocked',
    message: failed.map((check) => `${check.key}: ${check.reason_code}`).join('; '),
  };
}
