import { appendAudit } from '../audit/append.ts';
import type { Clock } from '../core/clock.ts';
import { sha256Hex } from '../core/hash.ts';
import { newId } from '../core/ids.ts';
import { errorFields, type Logger } from '../core/logger.ts';
import { conflict, forbidden } from '../core/problem.ts';
import { type Actor, hasRole } from '../core/roles.ts';
import { iso } from '../core/time.ts';
import type { Executor, Orm } from '../db/connect.ts';
import { sqlStateOf } from '../db/errors.ts';
import { loadPlan } from '../plans/store.ts';
import type { PlanRecord } from '../plans/tables.ts';
import { loadRun, setRunContextEntry, setRunStatus, skipSteps } from '../runs/store.ts';
import type { Failure } from '../runs/tables.ts';
import { loadActor } from '../tenancy/store.ts';
import type { CheckRegistry } from './checks.ts';
import {
  type Flow,
  REPORT_SCHEMA_VERSION,
  summarize,
  type VerificationReport,
  VerificationReportSchema,
} from './report.ts';
import {
  completeVerification,
  findActiveVerification,
  insertVerification,
  latestVerification,
  lockOpenVerification,
  lockStaleVerifications,
} from './store.ts';
import { planSubject, runSubject, type SubjectSettings } from './subject.ts';
import type { VerificationRunRecord } from './tables.ts';

// Checks only read the database: a verification still active after this long has no process left.
const ABANDONED_AFTER_MS = 5 * 60_000;

const toView = (row: VerificationRunRecord) => ({
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

/** Whether an error is PostgreSQL's unique_violation. */
export const isUniqueViolation = (error: unknown): boolean => sqlStateOf(error) === '23505';

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
    const flow: Flow = run.status === 'queued' ? 'pre_run' : 'post_run';
    try {
      await this.#orm.transaction(async (tx) => {
        await this.#closeAbandoned(tx, run.tenant_id, identity);
        const now = this.#clock.now();
        await insertVerification(tx, {
          id,
          tenant_id: run.tenant_id,
          run_id: run.id,
          flow,
          run_identity_hash: identity,
          status: 'running',
          outcome: 'pending',
          user_id: actor.id,
          created_at: now,
          started_at: now,
        });
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
      const active = await findActiveVerification(this.#orm, run.tenant_id, identity);
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
    const stale = await lockStaleVerifications(
      tx,
      tenantId,
      identity,
      new Date(now.getTime() - ABANDONED_AFTER_MS),
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
        const row = await lockOpenVerification(tx, id);
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
        await setRunContextEntry(tx, run.id, 'verification_report', report);
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
          await skipSteps(tx, run.id);
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
          const row = await lockOpenVerification(tx, id);
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
    row: VerificationRunRecord,
    now: Date,
    outcome: 'succeeded' | 'failed',
    counts: Record<string, number>,
    failure: Failure | null,
  ) {
    await completeVerification(tx, row.id, {
      outcome,
      completed_at: now,
      summary_counts: counts,
      failure_summary: failure,
    });
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
    const latest = await latestVerification(this.#orm, run.id);
    const report = run.context.verification_report;
    return {
      run_id: run.id,
      verification: latest ? toView(latest) : null,
      report: report ? VerificationReportSchema.parse(report) : null,
    };
  }

  /**
   * The start gate of runs: a plan whose pre-run checks fail with a blocking failure cannot start. Break glass
   * lifts the failures of checks that yield to it (each check says whether it does): the answer names them,
   * for the break-glass exception to record; what still blocks under break glass is refused.
   */
  readonly preRunGate = async (
    tx: Executor,
    plan: PlanRecord,
    now: Date,
    breakGlass: boolean,
  ): Promise<string[]> => {
    const subject = await planSubject(tx, plan, now, false, this.#settings);
    const blocking = (s: typeof subject) =>
      this.#checks.run(s).filter((check) => check.blocking && check.status === 'fail');
    const failures = blocking(subject);
    if (failures.length === 0) return [];
    const remaining = breakGlass ? blocking({ ...subject, break_glass: true }) : failures;
    if (remaining.length > 0) {
      throw conflict(
        `pre-run verification blocks the run: ${remaining.map((f) => `${f.key} (${f.reason_code})`).join(', ')}`,
        'verification_blocked',
        { checks: remaining },
      );
    }
    return failures.map((failure) => failure.key);
  };
}

function blockedSummary(report: VerificationReport) {
  const failed = report.checks.filter((check) => check.blocking && check.status === 'fail');
  return {
    code: 'verification_blocked',
    message: failed.map((check) => `${check.key}: ${check.reason_code}`).join('; '),
  };
}
