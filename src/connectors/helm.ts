/**
 * Helm releases through the Kubernetes API's release secrets, as Helm's secret storage driver keeps them:
 * `helm history` and `helm rollback` need no Helm binary. `helm upgrade` renders a chart, which only Helm can,
 * so it runs the binary when one is installed and is `helm_unavailable` otherwise. The Kubernetes connector
 * runs these with its own clients (the `helm.*` tools), so they load with that connector.
 *
 * A rollback goes as Helm's does: a new revision is written `pending-rollback`, the target revision's manifest
 * is applied (objects the current revision has and the target lacks are deleted), the revision deployed until
 * now becomes `superseded` and the new one `deployed`. The new revision's secret carries the call's key and
 * output, so a retried call resumes or returns instead of rolling back twice.
 */
import { execFile } from 'node:child_process';
import {
  ApiException,
  type AppsV1Api,
  type ConfigurationOptions,
  type CoreV1Api,
  PatchStrategy,
  type V1Secret,
} from '@kubernetes/client-node';
import { parseAllDocuments } from 'yaml';
import { HELM_RELEASE } from '../policy/tool-catalog.ts';
import { ConnectorError } from './connector.ts';
import {
  type HelmRelease,
  type HelmRevision,
  historyOf,
  releaseFromSecret,
  rollbackReleases,
  secretForRelease,
} from './helm-release.ts';

/** On a release secret Warrant wrote or annotated: the call that made the revision, and its output. */
export const HELM_CALL_KEY = 'warrant.dev/call-key';
export const HELM_CALL_OUTPUT = 'warrant.dev/call-output';

export interface HelmApi {
  core: CoreV1Api;
  apps: AppsV1Api;
  /** Per-request options: the call's signal and timeout; on a mutation, its own idempotency key. */
  options(mutationKey?: string, patch?: PatchStrategy): ConfigurationOptions;
}

interface StoredRelease {
  secret: V1Secret;
  release: HelmRelease;
}

type Output = Record<string, unknown>;

async function releaseSecrets(api: HelmApi, namespace: string, release: string): Promise<StoredRelease[]> {
  // The name goes into a label selector: a comma or `!=` in it would select other releases.
  if (!HELM_RELEASE.test(release)) {
    throw new ConnectorError('rejected', `${JSON.stringify(release)} is not a Helm release name`);
  }
  const list = await api.core.listNamespacedSecret(
    { namespace, labelSelector: `owner=helm,name=${release}` },
    api.options(),
  );
  if (list.items.length === 0) {
    throw new ConnectorError(
      'helm_release_not_found',
      `no Helm release ${release} in namespace ${namespace}`,
    );
  }
  return list.items.map((secret) => ({ secret, release: releaseFromSecret(secret) }));
}

/** `helm history <release> -n <namespace>`: newest first; an unknown release is `helm_release_not_found`. */
export async function helmHistory(api: HelmApi, namespace: string, release: string): Promise<HelmRevision[]> {
  return historyOf((await releaseSecrets(api, namespace, release)).map((s) => s.release));
}

/** The revision deployed now: the newest `deployed` one, else the newest (a failed upgrade leaves none). */
function currentOf(stored: readonly StoredRelease[]): HelmRelease {
  const byVersion = [...stored].sort((a, b) => b.release.version - a.release.version).map((s) => s.release);
  return byVersion.find((r) => r.info.status === 'deployed') ?? byVersion[0]!;
}

const recorded = (secret: V1Secret, key: string): Output | undefined => {
  const annotations = secret.metadata?.annotations ?? {};
  const output = annotations[HELM_CALL_OUTPUT];
  return annotations[HELM_CALL_KEY] === key && output ? (JSON.parse(output) as Output) : undefined;
};

