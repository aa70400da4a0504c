/**
 * GitHub through Octokit: `github.create_repository`, and pull requests as `git` evidence
 * (`owner/repo#12`). GitHub ignores `Idempotency-Key` (still sent); a retried create that meets
 * "name already exists" reads the repository and reports it with `created: false`.
 * WorkLog's reads and writes (pull requests, diffs, reviews, contents, Actions runs, deployments) are
 * plain methods: the WorkLog service checks their warrant itself before calling them.
 */
import { Octokit } from '@octokit/rest';
import type { EvidenceRequirement } from '../plans/plan-schema.ts';
import {
  type CallContext,
  type Connector,
  ConnectorError,
  type EvidenceResult,
  type ToolResult,
} from './connector.ts';
import { callSignal, errorForStatus, errorForTransport, unknownTool } from './errors.ts';
import { int, optStr, str } from './input.ts';

export interface GitHubOptions {
  apiUrl: string;
  token?: string;
  timeoutMs?: number;
}

export class GitHubConnector implements Connector {
  readonly name = 'github';
  readonly tools = [
    'github.create_repository',
    'github.pr_create',
    'github.pr_merge',
    'github.pr_status',
  ] as const;
  readonly evidence = ['git'] as const;
  readonly #octokit: Octokit;
  readonly #timeoutMs: number;
  #login: Promise<string> | undefined;

