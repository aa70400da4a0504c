/**
 * Governed AI review of one pull request head (an AI run and its review output). The diff is fetched
 * from GitHub for the model and dropped: only its SHA-256 is kept. Runs are idempotent by run id: only the
 * caller that moves a run from queued to running executes it, and a run left running past its lease (its
 * process stopped) is taken over by one sweep, which reuses what the run already stored or posted.
 */
import type { AuditAction } from '../audit/actions.ts';
import { appendAudit } from '../audit/append.ts';
import { ConnectorError } from '../connectors/connector.ts';
import type { GitHubConnector, RepoRef } from '../connectors/github.ts';
import { canonicalHash, sha256Hex } from '../core/hash.ts';
import { isUuid, newId } from '../core/ids.ts';
import { errorFields } from '../core/logger.ts';
import { notFound, Problem } from '../core/problem.ts';
import { iso } from '../core/time.ts';
import type { Executor } from '../db/connect.ts';
import { ModelOutputError } from '../llm/provider.ts';
import { recordException } from '../plans/approvals/exception-store.ts';
import { ciAt } from './ci.ts';
import { ask, githubOf, type WorklogDeps, worklogActor } from './deps.ts';
import { intentWarrant, loadIntent } from './intents.ts';
import { type ReviewOutput, ReviewOutputSchema } from './schemas.ts';
import {
  ciSnapshotOf,
  endRun,
  findRun,
  insertCiSnapshot,
  insertReviewOutput,
  queuedRuns,
  renewStaleRun,
  reviewOutputOf,
  setDiffHash,
  settleRun,
  staleRuns,
  startRun,
  insertRun as storeRun,
} from './store.ts';
import type {
  WorklogCiSnapshotRecord,
  WorklogIntentRecord,
  WorklogReviewOutputRecord,
  WorklogRunRecord,
} from './tables.ts';

export function runView(
  row: WorklogRunRecord,
  output?: Pick<WorklogReviewOutputRecord, 'summary' | 'findings' | 'status' | 'error_code'>,
  ci?: WorklogCiSnapshotRecord,
) {
  return {
    runId: row.id,
    intentId: row.intent_id,
    approvalId: row.approval_id,
    repoFullName: row.repo_full_name,
    prNumber: row.pr_number,
    prUrl: row.pr_url,
    baseSHA: row.base_sha,
    headSHA: row.head_sha,
    diffHash: row.diff_hash,
    status: row.status,
    errorCode: row.error_code,
    githubReviewId: row.github_review_id,
    // Seed 000's evidences, derived: references and hashes only.
    evidences: [
      { kind: 'pr_url', url: row.pr_url, hash: null },
      ...(row.diff_hash ? [{ kind: 'diff_hash', url: null, hash: row.diff_hash }] : []),
      ...(ci ? [{ kind: 'ci_snapshot', url: null, hash: ci.sha256 }] : []),
    ],
    review: output
      ? {
          summary: output.summary,
          findings: output.findings,
          status: output.status,
          errorCode: output.error_code,
        }
      : null,
    ci: ci
      ? {
          head_sha: ci.head_sha,
          pipelines: ci.pipelines,
          previews: ci.previews,
          sha256: ci.sha256,
          captured_at: iso(ci.captured_at),
        }
      : null,
    created_at: iso(row.created_at),
    started_at: iso(row.started_at),
    finished_at: iso(row.finished_at),
  };
}

/**
 * How long a run may stay `running` beyond the model's timeout before a sweep takes it over: besides the model,
 * a live run makes a handful of GitHub calls (30 s timeout each), so one still running after this has stopped.
 */
const RUN_LEASE_MARGIN_MS = 10 * 60_000;

const RUN_ENDED = {
  succeeded: 'worklog.run.succeeded',
  failed: 'worklog.run.failed',
} as const satisfies Record<'succeeded' | 'failed', AuditAction>;

const SYSTEM = `You review a GitHub pull request for a developer. Answer with JSON: a short summary and findings.
Each finding: id (F1, F2, …), category, severity, title, description, evidenceRef (path or path:line),
recommendation, confidence (0..1). Point at code by evidenceRef; do not copy code from the diff into the answer.`;

/** The line that ties a posted review to its run: a run taken over finds its review on GitHub by it. */
const reviewMarker = (runId: string) => `<sub>Governed run ${runId}</sub>`;

