import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { DEFAULT_HTTP_ADDR } from '../config/defaults.ts';
import { warrantHome } from './home.ts';

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string, detail: string) {
    super(detail);
    this.status = status;
    this.code = code;
  }
}

export interface ClientSettings {
  url: string;
  apiKey: string | undefined;
}

/**
 * The server's configured address. Only a config file (WARRANT_CONFIG) needs the config loader, read and
 * validated whole as the server reads it; without one, the address is WARRANT_GATEWAY_HTTP_ADDR or the default,
 * which spares every client command the config schema (and zod).
 */
function configuredAddress(env: NodeJS.ProcessEnv): string {
  if (!env.WARRANT_CONFIG) return env.WARRANT_GATEWAY_HTTP_ADDR ?? DEFAULT_HTTP_ADDR;
  // Synchronous, as clientSettings is: require() loads the ES module (Node 24 has require(esm)).
  const { loadConfig } = createRequire(import.meta.url)(
    '../config/load.ts',
  ) as typeof import('../config/load.ts');
  return loadConfig({ env }).gateway.http_addr;
}

/** WARRANT_URL and WARRANT_API_KEY, defaulting to the configured address and the first admin key. */
export function clientSettings(env: NodeJS.ProcessEnv = process.env): ClientSettings {
  const url = env.WARRANT_URL ?? `http://${configuredAddress(env)}`;
  let apiKey = env.WARRANT_API_KEY;
  if (!apiKey) {
    try {
      apiKey = readFileSync(join(warrantHome(env), 'admin-key'), 'utf8').trim();
    } catch {
      apiKey = undefined;
    }
  }
  return { url: url.replace(/\/$/, ''), apiKey };
}

/** One call to the Warrant API, its body unread; problem+json answers become ApiError with their stable code. */
export async function request(
  settings: ClientSettings,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(`${settings.url}${path}`, {
      method,
      headers: {
        ...(settings.apiKey ? { authorization: `Bearer ${settings.apiKey}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    throw new ApiError(
      0,
      'unreachable',
      `cannot reach Warrant at ${settings.url}: ${(error as Error).cause ?? error}`,
    );
  }
  if (!response.ok) {
    const text = await response.text();
    let problem: { code?: string; detail?: string } = {};
    try {
      problem = JSON.parse(text);
    } catch {
      problem = { detail: text };
    }
    throw new ApiError(response.status, problem.code ?? 'http_error', problem.detail ?? response.statusText);
  }
  return response;
}

/** One JSON call to the Warrant API. */
export async function api<T>(
  settings: ClientSettings,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<T> {
  const text = await (await request(settings, method, path, body, headers)).text();
  return (text ? JSON.parse(text) : undefined) as T;
}