  constructor(options: GitHubOptions) {
    this.#octokit = new Octokit({
      baseUrl: options.apiUrl.replace(/\/+$/, ''),
      auth: options.token,
      // Failures reach the engine as ConnectorErrors; Octokit's own request log would repeat them on stderr.
      log: { debug: () => {}, info: () => {}, warn: console.warn, error: () => {} },
    });
    this.#timeoutMs = options.timeoutMs ?? 30_000;
  }

  async call(tool: string, input: Record<string, unknown>, ctx: CallContext): Promise<ToolResult> {
    if (tool === 'github.pr_create') return this.#prCreate(input, ctx);
    if (tool === 'github.pr_merge') return this.#prMerge(input, ctx);
    if (tool === 'github.pr_status') return this.#prStatus(input, ctx);
    if (tool !== 'github.create_repository') throw unknownTool(this.name, tool);
    const owner = str(input, 'owner');
    const name = str(input, 'name');
    const body = { name, private: input.private === true, description: optStr(input, 'description') };
    return this.#guard(ctx, async () => {
      const options = { ...body, ...this.#request(ctx, true) };
      try {
        const { data } =
          owner === (await this.#tokenLogin(ctx))
            ? await this.#octokit.repos.createForAuthenticatedUser(options)
            : await this.#octokit.repos.createInOrg({ org: owner, ...options });
        return { output: repositoryOutput(data, true), link: data.html_url };
      } catch (error) {
        if (!alreadyExists(error)) throw error;
        const { data } = await this.#octokit.repos.get({ owner, repo: name, ...this.#request(ctx, false) });
        return { output: repositoryOutput(data, false), link: data.html_url };
      }
    });
  }

  /** Closing the pull request a `github.pr_create` opened undoes it; a merge cannot be undone (a revert is a new change). */
  async undo(
    tool: string,
    input: Record<string, unknown>,
    output: Record<string, unknown>,
    ctx: CallContext,
  ) {
    if (tool !== 'github.pr_create')
      throw new ConnectorError('not_undoable', `${tool} cannot be undone; a revert is a change of its own`);
    const repo = { owner: str(input, 'owner'), repo: str(input, 'repo') };
    const number = Number(output.number);
    return this.#guard(ctx, async () => {
      const { data } = await this.#octokit.pulls.update({
        ...repo,
        pull_number: number,
        state: 'closed',
        ...this.#request(ctx, true),
      });
      return { output: { number: data.number, state: data.state }, link: data.html_url };
    });
  }

  /** Opens a pull request; one already open for the same head and base is the same call, retried. */
  #prCreate(input: Record<string, unknown>, ctx: CallContext): Promise<ToolResult> {
    const repo = { owner: str(input, 'owner'), repo: str(input, 'repo') };
    const head = str(input, 'head');
    const base = str(input, 'base');
    return this.#guard(ctx, async () => {
      const open = async () =>
        (
          await this.#octokit.pulls.list({
            ...repo,
            head: `${repo.owner}:${head}`,
            base,
            state: 'open',
            ...this.#request(ctx, false),
          })
        ).data[0];
      const existing = await open();
      if (existing) return { output: pullOutput(existing, false), link: existing.html_url };
      try {
        const { data } = await this.#octokit.pulls.create({
          ...repo,
          head,
          base,
          title: str(input, 'title'),
          body: optStr(input, 'body'),
          draft: input.draft === true,
          ...this.#request(ctx, true),
        });
        return { output: pullOutput(data, true), link: data.html_url };
      } catch (error) {
        const raced = alreadyExists(error) ? await open() : undefined;
        if (!raced) throw error;
        return { output: pullOutput(raced, false), link: raced.html_url };
      }
    });
  }

  /**
   * Merges a pull request only at the head commit the plan names (`sha`): GitHub refuses (409) when the branch moved
   * since, so what was approved is what is merged. Merged already: reported, not merged again.
   */
  #prMerge(input: Record<string, unknown>, ctx: CallContext): Promise<ToolResult> {
    const repo = { owner: str(input, 'owner'), repo: str(input, 'repo') };
    const number = int(input, 'number');
    const sha = str(input, 'sha');
    return this.#guard(ctx, async () => {
      const { data: pull } = await this.#octokit.pulls.get({
        ...repo,
        pull_number: number,
        ...this.#request(ctx, false),
      });
      if (pull.merged)
        return {
          output: { number, merged: true, merged_now: false, head_sha: pull.head.sha },
          link: pull.html_url,
        };
      if (pull.head.sha !== sha)
        throw new ConnectorError(
          'head_moved',
          `${repo.owner}/${repo.repo}#${number} is at ${pull.head.sha.slice(0, 12)}, not the approved ${sha.slice(0, 12)}`,
        );
      const { data } = await this.#octokit.pulls.merge({
        ...repo,
        pull_number: number,
        sha,
        merge_method: (optStr(input, 'merge_method') ?? 'merge') as 'merge' | 'squash' | 'rebase',
        ...this.#request(ctx, true),
      });
      return {
        output: { number, merged: data.merged, merged_now: true, merge_commit_sha: data.sha, head_sha: sha },
        link: pull.html_url,
      };
    });
  }

  /** A pull request's state and its head commit's combined status (the checks that report statuses). */
  #prStatus(input: Record<string, unknown>, ctx: CallContext): Promise<ToolResult> {
    const repo = { owner: str(input, 'owner'), repo: str(input, 'repo') };
    const number = int(input, 'number');
    return this.#guard(ctx, async () => {
      const { data: pull } = await this.#octokit.pulls.get({
        ...repo,
        pull_number: number,
        ...this.#request(ctx, false),
      });
      const { data: status } = await this.#octokit.repos.getCombinedStatusForRef({
        ...repo,
        ref: pull.head.sha,
        ...this.#request(ctx, false),
      });
      return {
        output: {
          number,
          state: pull.state,
          merged: pull.merged,
          mergeable: pull.mergeable ?? null,
          head_sha: pull.head.sha,
          checks: status.state,
          statuses: status.statuses.map((s) => ({ context: s.context, state: s.state })),
        },
        link: pull.html_url,
      };
    });
  }

  async collect(requirement: EvidenceRequirement, ctx: CallContext): Promise<EvidenceResult> {
    const match = /^([^/\s]+)\/([^#\s]+)#(\d+)$/.exec(requirement.query);
    if (!match)
      throw new ConnectorError(
        'bad_query',
        `git evidence query must be owner/repo#number, got ${requirement.query}`,
      );
    const [, owner, repo, number] = match as unknown as [string, string, string, string];
    return this.#guard(ctx, async () => {
      const { data } = await this.#octokit.pulls.get({
        owner,
        repo,
        pull_number: Number(number),
        ...this.#request(ctx, false),
      });
      return {
        result: {
          repository: `${owner}/${repo}`,
          number: data.number,
          title: data.title,
          state: data.state,
          merged: data.merged,
          merged_at: data.merged_at,
          head_ref: data.head.ref,
          head_sha: data.head.sha,
          base_ref: data.base.ref,
          base_sha: data.base.sha,
        },
        link: data.html_url,
      };
    });
  }

  async pullRequest(repo: RepoRef, number: number): Promise<PullRequest> {
    return this.#guard(this.#ctx(), async () => {
      const { data } = await this.#octokit.pulls.get({
        ...repo,
        pull_number: number,
        ...this.#request(this.#ctx(), false),
      });
      return {
        number: data.number,
        title: data.title,
        body: data.body ?? '',
        html_url: data.html_url,
        head_sha: data.head.sha,
        base_sha: data.base.sha,
      };
    });
  }

  async pullFiles(repo: RepoRef, number: number): Promise<ChangedFile[]> {
    return this.#guard(this.#ctx(), async () => {
      const files = await this.#octokit.paginate(this.#octokit.pulls.listFiles, {
        ...repo,
        pull_number: number,
        per_page: 100,
        ...this.#request(this.#ctx(), false),
      });
      return files.map((f) => ({ filename: f.filename, additions: f.additions, deletions: f.deletions }));
    });
  }

  /** The pull request's unified diff, as text: callers hash it and hand it to a model, never keep it. */
  async pullDiff(repo: RepoRef, number: number): Promise<string> {
    return this.#guard(this.#ctx(), async () => {
      const { data } = await this.#octokit.pulls.get({
        ...repo,
        pull_number: number,
        mediaType: { format: 'diff' },
        ...this.#request(this.#ctx(), false),
      });
      return data as unknown as string;
    });
  }

  async createReview(
    repo: RepoRef,
    number: number,
    review: { commit_id: string; body: string },
    idempotencyKey: string,
  ): Promise<{ id: number }> {
    const ctx = this.#ctx(idempotencyKey);
    return this.#guard(ctx, async () => {
      const { data } = await this.#octokit.pulls.createReview({
        ...repo,
        pull_number: number,
        ...review,
        event: 'COMMENT',
        ...this.#request(ctx, true),
      });
      return { id: data.id };
    });
  }

  /** The pull request's reviews, every page: a run taken over looks for the one its stopped process posted. */
  async listReviews(repo: RepoRef, number: number): Promise<PostedReview[]> {
    return this.#guard(this.#ctx(), async () => {
      const reviews = await this.#octokit.paginate(this.#octokit.pulls.listReviews, {
        ...repo,
        pull_number: number,
        per_page: 100,
        ...this.#request(this.#ctx(), false),
      });
      return reviews.map((review) => ({ id: review.id, body: review.body }));
    });
  }

  /** Creates a file on the default branch; a file already there (a retried bootstrap) is left as it is. */
  async createFile(repo: RepoRef, path: string, content: string, idempotencyKey: string): Promise<void> {
    const ctx = this.#ctx(idempotencyKey);
    await this.#guard(ctx, async () => {
      try {
        await this.#octokit.repos.createOrUpdateFileContents({
          ...repo,
          path,
          message: `Add ${path}`,
          content: Buffer.from(content, 'utf8').toString('base64'),
          ...this.#request(ctx, true),
        });
      } catch (error) {
        if ((error as { status?: number }).status !== 422) throw error;
      }
    });
  }

  async workflowRuns(repo: RepoRef, headSha: string): Promise<WorkflowRun[]> {
    return this.#guard(this.#ctx(), async () => {
      const { data } = await this.#octokit.actions.listWorkflowRunsForRepo({
        ...repo,
        head_sha: headSha,
        per_page: 50,
        ...this.#request(this.#ctx(), false),
      });
      return data.workflow_runs.map((run) => ({
        id: run.id,
        name: run.name ?? null,
        head_branch: run.head_branch,
        head_sha: run.head_sha,
        status: run.status,
        conclusion: run.conclusion,
        run_started_at: run.run_started_at ?? run.created_at,
        updated_at: run.updated_at,
        html_url: run.html_url,
        check_suite_id: run.check_suite_id ?? null,
      }));
    });
  }

  /** The check runs on a commit (what Actions jobs and apps such as linters report), newest first. */
  async checkRuns(repo: RepoRef, sha: string): Promise<CheckRun[]> {
    return this.#guard(this.#ctx(), async () => {
      const { data } = await this.#octokit.checks.listForRef({
        ...repo,
        ref: sha,
        per_page: 100,
        ...this.#request(this.#ctx(), false),
      });
      return data.check_runs.map((run) => ({
        name: run.name,
        status: run.status,
        conclusion: run.conclusion,
        check_suite_id: run.check_suite?.id ?? null,
        title: run.output.title ?? null,
        summary: run.output.summary ?? null,
      }));
    });
  }

  /** The commit statuses on a commit (what older integrations and coverage services post). */
  async commitStatuses(repo: RepoRef, sha: string): Promise<CommitStatus[]> {
    return this.#guard(this.#ctx(), async () => {
      const { data } = await this.#octokit.repos.getCombinedStatusForRef({
        ...repo,
        ref: sha,
        per_page: 100,
        ...this.#request(this.#ctx(), false),
      });
      return data.statuses.map((status) => ({
        context: status.context,
        state: status.state,
        description: status.description ?? null,
        target_url: status.target_url ?? null,
        created_at: status.created_at,
      }));
    });
  }

  /** Deployments of a commit with their latest status (preview environments post these). */
  async deployments(repo: RepoRef, sha: string): Promise<Deployment[]> {
    return this.#guard(this.#ctx(), async () => {
      const { data } = await this.#octokit.repos.listDeployments({
        ...repo,
        sha,
        per_page: 20,
        ...this.#request(this.#ctx(), false),
      });
      return Promise.all(
        data.map(async (deployment) => {
          const { data: statuses } = await this.#octokit.repos.listDeploymentStatuses({
            ...repo,
            deployment_id: deployment.id,
            per_page: 1,
            ...this.#request(this.#ctx(), false),
          });
          const latest = statuses[0];
          return {
            id: deployment.id,
            environment: deployment.environment,
            sha: deployment.sha,
            created_at: deployment.created_at,
            state: latest?.state ?? 'pending',
            environment_url: latest?.environment_url ?? null,
            updated_at: latest?.updated_at ?? deployment.updated_at,
          };
        }),
      );
    });
  }

  /** A context for calls made outside a run: no engine signal, only the timeout. */
  #ctx(idempotencyKey = ''): CallContext {
    return { idempotencyKey, signal: new AbortController().signal, heartbeat() {} };
  }

  /** The token's own login, asked once: repositories for it go to /user/repos, others to /orgs/{org}/repos. */
  #tokenLogin(ctx: CallContext): Promise<string> {
    this.#login ??= this.#octokit.users.getAuthenticated(this.#request(ctx, false)).then(
      ({ data }) => data.login,
      (error: unknown) => {
        this.#login = undefined;
        throw error;
      },
    );
    return this.#login;
  }

  #request(ctx: CallContext, mutating: boolean) {
    return {
      headers: mutating ? { 'idempotency-key': ctx.idempotencyKey } : {},
      request: { signal: callSignal(ctx.signal, this.#timeoutMs) },
    };
  }

  async #guard<T>(ctx: CallContext, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      const status = (error as { status?: unknown }).status;
      if (typeof status === 'number' && status > 0 && !ctx.signal.aborted) {
        throw errorForStatus('github', status, (error as Error).message);
      }
      throw errorForTransport('github', error, ctx.signal);
    }
  }
}

