/**
 * A fake GitHub REST API: GET /user, POST /orgs/{org}/repos and /user/repos (422 "name already exists" on a
 * duplicate, as GitHub answers), GET /repos/{owner}/{repo}, GET /repos/{owner}/{repo}/pulls/{number} (JSON, or
 * the diff for `Accept: application/vnd.github.v3.diff`), its /files, its /reviews (POST, and GET in pages
 * of `per_page` with a `Link: rel="next"` header, as GitHub pages), PUT contents/{path},
 * GET actions/runs?head_sha=, GET deployments?sha= and deployments/{id}/statuses.
 */
import { createHash } from 'node:crypto';
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
  check_suite_id?: number;
}

/** A check run as GitHub's checks API answers it (the fields Warrant reads). */
export interface FakeCheckRun {
  name: string;
  status: 'queued' | 'in_progress' | 'completed';
  conclusion: string | null;
  check_suite: { id: number } | null;
  output: { title: string | null; summary: string | null };
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
  /** Commit statuses by sha (what the combined status of a ref is made of). */
  statuses: Map<
    string,
    {
      state: 'pending' | 'success' | 'failure' | 'error';
      context: string;
      description?: string | null;
      target_url?: string | null;
      created_at?: string;
    }[]
  >;
  /** Check runs by sha. */
  checkRuns: Map<string, FakeCheckRun[]>;
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
    statuses: new Map(),
    checkRuns: new Map(),
  };
  let pullNumbers = 0;
  const pullBody = (owner: string, name: string, pull: FakePull) => {
    const { files: _files, diff: _diff, ...rest } = pull;
    return {
      ...rest,
      body: pull.body ?? null,
      html_url: `https://github.example/${owner}/${name}/pull/${pull.number}`,
    };
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
    // Pull requests as the REST API lists, opens, closes and merges them.
    {
      method: 'GET',
      path: /^\/repos\/([^/]+)\/([^/]+)\/pulls$/,
      handle: (req, [owner, name]) => {
        const head = req.query.get('head')?.replace(/^[^:]+:/, '');
        const base = req.query.get('base');
        const wanted = req.query.get('state') ?? 'open';
        const pulls = [...state.pulls.entries()]
          .filter(([key]) => key.startsWith(`${owner}/${name}#`))
          .map(([, pull]) => pull)
          .filter((p) => (wanted === 'all' || p.state === wanted) && (!head || p.head.ref === head))
          .filter((p) => !base || p.base.ref === base);
        return { status: 200, body: pulls.map((p) => pullBody(owner!, name!, p)) };
      },
    },
    {
      method: 'POST',
      path: /^\/repos\/([^/]+)\/([^/]+)\/pulls$/,
      mutating: true,
      handle: (req, [owner, name]) => {
        const refused = denied(req);
        if (refused) return refused;
        const body = req.body as { head: string; base: string; title: string; body?: string };
        const open = [...state.pulls.values()].find(
          (p) => p.state === 'open' && p.head.ref === body.head && p.base.ref === body.base,
        );
        if (open)
          return {
            status: 422,
            body: {
              message: 'Validation Failed',
              errors: [
                {
                  resource: 'PullRequest',
                  code: 'custom',
                  message: `A pull request already exists for ${owner}:${body.head}.`,
                },
              ],
              status: '422',
            },
          };
        const number = ++pullNumbers + 100;
        const sha = (s: string) => createHash('sha1').update(s).digest('hex');
        const pull: FakePull = {
          number,
          title: body.title,
          state: 'open',
          merged: false,
          merged_at: null,
          head: { ref: body.head, sha: sha(`${owner}/${name}:${body.head}`) },
          base: { ref: body.base, sha: sha(`${owner}/${name}:${body.base}`) },
          ...(body.body ? { body: body.body } : {}),
        };
        state.pulls.set(`${owner}/${name}#${number}`, pull);
        return { status: 201, body: pullBody(owner!, name!, pull) };
      },
    },
    {
      method: 'PATCH',
      path: /^\/repos\/([^/]+)\/([^/]+)\/pulls\/(\d+)$/,
      mutating: true,
      handle: (req, [owner, name, number]) => {
        const pull = state.pulls.get(`${owner}/${name}#${number}`);
        if (!pull) return notFound;
        const body = req.body as { state?: 'open' | 'closed'; title?: string };
        if (body.state && !pull.merged) pull.state = body.state;
        if (body.title) pull.title = body.title;
        return { status: 200, body: pullBody(owner!, name!, pull) };
      },
    },
    {
      method: 'PUT',
      path: /^\/repos\/([^/]+)\/([^/]+)\/pulls\/(\d+)\/merge$/,
      mutating: true,
      handle: (req, [owner, name, number]) => {
        const pull = state.pulls.get(`${owner}/${name}#${number}`);
        if (!pull) return notFound;
        const body = req.body as { sha?: string; merge_method?: string };
        if (pull.merged || pull.state !== 'open')
          return { status: 405, body: { message: 'Pull Request is not mergeable', status: '405' } };
        if (body.sha && body.sha !== pull.head.sha)
          return {
            status: 409,
            body: { message: 'Head branch was modified. Review and try the merge again.', status: '409' },
          };
        pull.merged = true;
        pull.state = 'closed';
        pull.merged_at = new Date().toISOString();
        const merged = createHash('sha1')
          .update(`${pull.head.sha}:${body.merge_method ?? 'merge'}`)
          .digest('hex');
        return {
          status: 200,
          body: { sha: merged, merged: true, message: 'Pull Request successfully merged' },
        };
      },
    },
    {
      method: 'GET',
      path: /^\/repos\/([^/]+)\/([^/]+)\/commits\/([^/]+)\/check-runs$/,
      handle: (_req, [, , ref]) => {
        const runs = state.checkRuns.get(ref!) ?? [];
        return { status: 200, body: { total_count: runs.length, check_runs: runs } };
      },
    },
    {
      method: 'GET',
      path: /^\/repos\/([^/]+)\/([^/]+)\/commits\/([^/]+)\/status$/,
      handle: (_req, [, , ref]) => {
        const statuses = state.statuses.get(ref!) ?? [];
        const combined = statuses.some((s) => s.state === 'failure' || s.state === 'error')
          ? 'failure'
          : statuses.length === 0 || statuses.some((s) => s.state === 'pending')
            ? 'pending'
            : 'success';
        // GitHub gives every status these fields; a test that leaves them out gets GitHub's shape anyway.
        const full = statuses.map((s) => ({
          description: null,
          target_url: null,
          created_at: '2026-01-01T00:00:00Z',
          ...s,
        }));
        return { status: 200, body: { state: combined, sha: ref, total_count: full.length, statuses: full } };
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
