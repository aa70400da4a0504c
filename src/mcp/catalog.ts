/**
 * An upstream MCP server's tools as tools of Warrant's catalog, in a namespace: `read_text_file` of the
 * server the gateway runs with `--namespace fs` is the catalog tool `fs.read_text_file`, the same name
 * `warrant hook` gives Claude Code's `mcp__fs__read_text_file`.
 *
 * A tenant tool's input is a flat object of scalars (see policy/tool-catalog.ts). An upstream argument of
 * any other type (an array, an object, a union) is declared as a string and carried as its canonical JSON
 * (RFC 8785), in plans and authorize calls alike, so the same call always hashes the same and an approver
 * reads exactly what the upstream will get.
 *
 * Resources and prompts are authorized as reads: `resources/read` as `<namespace>.resources.read` with the
 * input `{ uri }`, `prompts/get` as `<namespace>.prompts.get` with `{ name, arguments }` (the arguments as
 * canonical JSON). Upstream tool names cannot collide with them: a tool name's dots become underscores.
 */
import type { Tool as McpTool } from '@modelcontextprotocol/sdk/types.js';
import canonicalize from 'canonicalize';
import type { TenantToolInput } from '../policy/tools.ts';

type Scalar = 'string' | 'integer' | 'number' | 'boolean';
const SCALARS = new Set<string>(['string', 'integer', 'number', 'boolean']);
const PROPERTY = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const MAX_PROPERTIES = 64;

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** A name part as catalog names allow it: lower case letters, digits, _ and -, starting with a letter. */
const namePart = (text: string) => {
  const cleaned = text.toLowerCase().replace(/[^a-z0-9_-]/g, '_');
  return /^[a-z]/.test(cleaned) ? cleaned : `x${cleaned}`;
};

export const catalogName = (namespace: string, upstreamName: string) =>
  `${namePart(namespace)}.${namePart(upstreamName)}`;

export const resourceReadTool = (namespace: string) => `${namePart(namespace)}.resources.read`;
export const promptGetTool = (namespace: string) => `${namePart(namespace)}.prompts.get`;

type Properties = Record<string, { type?: unknown; description?: unknown }>;
const propertiesOf = (tool: Pick<McpTool, 'inputSchema'>) =>
  (tool.inputSchema.properties ?? {}) as Properties;

const scalarOf = (property: { type?: unknown } | undefined): Scalar | undefined =>
  typeof property?.type === 'string' && SCALARS.has(property.type) ? (property.type as Scalar) : undefined;

const json = (value: unknown) => canonicalize(value) ?? 'null';

/**
 * The effect from the tool's annotations: readOnlyHint reads, destructiveHint destroys, anything else
 * writes. (MCP's own default for a tool without hints is destructive; a tenant that wants that strictness
 * overrides the effect in policy, which decides on the effect and risk anyway.)
 */
export function effectOf(tool: Pick<McpTool, 'annotations'>): 'read' | 'write' | 'destructive' {
  if (tool.annotations?.readOnlyHint === true) return 'read';
  if (tool.annotations?.destructiveHint === true) return 'destructive';
  return 'write';
}

/** The catalog entry for an upstream tool, or why it cannot have one. */
export function catalogEntry(
  namespace: string,
  tool: McpTool,
): { ok: true; entry: TenantToolInput } | { ok: false; why: string } {
  const properties = Object.entries(propertiesOf(tool));
  const bad = properties.find(([key]) => !PROPERTY.test(key));
  if (bad)
    return { ok: false, why: `its argument name ${JSON.stringify(bad[0])} is not one a catalog takes` };
  if (properties.length > MAX_PROPERTIES)
    return { ok: false, why: `it takes ${properties.length} arguments (at most ${MAX_PROPERTIES})` };
  const about = tool.description?.trim() || `The upstream MCP tool ${tool.name}.`;
  const required = new Set(tool.inputSchema.required ?? []);
  return {
    ok: true,
    entry: {
      name: catalogName(namespace, tool.name),
      description: clip(about, 500),
      effect: effectOf(tool),
      ...(tool.annotations?.openWorldHint === true ? { open_world: true } : {}),
      input_schema: {
        type: 'object',
        properties: Object.fromEntries(
          properties.map(([key, property]) => {
            const scalar = scalarOf(property);
            const text = typeof property.description === 'string' ? property.description : '';
            const description = scalar ? text : `${text}${text ? ' ' : ''}(canonical JSON)`.trim();
            return [
              key,
              { type: scalar ?? 'string', ...(description ? { description: clip(description, 500) } : {}) },
            ];
          }),
        ),
        required: properties.map(([key]) => key).filter((key) => required.has(key)),
      },
    },
  };
}

/** The catalog entries for reading the upstream's resources and getting its prompts. */
export function readEntries(
  namespace: string,
  has: { resources: boolean; prompts: boolean },
): TenantToolInput[] {
  return [
    ...(has.resources
      ? [
          {
            name: resourceReadTool(namespace),
            description: `Read a resource of the upstream MCP server in namespace ${namespace}.`,
            effect: 'read' as const,
            input_schema: {
              type: 'object' as const,
              properties: { uri: { type: 'string' as const } },
              required: ['uri'],
            },
          },
        ]
      : []),
    ...(has.prompts
      ? [
          {
            name: promptGetTool(namespace),
            description: `Get a prompt of the upstream MCP server in namespace ${namespace}.`,
            effect: 'read' as const,
            input_schema: {
              type: 'object' as const,
              properties: {
                name: { type: 'string' as const },
                arguments: { type: 'string' as const, description: 'the arguments (canonical JSON)' },
              },
              required: ['name'],
            },
          },
        ]
      : []),
  ];
}

/** A call's arguments as the catalog tool takes them: arguments of a non-scalar type as canonical JSON. */
export function catalogInput(
  tool: Pick<McpTool, 'inputSchema'> | undefined,
  args: Record<string, unknown>,
): Record<string, unknown> {
  const properties = tool ? propertiesOf(tool) : {};
  return Object.fromEntries(
    Object.entries(args).map(([key, value]) =>
      key in properties && !scalarOf(properties[key]) ? [key, json(value)] : [key, value],
    ),
  );
}

/** A prompts/get request's input for authorize. */
export function promptInput(name: string, args: Record<string, string> | undefined): Record<string, unknown> {
  return { name, ...(args && Object.keys(args).length > 0 ? { arguments: json(args) } : {}) };
}