/** The review as posted on the pull request. */
export function reviewMarkdown(output: ReviewOutput, runId: string): string {
  const findings = output.findings.map(
    (f) =>
      `- **[${f.severity}] ${f.title}** (${f.category}, \`${f.evidenceRef}\`, confidence ${f.confidence})\n` +
      `  ${f.description}\n  _Recommendation:_ ${f.recommendation}`,
  );
  return [
    '### Warrant AI review',
    output.summary,
    ...(findings.length > 0 ? ['', ...findings] : []),
    '',
    reviewMarker(runId),
  ].join('\n');
}

export async function insertRun(
  tx: Executor,
  intent: WorklogIntentRecord,
  pull: { repo_full_name: string; pr_number: number; pr_url: string; base_sha: string; head_sha: string },
  at: Date,
): Promise<WorklogRunRecord> {
  const row = await storeRun(tx, {
    id: newId(),
    tenant_id: intent.tenant_id,
    intent_id: intent.id,
    ...pull,
    status: intent.requires_approval ? 'waiting_approval' : 'queued',
    created_at: at,
  });
  await appendAudit(tx, {
    tenant_id: intent.tenant_id,
    actor: worklogActor(intent.tenant_id),
    action: 'worklog.run.created',
    occurred_at: at,
    context: { run_id: row.id, intent_id: intent.id, status: row.status, pr_url: pull.pr_url },
  });
  return row;
}

/**
 * A vote settled the intent: its waiting run is queued with the approval that covers it, or fails when the
 * intent was denied. Answers the id of a run to execute.
 */
export async function settleWaitingRun(
  tx: Executor,
  intent: WorklogIntentRecord,
  approvalId: string,
  at: Date,
): Promise<string | undefined> {
  const approved = intent.status === 'approved';
  if (!approved && intent.status !== 'denied') return undefined;
  const runId = await settleRun(tx, intent.id, {
    status: approved ? 'queued' : 'failed',
    approval_id: approved ? approvalId : null,
    error_code: approved ? null : 'denied',
    finished_at: approved ? null : at,
  });
  if (!runId) return undefined;
  await appendAudit(tx, {
    tenant_id: intent.tenant_id,
    actor: worklogActor(intent.tenant_id),
    action: approved ? 'worklog.run.queued' : 'worklog.run.failed',
    occurred_at: at,
    context: {
      run_id: runId,
      intent_id: intent.id,
      approval_id: approvalId,
      ...(approved ? {} : { error_code: 'denied' }),
    },
  });
  return approved ? runId : undefined;
}

export class ReviewRunner {
  readonly #deps: WorklogDeps;
  readonly #leaseMs: number;
  /** `runLeaseMs`: how long a run may stay `running` before a sweep takes it over. */
  constructor(deps: WorklogDeps & { runLeaseMs?: number | undefined }) {
    this.#deps = deps;
    this.#leaseMs = deps.runLeaseMs ?? deps.llm.timeout_ms + RUN_LEASE_MARGIN_MS;
  }

