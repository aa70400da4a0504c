/**
 * A fake Kubernetes API server for apps/v1 deployments and ReplicaSets: GET and PATCH (merge, strategic
 * merge treated as merge, JSON patch) of a deployment, and listing ReplicaSets by label selector. A template
 * change starts a new revision the way the deployment controller does (reusing a ReplicaSet whose template
 * matches), and status follows spec at once unless the deployment is in `neverReady`. Core v1 Secrets: GET and
 * PATCH (merge), kept in `secrets`. A PATCH with `dryRun=All` answers as the API server does: the object as it
 * would be after the patch (generation bumped on a template change, status as it is), with nothing stored;
 * any other dryRun value is a 400. For Helm's storage and a rollback's apply: Secrets also POST (409 when the
 * name is taken) and PUT; deployments POST, PUT and DELETE; ConfigMaps and Services GET, POST, PUT, DELETE
 * (`objects`). Every write sets a new `resourceVersion`, and a PUT naming another one is a 409, as the API
 * server's optimistic concurrency has it.
 */
import { createHash } from 'node:crypto';
import type {
  KubernetesObject,
  V1Deployment,
  V1PodTemplateSpec,
  V1ReplicaSet,
  V1Secret,
} from '@kubernetes/client-node';
import {
  type FakeRequest,
  type FakeResponse,
  type FakeServer,
  header,
  type Route,
  startFake,
} from './server.ts';

export interface FakeKubernetesState {
  /** By `namespace/name`. */
  deployments: Map<string, V1Deployment>;
  replicaSets: V1ReplicaSet[];
  /** `namespace/name` of deployments whose pods never become ready. */
  neverReady: Set<string>;
  /** At most this many ready pods per `namespace/name` (a quota): scaling past it never gets ready. */
  readyLimit: Map<string, number>;
  /** By `namespace/name`; data base64-encoded, as the API keeps it. */
  secrets: Map<string, V1Secret>;
  /** ConfigMaps and Services by `configmaps/namespace/name` and `services/namespace/name`. */
  objects: Map<string, KubernetesObject & Record<string, unknown>>;
  /** Namespace labels by name; a namespace also exists while a deployment is in it. */
  namespaces: Map<string, Record<string, string>>;
  addSecret(namespace: string, name: string, data?: Record<string, string>): V1Secret;
  addDeployment(
    namespace: string,
    name: string,
    options?: { replicas?: number; image?: string; labels?: Record<string, string> },
  ): V1Deployment;
}

const REVISION = 'deployment.kubernetes.io/revision';
const BASE = '^/apis/apps/v1/namespaces/([^/]+)';

