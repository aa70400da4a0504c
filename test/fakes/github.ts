/**
 * A fake GitHub REST API: GET /user, POST /orgs/{org}/repos and /user/repos (422 "name already exists" on a
 * duplicate, as GitHub answers), GET /repos/{owner}/{repo}, GET /repos/{owner}/{repo}/pulls/{number} (JSON, or
 * the diff for `Accept: application/vnd.github.v3.diff`), its /files, its /reviews (POST, and GET in pages
 * of `per_page` with a `Link: rel="next"` header, as GitHub pages), PUT contents/{path},
 * GET actions/runs?head_sha=, GET deployments?sha= and deployments/{id}/statuses.
 */
import { type FakeRequest, type FakeResponse, type FakeServer, header, startFake } from './server.ts';

export interface FakeRepo {
  id: number;
  name: string;
  full_name: string;
  owner: { login: string };
  private: boolean;
  description: string | null;
  html_url: string;
  default_branch: string;
}

export interface FakePull {
  number: number;
  title: string;
  state: 'open' | 'closed';
  merged: boolean;
  merged_at: string | null;
  head: { ref: string; sha: string };
  base: { ref: string; sha: string };
  body?: string;
  files?: { filename: string; additions: number; deletions: number }[];
  diff?: string;
}

export interface FakeReview {
  id: number;
  /** `owner/name#number`. */
  pull: string;
  commit_id: string;
  body: string;
  event: string;
}

export interface FakeWorkflowRun {
  id: number;
  name: string;
  head_branch: string;
  head_sha: string;
  status: string;
  conclusion: string | null;
  run_started_at: string;
  created_at: string;
  updated_at: string;
  html_url: string;
}

export interface FakeDeployment {
  id: number;
  environment: string;
  sha: string;
  created_at: string;
  updated_at: string;
  statuses: { state: string; environment_url: string | null; updated_at: string }[];
}

export interface FakeGitHubState {
  login: string;
  /** By `owner/name`. */
  repos: Map<string, FakeRepo>;
  /** By `owner/name#number`. */
  pulls: Map<string, FakePull>;
  reviews: FakeReview[];
  /** File contents (decoded) by `owner/name:path`. */
  contents: Map<string, string>;
  /** By `owner/name`. */
  workflowRuns: Map<string, FakeWorkflowRun[]>;
  /** By `owner/name`. */
  deployments: Map<string, FakeDeployment[]>;
}

