// The API client: the session's key as a bearer token, problem+json errors as ApiError.
const KEY = 'warrant.api_key';

export const session = {
  key: (): string | null => sessionStorage.getItem(KEY),
  signIn: (key: string) => sessionStorage.setItem(KEY, key),
  signOut: () => sessionStorage.removeItem(KEY),
};

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string, detail: string) {
    super(detail);
    this.status = status;
    this.code = code;
  }
}

/** Listeners told when the key stops working, so the app returns to sign-in. */
export const unauthorized = new EventTarget();

async function request(path: string, init: RequestInit & { key?: string } = {}): Promise<Response> {
  const key = init.key ?? session.key();
  const headers = new Headers(init.headers);
  if (key) headers.set('authorization', `Bearer ${key}`);
  if (init.body !== undefined) headers.set('content-type', 'application/json');
  const response = await fetch(path, { ...init, headers });
  if (response.ok) return response;
  const problem = (await response.json().catch(() => ({}))) as { code?: string; detail?: string };
  if (response.status === 401 && init.key === undefined)
    unauthorized.dispatchEvent(new Event('unauthorized'));
  throw new ApiError(response.status, problem.code ?? 'error', problem.detail ?? response.statusText);
}

export async function getJson<T>(path: string, key?: string): Promise<T> {
  return (await request(path, { key })).json() as Promise<T>;
}

export async function getText(path: string): Promise<string> {
  return (await request(path)).text();
}

export async function post<T>(path: string, body: unknown = {}): Promise<T> {
  return (await request(path, { method: 'POST', body: JSON.stringify(body) })).json() as Promise<T>;
}

const EXPIRED = 'This approval request has expired; the plan must be submitted again.';

/** Refusals in plain words; the server's detail for anything else. */
export function explain(error: unknown): string {
  if (!(error instanceof ApiError)) return error instanceof Error ? error.message : String(error);
  switch (error.code) {
    case 'self_approval':
      return 'You wrote this plan or a revision of it (or created the key you use); someone else must approve it.';
    case 'stale_revision':
      return 'This plan was revised after you opened it: reload it, review the new revision and vote again.';
    case 'request_expired':
    case 'approval_expired':
      return EXPIRED;
    case 'duplicate_vote':
      return 'You have already voted on this plan.';
    case 'not_pending':
      return error.message.includes('expired') ? EXPIRED : 'This plan no longer takes votes.';
    case 'not_an_approver':
      return 'Your role cannot vote on this plan.';
  }
  if (error.status === 404) return 'Not found';
  if (error.status === 403) return `Not allowed: ${error.message}`;
  return error.message;
}
