/**
 * The context graph per tenant (services, nodes and edges), and what the engine makes of a set
 * of steps against it: blast radius, risk and the decision. Writes are audited and drop the tenant's cached
 * policy inputs, so the next assessment sees them.
 */
import { z } from 'zod';
import type { AuditAction } from '../audit/actions.ts';
import { appendAudit } from '../audit/append.ts';
import type { Clock } from '../core/clock.ts';
import { newId } from '../core/ids.ts';
import { forbidden, invalid, notFound, Problem } from '../core/problem.ts';
import { type Actor, hasRole } from '../core/roles.ts';
import type { Executor, Orm } from '../db/connect.ts';
import { assessSteps, withEnvironments } from './assess.ts';
import type { ContextNode, Service } from './context-graph.ts';
import { type ContextSource, graphHash, planRefresh } from './context-sources.ts';
import type { PolicyService } from './service.ts';
import {
  type ContextKind,
  contextEdgesOf,
  contextNodesOf,
  contextSnapshotsOf,
  deleteContextEntries,
  deleteContextEntry,
  insertContextSnapshot,
  serviceBodies,
  upsertContextEdge,
  upsertContextNode,
  upsertService,
} from './store.ts';

/** Per source refreshed: what the refresh added or changed, and what it removed. */
export type RefreshCounts = Record<
  string,
  { nodes: number; edges: number; removed_nodes: number; removed_edges: number }
>;

// A slow or hung source must not hold the refresh (and the caller) forever.
const OBSERVE_TIMEOUT_MS = 30_000;

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

  readonly #sources: () => readonly ContextSource[];

  constructor(deps: {
    orm: Orm;
    clock: Clock;
    policy: ContextPolicy;
    /** The connectors that can read a system's shape (context-sources.ts); default none. */
    sources?: () => readonly ContextSource[];
  }) {
    this.#orm = deps.orm;
    this.#clock = deps.clock;
    this.#policy = deps.policy;
    this.#sources = deps.sources ?? (() => []);
  }

  /**
   * Makes the tenant's graph hold what the live sources see now (all of them, or those named), leaving what people
   * entered alone, and records a snapshot of the result: one transaction, one audit event. Each source is read
   * before the transaction opens, so a slow source holds no lock.
   */
  async refresh(actor: Actor, only?: readonly string[]) {
    if (!hasRole(actor, 'admin', 'operator'))
      throw forbidden('refreshing the context graph needs the admin or operator role');
    const sources = this.#sources().filter((source) => only === undefined || only.includes(source.name));
    const unknown = only?.filter((name) => !sources.some((source) => source.name === name)) ?? [];
    if (unknown.length > 0 || sources.length === 0)
      throw invalid(
        unknown.length > 0
          ? `no configured connector reads the shape of ${unknown.join(', ')}`
          : 'no configured connector can read a system’s shape (connectors.kubernetes, or the demo cluster)',
        'no_context_source',
      );
    const observed = await Promise.all(
      sources.map(async (source) => ({
        source,
        graph: await source.observe(AbortSignal.timeout(OBSERVE_TIMEOUT_MS)).catch((error: unknown) => {
          // The source is down or refused: nothing was changed; try again later.
          throw new Problem(
            503,
            'context_source_unavailable',
            `${source.name}: ${(error as Error).message}`,
            {
              retry_after_seconds: 30,
            },
          );
        }),
      })),
    );
    const tenantId = actor.tenant_id;
    const snapshot = await this.#write(actor, 'context.refreshed', {}, async (tx, context) => {
      const counts: RefreshCounts = {};
      const now = this.#clock.now();
      for (const { source, graph } of observed) {
        const current = {
          service_ids: (await serviceBodies(tx, tenantId)).map((s) => s.service_id),
          nodes: (await contextNodesOf(tx, tenantId)).map((n) => ({
            ...n,
            owner_team: n.owner_team ?? undefined,
          })),
          edges: await contextEdgesOf(tx, tenantId),
        };
        const plan = planRefresh(source.name, current, graph);
        await deleteContextEntries(tx, tenantId, { nodes: plan.removeNodes, edges: plan.removeEdges });
        for (const node of plan.upsertNodes)
          await upsertContextNode(tx, {
            tenant_id: tenantId,
            node_id: node.node_id,
            kind: node.kind,
            name: node.name,
            labels: node.labels,
            owner_team: node.owner_team ?? null,
            updated_at: now,
          });
        for (const edge of plan.upsertEdges)
          await upsertContextEdge(tx, {
            tenant_id: tenantId,
            edge_id: edge.edge_id,
            from_node_id: edge.from,
            to_node_id: edge.to,
            relation: edge.relation,
            updated_at: now,
          });
        counts[source.name] = {
          ...plan.changed,
          removed_nodes: plan.removeNodes.length,
          removed_edges: plan.removeEdges.length,
        };
      }
      const graph = {
        services: await serviceBodies(tx, tenantId),
        nodes: await contextNodesOf(tx, tenantId),
        edges: await contextEdgesOf(tx, tenantId),
      };
      const row = {
        id: newId(),
        tenant_id: tenantId,
        taken_at: now,
        taken_by: actor.id,
        sources: observed.map(({ source }) => source.name),
        graph_hash: graphHash(graph),
        counts,
      };
      await insertContextSnapshot(tx, row);
      Object.assign(context, {
        snapshot_id: row.id,
        graph_hash: row.graph_hash,
        sources: row.sources,
        counts,
      });
      return row;
    });
    return toSnapshotView(snapshot);
  }

  /** The scheduled refresh (config `context`): as the installation itself, an operator of the tenant. */
  refreshOnSchedule(tenant: { id: string; name: string }) {
    return this.refresh({
      id: 'system',
      type: 'service',
      name: 'scheduled context refresh',
      roles: ['operator'],
      tenant_id: tenant.id,
      tenant_name: tenant.name,
      is_root: false,
    });
  }

  async snapshots(actor: Actor, limit: number) {
    return (await contextSnapshotsOf(this.#orm, actor.tenant_id, limit)).map(toSnapshotView);
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
    const decision = withEnvironments(decided, assessed.steps, tenant.graphRef);
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

  /**
   * One audited change to the graph: the write, its event and the cache notice commit together. `change` may add
   * to the event's context what it learns (a refresh: its snapshot).
   */
  async #write<T>(
    actor: Actor,
    action: AuditAction,
    context: Record<string, unknown>,
    change: (tx: Executor, context: Record<string, unknown>) => Promise<T>,
  ): Promise<T> {
    if (!hasRole(actor, 'admin', 'operator'))
      throw forbidden('changing the context graph needs the admin or operator role');
    const result = await this.#orm.transaction(async (tx) => {
      const value = await change(tx, context);
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

function toSnapshotView(row: {
  id: string;
  taken_at: Date;
  taken_by: string;
  sources: string[];
  graph_hash: string;
  counts: Record<string, Record<string, number>>;
}) {
  return {
    id: row.id,
    taken_at: row.taken_at.toISOString(),
    taken_by: row.taken_by,
    sources: row.sources,
    graph_hash: row.graph_hash,
    counts: row.counts,
  };
}