export async function startFakeGitHub(
  options: { token?: string; login?: string } = {},
): Promise<FakeServer<FakeGitHubState>> {
  const state: FakeGitHubState = {
    login: options.login ?? 'warrant-bot',
    repos: new Map(),
    pulls: new Map(),
    reviews: [],
    contents: new Map(),
    workflowRuns: new Map(),
    deployments: new Map(),
  };
  let ids = 1000;
  const notFound: FakeResponse = {
    status: 404,
    body: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest', status: '404' },
  };

  // GitHub takes the token as `token T` (Octokit's choice) or `Bearer T`.
  const denied = (req: FakeRequest): FakeResponse | undefined => {
    const given = header(req.headers, 'authorization')?.replace(/^(token|Bearer) /, '');
    if (options.token === undefined || given === options.token) return undefined;
    return { status: 401, body: { message: 'Bad credentials', status: '401' } };
  };

  const create = (req: FakeRequest, owner: string): FakeResponse => {
    const refused = denied(req);
    if (refused) return refused;
    const body = req.body as { name: string; private?: boolean; description?: string };
    const fullName = `${owner}/${body.name}`;
    if (state.repos.has(fullName)) {
      return {
        status: 422,
        body: {
          message: 'Repository creation failed.',
          errors: [
            {
              resource: 'Repository',
              code: 'custom',
              field: 'name',
              message: 'name already exists on this account',
            },
          ],
          documentation_url: 'https://docs.github.com/rest/repos/repos#create-an-organization-repository',
          status: '422',
        },
      };
    }
    const repo: FakeRepo = {
      id: ++ids,
      name: body.name,
      full_name: fullName,
      owner: { login: owner },
      private: body.private ?? false,
      description: body.description ?? null,
      html_url: `https://github.example/${fullName}`,
      default_branch: 'main',
    };
    state.repos.set(fullName, repo);
    return { status: 201, body: repo };
  };

  return startFake(state, [
    {
      method: 'GET',
      path: /^\/user$/,
      handle: (req) => denied(req) ?? { status: 200, body: { login: state.login } },
    },
    {
      method: 'POST',
      path: /^\/orgs\/([^/]+)\/repos$/,
      mutating: true,
      handle: (req, [org]) => create(req, org!),
    },
    { method: 'POST', path: /^\/user\/repos$/, mutating: true, handle: (req) => create(req, state.login) },
    {
      method: 'GET',
      path: /^\/repos\/([^/]+)\/([^/]+)$/,
      handle: (_req, [owner, name]) => {
        const repo = state.repos.get(`${owner}/${name}`);
        return repo ? { status: 200, body: repo } : notFound;
      },
    },
    {
      method: 'GET',
      path: /^\/repos\/([^/]+)\/([^/]+)\/pulls\/(\d+)$/,
      handle: (req, [owner, name, number]) => {
        const pull = state.pulls.get(`${owner}/${name}#${number}`);
        if (!pull) return notFound;
        if (header(req.headers, 'accept')?.includes('application/vnd.github.v3.diff')) {
          return {
            status: 200,
            text: pull.diff ?? '',
            headers: { 'content-type': 'application/vnd.github.v3.diff; charset=utf-8' },
          };
        }
        const { files = [], diff: _diff, ...rest } = pull;
        return {
          status: 200,
          body: {
            ...rest,
            body: pull.body ?? null,
            html_url: `https://github.example/${owner}/${name}/pull/${number}`,
            additions: files.reduce((n, f) => n + f.additions, 0),
            deletions: files.reduce((n, f) => n + f.deletions, 0),
            changed_files: files.length,
          },
        };
      },
    },
    {
      method: 'GET',
      path: /^\/repos\/([^/]+)\/([^/]+)\/pulls\/(\d+)\/files$/,
      handle: (_req, [owner, name, number]) => {
        const pull = state.pulls.get(`${owner}/${name}#${number}`);
        return pull
          ? { status: 200, body: (pull.files ?? []).map((f) => ({ ...f, status: 'modified' })) }
          : notFound;
      },
    },
    {
      method: 'POST',
      path: /^\/repos\/([^/]+)\/([^/]+)\/pulls\/(\d+)\/reviews$/,
      mutating: true,
      handle: (req, [owner, name, number]) => {
        const pull = `${owner}/${name}#${number}`;
        if (!state.pulls.has(pull)) return notFound;
        const body = req.body as { commit_id: string; body: string; event: string };
        const review: FakeReview = { id: ++ids, pull, ...body };
        state.reviews.push(review);
        return { status: 200, body: { id: review.id, state: 'COMMENTED', commit_id: body.commit_id } };
      },
    },
    {
      method: 'GET',
      path: /^\/repos\/([^/]+)\/([^/]+)\/pulls\/(\d+)\/reviews$/,
      handle: (req, [owner, name, number]) => {
        const pull = `${owner}/${name}#${number}`;
        if (!state.pulls.has(pull)) return notFound;
        const perPage = Math.min(Number(req.query.get('per_page') ?? 30), 100);
        const page = Number(req.query.get('page') ?? 1);
        const all = state.reviews.filter((r) => r.pull === pull);
        const next = `http://${header(req.headers, 'host')}${req.path}?per_page=${perPage}&page=${page + 1}`;
        return {
          status: 200,
          body: all.slice((page - 1) * perPage, page * perPage).map((r) => ({
            id: r.id,
            user: { login: state.login },
            body: r.body,
            state: 'COMMENTED',
            commit_id: r.commit_id,
          })),
          headers: page * perPage < all.length ? { link: `<${next}>; rel="next"` } : {},
        };
      },
    },
    {
      method: 'PUT',
      path: /^\/repos\/([^/]+)\/([^/]+)\/contents\/(.+)$/,
      mutating: true,
      handle: (req, [owner, name, path]) => {
        if (!state.repos.has(`${owner}/${name}`)) return notFound;
        const key = `${owner}/${name}:${path}`;
        // GitHub wants the current blob's sha to replace a file; without it, an existing file is a 422.
        if (state.contents.has(key)) {
          return { status: 422, body: { message: '"sha" wasn\'t supplied.', status: '422' } };
        }
        const body = req.body as { content: string; message: string };
        state.contents.set(key, Buffer.from(body.content, 'base64').toString('utf8'));
        return { status: 201, body: { content: { path, sha: `sha-${++ids}` } } };
      },
    },
    {
      method: 'GET',
      path: /^\/repos\/([^/]+)\/([^/]+)\/actions\/runs$/,
      handle: (req, [owner, name]) => {
        const sha = req.query.get('head_sha');
        const runs = (state.workflowRuns.get(`${owner}/${name}`) ?? []).filter(
          (run) => !sha || run.head_sha === sha,
        );
        return { status: 200, body: { total_count: runs.length, workflow_runs: runs } };
      },
    },
    {
      method: 'GET',
      path: /^\/repos\/([^/]+)\/([^/]+)\/deployments$/,
      handle: (req, [owner, name]) => {
        const sha = req.query.get('sha');
        const found = (state.deployments.get(`${owner}/${name}`) ?? []).filter((d) => !sha || d.sha === sha);
        return { status: 200, body: found.map(({ statuses: _s, ...deployment }) => deployment) };
      },
    },
    {
      method: 'GET',
      path: /^\/repos\/([^/]+)\/([^/]+)\/deployments\/(\d+)\/statuses$/,
      handle: (_req, [owner, name, id]) => {
        const deployment = (state.deployments.get(`${owner}/${name}`) ?? []).find((d) => d.id === Number(id));
        return deployment ? { status: 200, body: deployment.statuses } : notFound;
      },
    },
  ]);
}