/** What `helm.rollback` would do, read without changing anything (its preview and its first step). */
export async function planRollback(
  api: HelmApi,
  namespace: string,
  name: string,
  revision: number | undefined,
): Promise<{
  stored: StoredRelease[];
  current: HelmRelease;
  target: HelmRelease;
  apply: ManifestObject[];
  remove: ManifestObject[];
}> {
  const stored = await releaseSecrets(api, namespace, name);
  const current = currentOf(stored);
  // `helm rollback <release>` with no revision goes to the one before the current.
  const wanted = revision ?? current.version - 1;
  const target = stored.find((s) => s.release.version === wanted)?.release;
  if (!target) {
    throw new ConnectorError(
      'not_found',
      `Helm release ${namespace}/${name} has no revision ${wanted} to roll back to`,
    );
  }
  const apply = manifestObjects(target, namespace);
  const keep = new Set(apply.map(objectId));
  const remove = manifestObjects(current, namespace).filter((o) => !keep.has(objectId(o)));
  return { stored, current, target, apply, remove };
}

/** `helm rollback <release> [revision]` through the release secrets; see the module comment. */
export async function helmRollback(
  api: HelmApi,
  namespace: string,
  name: string,
  revision: number | undefined,
  key: string,
  now: string,
): Promise<Output> {
  const { stored, current, target, apply, remove } = await planRollback(api, namespace, name, revision);
  const mine = stored.find((s) => recorded(s.secret, key));
  if (mine && mine.release.info.status === 'deployed') return recorded(mine.secret, key)!;

  let pending: StoredRelease;
  let output: Output;
  let toApply = apply;
  let toRemove = remove;
  if (mine) {
    // A retry after a crash mid-rollback: finish what the recorded call started.
    pending = mine;
    output = recorded(mine.secret, key)!;
    const previous = stored.find((s) => s.release.version === output.previous_revision)?.release;
    toApply = manifestObjects(mine.release, namespace);
    const keep = new Set(toApply.map(objectId));
    toRemove = previous ? manifestObjects(previous, namespace).filter((o) => !keep.has(objectId(o))) : [];
  } else {
    const { next } = rollbackReleases(
      stored.map((s) => s.release),
      target.version,
      now,
    );
    next.info = { ...next.info, status: 'pending-rollback' };
    output = {
      namespace,
      release: name,
      revision: next.version,
      rolled_back_to: target.version,
      previous_revision: current.version,
      applied: apply.map(objectId),
      deleted: remove.map(objectId),
    };
    const body = secretForRelease(next);
    const secret = await api.core.createNamespacedSecret(
      {
        namespace,
        body: {
          ...body,
          metadata: {
            ...body.metadata,
            annotations: { [HELM_CALL_KEY]: key, [HELM_CALL_OUTPUT]: JSON.stringify(output) },
          },
        },
      },
      api.options(`${key}/create`),
    );
    pending = { secret, release: next };
  }

  try {
    for (const object of toApply) await applyObject(api, object, `${key}/apply/${objectId(object)}`);
    for (const object of toRemove) await deleteObject(api, object, `${key}/delete/${objectId(object)}`);
  } catch (error) {
    await writeRelease(
      api,
      pending,
      {
        ...pending.release.info,
        status: 'failed',
        description: `Rollback "${name}" failed: ${(error as Error).message}`,
      },
      `${key}/failed`,
    ).catch(() => {});
    throw error;
  }
  for (const s of stored) {
    if (s.release.info.status === 'deployed' && s.release.version !== pending.release.version) {
      await writeRelease(
        api,
        s,
        { ...s.release.info, status: 'superseded' },
        `${key}/supersede/${s.release.version}`,
      );
    }
  }
  await writeRelease(
    api,
    pending,
    { ...pending.release.info, status: 'deployed', description: `Rollback to ${output.rolled_back_to}` },
    `${key}/deployed`,
  );
  return output;
}

/** Rewrites a release secret with a new info (status label included), keeping its annotations. */
async function writeRelease(
  api: HelmApi,
  stored: StoredRelease,
  info: HelmRelease['info'],
  key: string,
): Promise<void> {
  const release = { ...stored.release, info };
  const body = secretForRelease(release);
  const namespace = body.metadata.namespace;
  await api.core.replaceNamespacedSecret(
    {
      name: body.metadata.name,
      namespace,
      body: {
        ...body,
        metadata: {
          ...body.metadata,
          annotations: stored.secret.metadata?.annotations,
          resourceVersion: stored.secret.metadata?.resourceVersion,
        },
      },
    },
    api.options(key),
  );
}

