/**
 * Deployments as the Kubernetes API writes them, read without its client: the changes a person reads, the
 * revision bookkeeping `rollout undo` follows, and the `k8s` evidence body. The connector (kubernetes.ts) and
 * the simulated cluster share these; importing them does not load @kubernetes/client-node (types only), which
 * the server loads only when a Kubernetes connector is used.
 */
import type { V1Deployment, V1PodTemplateSpec, V1ReplicaSet } from '@kubernetes/client-node';
import { ConnectorError, type StateChange } from './connector.ts';

export const RESTARTED_AT = 'kubectl.kubernetes.io/restartedAt';
export const REVISION = 'deployment.kubernetes.io/revision';

/** The tools of the Kubernetes connector; `k8s.update_secret_from_vault` only with a secret source. */
export const kubernetesTools = (withSecrets: boolean): string[] => [
  'k8s.scale',
  'k8s.rollout_restart',
  'k8s.rollout_undo',
  'k8s.wait_ready',
  'helm.history',
  'helm.rollback',
  'helm.upgrade',
  ...(withSecrets ? ['k8s.update_secret_from_vault'] : []),
];

/** A namespaced object's address. */
export interface Target {
  namespace: string;
  name: string;
}

/** What a person reads of a deployment change: replicas, each container's image, the restart mark. */
export function deploymentChanges(before: V1Deployment, after: V1Deployment): StateChange[] {
  const resource = `deployment/${before.metadata?.namespace}/${before.metadata?.name}`;
  const facts = (d: V1Deployment): Map<string, unknown> => {
    const out = new Map<string, unknown>([['replicas', d.spec?.replicas ?? 1]]);
    for (const c of d.spec?.template?.spec?.containers ?? []) out.set(`image (${c.name})`, c.image ?? null);
    out.set('restarted at', d.spec?.template?.metadata?.annotations?.[RESTARTED_AT] ?? null);
    return out;
  };
  const was = facts(before);
  const will = facts(after);
  const changes: StateChange[] = [];
  for (const field of new Set([...was.keys(), ...will.keys()])) {
    const [b, a] = [was.get(field) ?? null, will.get(field) ?? null];
    if (JSON.stringify(b) !== JSON.stringify(a)) changes.push({ resource, field, before: b, after: a });
  }
  return changes;
}

/** `deployment/<namespace>/<name>`, or `<namespace>/<name>`. */
export function parseDeploymentQuery(query: string): Target {
  const parts = query.split('/');
  if (parts[0] === 'deployment' || parts[0] === 'deployments') parts.shift();
  const [namespace, name] = parts;
  if (parts.length !== 2 || !namespace || !name) {
    throw new ConnectorError(
      'bad_query',
      `k8s evidence query must be deployment/<namespace>/<name>, got ${query}`,
    );
  }
  return { namespace, name };
}

export function revisionOf(object: V1Deployment | V1ReplicaSet): number {
  return Number(object.metadata?.annotations?.[REVISION] ?? 0);
}

/** The asked revision, or else the newest one older than the current, as `kubectl rollout undo` picks. */
export function pickRevision(
  replicaSets: readonly V1ReplicaSet[],
  current: number,
  wanted: number | undefined,
): V1ReplicaSet | undefined {
  if (wanted !== undefined) return replicaSets.find((rs) => revisionOf(rs) === wanted);
  return replicaSets
    .filter((rs) => revisionOf(rs) < current)
    .sort((a, b) => revisionOf(b) - revisionOf(a))[0];
}

/** The ReplicaSet's template without the hash label the controller adds to it. */
export function templateFor(replicaSet: V1ReplicaSet): V1PodTemplateSpec {
  const template = structuredClone(replicaSet.spec?.template ?? {});
  if (template.metadata?.labels) delete template.metadata.labels['pod-template-hash'];
  return template;
}

/** The `k8s` evidence body, shared with the simulated cluster so both answer alike. */
export function deploymentStatus(deployment: V1Deployment): Record<string, unknown> {
  const status = deployment.status ?? {};
  return {
    namespace: deployment.metadata?.namespace,
    name: deployment.metadata?.name,
    revision: revisionOf(deployment),
    desired_replicas: deployment.spec?.replicas ?? 1,
    replicas: status.replicas ?? 0,
    ready_replicas: status.readyReplicas ?? 0,
    updated_replicas: status.updatedReplicas ?? 0,
    available_replicas: status.availableReplicas ?? 0,
    conditions: (status.conditions ?? []).map((c) => ({
      type: c.type,
      status: c.status,
      reason: c.reason,
      message: c.message,
    })),
  };
}
