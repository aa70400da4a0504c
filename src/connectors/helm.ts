/**
 * Helm releases read through the Kubernetes API's release secrets, as Helm's secret storage driver does, so
 * `helm history` needs no Helm binary. The Kubernetes connector runs it with its own client (the `helm.history`
 * tool), so it loads with that connector.
 */
import type { CoreV1Api } from '@kubernetes/client-node';
import { ConnectorError } from './connector.ts';
import { type HelmRevision, historyOf, releaseFromSecret } from './helm-release.ts';

/** `helm history <release> -n <namespace>`: newest first; an unknown release is `helm_release_not_found`. */
export async function helmHistory(
  core: Pick<CoreV1Api, 'listNamespacedSecret'>,
  namespace: string,
  release: string,
): Promise<HelmRevision[]> {
  const list = await core.listNamespacedSecret({ namespace, labelSelector: `owner=helm,name=${release}` });
  if (list.items.length === 0) {
    throw new ConnectorError(
      'helm_release_not_found',
      `no Helm release ${release} in namespace ${namespace}`,
    );
  }
  return historyOf(list.items.map((secret) => releaseFromSecret(secret)));
}
