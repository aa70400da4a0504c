/**
 * Blast radius from the context graph: which namespaces, clusters, services and teams a set of
 * touched resources reaches. Plain data in, plain data out; the caller loads the graph.
 *
 * - A touched resource matches a context node of the same kind and name (and namespace/cluster labels, when
 *   both the node and the step's input name them).
 * - Membership edges lead up to services: `x -[part_of|belongs_to|member_of]-> y`, or `y -[contains|owns]-> x`.
 *   An Argo CD application also reaches the services that list it in `argo_apps`.
 * - Dependents are affected too: `a -[depends_on]-> b` puts a in the radius when b is (`dependentHops` deep).
 * - Scope: one namespace → namespace; several namespaces or a cluster-scoped resource → cluster; several
 *   clusters or an account-level resource → account.
 */
import type { ResourceRef } from './tool-catalog.ts';

export type Environment = 'dev' | 'stage' | 'prod';
export type BlastScope = 'namespace' | 'cluster' | 'account';

export interface PlanContext {
  environment: Environment;
  cluster_id?: string;
  namespace?: string;
  aws_account_id?: string;
  region?: string;
}

export interface Service {
  service_id: string;
  name: string;
  owner_team: string;
  environments: string[];
  argo_apps?: string[];
  helm_releases?: string[];
}

export interface ContextNode {
  node_id: string;
  kind: string;
  name: string;
  labels: Record<string, string>;
  owner_team?: string;
}

export interface ContextEdge {
  from: string;
  to: string;
  relation: string;
}

export interface ContextGraph {
  services: Service[];
  nodes: ContextNode[];
  edges: ContextEdge[];
}

export type BlastRadius = {
  scope: BlastScope;
  namespaces: string[];
  clusters: string[];
  services: string[];
  teams: string[];
};

export const EMPTY_GRAPH: ContextGraph = { services: [], nodes: [], edges: [] };

const UP = new Set(['part_of', 'belongs_to', 'member_of']);
const DOWN = new Set(['contains', 'owns']);
const SCOPE_ORDER: readonly BlastScope[] = ['namespace', 'cluster', 'account'];

export function widerScope(a: BlastScope, b: BlastScope): BlastScope {
  return SCOPE_ORDER.indexOf(a) >= SCOPE_ORDER.indexOf(b) ? a : b;
}

function scopeFromCounts(namespaces: number, clusters: number): BlastScope {
  if (clusters > 1) return 'account';
  return namespaces > 1 ? 'cluster' : 'namespace';
}

/** A graph prepared once for many lookups (the edges are indexed both ways). */
export interface IndexedGraph {
  graph: ContextGraph;
  parents: Map<string, string[]>;
  dependents: Map<string, string[]>;
  serviceByNode: Map<string, Service>;
  nodesByService: Map<string, string[]>;
}

