/**
 * The shared core of the fake upstreams: a node:http server on 127.0.0.1 and an ephemeral port, a route
 * table, a record of every call, scripted failures, and an idempotency ledger. A mutating request with an
 * `Idempotency-Key` already answered gets the stored answer and no second effect, as a careful API does; the
 * crash tests read `effectsByKey` to prove no key ever acted twice.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: unknown;
}

export interface FakeResponse {
  status: number;
  body?: unknown;
  /** Sent as it is instead of `body` as JSON (set a content-type in `headers`). */
  text?: string;
  headers?: Record<string, string>;
}

export interface Route {
  method: string;
  /** Matched against the path; capture groups arrive URL-decoded as `params`. */
  path: RegExp;
  /** Mutating routes go through the idempotency ledger. */
  mutating?: boolean;
  handle(req: FakeRequest, params: string[]): FakeResponse;
}

export interface RecordedCall {
  method: string;
  path: string;
  query: string;
  headers: IncomingHttpHeaders;
  body: unknown;
  idempotencyKey?: string;
}

export interface ScriptedFailure {
  status?: number;
  body?: unknown;
  /** How many matching requests fail (default 1). */
  times?: number;
  method?: string;
  path?: RegExp;
}

export interface FakeServer<S> {
  url: string;
  state: S;
  calls: RecordedCall[];
  /** Effects applied per idempotency key (requests without a key count under ''). */
  effectsByKey: Map<string, number>;
  /** Mutating requests seen per idempotency key, replays included. */
  requestsByKey: Map<string, number>;
  /** Makes the next matching request(s) fail before reaching the route. */
  fail(failure?: ScriptedFailure): void;
  /** Delay before each answer is sent (the effect is already applied): a crash can land in between. */
  latencyMs: number;
  close(): Promise<void>;
}

export async function startFake<S>(state: S, routes: readonly Route[]): Promise<FakeServer<S>> {
  const calls: RecordedCall[] = [];
  const effectsByKey = new Map<string, number>();
  const requestsByKey = new Map<string, number>();
  const answered = new Map<string, FakeResponse>();
  const failures: ScriptedFailure[] = [];

  const respond = (req: FakeRequest): FakeResponse => {
    const failure = failures.find(
      (f) => (!f.method || f.method === req.method) && (!f.path || f.path.test(req.path)),
    );
    if (failure) {
      failure.times = (failure.times ?? 1) - 1;
      if (failure.times <= 0) failures.splice(failures.indexOf(failure), 1);
      return { status: failure.status ?? 500, body: failure.body ?? { message: 'scripted failure' } };
    }
    for (const route of routes) {
      if (route.method !== req.method) continue;
      const match = route.path.exec(req.path);
      if (!match) continue;
      const params = match.slice(1).map((p) => decodeURIComponent(p ?? ''));
      // A dry run (Kubernetes `dryRun=All`) is answered by the route and stores nothing: never an effect.
      if (!route.mutating || req.query.has('dryRun')) return route.handle(req, params);
      const key = header(req.headers, 'idempotency-key') ?? '';
      if (key) {
        requestsByKey.set(key, (requestsByKey.get(key) ?? 0) + 1);
        const stored = answered.get(key);
        if (stored) return stored;
      }
      const response = route.handle(req, params);
      if (response.status < 400) {
        effectsByKey.set(key, (effectsByKey.get(key) ?? 0) + 1);
        if (key) answered.set(key, response);
      }
      return response;
    }
    return { status: 404, body: { message: `no route for ${req.method} ${req.path}` } };
  };

  const server = createServer((incoming, res) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const url = new URL(incoming.url ?? '/', 'http://fake');
      const raw = Buffer.concat(chunks).toString('utf8');
      const req: FakeRequest = {
        method: incoming.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: incoming.headers,
        body: raw ? parseBody(raw) : undefined,
      };
      calls.push({
        method: req.method,
        path: req.path,
        query: url.search,
        headers: req.headers,
        body: req.body,
        idempotencyKey: header(req.headers, 'idempotency-key'),
      });
      let response: FakeResponse;
      try {
        response = respond(req);
      } catch (error) {
        response = { status: 500, body: { message: (error as Error).message } };
      }
      setTimeout(() => {
        res.writeHead(response.status, { 'content-type': 'application/json', ...response.headers });
        res.end(response.text ?? (response.body === undefined ? '' : JSON.stringify(response.body)));
      }, fake.latencyMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const fake: FakeServer<S> = {
    url: `http://127.0.0.1:${port}`,
    latencyMs: 0,
    state,
    calls,
    effectsByKey,
    requestsByKey,
    fail: (failure = {}) => failures.push({ ...failure }),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
  return fake;
}

export function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Answers 401 unless the request carries `Bearer <token>`; undefined when it does. */
export function requireBearer(req: FakeRequest, token: string | undefined): FakeResponse | undefined {
  if (token === undefined || header(req.headers, 'authorization') === `Bearer ${token}`) return undefined;
  return { status: 401, body: { message: 'unauthorized' } };
}

function parseBody(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}
