/**
 * A fake GitHub REST API: GET /user, POST /orgs/{org}/repos and /user/repos (422 "name already exists" on a
 * duplicate, as GitHub answers), GET /repos/{owner}/{repo}, GET /repos/{owner}/{repo}/pulls/{number}.
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
}

export interface FakeGitHubState {
  login: string;
  /** By `owner/name`. */
  repos: Map<string, FakeRepo>;
  /** By `owner/name#number`. */
  pulls: Map<string, FakePull>;
}

export async function startFakeGitHub(
  options: { token?: string; login?: string } = {},
): Promise<FakeServer<FakeGitHubState>> {
  const state: FakeGitHubState = {
    login: options.login ?? 'warrant-bot',
    repos: new Map(),
    pulls: new Map(),
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
      handle: (_req, [owner, name, number]) => {
        const pull = state.pulls.get(`${owner}/${name}#${number}`);
        return pull
          ? {
              status: 200,
              body: { ...pull, html_url: `https://github.example/${owner}/${name}/pull/${number}` },
            }
          : notFound;
      },
    },
  ]);
}
