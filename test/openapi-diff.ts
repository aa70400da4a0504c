/**
 * What changed between two OpenAPI documents, and which changes break a client written against the first: a
 * removed path, operation, response code, media type or response property; a retyped schema; a new required
 * request field or parameter; a narrowed request enum; a request field or parameter the server now refuses.
 */

type Schema = Record<string, unknown>;
interface Operation {
  parameters?: { in: string; name: string; required?: boolean; schema?: Schema }[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: Schema }> };
  responses?: Record<string, { content?: Record<string, { schema?: Schema }> }>;
}
export interface OpenApi {
  paths?: Record<string, Record<string, unknown>>;
  components?: { schemas?: Record<string, Schema> };
}
export interface Difference {
  breaking: boolean;
  where: string;
  what: string;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head'];

export function diffDocuments(before: OpenApi, after: OpenApi): Difference[] {
  const out: Difference[] = [];
  const note = (breaking: boolean, where: string, what: string) => out.push({ breaking, where, what });
  const paths = new Set([...Object.keys(before.paths ?? {}), ...Object.keys(after.paths ?? {})]);
  for (const path of paths) {
    const was = before.paths?.[path];
    const is = after.paths?.[path];
    if (!is) {
      note(true, path, 'path removed');
      continue;
    }
    if (!was) {
      note(false, path, 'path added');
      continue;
    }
    for (const method of METHODS) {
      const where = `${method.toUpperCase()} ${path}`;
      const old = was[method] as Operation | undefined;
      const now = is[method] as Operation | undefined;
      if (old && !now) note(true, where, 'operation removed');
      else if (!old && now) note(false, where, 'operation added');
      else if (old && now) diffOperation(where, old, now, { before, after, note });
    }
  }
  return out;
}

interface Context {
  before: OpenApi;
  after: OpenApi;
  note: (breaking: boolean, where: string, what: string) => void;
}

function diffOperation(where: string, old: Operation, now: Operation, ctx: Context): void {
  const key = (p: { in: string; name: string }) => `${p.in} ${p.name}`;
  const oldParams = new Map((old.parameters ?? []).map((p) => [key(p), p]));
  const newParams = new Map((now.parameters ?? []).map((p) => [key(p), p]));
  for (const [name, param] of newParams) {
    const was = oldParams.get(name);
    if (!was)
      ctx.note(
        param.required === true,
        where,
        `parameter ${name} added${param.required ? ', required' : ''}`,
      );
    else {
      if (param.required && !was.required) ctx.note(true, where, `parameter ${name} became required`);
      compareSchemas(`${where} parameter ${name}`, was.schema, param.schema, 'request', ctx);
    }
  }
  for (const name of oldParams.keys()) {
    if (!newParams.has(name))
      ctx.note(true, where, `parameter ${name} removed: a client sending it is refused`);
  }

  if (!old.requestBody && now.requestBody?.required) ctx.note(true, where, 'request body now required');
  for (const [media, body] of Object.entries(now.requestBody?.content ?? {})) {
    const was = old.requestBody?.content?.[media];
    if (was) compareSchemas(`${where} request ${media}`, was.schema, body.schema, 'request', ctx);
  }

  for (const [status, response] of Object.entries(old.responses ?? {})) {
    const is = now.responses?.[status];
    if (!is) {
      ctx.note(true, where, `response ${status} removed`);
      continue;
    }
    for (const [media, content] of Object.entries(response.content ?? {})) {
      const current = is.content?.[media];
      if (!current) ctx.note(true, where, `response ${status} ${media} removed`);
      else compareSchemas(`${where} response ${status}`, content.schema, current.schema, 'response', ctx);
    }
  }
  for (const status of Object.keys(now.responses ?? {})) {
    if (!old.responses?.[status]) ctx.note(false, where, `response ${status} added`);
  }
}

/** Follows local `$ref`s; a schema that refers to itself is compared once per pair. */
function resolve(schema: Schema | undefined, document: OpenApi): Schema | undefined {
  let current = schema;
  for (let hops = 0; typeof current?.$ref === 'string' && hops < 20; hops++) {
    const name = /^#\/components\/schemas\/(.+)$/.exec(current.$ref as string)?.[1];
    current = name ? document.components?.schemas?.[name] : undefined;
  }
  return current;
}

const typeOf = (schema: Schema) =>
  schema.type === undefined ? undefined : [schema.type].flat().map(String).sort().join('|');

function compareSchemas(
  where: string,
  oldRaw: Schema | undefined,
  newRaw: Schema | undefined,
  side: 'request' | 'response',
  ctx: Context,
  seen = new Set<string>(),
): void {
  const old = resolve(oldRaw, ctx.before);
  const now = resolve(newRaw, ctx.after);
  if (!old || !now) return;
  const pair = `${JSON.stringify(oldRaw)}→${JSON.stringify(newRaw)}`;
  if (seen.has(pair)) return;
  seen.add(pair);

  const [oldType, newType] = [typeOf(old), typeOf(now)];
  if (oldType !== newType && oldType !== undefined) {
    ctx.note(true, where, `retyped from ${oldType} to ${newType ?? 'any'}`);
    return;
  }
  if (Array.isArray(old.enum)) {
    const kept = new Set(Array.isArray(now.enum) ? now.enum : old.enum);
    const dropped = old.enum.filter((value) => !kept.has(value));
    if (dropped.length > 0) {
      ctx.note(side === 'request', where, `enum lost ${dropped.map((v) => JSON.stringify(v)).join(', ')}`);
    }
  }
  for (const variants of ['anyOf', 'oneOf'] as const) {
    const [was, is] = [old[variants], now[variants]];
    if (!Array.isArray(was)) continue;
    if (!Array.isArray(is) || is.length !== was.length) {
      ctx.note(
        true,
        where,
        `${variants} variants changed (${was.length} → ${Array.isArray(is) ? is.length : 0})`,
      );
    } else {
      was.forEach((variant, i) => {
        compareSchemas(`${where} ${variants}[${i}]`, variant, is[i], side, ctx, seen);
      });
    }
  }

  const oldProps = (old.properties ?? {}) as Record<string, Schema>;
  const newProps = (now.properties ?? {}) as Record<string, Schema>;
  const oldRequired = new Set((old.required ?? []) as string[]);
  const newRequired = new Set((now.required ?? []) as string[]);
  for (const [name, schema] of Object.entries(oldProps)) {
    const at = `${where}.${name}`;
    if (!(name in newProps)) {
      if (side === 'response') ctx.note(true, at, 'response property removed');
      else ctx.note(now.additionalProperties === false, at, 'request property removed');
      continue;
    }
    if (side === 'response' && oldRequired.has(name) && !newRequired.has(name)) {
      ctx.note(true, at, 'response property may now be absent');
    }
    compareSchemas(at, schema, newProps[name], side, ctx, seen);
  }
  for (const name of Object.keys(newProps)) {
    if (name in oldProps) continue;
    const required = side === 'request' && newRequired.has(name);
    ctx.note(required, `${where}.${name}`, `${side} property added${required ? ', required' : ''}`);
  }
  if (side === 'request') {
    for (const name of newRequired) {
      if (!oldRequired.has(name) && name in oldProps) ctx.note(true, `${where}.${name}`, 'became required');
    }
  }
  if (old.items && now.items) {
    compareSchemas(`${where}[]`, old.items as Schema, now.items as Schema, side, ctx, seen);
  }
}
