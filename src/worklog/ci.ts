/**
 * CI status as evidence (seed 003's pipeline jobs and preview deployments), read from GitHub: Actions runs give
 * the pipelines, their check runs and the commit's statuses answer lint, type check, tests, coverage and contract
 * (by the checks' names, see CHECK_NAMES), deployments and preview statuses give the previews. Read on demand
 * (GET …/ci), and captured with each governed review at its head (stored, hashed, audited: see review.ts).
 */
import type {
  CheckRun,
  CommitStatus,
  Deployment,
  GitHubConnector,
  RepoRef,
  WorkflowRun,
} from '../connectors/github.ts';
import type { Actor } from '../core/roles.ts';
import { githubOf, upstream, type WorklogDeps } from './deps.ts';
import type { RepositoryService } from './repositories.ts';

export type PipelineStatus = 'queued' | 'in_progress' | 'completed' | 'failed' | 'cancelled';
export type PreviewStatus = 'building' | 'ready' | 'error' | 'deleted';

export function pipelineStatus(status: string | null, conclusion: string | null): PipelineStatus {
  if (status === 'in_progress') return 'in_progress';
  if (status !== 'completed') return 'queued';
  if (conclusion === 'cancelled') return 'cancelled';
  return conclusion === 'success' || conclusion === 'neutral' || conclusion === 'skipped'
    ? 'completed'
    : 'failed';
}

/**
 * Which check answers which question, by the check run's name or the status's context. A question no check
 * answers stays null ("not known"), never false.
 */
export const CHECK_NAMES = {
  lint: /lint|biome|ruff|golangci|prettier|format/i,
  type_check: /type[ -_]?check|tsc\b|typescript|mypy|pyright/i,
  tests: /test|vitest|jest|pytest|spec\b|e2e/i,
  contract: /contract|openapi|api[ -_]?diff|pact|schema/i,
  coverage: /coverage|codecov|coveralls/i,
} as const;

type Verdict = boolean | null;

/** A finished check's answer: passed, failed, or null while it runs or when it says neither (cancelled). */
function checkVerdict(check: CheckRun): Verdict {
  if (check.status !== 'completed') return null;
  if (check.conclusion === 'success' || check.conclusion === 'neutral' || check.conclusion === 'skipped')
    return true;
  if (check.conclusion === 'cancelled' || check.conclusion === null || check.conclusion === 'stale')
    return null;
  return false;
}

function statusVerdict(status: CommitStatus): Verdict {
  if (status.state === 'success') return true;
  return status.state === 'failure' || status.state === 'error' ? false : null;
}

/** All answers of the matching checks: false if any failed, true if some passed and none failed, else null. */
function combine(verdicts: Verdict[]): Verdict {
  if (verdicts.includes(false)) return false;
  return verdicts.includes(true) ? true : null;
}

/**
 * A coverage figure from a check's title or summary or a status's description ("Coverage: 87.5%", "87.50% (+0.2%)
 * compared to base"): the first percentage, 0 to 100; anything else is null.
 */
export function parseCoverage(text: string | null): number | null {
  const match = /(?<![\d.])(\d{1,3}(?:\.\d{1,4})?)\s?%/.exec(text?.slice(0, 2_000) ?? '');
  if (!match) return null;
  const value = Number(match[1]);
  return value >= 0 && value <= 100 ? Math.round(value * 100) / 100 : null;
}

/** The seed's per-check fields, from the checks that ran for one pipeline and the commit's statuses. */
export function checkFields(checks: readonly CheckRun[], statuses: readonly CommitStatus[]) {
  const verdict = (names: RegExp) =>
    combine([
      ...checks.filter((c) => names.test(c.name)).map(checkVerdict),
      ...statuses.filter((s) => names.test(s.context)).map(statusVerdict),
    ]);
  const coverageTexts = [
    ...statuses.filter((s) => CHECK_NAMES.coverage.test(s.context)).map((s) => s.description),
    ...checks
      .filter((c) => CHECK_NAMES.coverage.test(c.name) || CHECK_NAMES.tests.test(c.name))
      .flatMap((c) => [c.title, c.summary]),
  ];
  return {
    lint_passed: verdict(CHECK_NAMES.lint),
    type_check_passed: verdict(CHECK_NAMES.type_check),
    tests_passed: verdict(CHECK_NAMES.tests),
    coverage_pct: coverageTexts.map(parseCoverage).find((value) => value !== null) ?? null,
    contract_check_passed: verdict(CHECK_NAMES.contract),
  };
}

