/**
 * A fake Vault KV version 2 engine: write (`POST /v1/<mount>/data/<path>`, with check-and-set), read a version
 * (`GET …/data/<path>?version=N`, latest by default), read and write metadata (`…/metadata/<path>`, with
 * custom_metadata). Every request needs `X-Vault-Token`. Secrets are kept in `state.secrets` by `mount/path`.
 */
import { type FakeRequest, type FakeResponse, type FakeServer, header, startFake } from './server.ts';

export interface FakeVaultSecret {
  /** Version n is `versions[n - 1]`. */
  versions: Record<string, string>[];
  custom_metadata: Record<string, string>;
}

export interface FakeVaultState {
  secrets: Map<string, FakeVaultSecret>;
  put(mountPath: string, data: Record<string, string>): number;
}

const errors = (status: number, ...messages: string[]): FakeResponse => ({
  status,
  body: { errors: messages },
});

export async function startFakeVault(options: { token: string }): Promise<FakeServer<FakeVaultState>> {
  const state: FakeVaultState = {
    secrets: new Map(),
    put(mountPath, data) {
      const secret = state.secrets.get(mountPath) ?? { versions: [], custom_metadata: {} };
      state.secrets.set(mountPath, secret);
      secret.versions.push({ ...data });
      return secret.versions.length;
    },
  };
  const guard = (req: FakeRequest) =>
    header(req.headers, 'x-vault-token') === options.token ? undefined : errors(403, 'permission denied');
  const key = ([mount, path]: string[]) => `${mount}/${path}`;
  const metadataOf = (secret: FakeVaultSecret) => ({
    current_version: secret.versions.length,
    oldest_version: secret.versions.length > 0 ? 1 : 0,
    custom_metadata: secret.custom_metadata,
    versions: Object.fromEntries(
      secret.versions.map((_, i) => [
        String(i + 1),
        { created_time: '2026-01-01T00:00:00Z', destroyed: false },
      ]),
    ),
  });
  return startFake(state, [
    {
      method: 'POST',
      path: /^\/v1\/([^/]+)\/data\/(.+)$/,
      mutating: true,
      handle: (req, params) => {
        const denied = guard(req);
        if (denied) return denied;
        const body = (req.body ?? {}) as { data?: Record<string, string>; options?: { cas?: number } };
        const current = state.secrets.get(key(params))?.versions.length ?? 0;
        if (body.options?.cas !== undefined && body.options.cas !== current) {
          return errors(400, 'check-and-set parameter did not match the current version');
        }
        if (!body.data) return errors(400, 'no data provided');
        const version = state.put(key(params), body.data);
        return { status: 200, body: { data: { version, created_time: new Date().toISOString() } } };
      },
    },
    {
      method: 'GET',
      path: /^\/v1\/([^/]+)\/data\/(.+)$/,
      handle: (req, params) => {
        const denied = guard(req);
        if (denied) return denied;
        const secret = state.secrets.get(key(params));
        const version = Number(req.query.get('version') ?? secret?.versions.length ?? 0);
        const data = secret?.versions[version - 1];
        if (!data) return errors(404);
        return { status: 200, body: { data: { data, metadata: { version } } } };
      },
    },
    {
      method: 'GET',
      path: /^\/v1\/([^/]+)\/metadata\/(.+)$/,
      handle: (req, params) => {
        const denied = guard(req);
        if (denied) return denied;
        const secret = state.secrets.get(key(params));
        return secret ? { status: 200, body: { data: metadataOf(secret) } } : errors(404);
      },
    },
    {
      method: 'POST',
      path: /^\/v1\/([^/]+)\/metadata\/(.+)$/,
      handle: (req, params) => {
        const denied = guard(req);
        if (denied) return denied;
        const secret = state.secrets.get(key(params)) ?? { versions: [], custom_metadata: {} };
        state.secrets.set(key(params), secret);
        const custom = (req.body as { custom_metadata?: Record<string, string> } | undefined)
          ?.custom_metadata;
        if (custom) secret.custom_metadata = { ...custom };
        return { status: 204 };
      },
    },
  ]);
}
