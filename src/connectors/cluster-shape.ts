// What a Kubernetes cluster looks like to the context graph (issue 20, seed 001): its namespaces and
// deployments, each placed by its labels (environment, owning team) and tied to the service its app label names.
// Pure: the Kubernetes connector and the demo's simulated cluster read the objects, this shapes them.
import type { V1Deployment, V1Namespace } from '@kubernetes/client-node';
import type { ContextNode } from '../policy/context-graph.ts';
import type { ObservedGraph } from '../policy/context-sources.ts';

const ENVIRONMENT_KEYS = ['warrant.dev/environment', 'environment', 'env'];
export const TEAM_KEYS = ['warrant.dev/team', 'team', 'owner', 'app.kubernetes.io/team'];
export const SERVICE_KEYS = [
  'warrant.dev/service',
  'app.kubernetes.io/part-of',
  'app.kubernetes.io/name',
  'app',
];
const ENVIRONMENTS: Record<string, string> = {
  dev: 'dev',
  development: 'dev',
  stage: 'stage',
  staging: 'stage',
  prod: 'prod',
  production: 'prod',
};

export const first = (labels: Record<string, string> | undefined, keys: readonly string[]) =>
  keys.map((key) => labels?.[key]).find((value) => value !== undefined && value !== '');

/** The environment a label names; a value it does not know is kept as is (decided as prod, the strictest). */
export const environmentOf = (labels: Record<string, string> | undefined) => {
  const value = first(labels, ENVIRONMENT_KEYS);
  return value === undefined ? undefined : (ENVIRONMENTS[value.toLowerCase()] ?? value);
};

export const placed = (environment: string | undefined, rest: Record<string, string>) =>
  environment === undefined ? rest : { ...rest, environment };

/**
 * The graph of `source` (a connector name, the prefix of every id): a `namespace` node per namespace (with its
 * environment and team labels), a `deployment` node per deployment (`namespace` label; its own environment label
 * if it has one, else the namespace's applies through the `part_of` edge), and an edge from each deployment to
 * the service its app label names (kept by the refresh only when that service exists).
 */
export function clusterShape(
  source: string,
  namespaces: readonly V1Namespace[],
  deployments: readonly V1Deployment[],
): ObservedGraph {
  const nodes: ContextNode[] = [];
  const edges: ObservedGraph['edges'] = [];
  const teams = new Map<string, string | undefined>();
  const names = new Set([
    ...namespaces.map((ns) => ns.metadata?.name),
    ...deployments.map((d) => d.metadata?.namespace),
  ]);
  const labelsOf = new Map(namespaces.map((ns) => [ns.metadata?.name, ns.metadata?.labels]));
  for (const name of [...names].filter((n): n is string => !!n).sort()) {
    const labels = labelsOf.get(name);
    const team = first(labels, TEAM_KEYS);
    teams.set(name, team);
    nodes.push({
      node_id: `${source}:namespace:${name}`,
      kind: 'namespace',
      name,
      labels: placed(environmentOf(labels), {}),
      ...(team ? { owner_team: team } : {}),
    });
  }
  for (const deployment of deployments) {
    const { name, namespace, labels } = deployment.metadata ?? {};
    if (!name || !namespace) continue;
    const key = `${namespace}/${name}`;
    const team = first(labels, TEAM_KEYS) ?? teams.get(namespace);
    nodes.push({
      node_id: `${source}:deployment:${key}`,
      kind: 'deployment',
      name,
      labels: placed(environmentOf(labels), { namespace }),
      ...(team ? { owner_team: team } : {}),
    });
    edges.push({
      edge_id: `${source}:in:${key}`,
      from: `${source}:deployment:${key}`,
      to: `${source}:namespace:${namespace}`,
      relation: 'part_of',
    });
    const service =
      first(labels, SERVICE_KEYS) ?? first(deployment.spec?.template?.metadata?.labels, SERVICE_KEYS);
    if (service)
      edges.push({
        edge_id: `${source}:service:${key}`,
        from: `${source}:deployment:${key}`,
        to: service,
        relation: 'part_of',
      });
  }
  return { nodes, edges };
}
