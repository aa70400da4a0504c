/**
 * HashiCorp Vault's KV version 2 engine over its HTTP API (`X-Vault-Token`). `vault.kv_put` writes a new
 * version whose values never pass through a plan: the input names where they come from (`data_ref`), the
 * connector makes or fetches them, and the output carries version numbers and key names only. Undo writes
 * the previous version's data back as a new version, as `vault kv rollback` does.
 *
 * Vault ignores `Idempotency-Key`, so a write first records its key, the version it will create and the
 * version before it in the secret's custom metadata, then writes with check-and-set on the version before:
 * a retried call finds its record and either returns it (the write landed) or writes once more.
 */
import { randomBytes } from 'node:crypto';
import { DATA_REF } from '../policy/tool-catalog.ts';
import { type CallContext, type Connector, ConnectorError, type ToolResult } from './connector.ts';
import { unknownTool } from './errors.ts';
import { str } from './input.ts';
import { JsonApi } from './json-api.ts';

type Env = Record<string, string | undefined>;
type Output = Record<string, unknown>;
export type SecretData = Record<string, string>;

const CALL_KEY = 'warrant-call-key';
const CALL_VERSION = 'warrant-call-version';
const CALL_PREVIOUS = 'warrant-call-previous-version';

export interface VaultOptions {
  addr: string;
  token?: string;
  timeoutMs?: number;
  /** Where `env:` data references are read (default: process.env of the worker). */
  env?: Env;
}

/** What other connectors need of Vault: a version's data, read at the moment of use and never stored. */
export interface SecretSource {
  readVersion(
    mount: string,
    path: string,
    version: number | undefined,
    ctx: CallContext,
  ): Promise<{ data: SecretData; version: number }>;
}

interface Metadata {
  current_version: number;
  custom_metadata: Record<string, string> | null;
}

export class VaultConnector implements Connector, SecretSource {
  readonly name = 'vault';
  readonly tools = ['vault.kv_put'] as const;
  readonly evidence = [] as const;
  readonly #api: JsonApi;
  readonly #env: Env;

  constructor(options: VaultOptions) {
    this.#api = new JsonApi({
      system: 'vault',
      baseUrl: options.addr,
      timeoutMs: options.timeoutMs,
      headers: options.token ? { 'x-vault-token': options.token } : {},
      errorText: (body) => {
        const errors = (body as { errors?: unknown } | undefined)?.errors;
        return Array.isArray(errors) && errors.length > 0 ? errors.join('; ') : undefined;
      },
    });
    this.#env = options.env ?? process.env;
  }

  async call(tool: string, input: Output, ctx: CallContext): Promise<ToolResult> {
    if (tool !== 'vault.kv_put') throw unknownTool(this.name, tool);
    const mount = str(input, 'mount');
    const path = str(input, 'path');
    const data = this.#resolve(str(input, 'data_ref'));
    const written = await this.#writeOnce(mount, path, () => data, ctx);
    return { output: { mount, path, ...written, keys: Object.keys(data).sort() } };
  }

  async undo(tool: string, input: Output, output: Output, ctx: CallContext): Promise<ToolResult> {
    const previous = output.previous_version;
    if (tool !== 'vault.kv_put' || !Number.isInteger(previous)) {
      throw new ConnectorError('not_undoable', `${tool} made the first version; there is none to restore`);
    }
    const mount = str(input, 'mount');
    const path = str(input, 'path');
    const written = await this.#writeOnce(
      mount,
      path,
      async () => (await this.readVersion(mount, path, previous as number, ctx)).data,
      ctx,
    );
    return { output: { mount, path, version: written.version, restored_version: previous } };
  }

  async readVersion(mount: string, path: string, version: number | undefined, ctx: CallContext) {
    const body = await this.#api.request<{ data: { data: SecretData; metadata: { version: number } } }>(
      {
        path: dataPath(mount, path),
        query: { version: version === undefined ? undefined : String(version) },
      },
      ctx,
    );
    return { data: body.data.data, version: body.data.metadata.version };
  }

  async #writeOnce(
    mount: string,
    path: string,
    produce: () => SecretData | Promise<SecretData>,
    ctx: CallContext,
  ): Promise<{ version: number; previous_version: number | null }> {
    const meta = await this.#metadata(mount, path, ctx);
    const custom = meta?.custom_metadata ?? {};
    const current = meta?.current_version ?? 0;
    let cas = current;
    if (custom[CALL_KEY] === ctx.idempotencyKey) {
      const version = Number(custom[CALL_VERSION]);
      const previous = Number(custom[CALL_PREVIOUS]);
      if (current >= version) return { version, previous_version: previous || null };
      cas = previous;
    } else {
      await this.#api.request(
        {
          method: 'POST',
          path: `/v1/${mount}/metadata/${path}`,
          body: {
            custom_metadata: {
              ...custom,
              [CALL_KEY]: ctx.idempotencyKey,
              [CALL_VERSION]: String(current + 1),
              [CALL_PREVIOUS]: String(current),
            },
          },
        },
        ctx,
      );
    }
    const data = await produce();
    const written = await this.#api.request<{ data: { version: number } }>(
      { method: 'POST', path: dataPath(mount, path), body: { options: { cas }, data } },
      ctx,
    );
    return { version: written.data.version, previous_version: cas || null };
  }

  async #metadata(mount: string, path: string, ctx: CallContext): Promise<Metadata | undefined> {
    try {
      const body = await this.#api.request<{ data: Metadata }>(
        { path: `/v1/${mount}/metadata/${path}` },
        ctx,
      );
      return body.data;
    } catch (error) {
      if (error instanceof ConnectorError && error.code === 'not_found') return undefined;
      throw error;
    }
  }

  /** The new secret values (32 random bytes a key, or the env variable's JSON object), in memory only. */
  #resolve(ref: string): SecretData {
    if (!DATA_REF.test(ref))
      throw new ConnectorError('bad_input', 'input.data_ref is not generate:<keys> or env:<name>');
    const [kind, rest] = [ref.slice(0, ref.indexOf(':')), ref.slice(ref.indexOf(':') + 1)];
    if (kind === 'generate') {
      return Object.fromEntries(rest.split(',').map((key) => [key, randomBytes(32).toString('base64url')]));
    }
    const raw = this.#env[rest];
    let parsed: unknown;
    try {
      parsed = raw === undefined ? undefined : JSON.parse(raw);
    } catch {
      parsed = undefined;
    }
    // The message names the variable, never its content.
    if (!isStringMap(parsed))
      throw new ConnectorError('bad_input', `${rest} is not set to a JSON object of strings`);
    return parsed;
  }
}

const dataPath = (mount: string, path: string) => `/v1/${mount}/data/${path}`;

function isStringMap(value: unknown): value is SecretData {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.keys(value).length > 0 &&
    Object.values(value).every((v) => typeof v === 'string')
  );
}
