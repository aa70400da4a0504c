/**
 * The tool catalog as the API shows it, and tenant tool registration. A tenant tool is a name, an effect
 * and a flat JSON-schema input (see tool-catalog.ts); it may not take a built-in's name.
 */
import { z } from 'zod';
import { appendAudit } from '../audit/append.ts';
import type { Clock } from '../core/clock.ts';
import { canonicalHash } from '../core/hash.ts';
import { conflict, forbidden } from '../core/problem.ts';
import { type Actor, hasRole } from '../core/roles.ts';
import type { Orm } from '../db/connect.ts';
import type { PolicyService } from './service.ts';
import { tenantToolSpec, upsertTenantTool } from './store.ts';
import { BUILTIN_TOOLS, type TenantToolSpec, type Tool, ToolCatalog } from './tool-catalog.ts';

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
  /**
   * The hash of everything above: a tool whose definition changes (its effect, its input schema) gets a new
   * version, so a client that registers tools (the MCP gateway) can tell whether the catalog is current.
   */
  version: string;
}

const BUILTIN_NAMES = new Set(BUILTIN_TOOLS.map((tool) => tool.name));
// A tool's view never changes once the tool object exists (a catalog is rebuilt when its tools change).
const views = new WeakMap<Tool, ToolView>();

function viewOf(tool: Tool): ToolView {
  let view = views.get(tool);
  if (!view) {
    const definition = {
      name: tool.name,
      description: tool.description,
      effect: tool.effect,
      supports_rollback: tool.supportsRollback,
      builtin: BUILTIN_NAMES.has(tool.name),
      // `input`: what callers send (before transforms such as http.request's method upper-casing).
      input_schema: z.toJSONSchema(tool.inputSchema, { io: 'input', unrepresentable: 'any' }) as Record<
        string,
        unknown
      >,
    };
    view = { ...definition, version: canonicalHash(definition) };
    views.set(tool, view);
  }
  return view;
}

type RegistryPolicy = Pick<PolicyService, 'forTenant' | 'changed' | 'invalidate'>;

export class ToolRegistry {
  readonly #orm: Orm;
  readonly #clock: Clock;
  readonly #policy: RegistryPolicy;

  constructor(deps: { orm: Orm; clock: Clock; policy: RegistryPolicy }) {
    this.#orm = deps.orm;
    this.#clock = deps.clock;
    this.#policy = deps.policy;
  }

  async list(actor: Actor): Promise<ToolView[]> {
    const { catalog } = await this.#policy.forTenant(actor.tenant_id);
    return catalog.list().map(viewOf);
  }

  /**
   * Registers a tenant tool, or replaces the tenant's tool of that name with a new version. The same
   * definition again changes nothing (no write, no audit event, no policy change), so a client may
   * register its tools each time it starts.
   */
  async register(actor: Actor, input: TenantToolInput): Promise<{ tool: ToolView; created: boolean }> {
    if (!hasRole(actor, 'admin')) throw forbidden('registering a tool needs the admin role');
    if (BUILTIN_NAMES.has(input.name))
      throw conflict(`${input.name} is a built-in tool; choose another name`, 'tool_shadows_builtin');
    const { supports_rollback, ...rest } = input;
    const spec: TenantToolSpec = { ...rest, supportsRollback: supports_rollback ?? false };
    const tool = viewOf(new ToolCatalog([spec]).get(spec.name)!);
    const outcome = await this.#orm.transaction(async (tx) => {
      const stored = await tenantToolSpec(tx, actor.tenant_id, spec.name);
      if (stored && canonicalHash(stored) === canonicalHash(spec)) return 'unchanged';
      const created = await upsertTenantTool(tx, {
        tenant_id: actor.tenant_id,
        name: spec.name,
        definition: spec,
        created_at: this.#clock.now(),
      });
      await appendAudit(tx, {
        tenant_id: actor.tenant_id,
        actor,
        action: 'tool.registered',
        occurred_at: this.#clock.now(),
        context: { tool: spec.name, effect: spec.effect, version: tool.version, replaced: !created },
      });
      await this.#policy.changed(tx, actor.tenant_id);
      return created ? 'created' : 'replaced';
    });
    if (outcome !== 'unchanged') this.#policy.invalidate(actor.tenant_id);
    return { tool, created: outcome === 'created' };
  }
}