  async get(tenantId: string, id: string) {
    if (!isUuid(id)) throw notFound(`run ${id}`);
    const row = await findRun(this.#deps.orm, tenantId, id);
    if (!row) throw notFound(`run ${id}`);
    const [output, ci] = await Promise.all([
      reviewOutputOf(this.#deps.orm, id),
      ciSnapshotOf(this.#deps.orm, id),
    ]);
    return runView(row, output, ci);
  }

  async queued(limit: number): Promise<string[]> {
    return queuedRuns(this.#deps.orm, limit);
  }

  /** Runs `running` for longer than the lease: the process that started them stopped. */
  async stale(limit: number): Promise<string[]> {
    return staleRuns(this.#deps.orm, this.#leaseCutoff(), limit);
  }

  /** Executes a queued run once; a run someone else claimed, or already finished, is left alone. */
  async execute(runId: string): Promise<void> {
    const claimed = await this.#claim(
      (tx) => startRun(tx, runId, this.#deps.clock.now()),
      'worklog.run.started',
    );
    if (claimed) await this.#run(claimed.run, claimed.intent, false);
  }

  /**
   * Takes over a run whose lease ran out and finishes it. Renewing `started_at` is the claim: of sweeps that
   * race, only the first still finds the old value.
   */
  async takeOver(runId: string): Promise<void> {
    const claimed = await this.#claim(
      (tx) => renewStaleRun(tx, runId, this.#deps.clock.now(), this.#leaseCutoff()),
      'worklog.run.resumed',
    );
    if (claimed) await this.#run(claimed.run, claimed.intent, true);
  }

  #leaseCutoff(): Date {
    return new Date(this.#deps.clock.now().getTime() - this.#leaseMs);
  }

  /** Claims a run by `claim` (the run it moved, if it did) and checks its warrant, in one transaction. */
  async #claim(
    claim: (tx: Executor) => Promise<WorklogRunRecord | undefined>,
    action: 'worklog.run.started' | 'worklog.run.resumed',
  ): Promise<{ run: WorklogRunRecord; intent: WorklogIntentRecord } | undefined> {
    const { orm, clock } = this.#deps;
    return orm.transaction(async (tx) => {
      const run = await claim(tx);
      if (!run) return undefined;
      const intent = await loadIntent(tx, run.tenant_id, run.intent_id);
      // The warrant is checked at the moment of the action, not only when the run was queued.
      const warrant = await intentWarrant(tx, intent, clock.now());
      if (!warrant.ok) {
        await recordException(tx, {
          tenant_id: run.tenant_id,
          type: warrant.reason_code === 'approval_expired' ? 'approval_expired' : 'unapproved_attempt',
          actor: worklogActor(run.tenant_id),
          at: clock.now(),
          reason: warrant.reason_code,
          // Not the exception's run_id: that names a Warrant plan run, and this is a WorkLog agent run.
          details: { intent_id: intent.id, worklog_run_id: run.id, action: 'github.review_pull_request' },
        });
        await this.#finish(tx, run, { status: 'failed', error_code: warrant.reason_code });
        return undefined;
      }
      await appendAudit(tx, {
        tenant_id: run.tenant_id,
        actor: worklogActor(run.tenant_id),
        action,
        occurred_at: clock.now(),
        decision: 'allow',
        context: { run_id: run.id, intent_id: intent.id, approval_id: run.approval_id },
      });
      return { run, intent };
    });
  }

  async #run(run: WorklogRunRecord, intent: WorklogIntentRecord, resumed: boolean): Promise<void> {
    const { orm, clock } = this.#deps;
    try {
      await this.#review(run, intent, resumed);
    } catch (error) {
      const code =
        error instanceof Problem
          ? error.code
          : error instanceof ConnectorError
            ? `github_${error.code}`
            : 'internal';
      // The message is GitHub's or the model provider's, never the diff.
      this.#deps.logger.warn({
        run_id: run.id,
        code,
        ...errorFields(error),
        message: 'worklog review failed',
      });
      await orm.transaction(async (tx) => {
        // A run taken over meanwhile is its taker's to record.
        if (!(await this.#finish(tx, run, { status: 'failed', error_code: code }))) return;
        // An answer that failed the schema is recorded as such (status and errorCode), never used.
        if (error instanceof ModelOutputError) {
          await insertReviewOutput(
            tx,
            {
              run_id: run.id,
              tenant_id: run.tenant_id,
              summary: '',
              findings: [],
              status: 'invalid',
              error_code: code,
              created_at: clock.now(),
            },
            true,
          );
        }
      });
    }
  }

  /**
   * A resumed run skips what its stopped process already did: an output it stored is reused (the model is
   * not asked again, the diff not fetched), and a review it posted is recorded rather than posted twice.
   */
  async #review(run: WorklogRunRecord, intent: WorklogIntentRecord, resumed: boolean): Promise<void> {
    const github = githubOf(this.#deps);
    const [owner, repo] = run.repo_full_name.split('/') as [string, string];
    const ref = { owner, repo };
    const stored = resumed ? await this.#storedOutput(run.id) : undefined;
    const { output, diffHash } = stored
      ? { output: stored, diffHash: run.diff_hash }
      : await this.#generate(github, ref, run, intent);
    // GitHub ignores the idempotency key: the review is looked for by the run id its body carries.
    const posted =
      (resumed
        ? (await github.listReviews(ref, run.pr_number)).find((r) => r.body.includes(reviewMarker(run.id)))
        : undefined) ??
      (await github.createReview(
        ref,
        run.pr_number,
        { commit_id: run.head_sha, body: reviewMarkdown(output, run.id) },
        `worklog-review-${run.id}`,
      ));
    await this.#deps.orm.transaction((tx) =>
      this.#finish(tx, { ...run, diff_hash: diffHash }, { status: 'succeeded', github_review_id: posted.id }),
    );
  }

  async #storedOutput(runId: string): Promise<ReviewOutput | undefined> {
    const row = await reviewOutputOf(this.#deps.orm, runId, true);
    return row ? { summary: row.summary, findings: row.findings } : undefined;
  }

  /** Asks the model for the review and stores it with the diff's hash. */
  async #generate(
    github: GitHubConnector,
    ref: RepoRef,
    run: WorklogRunRecord,
    intent: WorklogIntentRecord,
  ): Promise<{ output: ReviewOutput; diffHash: string }> {
    const { orm, clock } = this.#deps;
    const pull = await github.pullRequest(ref, run.pr_number);
    if (pull.head_sha !== run.head_sha) {
      throw new Problem(
        409,
        'head_moved',
        `the pull request moved to ${pull.head_sha}; its new head has its own run`,
      );
    }
    const files = await github.pullFiles(ref, run.pr_number);
    const diff = await github.pullDiff(ref, run.pr_number);
    const diffHash = sha256Hex(diff);
    await this.#captureCi(github, ref, run);
    const output = await ask(this.#deps, {
      schema: ReviewOutputSchema,
      schemaName: 'pr_review',
      system: SYSTEM,
      prompt: {
        repository: run.repo_full_name,
        pull: { number: run.pr_number, title: pull.title },
        risk: { level: intent.risk_level, reasons: intent.risk_reasons },
        files,
        diff,
      },
    });
    await orm.transaction(async (tx) => {
      await insertReviewOutput(tx, {
        run_id: run.id,
        tenant_id: run.tenant_id,
        summary: output.summary,
        findings: output.findings,
        status: 'valid',
        created_at: clock.now(),
      });
      await setDiffHash(tx, run.id, diffHash);
      await appendAudit(tx, {
        tenant_id: run.tenant_id,
        actor: worklogActor(run.tenant_id),
        action: 'worklog.review.generated',
        occurred_at: clock.now(),
        context: { run_id: run.id, diff_hash: diffHash, findings: output.findings.length },
      });
    });
    return { output, diffHash };
  }

