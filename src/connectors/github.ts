/**
 * GitHub through Octokit: `github.create_repository`, and pull requests as `git` evidence
 * (`owner/repo#12`). GitHub ignores `Idempotency-Key` (still sent); a retried create that meets
 * "name already exists" reads the repository and reports it with `created: false`.
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
import { optStr, str } from './input.ts';

export interface GitHubOptions {
  apiUrl: string;
  token?: string;
  timeoutMs?: number;
}

export class GitHubConnector implements Connector {
  readonly name = 'github';
  readonly tools = ['github.create_repository'] as const;
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

function alreadyExists(error: unknown): boolean {
  const { status, response } = error as {
    status?: number;
    response?: { data?: { errors?: { message?: string }[] } };
  };
  return (
    status === 422 && (response?.data?.errors ?? []).some((e) => /already exists/i.test(e.message ?? ''))
  );
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
