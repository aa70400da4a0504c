import { readFileSync } from 'node:fs';
import { isMap, LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { type Config, configSchema, secretKeys } from './schema.ts';
import { REFUSED_KEYS } from './seed-keys.ts';

export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

/** Every leaf key path of the schema, e.g. ['gateway','http_addr'], to map WARRANT_GATEWAY_HTTP_ADDR. */
function leafPaths(schema: z.ZodType, prefix: string[] = []): string[][] {
  const shape = objectShape(schema);
  if (!shape) return [prefix];
  return Object.entries(shape).flatMap(([key, child]) => leafPaths(child, [...prefix, key]));
}

function objectShape(schema: z.ZodType): Record<string, z.ZodType> | undefined {
  let current: z.ZodType = schema;
  // Unwrap default/prefault/optional wrappers to reach an object, if any.
  for (let i = 0; i < 5; i++) {
    const def = current._zod.def as {
      type: string;
      innerType?: z.ZodType;
      shape?: Record<string, z.ZodType>;
    };
    if (def.type === 'object') return def.shape;
    if (!def.innerType) return undefined;
    current = def.innerType;
  }
  return undefined;
}

const configLeafPaths = leafPaths(configSchema);

function setIn(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1]!] = value;
}

function envOverrides(env: Env): Array<[string[], unknown]> {
  const out: Array<[string[], unknown]> = [];
  for (const path of configLeafPaths) {
    const name = `WARRANT_${path.join('_').toUpperCase()}`;
    const value = env[name];
    if (value === undefined) continue;
    // Lists come as comma-separated values.
    out.push([path, path.at(-1) === 'redact_patterns' ? value.split(',').filter(Boolean) : value]);
  }
  return out;
}

/**
 * Loads warrant.yaml (if any), applies WARRANT_* overrides, validates.
 * Errors name the bad key and, for the file, its line.
 */
export function loadConfig(options: { path?: string; env?: Env } = {}): Config {
  const env = options.env ?? process.env;
  const path = options.path ?? env.WARRANT_CONFIG;
  let raw: Record<string, unknown> = {};
  let locate: (keyPath: readonly PropertyKey[]) => string = () => '';
  if (path) {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      throw new ConfigError(`cannot read config file ${path}: ${(error as Error).message}`);
    }
    const lineCounter = new LineCounter();
    const doc = parseDocument(text, { lineCounter, prettyErrors: true });
    if (doc.errors.length > 0) {
      const first = doc.errors[0]!;
      const pos = first.linePos?.[0];
      throw new ConfigError(
        `${path}${pos ? `:${pos.line}:${pos.col}` : ''}: ${first.message.split('\n')[0]}`,
      );
    }
    const parsed: unknown = doc.toJS() ?? {};
    if (typeof parsed !== 'object' || Array.isArray(parsed) || parsed === null) {
      throw new ConfigError(`${path}: the config must be a mapping of sections`);
    }
    raw = parsed as Record<string, unknown>;
    locate = (keyPath) => {
      for (let depth = keyPath.length; depth > 0; depth--) {
        const node = doc.getIn(keyPath.slice(0, depth) as unknown[], true) as
          | { range?: [number] }
          | undefined;
        const pairKey = findKey(doc.contents, keyPath.slice(0, depth));
        const offset = pairKey?.range?.[0] ?? node?.range?.[0];
        if (offset !== undefined) return `:${lineCounter.linePos(offset).line}`;
      }
      return '';
    };
    for (const { path: key, instead } of REFUSED_KEYS) {
      if (doc.hasIn(key as string[]))
        throw new ConfigError(`${path}${locate(key)}: ${key.join('.')} is not used by Warrant: ${instead}`);
    }
    for (const secret of secretKeys) {
      if (doc.hasIn(secret as string[])) {
        throw new ConfigError(
          `${path}${locate(secret)}: ${secret.join('.')} is a secret and is read from the environment only; set WARRANT_${secret.join('_').toUpperCase()}`,
        );
      }
    }
  }
  for (const { path: key, instead } of REFUSED_KEYS) {
    const name = `WARRANT_${key.join('_').toUpperCase()}`;
    if (env[name] !== undefined)
      throw new ConfigError(`environment: ${name} is not used by Warrant: ${instead}`);
  }
  for (const [keyPath, value] of envOverrides(env)) setIn(raw, keyPath, value);
  const result = configSchema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const key = issue.path.join('.') || '(root)';
    const where = path ? `${path}${locate(issue.path)}` : 'environment';
    const unknownKeys = issue.code === 'unrecognized_keys' ? ` (${issue.keys.join(', ')})` : '';
    throw new ConfigError(`${where}: ${key}: ${issue.message}${unknownKeys}`);
  }
  return result.data;
}

function findKey(contents: unknown, keyPath: readonly PropertyKey[]): { range?: [number] } | undefined {
  let node = contents;
  let keyNode: { range?: [number] } | undefined;
  for (const key of keyPath) {
    if (!isMap(node)) return keyNode;
    const pair = node.items.find((item) => (item.key as { value?: unknown })?.value === key);
    if (!pair) return keyNode;
    keyNode = pair.key as { range?: [number] };
    node = pair.value;
  }
  return keyNode;
}
