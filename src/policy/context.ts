/**
 * The context graph per tenant (services, nodes and edges), and what the engine makes of a set
 * of steps against it: blast radius, risk and the decision. Writes are audited and drop the tenant's cached
 * policy inputs, so the next assessment sees them.
 */
import { z } from 'zod';
import type { AuditAction } from '../audit/actions.ts';
import { appendAudit } from '../audit/append.ts';
import type { Clock } from '../core/clock.ts';
import { forbidden, invalid, notFound } from '../core/problem.ts';
import { type Actor, hasRole } from '../core/roles.ts';
import type { Executor, Orm } from '../db/connect.ts';
import { assessSteps, withEnvironments } from './assess.ts';
import type { ContextNode, Service } from './context-graph.ts';
import type { PolicyService } from './service.ts';
import {
  type ContextKind,
  contextEdgesOf,
  deleteContextEntry,
  upsertContextEdge,
  upsertContextNode,
  upsertService,
} from './store.ts';

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

export const contextId = z.string().regex(/^[A-Za-z0-9._:/-]{1,200}$/, 'letters, digits and . _ : / -');

export interface GraphView {
  services: (Service & Record<string, unknown>)[];
  nodes: ContextNode[];
  edges: Awaited<ReturnType<typeof contextEdgesOf>>;
}

// The audit actions of each kind's changes.
const ACTIONS: Record<ContextKind, { upserted: AuditAction; deleted: AuditAction }> = {
  service: { upserted: 'context.service.upserted', deleted: 'context.service.deleted' },
  node: { upserted: 'context.node.upserted', deleted: 'context.node.deleted' },
  edge: { upserted: 'context.edge.upserted', deleted: 'context.edge.deleted' },
};

type ContextPolicy = Pick<PolicyService, 'forTenant' | 'changed' | 'invalidate'>;

export class ContextStore {
  readonly #orm: Orm;
  readonly #clock: Clock;
  readonly #policy: ContextPolicy;

  constructor(deps: { orm: Orm; clock: Clock; policy: ContextPolicy }) {
    this.#orm = deps.orm;
    this.#clock = deps.clock;
    this.#policy = deps.policy;
  }

  upsertService(actor: Actor, id: string, body: z.infer<typeof serviceSchema>) {
    return this.#upsert(actor, 'service', id, body, (tx, updated_at) =>
      upsertService(tx, {
        tenant_id: actor.tenant_id,
        service_id: id,
        body: { service_id: id, ...body },
        updated_at,
      }),
    );
  }

  upsertNode(actor: Actor, id: string, body: z.infer<typeof nodeSchema>) {
    return this.#upsert(actor, 'node', id, body, (tx, updated_at) =>
      upsertContextNode(tx, {
        tenant_id: actor.tenant_id,
        node_id: id,
        kind: body.kind,
        name: body.name,
        labels: body.labels,
        owner_team: body.owner_team ?? null,
        updated_at,
      }),
    );
  }

  upsertEdge(actor: Actor, id: string, body: z.infer<typeof edgeSchema>) {
    return this.#upsert(actor, 'edge', id, body, (tx, updated_at) =>
      upsertContextEdge(tx, { tenant_id: actor.tenant_id, edge_id: id, ...body, updated_at }),
    );
  }

  async remove(actor: Actor, kind: ContextKind, id: string): Promise<void> {
    await this.#write(actor, ACTIONS[kind].deleted, { [`${kind}_id`]: id }, async (tx) => {
      if (!(await deleteContextEntry(tx, actor.tenant_id, kind, id))) throw notFound(`${kind} ${id}`);
    });
  }

  async graph(actor: Actor): Promise<GraphView> {
    const { graph } = await this.#policy.forTenant(actor.tenant_id);
    const edges = await contextEdgesOf(this.#orm, actor.tenant_id);
    return { services: graph.graph.services as GraphView['services'], nodes: graph.graph.nodes, edges };
  }

  /** What submitting these steps would be assessed as, and decided, right now: nothing is stored. */
  async blastRadius(actor: Actor, request: z.infer<typeof blastRadiusSchema>) {
    const tenant = await this.#policy.forTenant(actor.tenant_id);
    const steps = request.steps.map((step, i) => ({ ...step, step_id: step.step_id ?? `step-${i + 1}` }));
    const assessed = assessSteps(request.context, steps, tenant.catalog, tenant.graph, tenant.unmapped);
    if (!assessed.ok) {
      const first = assessed.issues[0]!;
      throw invalid(`${first.step_id}.${first.path}: ${first.message}`, 'invalid_step_input', {
        issues: assessed.issues,
      });
    }
    const decided = await tenant.decider.decidePlan({
      policy_version: tenant.version,
      actor,
      plan_id: 'blast-radius',
      steps: assessed.steps.map((s) => s.facts),
    });
    const decision = withEnvironments(decided, assessed.steps);
    return { blast_radius: assessed.risk.blast_radius, risk: assessed.risk, steps: assessed.steps, decision };
  }

  async #upsert(
    actor: Actor,
    kind: ContextKind,
    id: string,
    body: object,
    upsert: (tx: Executor, at: Date) => Promise<boolean>,
  ): Promise<{ created: boolean }> {
    return this.#write(actor, ACTIONS[kind].upserted, { [`${kind}_id`]: id, ...body }, async (tx) => ({
      created: await upsert(tx, this.#clock.now()),
    }));
  }

  /** One audited change to the graph: the write, its event and the cache notice commit together. */
  async #write<T>(
    actor: Actor,
    action: AuditAction,
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
