/**
 * JSON over HTTP for the connectors that speak plain REST (Argo CD, Prometheus, Tempo, Alertmanager, Grafana): bearer token,
 * timeout joined with the engine's signal, `Idempotency-Key` on mutations, statuses mapped to ConnectorError.
 */
import type { CallContext } from './connector.ts';
import { callSignal, errorForStatus, errorForTransport } from './errors.ts';

export interface JsonApiOptions {
  /** Used in error messages, e.g. `argocd`. */
  system: string;
  baseUrl: string;
  token?: string;
  timeoutMs?: number;
  /** Pulls the far side's own error text out of an error body. */
  errorText?: (body: unknown) => string | undefined;
  /** Sent with every request, e.g. Vault's `X-Vault-Token` in place of a bearer token. */
  headers?: Record<string, string>;
}

export interface JsonRequest {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  path: string;
  query?: Record<string, string | undefined>;
  body?: unknown;
}

export class JsonApi {
  readonly baseUrl: string;
  readonly #options: JsonApiOptions;

  constructor(options: JsonApiOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.#options = options;
  }

  async request<T = unknown>(req: JsonRequest, ctx: CallContext): Promise<T> {
    const { system, token, timeoutMs = 30_000, errorText } = this.#options;
    const url = new URL(this.baseUrl + req.path);
    for (const [key, value] of Object.entries(req.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, value);
    }
    const method = req.method ?? 'GET';
    const headers: Record<string, string> = { accept: 'application/json', ...this.#options.headers };
    if (token) headers.authorization = `Bearer ${token}`;
    if (method !== 'GET') headers['idempotency-key'] = ctx.idempotencyKey;
    if (req.body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    let text: string;
    try {
      response = await fetch(url, {
        method,
        headers,
        body: req.body === undefined ? undefined : JSON.stringify(req.body),
        signal: callSignal(ctx.signal, timeoutMs),
      });
      text = await response.text();
    } catch (error) {
      throw errorForTransport(system, error, ctx.signal);
    }
    const body = parseJson(text);
    if (!response.ok) {
      throw errorForStatus(
        system,
        response.status,
        errorText?.(body) ?? messageOf(body) ?? text.slice(0, 200),
      );
    }
    return body as T;
  }
}

function parseJson(text: string): unknown {
  try {
    return text === '' ? undefined : JSON.parse(text);
  } catch {
    return text;
  }
}

function messageOf(body: unknown): string | undefined {
  const message = (body as { message?: unknown; error?: unknown } | undefined)?.message;
  return typeof message === 'string' ? message : undefined;
}
