/**
 * Kubernetes deployments through the official client (AppsV1Api): scale, rollout restart, rollout undo, a wait
 * for every desired replica to be ready, and deployment status as `k8s` evidence. With a SecretSource (Vault),
 * also `k8s.update_secret_from_vault`: a Secret's data set from a Vault version, the values passing through
 * memory only; the Secret's annotations say which version it holds, which is what undo restores.
 *
 * The API server ignores `Idempotency-Key` (it is still sent, for proxies and the test fakes), so each mutation
 * also records its key and output in annotations on the deployment, in the same patch as the change: a retried
 * call finds its own record and returns it instead of acting twice, and `previous_replicas` stays the value
 * from before the first attempt.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import {
  ApiException,
  AppsV1Api,
  type ConfigurationOptions,
  CoreV1Api,
  KubeConfig,
  Observable,
  type ObservableMiddleware,
  PatchStrategy,
  type RequestContext,
  type ResponseContext,
  type V1Deployment,
  type V1PodTemplateSpec,
  type V1ReplicaSet,
} from '@kubernetes/client-node';
import { type Clock, systemClock } from '../core/clock.ts';
import type { EvidenceRequirement } from '../plans/plan-schema.ts';
import type { ObservedGraph } from '../policy/context-sources.ts';
import { clusterShape } from './cluster-shape.ts';
import {
  type CallContext,
  type Connector,
  ConnectorError,
  type EvidenceResult,
  type StateChange,
  type ToolPreview,
  type ToolResult,
} from './connector.ts';
import { callSignal, errorForStatus, errorForTransport, unknownTool } from './errors.ts';
import { int, optInt, str } from './input.ts';
import type { SecretSource } from './vault.ts';

export const RESTARTED_AT = 'kubectl.kubernetes.io/restartedAt';
export const REVISION = 'deployment.kubernetes.io/revision';
/** Where a mutation records the idempotency key and output of the call that made it. */
export const CALL_KEY = 'warrant.dev/call-key';
export const CALL_OUTPUT = 'warrant.dev/call-output';

/** A KubeConfig from `connectors.k8s`: a kubeconfig file, or an API URL and a bearer token. */
export function kubeConfigFor(
  source: { kubeconfigPath: string } | { apiUrl: string; token?: string },
): KubeConfig {
  const kubeConfig = new KubeConfig();
  if ('kubeconfigPath' in source) {
    kubeConfig.loadFromFile(source.kubeconfigPath);
    return kubeConfig;
  }
  // The client refuses plain http unless TLS checks are off; for https they stay on.
  const plainHttp = source.apiUrl.startsWith('http:');
  kubeConfig.loadFromOptions({
    clusters: [{ name: 'warrant', server: source.apiUrl, skipTLSVerify: plainHttp }],
    users: [{ name: 'warrant', token: source.token }],
    contexts: [{ name: 'warrant', cluster: 'warrant', user: 'warrant' }],
    currentContext: 'warrant',
  });
  return kubeConfig;
}

export interface KubernetesOptions {
  kubeConfig: KubeConfig;
  clock?: Clock;
  /** Per request (default 30 s). */
  timeoutMs?: number;
  /** How often `k8s.wait_ready` looks (default 2 s). */
  pollIntervalMs?: number;
  /** Where `k8s.update_secret_from_vault` reads secret versions; without it the tool is not offered. */
  secrets?: SecretSource;
}

/** On a Secret: the Vault secret (`mount/path`) and version its data came from. */
export const VAULT_SOURCE = 'warrant.dev/vault-source';
export const VAULT_VERSION = 'warrant.dev/vault-version';

type Output = Record<string, unknown>;
interface Target {
  namespace: string;
  name: string;
}

export class KubernetesConnector implements Connector {
  readonly name = 'kubernetes';
  readonly tools: readonly string[];
  readonly evidence = ['k8s'] as const;
  readonly #api: AppsV1Api;
  readonly #core: CoreV1Api;
  readonly #secrets: SecretSource | undefined;
  readonly #clock: Clock;
  readonly #timeoutMs: number;
  readonly #pollIntervalMs: number;

  constructor(options: KubernetesOptions) {
    this.#api = options.kubeConfig.makeApiClient(AppsV1Api);
    this.#core = options.kubeConfig.makeApiClient(CoreV1Api);
    this.#secrets = options.secrets;
    this.tools = [
      'k8s.scale',
      'k8s.rollout_restart',
      'k8s.rollout_undo',
      'k8s.wait_ready',
      ...(options.secrets ? ['k8s.update_secret_from_vault'] : []),
    ];
    this.#clock = options.clock ?? systemClock;
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    this.#pollIntervalMs = options.pollIntervalMs ?? 2_000;
  }