function push(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export function indexGraph(graph: ContextGraph): IndexedGraph {
  const parents = new Map<string, string[]>();
  const dependents = new Map<string, string[]>();
  for (const edge of graph.edges) {
    if (UP.has(edge.relation)) push(parents, edge.from, edge.to);
    else if (DOWN.has(edge.relation)) push(parents, edge.to, edge.from);
    else if (edge.relation === 'depends_on') push(dependents, edge.to, edge.from);
  }
  // A service node is the node whose id is the service id, or a `service` node with its name.
  const serviceByNode = new Map<string, Service>();
  for (const node of graph.nodes) {
    const service = graph.services.find(
      (s) => s.service_id === node.node_id || (node.kind === 'service' && s.name === node.name),
    );
    if (service) serviceByNode.set(node.node_id, service);
  }
  for (const service of graph.services) serviceByNode.set(service.service_id, service);
  const nodesByService = new Map<string, string[]>();
  for (const [node, service] of serviceByNode) push(nodesByService, service.service_id, node);
  return { graph, parents, dependents, serviceByNode, nodesByService };
}

/**
 * The node of a resource: its namespace and cluster labels must fit what the step's input says. The plan's
 * declared context is not asked: a claim must not steer a resource away from its node (and its radius).
 */
export function isNodeOf(node: ContextNode, resource: ResourceRef): boolean {
  if (node.kind !== resource.kind || node.name !== resource.name) return false;
  const fits = (label: string | undefined, value: string | undefined) =>
    label === undefined || value === undefined || label === value;
  return fits(node.labels['namespace'], resource.namespace) && fits(node.labels['cluster'], resource.cluster);
}

export function blastRadius(
  resources: readonly ResourceRef[],
  context: PlanContext,
  graph: IndexedGraph,
  dependentHops = 1,
): BlastRadius {
  const namespaces = new Set<string>();
  const clusters = new Set<string>();
  const teams = new Set<string>();
  const services = new Map<string, Service>();
  let scope: BlastScope = 'namespace';
  const start: string[] = [];

  for (const resource of resources) {
    if (resource.scope === 'external') continue;
    if (resource.scope !== 'namespace') scope = widerScope(scope, resource.scope);
    const namespace = resource.scope === 'namespace' ? (resource.namespace ?? context.namespace) : undefined;
    const cluster = resource.cluster ?? context.cluster_id;
    if (namespace) namespaces.add(namespace);
    if (cluster) clusters.add(cluster);
    for (const node of graph.graph.nodes) {
      if (!isNodeOf(node, resource)) continue;
      start.push(node.node_id);
      if (node.owner_team) teams.add(node.owner_team);
    }
    if (resource.kind === 'argocd_application') {
      for (const s of graph.graph.services)
        if (s.argo_apps?.includes(resource.name)) services.set(s.service_id, s);
    }
  }

  // Walk membership edges up from the touched nodes to the services they belong to.
  const seen = new Set(start);
  const queue = [...start];
  for (let node = queue.shift(); node !== undefined; node = queue.shift()) {
    const service = graph.serviceByNode.get(node);
    if (service) services.set(service.service_id, service);
    for (const parent of graph.parents.get(node) ?? []) {
      if (!seen.has(parent)) {
        seen.add(parent);
        queue.push(parent);
      }
    }
  }

  // Then the services that depend on them, hop by hop (edges name nodes, so walk node ids).
  let frontier = [...services.keys()].flatMap((id) => graph.nodesByService.get(id) ?? []);
  for (let hop = 0; hop < dependentHops && frontier.length > 0; hop++) {
    const next: string[] = [];
    for (const node of frontier) {
      for (const dependent of graph.dependents.get(node) ?? []) {
        const service = graph.serviceByNode.get(dependent);
        if (service && !services.has(service.service_id)) {
          services.set(service.service_id, service);
          next.push(...(graph.nodesByService.get(service.service_id) ?? []));
        }
      }
    }
    frontier = next;
  }

  for (const service of services.values()) teams.add(service.owner_team);
  return {
    scope: widerScope(scope, scopeFromCounts(namespaces.size, clusters.size)),
    namespaces: [...namespaces].sort(),
    clusters: [...clusters].sort(),
    services: [...services.values()].map((s) => s.name).sort(),
    teams: [...teams].sort(),
  };
}

const union = (lists: string[][]): string[] => [...new Set(lists.flat())].sort();

/** The radius of several steps together: the union, at least as wide as the widest step. */
export function mergeBlastRadius(radii: readonly BlastRadius[]): BlastRadius {
  const namespaces = union(radii.map((r) => r.namespaces));
  const clusters = union(radii.map((r) => r.clusters));
  return {
    scope: radii.reduce(
      (scope, r) => widerScope(scope, r.scope),
      scopeFromCounts(namespaces.length, clusters.length),
    ),
    namespaces,
    clusters,
    services: union(radii.map((r) => r.services)),
    teams: union(radii.map((r) => r.teams)),
  };
}
