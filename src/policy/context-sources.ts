// The context graph from live sources (seed 001): a connector that can see a system's shape (Kubernetes:
// namespaces and deployments with their owners from labels) observes it, and a refresh makes the tenant's graph
// hold exactly what the source sees now, leaving what people entered alone. Pure: no I/O.
import { canonicalHash } from '../core/hash.ts';
import type { ContextNode } from './context-graph.ts';

/** What a source sees: nodes (their ids start with the source's prefix) and edges between them or to services. */
export interface ObservedGraph {
  nodes: ContextNode[];
  edges: { edge_id: string; from: string; to: string; relation: string }[];
}

/** A connector that can read a system's shape. */
export interface ContextSource {
  /** The connector's name, e.g. `kubernetes`: what marks the nodes it put in the graph. */
  readonly name: string;
  observe(signal: AbortSignal): Promise<ObservedGraph>;
}

/** On every node a source put in the graph: which source, so the next refresh may remove it. */
export const SOURCE_LABEL = 'warrant.dev/source';

/** Edge ids of a source begin with its name and a colon (nodes carry SOURCE_LABEL instead). */
export const sourceEdgePrefix = (source: string): string => `${source}:`;

/** The hash of a tenant's whole graph as stored (services, nodes, edges, each in id order): what snapshots name. */
export function graphHash(graph: {
  services: readonly unknown[];
  nodes: readonly unknown[];
  edges: readonly unknown[];
}) {
  return canonicalHash(graph);
}

export interface RefreshPlan {
  upsertNodes: ContextNode[];
  upsertEdges: ObservedGraph['edges'];
  removeNodes: string[];
  removeEdges: string[];
  /** How many of the upserts change something (new or different). */
  changed: { nodes: number; edges: number };
}

const sameNode = (a: ContextNode, b: ContextNode) =>
  a.kind === b.kind &&
  a.name === b.name &&
  (a.owner_team ?? null) === (b.owner_team ?? null) &&
  JSON.stringify(Object.entries(a.labels).sort()) === JSON.stringify(Object.entries(b.labels).sort());

/** The tenant's graph as stored: what a refresh compares with. */
export interface StoredGraph {
  service_ids: readonly string[];
  nodes: readonly ContextNode[];
  edges: readonly { edge_id: string; from_node_id: string; to_node_id: string; relation: string }[];
}

/**
 * What makes the graph hold what `source` observes: its nodes (and edges) as observed, and none of the ones it put
 * there before that it no longer sees. A node a person made (without the source's label) is never touched, even
 * under an id the source uses; an edge is kept only when both its ends exist (an edge to a service needs the
 * service).
 */
export function planRefresh(source: string, current: StoredGraph, observed: ObservedGraph): RefreshPlan {
  const mine = (node: ContextNode) => node.labels[SOURCE_LABEL] === source;
  const existing = new Map(current.nodes.map((node) => [node.node_id, node]));
  const upsertNodes = observed.nodes
    .map((node) => ({ ...node, labels: { ...node.labels, [SOURCE_LABEL]: source } }))
    .filter((node) => {
      const there = existing.get(node.node_id);
      return there === undefined || mine(there);
    });
  const seen = new Set(upsertNodes.map((node) => node.node_id));
  const removeNodes = current.nodes
    .filter((node) => mine(node) && !seen.has(node.node_id))
    .map((n) => n.node_id);
  const removed = new Set(removeNodes);
  const known = new Set([
    ...seen,
    ...current.nodes.filter((node) => !removed.has(node.node_id)).map((node) => node.node_id),
    ...current.service_ids,
  ]);
  const prefix = sourceEdgePrefix(source);
  const upsertEdges = observed.edges.filter(
    (edge) => edge.edge_id.startsWith(prefix) && known.has(edge.from) && known.has(edge.to),
  );
  const kept = new Set(upsertEdges.map((edge) => edge.edge_id));
  const removeEdges = current.edges
    .map((edge) => edge.edge_id)
    .filter((id) => id.startsWith(prefix) && !kept.has(id));
  const edgeById = new Map(current.edges.map((edge) => [edge.edge_id, edge]));
  const newNodes = upsertNodes.filter((node) => {
    const there = existing.get(node.node_id);
    return there === undefined || !sameNode(there, node);
  });
  const newEdges = upsertEdges.filter((edge) => {
    const there = edgeById.get(edge.edge_id);
    return (
      there === undefined ||
      there.from_node_id !== edge.from ||
      there.to_node_id !== edge.to ||
      there.relation !== edge.relation
    );
  });
  return {
    upsertNodes,
    upsertEdges,
    removeNodes,
    removeEdges,
    changed: { nodes: newNodes.length, edges: newEdges.length },
  };
}