export interface RepoRef {
  owner: string;
  repo: string;
}

export interface PullRequest {
  number: number;
  title: string;
  body: string;
  html_url: string;
  head_sha: string;
  base_sha: string;
}

export interface PostedReview {
  id: number;
  body: string;
}

export interface ChangedFile {
  filename: string;
  additions: number;
  deletions: number;
}

export interface WorkflowRun {
  id: number;
  name: string | null;
  head_branch: string | null;
  head_sha: string;
  status: string | null;
  conclusion: string | null;
  run_started_at: string;
  updated_at: string;
  html_url: string;
  /** The check suite its jobs' check runs belong to. */
  check_suite_id: number | null;
}

export interface CheckRun {
  name: string;
  status: string;
  conclusion: string | null;
  check_suite_id: number | null;
  title: string | null;
  summary: string | null;
}

export interface CommitStatus {
  context: string;
  state: string;
  description: string | null;
  target_url: string | null;
  created_at: string;
}

export interface Deployment {
  id: number;
  environment: string;
  sha: string;
  created_at: string;
  state: string;
  environment_url: string | null;
  updated_at: string;
}

function alreadyExists(error: unknown): boolean {
  const { status, response } = error as {
    status?: number;
    response?: { data?: { errors?: { message?: string }[] } };
  };
  return (
    status === 422 && (response?.data?.errors ?? []).some((e) => /already exists/i.test(e.message ?? ''))
  );
}

function pullOutput(
  pull: {
    number: number;
    html_url: string;
    state: string;
    head: { sha: string; ref: string };
    base: { ref: string };
  },
  created: boolean,
): Record<string, unknown> {
  return {
    number: pull.number,
    html_url: pull.html_url,
    state: pull.state,
    head: pull.head.ref,
    head_sha: pull.head.sha,
    base: pull.base.ref,
    created,
  };
}

function repositoryOutput(
  repo: { id: number; full_name: string; html_url: string; private: boolean; default_branch?: string },
  created: boolean,
): Record<string, unknown> {
  return {
    id: repo.id,
    full_name: repo.full_name,
    html_url: repo.html_url,
    private: repo.private,
    default_branch: repo.default_branch ?? null,
    created,
  };
}
