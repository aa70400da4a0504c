/**
 * Where a step's resources live, read from the context graph rather than from what the plan declares: an
 * agent may not choose the rules it is decided by.
 *
 * - A resource's node is a node of its kind and name whose namespace/cluster labels fit what the step's input
 *   says (never what the plan's context claims: the connector, not the claim, decides where a call lands).
 *   A namespaced resource is also placed by a `namespace` node of its namespace.
 * - Its environment is an `environment` label on those nodes or on any node they belong to (membership
 *   edges up), else the `environments` of the services it is part of. Several candidates: the strictest. A
 *   label that is not dev, stage or prod counts as prod (someone said "somewhere"; assume the worst).
 * - Its cluster, namespace and account are the `cluster`, `namespace` and `account` labels found the same way,
 *   when they agree.
 * - A step is in the strictest environment of its resources and of the declaration: a declaration may make a
 *   step stricter, never laxer. A resource the graph does not place, or a step that names none, counts as the
 *   `unmapped` environment (config `policy.unmapped_environment`, prod unless set otherwise).
 */

import { type Environment, type IndexedGraph, isNodeOf, type PlanContext } from './context-graph.ts';
import type { ResourceRef } from './tool-catalog.ts';

export type EnvironmentSource = 'context_graph' | 'declared' | 'default';

/** The environment a step (or a plan) was decided in, where that came from, and what the plan said. */
export type EnvironmentDecision = {
  value: Environment;
  source: EnvironmentSource;
  declared: Environment;
};

export interface StepPlacement {
  environment: EnvironmentDecision;
  namespace?: string;
  cluster?: string;
  account?: string;
  /** Why the step is not decided in the declared environment; absent when it is. */
  reason?: string;
}

const ORDER: readonly Environment[] = ['dev', 'stage', 'prod'];
const rank = (environment: Environment) => ORDER.indexOf(environment);

function asEnvironment(label: string): Environment {
  return (ORDER as readonly string[]).includes(label) ? (label as Environment) : 'prod';
}

function strictest(environments: Iterable<Environment>): Environment | undefined {
  let found: Environment | undefined;
  for (const environment of environments) if (!found || rank(environment) > rank(found)) found = environment;
  return found;
}

/** The one value when all agree, else nothing. */
function agreed(values: Iterable<string | undefined>): string | undefined {
  const distinct = new Set([...values].filter((value) => value !== undefined));
  return distinct.size === 1 ? [...distinct][0] : undefined;
}

interface ResourcePlace {
  environment?: Environment;
  namespace?: string;
  cluster?: string;
  account?: string;
}

function describe(resource: ResourceRef): string {
  const where = resource.namespace ? `${resource.namespace}/` : '';
  return `${resource.kind.replace(/_/g, ' ')} ${where}${resource.name}`;
}

export function placeResource(resource: ResourceRef, graph: IndexedGraph): ResourcePlace {
  const { nodes, services } = graph.graph;
  const namespace: ResourceRef | undefined =
    resource.scope === 'namespace' && resource.namespace !== undefined
      ? { kind: 'namespace', name: resource.namespace, scope: 'cluster', cluster: resource.cluster }
      : undefined;
  const start = nodes.filter(
    (node) => isNodeOf(node, resource) || (namespace !== undefined && isNodeOf(node, namespace)),
  );
  // The nodes it belongs to, transitively.
  const reached = new Set(start.map((node) => node.node_id));
  const queue = [...reached];
  for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
    for (const parent of graph.parents.get(id) ?? []) {
      if (!reached.has(parent)) {
        reached.add(parent);
        queue.push(parent);
      }
    }
  }
  const labels = nodes.filter((node) => reached.has(node.node_id)).map((node) => node.labels);
  const memberOf = [...reached].flatMap((id) => graph.serviceByNode.get(id) ?? []);
  if (resource.kind === 'argocd_application')
    memberOf.push(...services.filter((s) => s.argo_apps?.includes(resource.name)));
  const labelled = labels.flatMap((l) =>
    l['environment'] === undefined ? [] : [asEnvironment(l['environment'])],
  );
  const environment =
    strictest(labelled) ?? strictest(memberOf.flatMap((s) => s.environments.map(asEnvironment)));
  const place: ResourcePlace = {};
  if (environment) place.environment = environment;
  for (const key of ['namespace', 'cluster', 'account'] as const) {
    const value = agreed(labels.map((l) => l[key]));
    if (value !== undefined) place[key] = value;
  }
  return place;
}

/** Where a step is decided: its resources' places, the plan's declaration, and the unmapped default. */
export function placeStep(
  resources: readonly ResourceRef[],
  context: PlanContext,
  graph: IndexedGraph,
  unmapped: Environment,
): StepPlacement {
  const places = resources.map((resource) => ({ resource, place: placeResource(resource, graph) }));
  const candidates = places.map(({ resource, place }) => ({
    value: place.environment ?? unmapped,
    source: place.environment ? ('context_graph' as const) : ('default' as const),
    why: place.environment
      ? `the context graph places ${describe(resource)} in ${place.environment}`
      : `the context graph does not place ${describe(resource)}`,
  }));
  if (candidates.length === 0)
    candidates.push({
      value: unmapped,
      source: 'default',
      why: 'the step names no resource the graph could place',
    });
  // The strictest candidate; among equals, one the graph placed.
  const found = candidates.reduce((best, c) =>
    rank(c.value) > rank(best.value) || (c.value === best.value && c.source === 'context_graph') ? c : best,
  );
  const declared = context.environment;
  const environment: EnvironmentDecision =
    rank(declared) > rank(found.value)
      ? { value: declared, source: 'declared', declared }
      : { value: found.value, source: found.source, declared };
  const placement: StepPlacement = { environment };
  const namespace =
    agreed(places.flatMap(({ resource, place }) => [resource.namespace, place.namespace])) ??
    context.namespace;
  const cluster =
    agreed(places.flatMap(({ resource, place }) => [resource.cluster, place.cluster])) ?? context.cluster_id;
  const account = agreed(places.map(({ place }) => place.account)) ?? context.aws_account_id;
  if (namespace !== undefined) placement.namespace = namespace;
  if (cluster !== undefined) placement.cluster = cluster;
  if (account !== undefined) placement.account = account;
  if (environment.value !== declared) {
    placement.reason = `decided in ${environment.value}, not the declared ${declared}: ${found.why}`;
  }
  return placement;
}

/** A plan's environment: its strictest step's (the first such step's source). */
export function planEnvironment(steps: readonly EnvironmentDecision[]): EnvironmentDecision | undefined {
  return steps.reduce<EnvironmentDecision | undefined>(
    (plan, step) => (!plan || rank(step.value) > rank(plan.value) ? step : plan),
    undefined,
  );
}
