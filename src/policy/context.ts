/**
 * The context graph per tenant (seed 001's services, nodes and edges), and what the engine makes of a set
 * of steps against it: blast radius, risk and the decision. Writes are audited and drop the tenant's cached
 * policy inputs, so the next assessment sees them.
 */
import { type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import { appendAudit } from '../audit/append.ts';
import type { Clock } from '../core/clock.ts';
import { forbidden, invalid, notFound } from '../core/problem.ts';
import { type Executor, type Orm, rowsOf } from '../db/connect.ts';
import { type Actor, hasRole } from '../tenancy/roles.ts';
import { assessSteps } from './assess.ts';
import type { ContextNode, Service } from './context-graph.ts';
import type { PolicyService } from './service.ts';

const names = z.array(z.string().min(1).max(500)).max(200).default([]);
export const serviceSchema = z.strictObject({
  name: z.string().min(1).max(200),
  owner_team: z.string().min(1).max(200),
  environments: names,
  argo_apps: names,
  helm_releases: names,
  promql_queries: names,
  traceql_queries: names,
  grafana_dashboards: names,
});
export const nodeSchema = z.strictObject({
  kind: z.string().min(1).max(100),
  name: z.string().min(1).max(300),
  labels: z.record(z.string().max(100), z.string().max(300)).default({}),
  owner_team: z.string().min(1).max(200).optional(),
});
export const edgeSchema = z.strictObject({
  from_node_id: z.string().min(1).max(200),
  to_node_id: z.string().min(1).max(200),
  relation: z.string().min(1).max(100),
});
export const blastRadiusSchema = z.strictObject({
  context: z.strictObject({
    environment: z.enum(['dev', 'stage', 'prod']),
    cluster_id: z.string().optional(),
    namespace: z.string().optional(),
    aws_account_id: z.string().optional(),
    region: z.string().optional(),
  }),
  steps: z
    .array(
      z.strictObject({
        step_id: z.string().min(1).max(100).optional(),
        tool: z.string().min(1),
        input: z.unknown(),
      }),
    )
    .min(1)
    .max(100),
});

export type ContextKind = 'service' | 'node' | 'edge';
export const contextId = z.string().regex(/^[A-Za-z0-9._:/-]{1,200}$/, 'letters, digits and . _ : / -');

export interface GraphView {
  services: (Service & Record<string, unknown>)[];
  nodes: ContextNode[];
  edges: { edge_id: string; from_node_id: string; to_node_id: string; relation: string }[];
}

// Per kind: its table and key column (identifiers, never input).
const KINDS: Record<ContextKind, { table: SQL; key: SQL }> = {
  service: { table: sql`services`, key: sql`service_id` },
  node: { table: sql`context_nodes`, key: sql`node_id` },
  edge: { table: sql`context_edges`, key: sql`edge_id` },
};

export class ContextStore {
  readonly #orm: Orm;
  readonly #clock: Clock;
  readonly #policy: PolicyService;

  constructor(orm: Orm, clock: Clock, policy: PolicyService) {
    this.#orm = orm;
    this.#clock = clock;
    this.#policy = policy;
  }

  upsertService(actor: Actor, id: string, body: z.infer<typeof serviceSchema>) {
    return this.#upsert(
      actor,
      'service',
      id,
      body,
      (at) => sql`
      INSERT INTO services (tenant_id, service_id, body, updated_at)
      VALUES (${actor.tenant_id}, ${id}, ${JSON.stringify({ service_id: id, ...body })}::jsonb, ${at})
      ON CONFLICT (tenant_id, service_id) DO UPDATE SET body = EXCLUDED.body, updated_at = EXCLUDED.updated_at
      RETURNING (xmax = 0) AS created`,
    );
  }

  upsertNode(actor: Actor, id: string, body: z.infer<typeof nodeSchema>) {
    return this.#upsert(
      actor,
      'node',
      id,
      body,
      (at) => sql`
      INSERT INTO context_nodes (tenant_id, node_id, kind, name, labels, owner_team, updated_at)
      VALUES (${actor.tenant_id}, ${id}, ${body.kind}, ${body.name}, ${JSON.stringify(body.labels)}::jsonb,
              ${body.owner_team ?? null}, ${at})
      ON CONFLICT (tenant_id, node_id) DO UPDATE SET kind = EXCLUDED.kind, name = EXCLUDED.name,
        labels = EXCLUDED.labels, owner_team = EXCLUDED.owner_team, updated_at = EXCLUDED.updated_at
      RETURNING (xmax = 0) AS created`,
    );
  }

  upsertEdge(actor: Actor, id: string, body: z.infer<typeof edgeSchema>) {
    return this.#upsert(
      actor,
      'edge',
      id,
      body,
      (at) => sql`
      INSERT INTO context_edges (tenant_id, edge_id, from_node_id, to_node_id, relation, updated_at)
      VALUES (${actor.tenant_id}, ${id}, ${body.from_node_id}, ${body.to_node_id}, ${body.relation}, ${at})
      ON CONFLICT (tenant_id, edge_id) DO UPDATE SET from_node_id = EXCLUDED.from_node_id,
        to_node_id = EXCLUDED.to_node_id, relation = EXCLUDED.relation, updated_at = EXCLUDED.updated_at
      RETURNING (xmax = 0) AS created`,
    );
  }

  async remove(actor: Actor, kind: ContextKind, id: string): Promise<void> {
    const { table, key } = KINDS[kind];
    await this.#write(actor, `context.${kind}.deleted`, { [`${kind}_id`]: id }, async (tx) => {
      const gone = rowsOf(
        await tx.execute(
          sql`DELETE FROM ${table} WHERE tenant_id = ${actor.tenant_id} AND ${key} = ${id} RETURNING 1`,
        ),
      );
      if (gone.length === 0) throw notFound(`${kind} ${id}`);
    });
  }

  async graph(actor: Actor): Promise<GraphView> {
    const { graph } = await this.#policy.forTenant(actor.tenant_id);
    const edges = rowsOf<GraphView['edges'][number]>(
      await this.#orm.execute(sql`
        SELECT edge_id, from_node_id, to_node_id, relation FROM context_edges
        WHERE tenant_id = ${actor.tenant_id} ORDER BY edge_id`),
    );
    return { services: graph.graph.services as GraphView['services'], nodes: graph.graph.nodes, edges };
  }

  /** What submitting these steps would be assessed as, and decided, right now: nothing is stored. */
  async blastRadius(actor: Actor, request: z.infer<typeof blastRadiusSchema>) {
    const tenant = await this.#policy.forTenant(actor.tenant_id);
    const steps = request.steps.map((step, i) => ({ ...step, step_id: step.step_id ?? `step-${i + 1}` }));
    const assessed = assessSteps(request.context, steps, tenant.catalog, tenant.graph);
    if (!assessed.ok) {
      const first = assessed.issues[0]!;
      throw invalid(`${first.step_id}.${first.path}: ${first.message}`, 'invalid_step_input', {
        issues: assessed.issues,
      });
    }
    const decision = await tenant.decider.decidePlan({
      policy_version: tenant.version,
      actor,
      plan_id: 'blast-radius',
      steps: assessed.steps.map((s) => s.facts),
    });
    return { blast_radius: assessed.risk.blast_radius, risk: assessed.risk, steps: assessed.steps, decision };
  }

  async #upsert(
    actor: Actor,
    kind: ContextKind,
    id: string,
    body: object,
    statement: (at: string) => SQL,
  ): Promise<{ created: boolean }> {
    const action = `context.${kind}.upserted`;
    return this.#write(actor, action, { [`${kind}_id`]: id, ...body }, async (tx) => {
      const [row] = rowsOf<{ created: boolean }>(
        await tx.execute(statement(this.#clock.now().toISOString())),
      );
      return { created: row!.created };
    });
  }

  /** One audited change to the graph: the write, its event and the cache notice commit together. */
  async #write<T>(
    actor: Actor,
    action: string,
    context: Record<string, unknown>,
    change: (tx: Executor) => Promise<T>,
  ): Promise<T> {
    if (!hasRole(actor, 'admin', 'operator'))
      throw forbidden('changing the context graph needs the admin or operator role');
    const result = await this.#orm.transaction(async (tx) => {
      const value = await change(tx);
      await appendAudit(tx, {
        tenant_id: actor.tenant_id,
        actor,
        action,
        occurred_at: this.#clock.now(),
        context,
      });
      await this.#policy.changed(tx, actor.tenant_id);
      return value;
    });
    this.#policy.invalidate(actor.tenant_id);
    return result;
  }
}