  /** Namespaces and deployments, shaped for the context graph (cluster-shape.ts). */
  async observe(signal: AbortSignal): Promise<ObservedGraph> {
    const read = Promise.all([this.#core.listNamespace(), this.#api.listDeploymentForAllNamespaces()]);
    const aborted = new Promise<never>((_, reject) => {
      signal.addEventListener('abort', () => reject(signal.reason), { once: true });
    });
    try {
      const [namespaces, deployments] = await Promise.race([read, aborted]);
      return clusterShape(this.name, namespaces.items, deployments.items);
    } catch (error) {
      throw errorForTransport('kubernetes', error, signal);
    }
  }

  async call(tool: string, input: Output, ctx: CallContext): Promise<ToolResult> {
    if (tool === 'k8s.update_secret_from_vault') {
      const version = input.version === 'latest' ? undefined : int(input, 'version');
      return this.#secretFromVault(
        secretTarget(input),
        str(input, 'mount'),
        str(input, 'path'),
        version,
        ctx,
      );
    }
    const target = { namespace: str(input, 'namespace'), name: str(input, 'deployment') };
    switch (tool) {
      case 'k8s.scale':
        return this.#scale(target, int(input, 'replicas'), ctx);
      case 'k8s.rollout_restart':
        return this.#mutate(target, ctx, () => this.#restartChange());
      case 'k8s.rollout_undo':
        return this.#rolloutUndo(target, optInt(input, 'revision'), ctx);
      case 'k8s.wait_ready':
        return this.#waitReady(target, (optInt(input, 'timeout_seconds') ?? 300) * 1000, ctx);
      default:
        throw unknownTool(this.name, tool);
    }
  }

  async undo(tool: string, input: Output, output: Output, ctx: CallContext): Promise<ToolResult> {
    if (tool === 'k8s.update_secret_from_vault') {
      const previous = output.previous_vault_version;
      if (!Number.isInteger(previous)) {
        throw new ConnectorError('not_undoable', 'the secret held no earlier Vault version to restore');
      }
      return this.#secretFromVault(
        secretTarget(input),
        str(input, 'mount'),
        str(input, 'path'),
        previous as number,
        ctx,
      );
    }
    if (tool !== 'k8s.scale') throw new ConnectorError('not_undoable', `${tool} cannot be undone`);
    const previous = output.previous_replicas;
    if (!Number.isInteger(previous))
      throw new ConnectorError('not_undoable', 'no previous_replicas recorded');
    return this.#scale(
      { namespace: str(input, 'namespace'), name: str(input, 'deployment') },
      previous as number,
      ctx,
    );
  }

  async collect(requirement: EvidenceRequirement, ctx: CallContext): Promise<EvidenceResult> {
    const target = parseDeploymentQuery(requirement.query);
    const deployment = await this.#guard(ctx, () =>
      this.#api.readNamespacedDeployment(target, this.#options(ctx, false)),
    );
    return { result: deploymentStatus(deployment) };
  }

  /**
   * The deployment as it is and as the API server says it would be after the step: the same patch the call
   * sends, with `dryRun=All`, so admission and defaulting run and nothing is stored. A wait only reads.
   */
  async preview(tool: string, input: Output, ctx: CallContext): Promise<ToolPreview> {
    if (tool === 'k8s.update_secret_from_vault') {
      const target = secretTarget(input);
      const current = await this.#guard(ctx, () =>
        this.#core.readNamespacedSecret(target, this.#options(ctx, false)),
      );
      const annotations = current.metadata?.annotations ?? {};
      const source = `${str(input, 'mount')}/${str(input, 'path')}`;
      const held = annotations[VAULT_SOURCE] === source ? Number(annotations[VAULT_VERSION]) : Number.NaN;
      return {
        method: 'computed',
        changes: [
          {
            resource: `secret/${target.namespace}/${target.name}`,
            field: `vault version (${source})`,
            before: Number.isInteger(held) ? held : null,
            after: input.version === 'latest' ? 'latest' : int(input, 'version'),
          },
        ],
      };
    }
    if (!this.tools.includes(tool)) throw unknownTool(this.name, tool);
    const target = { namespace: str(input, 'namespace'), name: str(input, 'deployment') };
    return this.#guard(ctx, async () => {
      const current = await this.#api.readNamespacedDeployment(target, this.#options(ctx, false));
      if (tool === 'k8s.wait_ready') {
        const status = deploymentStatus(current);
        return {
          method: 'read_only',
          changes: [],
          notes: [
            `waits until ${status.desired_replicas} replicas of ${target.namespace}/${target.name} are ready ` +
              `(${status.ready_replicas} ready now)`,
          ],
        };
      }
      const change =
        tool === 'k8s.scale'
          ? scaleChange(current, int(input, 'replicas'))
          : tool === 'k8s.rollout_restart'
            ? this.#restartChange()
            : await this.#undoChange(target, current, optInt(input, 'revision'), ctx);
      const body = change.replaceTemplate
        ? [{ op: 'replace', path: '/spec/template', value: change.patch.spec.template }]
        : change.patch;
      const strategy = change.replaceTemplate ? PatchStrategy.JsonPatch : PatchStrategy.MergePatch;
      const after = await this.#api.patchNamespacedDeployment(
        { ...target, body, dryRun: 'All' },
        this.#options(ctx, false, strategy),
      );
      return { method: 'dry_run', changes: deploymentChanges(current, after) };
    });
  }

  /** Sets the Secret's data to a Vault version (keys the version lacks are removed), recorded like #mutate. */
  async #secretFromVault(
    target: Target,
    mount: string,
    path: string,
    version: number | undefined,
    ctx: CallContext,
  ): Promise<ToolResult> {
    return this.#guard(ctx, async () => {
      const current = await this.#core.readNamespacedSecret(target, this.#options(ctx, false));
      const annotations = current.metadata?.annotations ?? {};
      if (annotations[CALL_KEY] === ctx.idempotencyKey && annotations[CALL_OUTPUT]) {
        return { output: JSON.parse(annotations[CALL_OUTPUT]) as Output };
      }
      const secret = await this.#secrets!.readVersion(mount, path, version, ctx);
      const source = `${mount}/${path}`;
      const held = annotations[VAULT_SOURCE] === source ? Number(annotations[VAULT_VERSION]) : Number.NaN;
      const output = {
        namespace: target.namespace,
        name: target.name,
        mount,
        path,
        vault_version: secret.version,
        previous_vault_version: Number.isInteger(held) ? held : null,
        keys: Object.keys(secret.data).sort(),
      };
      const data: Record<string, string | null> = Object.fromEntries(
        Object.keys(current.data ?? {}).map((key) => [key, null]),
      );
      for (const [key, value] of Object.entries(secret.data))
        data[key] = Buffer.from(value).toString('base64');
      const body = {
        data,
        metadata: {
          annotations: {
            [VAULT_SOURCE]: source,
            [VAULT_VERSION]: String(secret.version),
            [CALL_KEY]: ctx.idempotencyKey,
            [CALL_OUTPUT]: JSON.stringify(output),
          },
        },
      };
      await this.#core.patchNamespacedSecret(
        { ...target, body },
        this.#options(ctx, true, PatchStrategy.MergePatch),
      );
      return { output };
    });
  }

  /** Polls until every desired replica is updated and ready; running out of time fails the step. */
  async #waitReady(target: Target, timeoutMs: number, ctx: CallContext): Promise<ToolResult> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      ctx.heartbeat();
      const status = deploymentStatus(
        await this.#guard(ctx, () => this.#api.readNamespacedDeployment(target, this.#options(ctx, false))),
      ) as { desired_replicas: number; ready_replicas: number; updated_replicas: number };
      const { desired_replicas: desired, ready_replicas: ready } = status;
      if (ready >= desired && status.updated_replicas >= desired) return { output: status };
      if (Date.now() + this.#pollIntervalMs > deadline) {
        throw new ConnectorError(
          'timeout',
          `${target.namespace}/${target.name}: ${ready}/${desired} replicas ready after ${timeoutMs / 1000} s`,
        );
      }
      await sleep(this.#pollIntervalMs, undefined, { signal: ctx.signal }).catch(() => {
        throw new ConnectorError('cancelled', 'kubernetes: the wait was cancelled');
      });
    }
  }

  #scale(target: Target, replicas: number, ctx: CallContext): Promise<ToolResult> {
    return this.#mutate(target, ctx, (current) => scaleChange(current, replicas));
  }

  /** `kubectl rollout undo`: put the template of an earlier ReplicaSet revision back on the deployment. */
  #rolloutUndo(target: Target, revision: number | undefined, ctx: CallContext): Promise<ToolResult> {
    return this.#mutate(target, ctx, (current) => this.#undoChange(target, current, revision, ctx));
  }

  #restartChange(): Change {
    // RFC 3339 to the second, as kubectl writes it.
    const restartedAt = this.#clock
      .now()
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z');
    return {
      output: { restarted_at: restartedAt },
      patch: { spec: { template: { metadata: { annotations: { [RESTARTED_AT]: restartedAt } } } } },
    };
  }

  async #undoChange(
    target: Target,
    current: V1Deployment,
    revision: number | undefined,
    ctx: CallContext,
  ): Promise<Change> {
    const currentRevision = revisionOf(current);
    const list = await this.#api.listNamespacedReplicaSet(
      { namespace: target.namespace, labelSelector: selectorOf(current) },
      this.#options(ctx, false),
    );
    const owned = list.items.filter((rs) =>
      rs.metadata?.ownerReferences?.some((ref) => ref.uid === current.metadata?.uid),
    );
    const chosen = pickRevision(owned, currentRevision, revision);
    if (!chosen) {
      const wanted = revision === undefined ? 'an earlier revision' : `revision ${revision}`;
      throw new ConnectorError(
        'not_found',
        `${target.namespace}/${target.name} has no ${wanted} to roll back to`,
      );
    }
    return {
      output: { previous_revision: currentRevision, revision: revisionOf(chosen) },
      patch: { spec: { template: templateFor(chosen) } },
      // A merge patch would keep fields the old template lacks; kubectl replaces the template whole.
      replaceTemplate: true,
    };
  }

  /**
   * Reads the deployment; returns the recorded output if this key already acted; otherwise applies the change
   * and its record in one patch.
   */
  async #mutate(
    target: Target,
    ctx: CallContext,
    change: (current: V1Deployment) => Change | Promise<Change>,
  ): Promise<ToolResult> {
    return this.#guard(ctx, async () => {
      const current = await this.#api.readNamespacedDeployment(target, this.#options(ctx, false));
      const annotations = current.metadata?.annotations ?? {};
      if (annotations[CALL_KEY] === ctx.idempotencyKey && annotations[CALL_OUTPUT]) {
        return { output: JSON.parse(annotations[CALL_OUTPUT]) as Output };
      }
      const { output, patch, replaceTemplate } = await change(current);
      const record = { [CALL_KEY]: ctx.idempotencyKey, [CALL_OUTPUT]: JSON.stringify(output) };
      const body = replaceTemplate
        ? [
            { op: 'replace', path: '/spec/template', value: patch.spec.template },
            { op: 'add', path: '/metadata/annotations', value: { ...annotations, ...record } },
          ]
        : { ...patch, metadata: { annotations: record } };
      const strategy = replaceTemplate ? PatchStrategy.JsonPatch : PatchStrategy.MergePatch;
      await this.#api.patchNamespacedDeployment({ ...target, body }, this.#options(ctx, true, strategy));
      return { output };
    });
  }

  /** Per-request options: the engine's signal with a timeout, and on mutations the key and patch type. */
  #options(ctx: CallContext, mutating: boolean, strategy?: PatchStrategy): ConfigurationOptions {
    const signal = callSignal(ctx.signal, this.#timeoutMs);
    const middleware: ObservableMiddleware = {
      pre: (request: RequestContext) => {
        request.setSignal(signal);
        if (mutating) request.setHeaderParam('Idempotency-Key', ctx.idempotencyKey);
        if (strategy) request.setHeaderParam('Content-Type', strategy);
        return new Observable(Promise.resolve(request));
      },
      post: (response: ResponseContext) => new Observable(Promise.resolve(response)),
    };
    return { middleware: [middleware], middlewareMergeStrategy: 'append' };
  }

  async #guard<T>(ctx: CallContext, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (error instanceof ApiException)
        throw errorForStatus('kubernetes', error.code, statusMessage(error.body));
      throw errorForTransport('kubernetes', error, ctx.signal);
    }
  }
}

const scaleChange = (current: V1Deployment, replicas: number): Change => ({
  output: { previous_replicas: current.spec?.replicas ?? 1, replicas },
  patch: { spec: { replicas } },
});

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

interface Change {
  output: Output;
  patch: { spec: { replicas?: number; template?: V1PodTemplateSpec } };
  replaceTemplate?: boolean;
}

function statusMessage(body: unknown): string {
  const parsed = typeof body === 'string' ? safeJson(body) : body;
  const message = (parsed as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' ? message : String(body ?? '').slice(0, 200);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const secretTarget = (input: Output): Target => ({
  namespace: str(input, 'namespace'),
  name: str(input, 'name'),
});

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

function selectorOf(deployment: V1Deployment): string {
  const labels = deployment.spec?.selector.matchLabels ?? {};
  return Object.entries(labels)
    .map(([key, value]) => `${key}=${value}`)
    .join(',');
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
