/**
 * The tool catalog as the API shows it, and tenant tool registration. A tenant tool is a name, an effect
 * and a flat JSON-schema input (see tool-catalog.ts); it may not take a built-in's name.
 */
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { appendAudit } from '../audit/append.ts';
import type { Clock } from '../core/clock.ts';
import { conflict, forbidden } from '../core/problem.ts';
import { type Orm, rowsOf } from '../db/connect.ts';
import { BUILTIN_TOOLS, type TenantToolSpec, type Tool } from '../plans/tool-catalog.ts';
import { type Actor, hasRole } from '../tenancy/roles.ts';
import type { PolicyService } from './service.ts';

const propertyName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, 'a letter or _, then letters, digits, _');

export const tenantToolSchema = z.strictObject({
  name: z
    .string()
    .max(128)
    .regex(/^[a-z][a-z0-9_-]*(\.[a-z][a-z0-9_-]*)+$/, 'a namespaced name such as acme.restart_cache'),
  description: z.string().min(1).max(500),
  effect: z.enum(['read', 'write', 'destructive']),
  supports_rollback: z.boolean().optional(),
  input_schema: z
    .strictObject({
      type: z.literal('object'),
      properties: z
        .record(
          propertyName,
          z.strictObject({
            type: z.enum(['string', 'integer', 'number', 'boolean']),
            description: z.string().max(500).optional(),
          }),
        )
        .refine((p) => Object.keys(p).length <= 64, 'at most 64 properties'),
      required: z.array(propertyName).optional(),
    })
    .refine((s) => (s.required ?? []).every((key) => key in s.properties), {
      message: 'every required property must be one of the properties',
      path: ['required'],
    }),
});
export type TenantToolInput = z.infer<typeof tenantToolSchema>;

export interface ToolView {
  name: string;
  description: string;
  effect: Tool['effect'];
  supports_rollback: boolean;
  builtin: boolean;
  input_schema: Record<string, unknown>;
}

const BUILTIN_NAMES = new Set(BUILTIN_TOOLS.map((tool) => tool.name));
// A tool's JSON schema never changes once the tool object exists.
const schemas = new WeakMap<Tool, Record<string, unknown>>();

function inputSchemaOf(tool: Tool): Record<string, unknown> {
  let schema = schemas.get(tool);
  if (!schema) {
    // `input`: what callers send (before transforms such as http.request's method upper-casing).
    schema = z.toJSONSchema(tool.inputSchema, { io: 'input', unrepresentable: 'any' }) as Record<
      string,
      unknown
    >;
    schemas.set(tool, schema);
  }
  return schema;
}

export class ToolRegistry {
  readonly #orm: Orm;
  readonly #clock: Clock;
  readonly #policy: PolicyService;

  constructor(orm: Orm, clock: Clock, policy: PolicyService) {
    this.#orm = orm;
    this.#clock = clock;
    this.#policy = policy;
  }

  async list(actor: Actor): Promise<ToolView[]> {
    const { catalog } = await this.#policy.forTenant(actor.tenant_id);
    return catalog.list().map((tool) => ({
      name: tool.name,
      description: tool.description,
      effect: tool.effect,
      supports_rollback: tool.supportsRollback,
      builtin: BUILTIN_NAMES.has(tool.name),
      input_schema: inputSchemaOf(tool),
    }));
  }

  /** Registers a tenant tool, or replaces the tenant's tool of that name. */
  async register(actor: Actor, input: TenantToolInput): Promise<{ tool: ToolView; created: boolean }> {
    if (!hasRole(actor, 'admin')) throw forbidden('registering a tool needs the admin role');
    if (BUILTIN_NAMES.has(input.name))
      throw conflict(`${input.name} is a built-in tool; choose another name`, 'tool_shadows_builtin');
    const { supports_rollback, ...rest } = input;
    const spec: TenantToolSpec = { ...rest, supportsRollback: supports_rollback ?? false };
    const created = await this.#orm.transaction(async (tx) => {
      const [row] = rowsOf<{ created: boolean }>(
        await tx.execute(sql`
          INSERT INTO tenant_tools (tenant_id, name, definition, created_at)
          VALUES (${actor.tenant_id}, ${spec.name}, ${JSON.stringify(spec)}::jsonb, ${this.#clock.now().toISOString()})
          ON CONFLICT (tenant_id, name) DO UPDATE SET definition = EXCLUDED.definition
          RETURNING (xmax = 0) AS created`),
      );
      await appendAudit(tx, {
        tenant_id: actor.tenant_id,
        actor,
        action: 'tool.registered',
        occurred_at: this.#clock.now(),
        context: { tool: spec.name, effect: spec.effect, replaced: !row!.created },
      });
      await this.#policy.changed(tx, actor.tenant_id);
      return row!.created;
    });
    this.#policy.invalidate(actor.tenant_id);
    const tool = (await this.list(actor)).find((t) => t.name === spec.name)!;
    return { tool, created };
  }
}
