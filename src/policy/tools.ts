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
import {
  isBuiltinTool,
  type TenantToolSpec,
  ToolCatalog,
  type ToolDefinition,
  toolDefinition,
} from './tool-catalog.ts';

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
  /** It reaches systems beyond the one it is called on (MCP's openWorldHint): noted in each step's risk reasons. */
  open_world: z.boolean().optional(),
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

export type ToolView = ToolDefinition;

type RegistryPolicy = Pick<PolicyService, 'forTenant' | 'changed' | 'invalidate'>;

export class ToolRegistry {
  readonly #orm: Orm;
  readonly #clock: Clock;
  readonly #policy: RegistryPolicy;
  readonly #onReplaced: ((actor: Actor, tool: string) => Promise<unknown>) | undefined;

  constructor(deps: {
    orm: Orm;
    clock: Clock;
    policy: RegistryPolicy;
    /** Runs once a new version of a tool is committed and in the catalog: plans decided on the old one are re-decided. */
    onReplaced?: (actor: Actor, tool: string) => Promise<unknown>;
  }) {
    this.#orm = deps.orm;
    this.#clock = deps.clock;
    this.#policy = deps.policy;
    this.#onReplaced = deps.onReplaced;
  }

  async list(actor: Actor): Promise<ToolView[]> {
    const { catalog } = await this.#policy.forTenant(actor.tenant_id);
    return catalog.list().map(toolDefinition);
  }

  /**
   * Registers a tenant tool, or replaces the tenant's tool of that name with a new version. The same
   * definition again changes nothing (no write, no audit event, no policy change), so a client may
   * register its tools each time it starts.
   */
  async register(actor: Actor, input: TenantToolInput): Promise<{ tool: ToolView; created: boolean }> {
    if (!hasRole(actor, 'admin')) throw forbidden('registering a tool needs the admin role');
    if (isBuiltinTool(input.name))
      throw conflict(`${input.name} is a built-in tool; choose another name`, 'tool_shadows_builtin');
    const { supports_rollback, open_world, ...rest } = input;
    const spec: TenantToolSpec = {
      ...rest,
      supportsRollback: supports_rollback ?? false,
      ...(open_world ? { openWorld: true } : {}),
    };
    const tool = toolDefinition(new ToolCatalog([spec]).get(spec.name)!);
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
    // After the commit, so re-deciding reads the new catalog. Should this process stop in between, authorize
    // still refuses calls decided on the old version (tool_changed) until the plan is re-decided or revised.
    if (outcome === 'replaced') await this.#onReplaced?.(actor, spec.name);
    return { tool, created: outcome === 'created' };
  }
}