/** One object of a release manifest, of a kind a rollback can apply. */
export interface ManifestObject {
  apiVersion: string;
  kind: SupportedKind;
  metadata: {
    name: string;
    namespace: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    resourceVersion?: string;
  };
  [field: string]: unknown;
}

const SUPPORTED = {
  'apps/v1 Deployment': 'Deployment',
  'v1 Service': 'Service',
  'v1 ConfigMap': 'ConfigMap',
} as const;
type SupportedKind = (typeof SUPPORTED)[keyof typeof SUPPORTED];

const objectId = (o: ManifestObject) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`;

/**
 * The objects of a release's rendered manifest (YAML documents), each stamped as Helm stamps what it owns. A
 * kind outside Deployment, Service and ConfigMap is refused before anything changes.
 */
export function manifestObjects(release: HelmRelease, namespace: string): ManifestObject[] {
  const objects: ManifestObject[] = [];
  for (const doc of parseAllDocuments(release.manifest ?? '')) {
    if (doc.errors.length > 0) {
      throw new ConnectorError(
        'helm_release_corrupt',
        `revision ${release.version}'s manifest is not YAML: ${doc.errors[0]!.message}`,
      );
    }
    const value = doc.toJS() as Record<string, unknown> | null;
    if (value === null || value === undefined) continue;
    const kind = SUPPORTED[`${value.apiVersion} ${value.kind}` as keyof typeof SUPPORTED];
    if (!kind) {
      throw new ConnectorError(
        'helm_kind_unsupported',
        `revision ${release.version} of ${release.name} holds a ${String(value.apiVersion)} ${String(value.kind)}; ` +
          'a rollback through the API applies Deployments, Services and ConfigMaps only (use the Helm binary)',
      );
    }
    const metadata = (value.metadata ?? {}) as ManifestObject['metadata'];
    objects.push({
      ...value,
      apiVersion: value.apiVersion as string,
      kind,
      metadata: {
        ...metadata,
        namespace: metadata.namespace ?? namespace,
        labels: { ...metadata.labels, 'app.kubernetes.io/managed-by': 'Helm' },
        annotations: {
          ...metadata.annotations,
          'meta.helm.sh/release-name': release.name,
          'meta.helm.sh/release-namespace': namespace,
        },
      },
    });
  }
  return objects;
}

const notFound = (error: unknown) => error instanceof ApiException && error.code === 404;

/** Creates the object, or replaces it at the version read (a change in between is a 409 conflict). */
async function applyObject(api: HelmApi, object: ManifestObject, key: string): Promise<void> {
  const { name, namespace } = object.metadata;
  const target = { name, namespace };
  const options = api.options(key);
  const body = structuredClone(object);
  const read = async <T>(fn: () => Promise<T>): Promise<T | undefined> =>
    fn().catch((error) => {
      if (notFound(error)) return undefined;
      throw error;
    });
  switch (object.kind) {
    case 'Deployment': {
      const current = await read(() => api.apps.readNamespacedDeployment(target, api.options()));
      if (!current) return void (await api.apps.createNamespacedDeployment({ namespace, body }, options));
      body.metadata.resourceVersion = current.metadata?.resourceVersion;
      return void (await api.apps.replaceNamespacedDeployment({ ...target, body }, options));
    }
    case 'Service': {
      const current = await read(() => api.core.readNamespacedService(target, api.options()));
      if (!current) return void (await api.core.createNamespacedService({ namespace, body }, options));
      body.metadata.resourceVersion = current.metadata?.resourceVersion;
      // A Service's cluster IP is immutable: keep the one it was given.
      body.spec = {
        ...(body.spec as object),
        clusterIP: current.spec?.clusterIP,
        clusterIPs: current.spec?.clusterIPs,
      };
      return void (await api.core.replaceNamespacedService({ ...target, body }, options));
    }
    case 'ConfigMap': {
      const current = await read(() => api.core.readNamespacedConfigMap(target, api.options()));
      if (!current) return void (await api.core.createNamespacedConfigMap({ namespace, body }, options));
      body.metadata.resourceVersion = current.metadata?.resourceVersion;
      return void (await api.core.replaceNamespacedConfigMap({ ...target, body }, options));
    }
  }
}