  /**
   * Keeps what GitHub says of the head's CI now (pipelines with their checks, previews) with the run, hashed and
   * audited: the review's evidence of the CI it ran beside. A failure to read it is logged and leaves no snapshot
   * (the report counts that as missing evidence); it does not stop the review.
   */
  async #captureCi(github: GitHubConnector, ref: RepoRef, run: WorklogRunRecord): Promise<void> {
    const { orm, clock, redactor } = this.#deps;
    let ci: Awaited<ReturnType<typeof ciAt>>;
    try {
      ci = redactor.value(await ciAt(github, ref, run.head_sha, run.pr_number));
    } catch (error) {
      this.#deps.logger.warn({ run_id: run.id, ...errorFields(error), message: 'worklog CI not captured' });
      return;
    }
    const body = { head_sha: run.head_sha, pipelines: ci.pipelines, previews: ci.previews };
    const sha256 = canonicalHash(body);
    const now = clock.now();
    await orm.transaction(async (tx) => {
      const stored = await insertCiSnapshot(tx, {
        run_id: run.id,
        tenant_id: run.tenant_id,
        ...body,
        sha256,
        captured_at: now,
      });
      if (!stored) return;
      await appendAudit(tx, {
        tenant_id: run.tenant_id,
        actor: worklogActor(run.tenant_id),
        action: 'worklog.ci.captured',
        occurred_at: now,
        context: { run_id: run.id, head_sha: run.head_sha, sha256, pipelines: ci.pipelines.length },
      });
    });
  }

  /**
   * Ends the run if its claim still holds (same `started_at`): a process that outlived its lease and was
   * taken over does not finish the run a second time. Answers whether it did.
   */
  async #finish(
    tx: Executor,
    run: WorklogRunRecord,
    result: { status: 'succeeded' | 'failed'; error_code?: string; github_review_id?: number },
  ): Promise<boolean> {
    const now = this.#deps.clock.now();
    const ended = await endRun(tx, run.id, run.started_at, {
      status: result.status,
      error_code: result.error_code ?? null,
      github_review_id: result.github_review_id ?? null,
      finished_at: now,
    });
    if (!ended) return false;
    await appendAudit(tx, {
      tenant_id: run.tenant_id,
      actor: worklogActor(run.tenant_id),
      action: RUN_ENDED[result.status],
      occurred_at: now,
      context: {
        run_id: run.id,
        intent_id: run.intent_id,
        diff_hash: run.diff_hash,
        ...(result.error_code ? { error_code: result.error_code } : {}),
        ...(result.github_review_id ? { github_review_id: result.github_review_id } : {}),
      },
    });
    return true;
  }
}