export async function startFakeKubernetes(): Promise<FakeServer<FakeKubernetesState>> {
  let uids = 0;
  const state: FakeKubernetesState = {
    deployments: new Map(),
    replicaSets: [],
    neverReady: new Set(),
    readyLimit: new Map(),
    secrets: new Map(),
    objects: new Map(),
    namespaces: new Map(),
    addSecret(namespace, name, data = {}) {
      const secret: V1Secret = {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name, namespace, annotations: {} },
        type: 'Opaque',
        data: Object.fromEntries(
          Object.entries(data).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
        ),
      };
      state.secrets.set(`${namespace}/${name}`, secret);
      return secret;
    },
    addDeployment(namespace, name, options = {}) {
      const deployment: V1Deployment = {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: {
          name,
          namespace,
          uid: `uid-${++uids}`,
          generation: 1,
          annotations: {},
          ...(options.labels ? { labels: options.labels } : {}),
        },
        spec: {
          replicas: options.replicas ?? 1,
          selector: { matchLabels: { app: name } },
          template: {
            metadata: { labels: { app: name } },
            spec: { containers: [{ name, image: options.image ?? `${name}:v1` }] },
          },
        },
      };
      state.deployments.set(`${namespace}/${name}`, deployment);
      rollover(deployment);
      return deployment;
    },
  };

  const notFound = (kind: string, name: string): FakeResponse => ({
    status: 404,
    body: {
      kind: 'Status',
      apiVersion: 'v1',
      status: 'Failure',
      message: `${kind} "${name}" not found`,
      reason: 'NotFound',
      code: 404,
    },
  });

  /** Points the deployment at the ReplicaSet for its template, creating one for a new template. */
  function rollover(deployment: V1Deployment): void {
    const template = deployment.spec!.template;
    const owned = state.replicaSets.filter(
      (rs) => rs.metadata?.ownerReferences?.[0]?.uid === deployment.metadata?.uid,
    );
    const next = Math.max(0, ...owned.map((rs) => Number(rs.metadata?.annotations?.[REVISION]))) + 1;
    let replicaSet = owned.find((rs) => stableJson(withoutHash(rs.spec!.template!)) === stableJson(template));
    if (!replicaSet) {
      const hash = createHash('sha256').update(stableJson(template)).digest('hex').slice(0, 10);
      const labels = { ...template.metadata?.labels, 'pod-template-hash': hash };
      replicaSet = {
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        metadata: {
          name: `${deployment.metadata!.name}-${hash}`,
          namespace: deployment.metadata!.namespace,
          labels,
          annotations: {},
          ownerReferences: [
            {
              apiVersion: 'apps/v1',
              kind: 'Deployment',
              name: deployment.metadata!.name!,
              uid: deployment.metadata!.uid!,
            },
          ],
        },
        spec: {
          selector: { matchLabels: labels },
          template: { ...structuredClone(template), metadata: { ...template.metadata, labels } },
        },
      };
      state.replicaSets.push(replicaSet);
    }
    replicaSet.metadata!.annotations![REVISION] = String(next);
    deployment.metadata!.annotations![REVISION] = String(next);
  }

  function refreshStatus(deployment: V1Deployment): void {
    const key = `${deployment.metadata!.namespace}/${deployment.metadata!.name}`;
    const replicas = deployment.spec!.replicas ?? 1;
    const ready = state.neverReady.has(key) ? 0 : Math.min(replicas, state.readyLimit.get(key) ?? replicas);
    const available = ready >= replicas;
    deployment.status = {
      observedGeneration: deployment.metadata!.generation,
      replicas,
      readyReplicas: ready,
      updatedReplicas: replicas,
      availableReplicas: ready,
      conditions: [
        {
          type: 'Available',
          status: available ? 'True' : 'False',
          reason: available ? 'MinimumReplicasAvailable' : 'MinimumReplicasUnavailable',
          message: available
            ? 'Deployment has minimum availability.'
            : 'Deployment does not have minimum availability.',
        },
        {
          type: 'Progressing',
          status: available ? 'True' : 'False',
          reason: available ? 'NewReplicaSetAvailable' : 'ProgressDeadlineExceeded',
          message: `ReplicaSet has ${available ? 'successfully progressed' : 'timed out progressing'}.`,
        },
      ],
    };
  }

  const find = (params: string[]) => state.deployments.get(`${params[0]}/${params[1]}`);

  let versions = 0;
  /** Stamps a write with a new resourceVersion; undefined when the body names a stale one. */
  const written = <T extends KubernetesObject>(
    stored: KubernetesObject | undefined,
    body: T,
  ): T | undefined => {
    const wanted = body.metadata?.resourceVersion;
    if (stored && wanted !== undefined && wanted !== stored.metadata?.resourceVersion) return undefined;
    return { ...body, metadata: { ...body.metadata, resourceVersion: String(++versions) } };
  };
  const conflict = (kind: string, name: string, exists: boolean): FakeResponse => ({
    status: 409,
    body: {
      kind: 'Status',
      apiVersion: 'v1',
      status: 'Failure',
      message: exists
        ? `${kind} "${name}" already exists`
        : `Operation cannot be fulfilled on ${kind} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
      reason: exists ? 'AlreadyExists' : 'Conflict',
      code: 409,
    },
  });
  const deleted = (kind: string, name: string): FakeResponse => ({
    status: 200,
    body: { kind: 'Status', apiVersion: 'v1', status: 'Success', details: { name, kind } },
  });

  /** GET, POST, PUT and DELETE of a namespaced core/v1 kind kept in `objects`. */
  const coreObjectRoutes = (plural: string): Route[] => {
    const one = new RegExp(`^/api/v1/namespaces/([^/]+)/${plural}/([^/]+)$`);
    const key = (params: string[]) => `${plural}/${params[0]}/${params[1]}`;
    return [
      {
        method: 'GET',
        path: one,
        handle: (_req, params) => {
          const object = state.objects.get(key(params));
          return object ? { status: 200, body: object } : notFound(plural, params[1]!);
        },
      },
      {
        method: 'POST',
        path: new RegExp(`^/api/v1/namespaces/([^/]+)/${plural}$`),
        mutating: true,
        handle: (req, params) => {
          const body = req.body as KubernetesObject & Record<string, unknown>;
          const name = body.metadata?.name ?? '';
          if (state.objects.has(`${plural}/${params[0]}/${name}`)) return conflict(plural, name, true);
          const stored = written(undefined, {
            ...body,
            metadata: { ...body.metadata, namespace: params[0], uid: `uid-${++uids}` },
          })!;
          state.objects.set(`${plural}/${params[0]}/${name}`, stored);
          return { status: 201, body: stored };
        },
      },
      {
        method: 'PUT',
        path: one,
        mutating: true,
        handle: (req, params) => {
          const current = state.objects.get(key(params));
          if (!current) return notFound(plural, params[1]!);
          const stored = written(current, req.body as KubernetesObject & Record<string, unknown>);
          if (!stored) return conflict(plural, params[1]!, false);
          stored.metadata!.uid = current.metadata?.uid;
          state.objects.set(key(params), stored);
          return { status: 200, body: stored };
        },
      },
      {
        method: 'DELETE',
        path: one,
        mutating: true,
        handle: (_req, params) =>
          state.objects.delete(key(params)) ? deleted(plural, params[1]!) : notFound(plural, params[1]!),
      },
    ];
  };

  const SECRET = '^/api/v1/namespaces/([^/]+)/secrets/([^/]+)$';
  return startFake(state, [
    ...coreObjectRoutes('configmaps'),
    ...coreObjectRoutes('services'),
    {
      method: 'POST',
      path: /^\/api\/v1\/namespaces\/([^/]+)\/secrets$/,
      mutating: true,
      handle: (req, params) => {
        const body = req.body as V1Secret;
        const name = body.metadata?.name ?? '';
        if (state.secrets.has(`${params[0]}/${name}`)) return conflict('secrets', name, true);
        const stored = written(undefined, { ...body, metadata: { ...body.metadata, namespace: params[0] } })!;
        state.secrets.set(`${params[0]}/${name}`, stored);
        return { status: 201, body: stored };
      },
    },
    {
      method: 'PUT',
      path: new RegExp(SECRET),
      mutating: true,
      handle: (req, params) => {
        const key = `${params[0]}/${params[1]}`;
        const current = state.secrets.get(key);
        if (!current) return notFound('secrets', params[1]!);
        const stored = written(current, req.body as V1Secret);
        if (!stored) return conflict('secrets', params[1]!, false);
        state.secrets.set(key, stored);
        return { status: 200, body: stored };
      },
    },
    {
      method: 'POST',
      path: new RegExp(`${BASE}/deployments$`),
      mutating: true,
      handle: (req, params) => {
        const body = req.body as V1Deployment;
        const name = body.metadata?.name ?? '';
        if (state.deployments.has(`${params[0]}/${name}`)) return conflict('deployments.apps', name, true);
        const deployment = written(undefined, {
          ...body,
          metadata: {
            ...body.metadata,
            namespace: params[0],
            uid: `uid-${++uids}`,
            generation: 1,
            annotations: { ...body.metadata?.annotations },
          },
        })!;
        state.deployments.set(`${params[0]}/${name}`, deployment);
        rollover(deployment);
        refreshStatus(deployment);
        return { status: 201, body: deployment };
      },
    },
    {
      // A replace keeps what the API server owns (uid, generation, the revision) and rolls over on a new template.
      method: 'PUT',
      path: new RegExp(`${BASE}/deployments/([^/]+)$`),
      mutating: true,
      handle: (req, params) => {
        const current = find(params);
        if (!current) return notFound('deployments.apps', params[1]!);
        const body = req.body as V1Deployment;
        const replaced = written(current, body);
        if (!replaced) return conflict('deployments.apps', params[1]!, false);
        const templateChanged = stableJson(body.spec?.template) !== stableJson(current.spec?.template);
        const generation = (current.metadata!.generation ?? 1) + (templateChanged ? 1 : 0);
        const annotations = {
          ...body.metadata?.annotations,
          [REVISION]: current.metadata!.annotations![REVISION]!,
        };
        Object.assign(current, replaced, {
          metadata: { ...replaced.metadata, uid: current.metadata!.uid, generation, annotations },
        });
        if (templateChanged) rollover(current);
        refreshStatus(current);
        return { status: 200, body: current };
      },
    },
    {
      method: 'DELETE',
      path: new RegExp(`${BASE}/deployments/([^/]+)$`),
      mutating: true,
      handle: (_req, params) =>
        state.deployments.delete(`${params[0]}/${params[1]}`)
          ? deleted('deployments.apps', params[1]!)
          : notFound('deployments.apps', params[1]!),
    },
    // Lists, as `kubectl get namespaces` and `kubectl get deployments -A` read them.
    {
      method: 'GET',
      path: /^\/api\/v1\/namespaces$/,
      handle: () => {
        const names = new Set([
          ...state.namespaces.keys(),
          ...[...state.deployments.keys()].map((k) => k.split('/')[0]!),
        ]);
        const items = [...names].sort().map((name) => ({
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: { name, labels: { 'kubernetes.io/metadata.name': name, ...state.namespaces.get(name) } },
          status: { phase: 'Active' },
        }));
        return { status: 200, body: { apiVersion: 'v1', kind: 'NamespaceList', metadata: {}, items } };
      },
    },
    {
      method: 'GET',
      path: /^\/apis\/apps\/v1\/deployments$/,
      handle: () => {
        const items = [...state.deployments.values()].map((d) => {
          refreshStatus(d);
          return d;
        });
        return { status: 200, body: { apiVersion: 'apps/v1', kind: 'DeploymentList', metadata: {}, items } };
      },
    },
    {
      method: 'GET',
      path: new RegExp(SECRET),
      handle: (_req, params) => {
        const secret = state.secrets.get(`${params[0]}/${params[1]}`);
        return secret ? { status: 200, body: secret } : notFound('secrets', params[1]!);
      },
    },
    {
      // Helm's storage driver lists its release secrets by label (owner=helm,name=<release>).
      method: 'GET',
      path: /^\/api\/v1\/namespaces\/([^/]+)\/secrets$/,
      handle: (req, params) => {
        const items = [...state.secrets.values()].filter(
          (s) => s.metadata?.namespace === params[0] && selects(req, s.metadata?.labels),
        );
        return { status: 200, body: { apiVersion: 'v1', kind: 'SecretList', metadata: {}, items } };
      },
    },
    {
      method: 'PATCH',
      path: new RegExp(SECRET),
      mutating: true,
      handle: (req, params) => {
        const key = `${params[0]}/${params[1]}`;
        const secret = state.secrets.get(key);
        if (!secret) return notFound('secrets', params[1]!);
        const patched = applyPatch(secret, req) as V1Secret;
        const dryRun = dryRunOf(req);
        if (dryRun) return dryRun === 'All' ? { status: 200, body: patched } : badDryRun(dryRun);
        state.secrets.set(key, patched);
        return { status: 200, body: patched };
      },
    },
    {
      method: 'GET',
      path: new RegExp(`${BASE}/deployments/([^/]+)$`),
      handle: (_req, params) => {
        const deployment = find(params);
        if (!deployment) return notFound('deployments.apps', params[1]!);
        refreshStatus(deployment);
        return { status: 200, body: deployment };
      },
    },
    {
      method: 'PATCH',
      path: new RegExp(`${BASE}/deployments/([^/]+)$`),
      mutating: true,
      handle: (req, params) => {
        const deployment = find(params);
        if (!deployment) return notFound('deployments.apps', params[1]!);
        const before = stableJson(deployment.spec!.template);
        const patched = applyPatch(deployment, req) as V1Deployment;
        const dryRun = dryRunOf(req);
        if (dryRun) {
          if (dryRun !== 'All') return badDryRun(dryRun);
          const would = structuredClone(patched);
          if (stableJson(would.spec!.template) !== before)
            would.metadata!.generation = (would.metadata!.generation ?? 1) + 1;
          return { status: 200, body: would };
        }
        Object.assign(deployment, patched);
        if (stableJson(deployment.spec!.template) !== before) {
          deployment.metadata!.generation = (deployment.metadata!.generation ?? 1) + 1;
          rollover(deployment);
        }
        refreshStatus(deployment);
        return { status: 200, body: deployment };
      },
    },
    {
      method: 'GET',
      path: new RegExp(`${BASE}/replicasets$`),
      handle: (req, params) => {
        const items = state.replicaSets.filter(
          (rs) => rs.metadata?.namespace === params[0] && selects(req, rs.metadata?.labels),
        );
        return { status: 200, body: { apiVersion: 'apps/v1', kind: 'ReplicaSetList', metadata: {}, items } };
      },
    },
  ]);
}

/** Equality-based label selector terms (`a=b,c=d`), as the API server applies them. */
const selects = (req: FakeRequest, labels: Record<string, string> | undefined): boolean =>
  (req.query.get('labelSelector') ?? '')
    .split(',')
    .filter(Boolean)
    .every((term) => {
      const [key, value] = term.split('=');
      return labels?.[key!] === value;
    });

const dryRunOf = (req: FakeRequest) => req.query.get('dryRun') ?? undefined;

/** What the API server answers to a dryRun value other than All. */
const badDryRun = (value: string): FakeResponse => ({
  status: 400,
  body: {
    kind: 'Status',
    apiVersion: 'v1',
    status: 'Failure',
    message: `Invalid dryRun value: ${value}`,
    reason: 'BadRequest',
    code: 400,
  },
});

function applyPatch(target: unknown, req: FakeRequest): unknown {
  const type = header(req.headers, 'content-type') ?? '';
  if (type.startsWith('application/json-patch+json')) {
    let doc = structuredClone(target);
    for (const op of req.body as { op: string; path: string; value: unknown }[]) doc = jsonPatchOp(doc, op);
    return doc;
  }
  if (
    type.startsWith('application/merge-patch+json') ||
    type.startsWith('application/strategic-merge-patch+json')
  ) {
    return mergePatch(target, req.body);
  }
  throw new Error(`unsupported patch type ${type}`);
}

/** RFC 7386. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return patch;
  const out: Record<string, unknown> = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else out[key] = mergePatch(out[key], value);
  }
  return out;
}

/** RFC 6902 `add` and `replace`, which are all the connectors send. */
function jsonPatchOp(doc: unknown, op: { op: string; path: string; value: unknown }): unknown {
  if (op.op !== 'add' && op.op !== 'replace') throw new Error(`unsupported JSON patch op ${op.op}`);
  const keys = op.path
    .split('/')
    .slice(1)
    .map((k) => k.replaceAll('~1', '/').replaceAll('~0', '~'));
  const last = keys.pop()!;
  let node = doc as Record<string, unknown>;
  for (const key of keys) node = node[key] as Record<string, unknown>;
  if (op.op === 'replace' && !(last in node)) throw new Error(`replace of missing ${op.path}`);
  node[last] = structuredClone(op.value);
  return doc;
}

function withoutHash(template: V1PodTemplateSpec): V1PodTemplateSpec {
  const copy = structuredClone(template);
  delete copy.metadata?.labels?.['pod-template-hash'];
  return copy;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** JSON with sorted keys, so equal templates compare equal. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    isObject(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v,
  );
}
