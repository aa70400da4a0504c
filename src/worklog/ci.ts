/**
 * CI status as evidence (pipeline jobs and preview deployments): read from GitHub when asked, never
 * stored. Actions runs give the pipeline; deployments (which preview hosts post) give the previews.
 */
import type { Deployment, WorkflowRun } from '../connectors/github.ts';
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

/** A PipelineJob. The per-check booleans and coverage need the jobs' logs; null says "not known here". */
export function pipelineJob(run: WorkflowRun) {
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
    lint_passed: null,
    type_check_passed: null,
    tests_passed: null,
    coverage_pct: null,
    contract_check_passed: null,
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
  const [runs, deployments] = await upstream(() =>
    Promise.all([github.workflowRuns(ref, pull.head_sha), github.deployments(ref, pull.head_sha)]),
  );
  return {
    repository: repo.full_name,
    pr_number: number,
    head_sha: pull.head_sha,
    pipelines: runs.map(pipelineJob),
    previews: deployments.map((d) => previewDeployment(d, number)),
  };
}
