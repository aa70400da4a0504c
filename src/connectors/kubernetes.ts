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
import {
  deploymentChanges,
  deploymentStatus,
  kubernetesTools,
  parseDeploymentQuery,
  pickRevision,
  RESTARTED_AT,
  REVISION,
  revisionOf,
  type Target,
  templateFor,
} from './deployments.ts';
import { callSignal, errorForStatus, errorForTransport, unknownTool } from './errors.ts';
import {
  type HelmApi,
  type HelmBinary,
  helmHistory,
  helmRollback,
  helmUpgrade,
  type ManifestObject,
  planRollback,
} from './helm.ts';
import { int, optInt, str } from './input.ts';
import type { SecretSource } from './vault.ts';

// Re-exported: they lived here before deployments.ts, which loads without the Kubernetes client.
export {
  deploymentChanges,
  deploymentStatus,
  parseDeploymentQuery,
  pickRevision,
  RESTARTED_AT,
  REVISION,
  revisionOf,
  templateFor,
};
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
  /** The Helm binary `helm.upgrade` runs (default `helm` on the PATH, with no cluster credentials). */
  helm?: HelmBinary;
}

/** On a Secret: the Vault secret (`mount/path`) and version its data came from. */
export const VAULT_SOURCE = 'warrant.dev/vault-source';
export const VAULT_VERSION = 'warrant.dev/vault-version';

type Output = Record<string, unknown>;
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
  readonly #helm: HelmBinary;

  constructor(options: KubernetesOptions) {
    this.#api = options.kubeConfig.makeApiClient(AppsV1Api);
    this.#core = options.kubeConfig.makeApiClient(CoreV1Api);
    this.#secrets = options.secrets;
    this.tools = kubernetesTools(options.secrets !== undefined);
    this.#clock = options.clock ?? systemClock;
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    this.#pollIntervalMs = options.pollIntervalMs ?? 2_000;
    this.#helm = options.helm ?? { path: 'helm', env: { PATH: process.env.PATH ?? '' } };
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
    if (tool.startsWith('helm.')) return this.#helmCall(tool, input, ctx);
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
    if (tool === 'helm.rollback' || tool === 'helm.upgrade') {
      // Helm's own undo: roll back to the revision deployed before the call.
      const previous = output.previous_revision;
      if (!Number.isInteger(previous))
        throw new ConnectorError('not_undoable', 'no previous_revision recorded');
      const [namespace, release] = [str(input, 'namespace'), str(input, 'release')];
      return this.#guard(ctx, async () => ({
        output: await helmRollback(
          this.#helmApi(ctx),
          namespace,
          release,
          previous as number,
          ctx.idempotencyKey,
          this.#now(),
        ),
      }));
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
    if (tool === 'helm.history') return { method: 'read_only', changes: [] };
    if (tool === 'helm.rollback' || tool === 'helm.upgrade') return this.#helmPreview(tool, input, ctx);
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

  async #helmCall(tool: string, input: Output, ctx: CallContext): Promise<ToolResult> {
    const [namespace, release] = [str(input, 'namespace'), str(input, 'release')];
    const api = this.#helmApi(ctx);
    return this.#guard(ctx, async () => {
      switch (tool) {
        case 'helm.history':
          return { output: { namespace, release, revisions: await helmHistory(api, namespace, release) } };
        case 'helm.rollback': {
          const revision = optInt(input, 'revision');
          return {
            output: await helmRollback(api, namespace, release, revision, ctx.idempotencyKey, this.#now()),
          };
        }
        case 'helm.upgrade': {
          const upgrade = {
            namespace,
            release,
            chart: str(input, 'chart'),
            version: input.version as string | undefined,
            values: input.values as Record<string, string> | undefined,
          };
          return {
            output: await helmUpgrade(
              api,
              this.#helm,
              upgrade,
              ctx.idempotencyKey,
              callSignal(ctx.signal, this.#timeoutMs),
            ),
          };
        }
        default:
          throw unknownTool(this.name, tool);
      }
    });
  }

  /** A rollback: the revision and each object it puts back; an upgrade: the chart and values it sets. */
  async #helmPreview(tool: string, input: Output, ctx: CallContext): Promise<ToolPreview> {
    const [namespace, release] = [str(input, 'namespace'), str(input, 'release')];
    const resource = `helm_release/${namespace}/${release}`;
    return this.#guard(ctx, async () => {
      if (tool === 'helm.upgrade') {
        const { current } = await planRollback(this.#helmApi(ctx), namespace, release, undefined).catch(
          () => ({ current: undefined }),
        );
        const meta = current?.chart?.metadata;
        const values = (input.values ?? {}) as Record<string, unknown>;
        return {
          method: 'computed',
          changes: [
            {
              resource,
              field: 'chart',
              before: meta ? `${meta.name}-${meta.version}` : null,
              after: `${str(input, 'chart')}${input.version ? `@${String(input.version)}` : ''}`,
            },
            ...Object.entries(values).map(([name, value]) => ({
              resource,
              field: `value ${name}`,
              before: null,
              after: value,
            })),
          ],
          notes: ['the chart is rendered by the Helm binary when the step runs'],
        };
      }
      const plan = await planRollback(this.#helmApi(ctx), namespace, release, optInt(input, 'revision'));
      return {
        method: 'computed',
        changes: [
          { resource, field: 'revision deployed', before: plan.current.version, after: plan.target.version },
          ...(await this.#manifestChanges(plan.apply, plan.current.version, plan.target.version, ctx)),
          ...plan.remove.map((o) => ({
            resource: `${o.kind.toLowerCase()}/${o.metadata.namespace}/${o.metadata.name}`,
            field: 'exists',
            before: true,
            after: false,
          })),
        ],
      };
    });
  }

  /** A Deployment's replicas and images as they are and as the manifest has them; other kinds by revision. */
  async #manifestChanges(
    objects: readonly ManifestObject[],
    from: number,
    to: number,
    ctx: CallContext,
  ): Promise<StateChange[]> {
    const changes: StateChange[] = [];
    for (const o of objects) {
      const resource = `${o.kind.toLowerCase()}/${o.metadata.namespace}/${o.metadata.name}`;
      if (o.kind !== 'Deployment') {
        changes.push({ resource, field: 'manifest', before: `revision ${from}`, after: `revision ${to}` });
        continue;
      }
      const live = await this.#api
        .readNamespacedDeployment(o.metadata, this.#options(ctx, false))
        .catch((error: unknown) => {
          if (error instanceof ApiException && error.code === 404) return undefined;
          throw error;
        });
      if (live) changes.push(...deploymentChanges(live, o as V1Deployment));
      else changes.push({ resource, field: 'exists', before: false, after: true });
    }
    return changes;
  }

  #helmApi(ctx: CallContext): HelmApi {
    return {
      core: this.#core,
      apps: this.#api,
      options: (key, patch) => this.#options(ctx, key !== undefined, patch, key),
    };
  }

  #now(): string {
    return this.#clock.now().toISOString();
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
  #options(
    ctx: CallContext,
    mutating: boolean,
    strategy?: PatchStrategy,
    key = ctx.idempotencyKey,
  ): ConfigurationOptions {
    const signal = callSignal(ctx.signal, this.#timeoutMs);
    const middleware: ObservableMiddleware = {
      pre: (request: RequestContext) => {
        request.setSignal(signal);
        if (mutating) request.setHeaderParam('Idempotency-Key', key);
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

function selectorOf(deployment: V1Deployment): string {
  const labels = deployment.spec?.selector.matchLabels ?? {};
  return Object.entries(labels)
    .map(([key, value]) => `${key}=${value}`)
    .join(',');
}