async function deleteObject(api: HelmApi, object: ManifestObject, key: string): Promise<void> {
  const target = { name: object.metadata.name, namespace: object.metadata.namespace };
  const options = api.options(key);
  const remove =
    object.kind === 'Deployment'
      ? () => api.apps.deleteNamespacedDeployment(target, options)
      : object.kind === 'Service'
        ? () => api.core.deleteNamespacedService(target, options)
        : () => api.core.deleteNamespacedConfigMap(target, options);
  await remove().catch((error) => {
    if (!notFound(error)) throw error;
  });
}

/** Where and how the Helm binary runs: its path and the only environment it gets (no Warrant secrets). */
export interface HelmBinary {
  path: string;
  env: Record<string, string>;
}

export interface UpgradeInput {
  namespace: string;
  release: string;
  chart: string;
  version?: string;
  values?: Record<string, string | number | boolean>;
}

/**
 * `helm upgrade` with the binary: values through `--set-json` (no escaping rules to get wrong), positional
 * arguments after `--`, the cluster's credentials in the environment only, never on the command line. The
 * new revision's secret is then annotated with the call's key and output, so a retried call returns it.
 */
export async function helmUpgrade(
  api: HelmApi,
  binary: HelmBinary,
  input: UpgradeInput,
  key: string,
  signal: AbortSignal,
): Promise<Output> {
  const before = await releaseSecrets(api, input.namespace, input.release);
  const done = before.find((s) => recorded(s.secret, key));
  if (done) return recorded(done.secret, key)!;
  const previous = currentOf(before);
  const args = [
    'upgrade',
    '--namespace',
    input.namespace,
    '--output',
    'json',
    ...(input.version ? ['--version', input.version] : []),
    ...Object.entries(input.values ?? {}).flatMap(([name, value]) => [
      '--set-json',
      `${name}=${JSON.stringify(value)}`,
    ]),
    '--',
    input.release,
    input.chart,
  ];
  const stdout = await runHelm(binary, args, signal);
  let upgraded: HelmRelease;
  try {
    upgraded = JSON.parse(stdout) as HelmRelease;
    if (typeof upgraded.version !== 'number') throw new Error('no version');
  } catch (error) {
    throw new ConnectorError('helm_failed', `helm upgrade printed no release (${(error as Error).message})`);
  }
  const output: Output = {
    namespace: input.namespace,
    release: input.release,
    revision: upgraded.version,
    status: upgraded.info?.status ?? null,
    chart: upgraded.chart?.metadata?.name
      ? `${upgraded.chart.metadata.name}-${upgraded.chart.metadata.version ?? ''}`
      : null,
    previous_revision: previous.version,
  };
  const name = secretForRelease(upgraded).metadata.name;
  await api.core.patchNamespacedSecret(
    {
      name,
      namespace: input.namespace,
      body: {
        metadata: { annotations: { [HELM_CALL_KEY]: key, [HELM_CALL_OUTPUT]: JSON.stringify(output) } },
      },
    },
    api.options(`${key}/annotate`, PatchStrategy.MergePatch),
  );
  return output;
}

function runHelm(binary: HelmBinary, args: string[], signal: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      binary.path,
      args,
      { env: binary.env, signal, maxBuffer: 32 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (!error) return resolve(stdout);
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
          return reject(
            new ConnectorError(
              'helm_unavailable',
              `helm.upgrade needs the Helm binary, and ${binary.path} was not found (install Helm 3 or set connectors.k8s.helm_path)`,
            ),
          );
        }
        if (signal.aborted) return reject(new ConnectorError('cancelled', 'helm: the call was cancelled'));
        reject(
          new ConnectorError(
            'helm_failed',
            `helm upgrade failed: ${String(stderr).trim().slice(0, 500) || error.message}`,
          ),
        );
      },
    );
  });
}
