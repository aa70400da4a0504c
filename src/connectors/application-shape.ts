// What Argo CD's applications look like to the context graph (issue 20, seed 001): an `argocd_application` node per
// application, placed by its labels like a deployment (cluster-shape.ts), `part_of` the service its labels (or its
// name) name, so a step on the application is decided with that service's radius, and `deploys_to` the namespace
// it deploys into as the Kubernetes source sees it (kept by the refresh only when both ends exist).
// Pure: the Argo CD connector reads the applications, this shapes them.
import type { ContextNode } from '../policy/context-graph.ts';
import type { ObservedGraph } from '../policy/context-sources.ts';
import type { ArgoApplication } from './argocd.ts';
import { environmentOf, first, placed, SERVICE_KEYS, TEAM_KEYS } from './cluster-shape.ts';

export function applicationShape(
  source: string,
  applications: readonly ArgoApplication[],
  namespaceSource = 'kubernetes',
): ObservedGraph {
  const nodes: ContextNode[] = [];
  const edges: ObservedGraph['edges'] = [];
  for (const app of applications) {
    const { name, labels } = app.metadata;
    if (!name) continue;
    const id = `${source}:application:${name}`;
    const namespace = app.spec?.destination?.namespace;
    const team = first(labels, TEAM_KEYS);
    const facts: Record<string, string> = {};
    if (namespace) facts.namespace = namespace;
    if (app.spec?.source?.repoURL) facts.repo = app.spec.source.repoURL;
    if (app.spec?.source?.path) facts.path = app.spec.source.path;
    if (app.spec?.source?.targetRevision) facts.revision = app.spec.source.targetRevision;
    nodes.push({
      node_id: id,
      kind: 'argocd_application',
      name,
      labels: placed(environmentOf(labels), facts),
      ...(team ? { owner_team: team } : {}),
    });
    edges.push({
      edge_id: `${source}:service:${name}`,
      from: id,
      to: first(labels, SERVICE_KEYS) ?? name,
      relation: 'part_of',
    });
    if (namespace)
      edges.push({
        edge_id: `${source}:deploys:${name}`,
        from: id,
        to: `${namespaceSource}:namespace:${namespace}`,
        relation: 'deploys_to',
      });
  }
  return { nodes, edges };
}