/**
 * A PipelineJob: the workflow run, and the answers of its own check runs (those of its check suite, or all of
 * the commit's when GitHub does not say) and the commit's statuses.
 */
export function pipelineJob(
  run: WorkflowRun,
  checks: readonly CheckRun[] = [],
  statuses: readonly CommitStatus[] = [],
) {
  const status = pipelineStatus(run.status, run.conclusion);
  const finished = status === 'completed' || status === 'failed' || status === 'cancelled';
  const started = new Date(run.run_started_at);
  const completed = finished ? new Date(run.updated_at) : null;
  return {
    run_id: run.id,
    name: run.name,
    branch: run.head_branch,
    commit_sha: run.head_sha,
    status,
    started_at: started.toISOString(),
    completed_at: completed?.toISOString() ?? null,
    duration_seconds: completed
      ? Math.max(0, Math.round((completed.getTime() - started.getTime()) / 1000))
      : null,
    logs_url: run.html_url,
    ...checkFields(
      run.check_suite_id === null ? checks : checks.filter((c) => c.check_suite_id === run.check_suite_id),
      statuses,
    ),
  };
}

const PREVIEW_STATES: Record<string, PreviewStatus> = {
  success: 'ready',
  error: 'error',
  failure: 'error',
  inactive: 'deleted',
};

export function previewDeployment(deployment: Deployment, prNumber: number) {
  const status = PREVIEW_STATES[deployment.state] ?? 'building';
  return {
    pr_number: prNumber,
    environment: deployment.environment,
    frontend_url: deployment.environment_url,
    backend_url: null,
    created_at: new Date(deployment.created_at).toISOString(),
    deleted_at: status === 'deleted' ? new Date(deployment.updated_at).toISOString() : null,
    status,
    commit_sha: deployment.sha,
    // GitHub does not expose a deployment's variables; nothing to mask.
    environment_vars: {},
  };
}

const PREVIEW_CONTEXT = /vercel|netlify|preview|railway|render/i;

/** A preview a host announced as a commit status (Vercel posts one with the preview's URL as its target). */
export function statusPreview(status: CommitStatus, prNumber: number, sha: string) {
  return {
    pr_number: prNumber,
    environment: status.context,
    frontend_url: status.target_url,
    backend_url: null,
    created_at: new Date(status.created_at).toISOString(),
    deleted_at: null,
    status: (status.state === 'success'
      ? 'ready'
      : status.state === 'pending'
        ? 'building'
        : 'error') as PreviewStatus,
    commit_sha: sha,
    environment_vars: {},
  };
}

export type PipelineJob = ReturnType<typeof pipelineJob>;
export type PreviewDeployment = ReturnType<typeof previewDeployment> | ReturnType<typeof statusPreview>;

/** The pipelines and previews of one commit, as GitHub tells them now. */
export async function ciAt(github: GitHubConnector, ref: RepoRef, sha: string, prNumber: number) {
  const [runs, deployments, checks, statuses] = await upstream(() =>
    Promise.all([
      github.workflowRuns(ref, sha),
      github.deployments(ref, sha),
      github.checkRuns(ref, sha),
      github.commitStatuses(ref, sha),
    ]),
  );
  return {
    pipelines: runs.map((run) => pipelineJob(run, checks, statuses)),
    previews: [
      ...deployments.map((d) => previewDeployment(d, prNumber)),
      ...statuses
        .filter((s) => PREVIEW_CONTEXT.test(s.context) && s.target_url)
        .map((s) => statusPreview(s, prNumber, sha)),
    ],
  };
}

export async function pullRequestCi(
  deps: WorklogDeps,
  repositories: RepositoryService,
  actor: Actor,
  fullName: string,
  number: number,
) {
  const repo = await repositories.byName(actor, fullName);
  const github = githubOf(deps);
  const [owner, name] = repo.full_name.split('/') as [string, string];
  const ref = { owner, repo: name };
  const pull = await upstream(() => github.pullRequest(ref, number));
  return {
    repository: repo.full_name,
    pr_number: number,
    head_sha: pull.head_sha,
    ...(await ciAt(github, ref, pull.head_sha, number)),
  };
}
