/**
 * A simulated cluster in process, for the demo and the benchmarks: deployments with ReplicaSet revisions, Argo
 * CD applications with history, and an error-rate series, behind the k8s.*, argocd.* and prometheus.* tools
 * and the k8s, argocd and promql evidence, with the real connectors' outputs (their summaries are reused).
 *
 * Deterministic, with the clock injectable. A repeated idempotency key returns the first outcome without a
 * second effect. Failures to script: a deployment or application whose name ends in `-broken` never becomes
 * healthy (k8s tools apply their change and then fail with `rollout_failed`, as `kubectl rollout status`
 * would; argocd.sync fails with `degraded`), and `failOn` fails the nth call of a tool before it acts.
 * Rolling back (k8s.rollout_undo, argocd.rollback) brings the error rate down to its healthy level.
 *
 * It also serves what the built-in playbooks use, so each completes on the demo: k8s.wait_ready (a `-broken`
 * deployment times out at once), argocd.wait_healthy and argocd.set_helm_values, a Vault KV v2 store in memory
 * (vault.kv_put with generated values, k8s.update_secret_from_vault on the Secrets it holds), traceql evidence
 * (no matching traces), and `preview`: each tool's before and after on its own state, changing nothing.
 */
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { V1Deployment, V1ReplicaSet } from '@kubernetes/client-node';
import { type Clock, systemClock } from '../core/clock.ts';
import type { EvidenceRequirement } from '../plans/plan-schema.ts';
import type { ObservedGraph } from '../policy/context-sources.ts';
import { DATA_REF } from '../policy/tool-catalog.ts';
import {
  type ArgoApplication,
  applicationPreview,
  applicationSummary,
  type HelmParameter,
  mergeHelmParameters,
  syncOutput,
} from './argocd.ts';
import { clusterShape } from './cluster-shape.ts';
import {
  type CallContext,
  type Connector,
  ConnectorError,
  type EvidenceResult,
  type ToolPreview,
  type ToolResult,
} from './connector.ts';
import {
  deploymentChanges,
  deploymentStatus,
  parseDeploymentQuery,
  pickRevision,
  RESTARTED_AT,
  REVISION,
  revisionOf,
  templateFor,
} from './deployments.ts';
import { unknownTool } from './errors.ts';
import { int, optInt, optStr, str } from './input.ts';

export interface SimulatedOptions {
  /** Added to every call, to look like a network in benchmarks (default 5 ms; 0 for none). */
  latencyMs?: number;
  clock?: Clock;
  /** `images`: the releases so far, oldest first, each a revision (default: one, `<name>:1.0.0`). */
  deployments?: readonly { namespace: string; name: string; replicas: number; images?: readonly string[] }[];
  applications?: readonly { name: string; revision: string }[];
  /** Kubernetes Secrets (`namespace/name`) that k8s.update_secret_from_vault may set. */
  secrets?: readonly string[];
  /** The error rate before any rollback (default 0.12, an incident); after one it is `healthyErrorRate`. */
  errorRate?: number;
  healthyErrorRate?: number;
  /** Fails the `call`-th call (1-based, default 1) of `tool`, before it acts. */
  failOn?: { tool: string; call?: number; retryable?: boolean };
}

export interface SimulatedCounters {
  /** Calls, undos and evidence collections received, replays included. */
  calls: number;
  undos: number;
  evidence: number;
  /** Changes applied to the simulated state. */
  effects: number;
  /** Calls answered from a remembered idempotency key. */
  replays: number;
  byTool: Record<string, number>;
}

type Output = Record<string, unknown>;
type Outcome = { ok: true; result: ToolResult } | { ok: false; error: unknown };

const DEFAULT_DEPLOYMENTS = [
  { namespace: 'shop', name: 'checkout', replicas: 3 },
  { namespace: 'shop', name: 'cart', replicas: 2 },
  // The bad release of the demo's story, v42 after v41: what rolling it back restores.
  { namespace: 'shop', name: 'payments-broken', replicas: 2, images: ['payments:v41', 'payments:v42'] },
];
const DEFAULT_SECRETS = ['shop/checkout-db', 'shop/payments-api'];
const DEFAULT_APPLICATIONS = [
  { name: 'checkout', revision: '4f2a9c1' },
  { name: 'payments-broken', revision: '9e1d0b7' },
];

export class SimulatedCluster implements Connector {
  readonly name = 'simulated';
  readonly tools = [
    'k8s.scale',
    'k8s.rollout_restart',
    'k8s.rollout_undo',
    'k8s.wait_ready',
    'k8s.update_secret_from_vault',
    'argocd.sync',
    'argocd.rollback',
    'argocd.wait_healthy',
    'argocd.set_helm_values',
    'vault.kv_put',
    'prometheus.query',
    'prometheus.query_range',
  ] as const;
  readonly evidence = ['k8s', 'argocd', 'promql', 'traceql'] as const;
  readonly counters: SimulatedCounters = {
    calls: 0,
    undos: 0,
    evidence: 0,
    effects: 0,
    replays: 0,
    byTool: {},
  };
  /** Effects applied per idempotency key: never more than one. */
  readonly effectsByKey = new Map<string, number>();
  errorRate: number;

  readonly #deployments = new Map<string, V1Deployment>();
  readonly #replicaSets = new Map<string, V1ReplicaSet[]>();
  readonly #apps = new Map<string, ArgoApplication>();
  /** Vault KV v2: the versions of each `mount/path`, version n at index n - 1. */
  readonly #vault = new Map<string, Record<string, string>[]>();
  /** Kubernetes Secrets by `namespace/name`: which Vault version they hold (values are never kept). */
  readonly #secrets = new Map<string, { source: string | null; version: number | null; keys: string[] }>();
  readonly #outcomes = new Map<string, Outcome>();
  readonly #latencyMs: number;
  readonly #clock: Clock;
  readonly #healthyErrorRate: number;
  readonly #failOn: SimulatedOptions['failOn'];

  constructor(options: SimulatedOptions = {}) {
    this.#latencyMs = options.latencyMs ?? 5;
    this.#clock = options.clock ?? systemClock;
    this.errorRate = options.errorRate ?? 0.12;
    this.#healthyErrorRate = options.healthyErrorRate ?? 0.002;
    this.#failOn = options.failOn;
    for (const d of options.deployments ?? DEFAULT_DEPLOYMENTS)
      this.#addDeployment(d.namespace, d.name, d.replicas, d.images);
    for (const a of options.applications ?? DEFAULT_APPLICATIONS) this.#addApplication(a.name, a.revision);
    for (const secret of options.secrets ?? DEFAULT_SECRETS)
      this.#secrets.set(secret, { source: null, version: null, keys: [] });
  }

  /** Its namespaces and deployments, shaped for the context graph as a real cluster's are (cluster-shape.ts). */
  async observe(): Promise<ObservedGraph> {
    return clusterShape(this.name, [], [...this.#deployments.values()]);
  }

  /** The deployment as the API would show it. */
  deployment(namespace: string, name: string): V1Deployment {
    const deployment = this.#deployments.get(`${namespace}/${name}`);
    if (!deployment) throw new ConnectorError('not_found', `deployment ${namespace}/${name} not found`);
    return deployment;
  }

  application(name: string): ArgoApplication {
    const app = this.#apps.get(name);
    if (!app) throw new ConnectorError('not_found', `application ${name} not found`);
    return app;
  }

  async call(tool: string, input: Output, ctx: CallContext): Promise<ToolResult> {
    this.counters.calls++;
    this.counters.byTool[tool] = (this.counters.byTool[tool] ?? 0) + 1;
    return this.#once(ctx, () => {
      const failOn = this.#failOn;
      if (failOn?.tool === tool && this.counters.byTool[tool] === (failOn.call ?? 1)) {
        throw new ConnectorError(
          'injected_failure',
          `simulated failure of ${tool}`,
          failOn.retryable ?? false,
        );
      }
      return this.#run(tool, input, ctx);
    });
  }

  async undo(tool: string, input: Output, output: Output, ctx: CallContext): Promise<ToolResult> {
    this.counters.undos++;
    return this.#once(ctx, () => {
      if (tool === 'k8s.scale' && Number.isInteger(output.previous_replicas)) {
        return this.#scale(
          str(input, 'namespace'),
          str(input, 'deployment'),
          output.previous_replicas as number,
          ctx,
        );
      }
      if (tool === 'argocd.sync' && Number.isInteger(output.previous_history_id)) {
        return this.#rollback(str(input, 'application'), output.previous_history_id as number, ctx);
      }
      if (tool === 'argocd.set_helm_values' && Array.isArray(output.previous_parameters)) {
        const app = this.application(str(input, 'application'));
        this.#effect(ctx);
        app.spec = { source: { helm: { parameters: output.previous_parameters as HelmParameter[] } } };
        return { output: { application: app.metadata.name, parameters: output.previous_parameters } };
      }
      if (tool === 'vault.kv_put' && Number.isInteger(output.previous_version)) {
        const mount = str(input, 'mount');
        const path = str(input, 'path');
        const previous = output.previous_version as number;
        const written = this.#vaultWrite(mount, path, this.#vaultRead(mount, path, previous).data, ctx);
        return { output: { mount, path, version: written.version, restored_version: previous } };
      }
      if (tool === 'k8s.update_secret_from_vault' && Number.isInteger(output.previous_vault_version)) {
        return this.#secretFromVault(input, output.previous_vault_version as number, ctx);
      }
      throw new ConnectorError('not_undoable', `${tool} cannot be undone`);
    });
  }

  async collect(requirement: EvidenceRequirement, ctx: CallContext): Promise<EvidenceResult> {
    this.counters.evidence++;
    await this.#latency(ctx);
    if (requirement.type === 'k8s') {
      const { namespace, name } = parseDeploymentQuery(requirement.query);
      return { result: deploymentStatus(this.deployment(namespace, name)) };
    }
    if (requirement.type === 'argocd')
      return { result: applicationSummary(this.application(requirement.query)) };
    if (requirement.type === 'promql') return { result: this.#instant(undefined) };
    // Tempo's search answer: the simulated services record no traces.
    if (requirement.type === 'traceql') return { result: { traces: [], metrics: { inspectedTraces: 0 } } };
    throw new ConnectorError(
      'no_connector',
      `the simulated cluster does not collect ${requirement.type} evidence`,
    );
  }

  /** Runs `act` once per idempotency key; later calls with the key get the first outcome, success or failure. */
  async #once(ctx: CallContext, act: () => ToolResult | Promise<ToolResult>): Promise<ToolResult> {
    await this.#latency(ctx);
    let outcome = this.#outcomes.get(ctx.idempotencyKey);
    if (outcome) {
      this.counters.replays++;
    } else {
      try {
        outcome = { ok: true, result: await act() };
      } catch (error) {
        outcome = { ok: false, error };
      }
      this.#outcomes.set(ctx.idempotencyKey, outcome);
    }
    if (!outcome.ok) throw outcome.error;
    return outcome.result;
  }

  #run(tool: string, input: Output, ctx: CallContext): ToolResult {
    switch (tool) {
      case 'k8s.scale':
        return this.#scale(str(input, 'namespace'), str(input, 'deployment'), int(input, 'replicas'), ctx);
      case 'k8s.rollout_restart':
        return this.#restart(str(input, 'namespace'), str(input, 'deployment'), ctx);
      case 'k8s.rollout_undo':
        return this.#rolloutUndo(
          str(input, 'namespace'),
          str(input, 'deployment'),
          optInt(input, 'revision'),
          ctx,
        );
      case 'argocd.sync':
        return this.#sync(str(input, 'application'), optStr(input, 'revision'), ctx);
      case 'argocd.rollback':
        return this.#rollback(str(input, 'application'), int(input, 'id'), ctx);
      case 'k8s.wait_ready':
        return this.#waitReady(str(input, 'namespace'), str(input, 'deployment'));
      case 'argocd.wait_healthy':
        return this.#waitHealthy(str(input, 'application'));
      case 'argocd.set_helm_values':
        return this.#setHelmValues(str(input, 'application'), input.values, ctx);
      case 'vault.kv_put':
        return this.#kvPut(str(input, 'mount'), str(input, 'path'), str(input, 'data_ref'), ctx);
      case 'k8s.update_secret_from_vault':
        return this.#secretFromVault(
          input,
          input.version === 'latest' ? undefined : int(input, 'version'),
          ctx,
        );
      case 'prometheus.query':
        return { output: this.#instant(optStr(input, 'time')) };
      case 'prometheus.query_range':
        return { output: this.#range(str(input, 'start'), str(input, 'end'), str(input, 'step')) };
      default:
        throw unknownTool(this.name, tool);
    }
  }

  /**
   * What `tool` would change, on a copy of the state: the call itself runs against a clone of this cluster
   * (nothing shared, nothing counted), and the deployment or application is compared before and after.
   */
  async preview(tool: string, input: Output, ctx: CallContext): Promise<ToolPreview> {
    await this.#latency(ctx);
    if (tool === 'prometheus.query' || tool === 'prometheus.query_range')
      return { method: 'read_only', changes: [], notes: ['reads metrics; changes nothing'] };
    if (tool.startsWith('argocd.')) {
      const app = this.application(str(input, 'application'));
      return applicationPreview(app, tool, input);
    }
    if (tool === 'vault.kv_put') {
      const versions = this.#vault.get(`${str(input, 'mount')}/${str(input, 'path')}`) ?? [];
      return {
        method: 'computed',
        changes: [
          {
            resource: `vault/${str(input, 'mount')}/${str(input, 'path')}`,
            field: 'version',
            before: versions.length > 0 ? versions.length : null,
            after: versions.length + 1,
          },
        ],
        notes: ['the new values are generated by the worker and never shown'],
      };
    }
    if (tool === 'k8s.update_secret_from_vault') {
      const key = `${str(input, 'namespace')}/${str(input, 'name')}`;
      const secret = this.#secrets.get(key);
      if (!secret) throw new ConnectorError('not_found', `secret ${key} not found`);
      const source = `${str(input, 'mount')}/${str(input, 'path')}`;
      return {
        method: 'computed',
        changes: [
          {
            resource: `secret/${key}`,
            field: `vault version (${source})`,
            before: secret.source === source ? secret.version : null,
            after: input.version === 'latest' ? 'latest' : int(input, 'version'),
          },
        ],
      };
    }
    if (!(this.tools as readonly string[]).includes(tool)) throw unknownTool(this.name, tool);
    const namespace = str(input, 'namespace');
    const name = str(input, 'deployment');
    const before = this.deployment(namespace, name);
    if (tool === 'k8s.wait_ready') {
      const status = deploymentStatus(before);
      return {
        method: 'read_only',
        changes: [],
        notes: [
          `waits until ${status.desired_replicas} replicas of ${namespace}/${name} are ready ` +
            `(${status.ready_replicas} ready now)`,
        ],
      };
    }
    const copy = this.#copy();
    try {
      copy.#run(tool, input, { ...ctx, idempotencyKey: `preview:${ctx.idempotencyKey}` });
    } catch (error) {
      // A -broken deployment takes the change and then fails to get ready: the change is still what it does.
      if (!(error instanceof ConnectorError && error.code === 'rollout_failed')) throw error;
    }
    return { method: 'computed', changes: deploymentChanges(before, copy.deployment(namespace, name)) };
  }

  /** A deep copy of the deployments, ReplicaSets and applications, for previews. */
  #copy(): SimulatedCluster {
    const copy = new SimulatedCluster({
      latencyMs: 0,
      clock: this.#clock,
      deployments: [],
      applications: [],
      secrets: [],
    });
    for (const [key, d] of this.#deployments) copy.#deployments.set(key, structuredClone(d));
    for (const [key, rs] of this.#replicaSets) copy.#replicaSets.set(key, structuredClone(rs));
    for (const [key, app] of this.#apps) copy.#apps.set(key, structuredClone(app));
    return copy;
  }

  #waitReady(namespace: string, name: string): ToolResult {
    const status = deploymentStatus(this.deployment(namespace, name)) as {
      desired_replicas: number;
      ready_replicas: number;
    };
    if (status.ready_replicas < status.desired_replicas) {
      throw new ConnectorError(
        'timeout',
        `${namespace}/${name}: ${status.ready_replicas}/${status.desired_replicas} replicas ready after the wait`,
      );
    }
    return { output: status };
  }

  #waitHealthy(name: string): ToolResult {
    const app = this.application(name);
    if (app.status?.health?.status === 'Degraded')
      throw new ConnectorError('degraded', `argocd application ${name} is Degraded`);
    return { output: syncOutput(app), link: `simulated://argocd/${name}` };
  }

  #setHelmValues(name: string, values: unknown, ctx: CallContext): ToolResult {
    if (typeof values !== 'object' || values === null || Array.isArray(values))
      throw new ConnectorError('bad_input', 'input.values must be an object of Helm values');
    const app = this.application(name);
    const previous = app.spec?.source?.helm?.parameters ?? [];
    const parameters = mergeHelmParameters(previous, values as Record<string, string>);
    this.#effect(ctx);
    app.spec = { source: { helm: { parameters } } };
    return {
      output: { application: name, previous_parameters: previous, parameters },
      link: `simulated://argocd/${name}`,
    };
  }

  /** A new KV version of generated values; the output names keys and versions, never values. */
  #kvPut(mount: string, path: string, ref: string, ctx: CallContext): ToolResult {
    if (!DATA_REF.test(ref) || !ref.startsWith('generate:')) {
      throw new ConnectorError('bad_input', 'the simulated Vault takes input.data_ref generate:<keys> only');
    }
    const data = Object.fromEntries(
      ref
        .slice('generate:'.length)
        .split(',')
        .map((key) => [key, randomBytes(32).toString('base64url')]),
    );
    const written = this.#vaultWrite(mount, path, data, ctx);
    return { output: { mount, path, ...written, keys: Object.keys(data).sort() } };
  }

  #vaultWrite(mount: string, path: string, data: Record<string, string>, ctx: CallContext) {
    this.#effect(ctx);
    const versions = this.#vault.get(`${mount}/${path}`) ?? [];
    this.#vault.set(`${mount}/${path}`, versions);
    const previous = versions.length;
    versions.push(data);
    return { version: versions.length, previous_version: previous || null };
  }

  #vaultRead(mount: string, path: string, version: number | undefined) {
    const versions = this.#vault.get(`${mount}/${path}`) ?? [];
    const wanted = version ?? versions.length;
    const data = versions[wanted - 1];
    if (!data) throw new ConnectorError('not_found', `vault ${mount}/${path} has no version ${wanted}`);
    return { data, version: wanted };
  }

  #secretFromVault(input: Output, version: number | undefined, ctx: CallContext): ToolResult {
    const namespace = str(input, 'namespace');
    const name = str(input, 'name');
    const mount = str(input, 'mount');
    const path = str(input, 'path');
    const secret = this.#secrets.get(`${namespace}/${name}`);
    if (!secret) throw new ConnectorError('not_found', `secret ${namespace}/${name} not found`);
    const read = this.#vaultRead(mount, path, version);
    const source = `${mount}/${path}`;
    const output = {
      namespace,
      name,
      mount,
      path,
      vault_version: read.version,
      previous_vault_version: secret.source === source ? secret.version : null,
      keys: Object.keys(read.data).sort(),
    };
    this.#effect(ctx);
    Object.assign(secret, { source, version: read.version, keys: output.keys });
    return { output };
  }

  #scale(namespace: string, name: string, replicas: number, ctx: CallContext): ToolResult {
    const deployment = this.deployment(namespace, name);
    const previous = deployment.spec!.replicas ?? 1;
    deployment.spec!.replicas = replicas;
    return this.#applied(deployment, { previous_replicas: previous, replicas }, ctx);
  }

  #restart(namespace: string, name: string, ctx: CallContext): ToolResult {
    const deployment = this.deployment(namespace, name);
    const restartedAt = this.#clock
      .now()
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z');
    const template = structuredClone(deployment.spec!.template);
    template.metadata = {
      ...template.metadata,
      annotations: { ...template.metadata?.annotations, [RESTARTED_AT]: restartedAt },
    };
    deployment.spec!.template = template;
    this.#newReplicaSet(deployment);
    return this.#applied(deployment, { restarted_at: restartedAt }, ctx);
  }

  #rolloutUndo(namespace: string, name: string, revision: number | undefined, ctx: CallContext): ToolResult {
    const deployment = this.deployment(namespace, name);
    const owned = this.#replicaSets.get(`${namespace}/${name}`)!;
    const current = revisionOf(deployment);
    const chosen = pickRevision(owned, current, revision);
    if (!chosen)
      throw new ConnectorError('not_found', `${namespace}/${name} has no earlier revision to roll back to`);
    const output = { previous_revision: current, revision: revisionOf(chosen) };
    deployment.spec!.template = templateFor(chosen);
    // The controller reuses the ReplicaSet and gives it the next revision number.
    this.#setRevision(deployment, chosen, Math.max(...owned.map(revisionOf)) + 1);
    this.errorRate = this.#healthyErrorRate;
    return this.#applied(deployment, output, ctx);
  }

  /** Counts the effect and settles the status; a `-broken` deployment then fails to become ready. */
  #applied(deployment: V1Deployment, output: Output, ctx: CallContext): ToolResult {
    this.#effect(ctx);
    this.#refreshStatus(deployment);
    const { namespace, name } = deployment.metadata!;
    if (name!.endsWith('-broken')) {
      throw new ConnectorError('rollout_failed', `deployment ${namespace}/${name} did not become ready`);
    }
    return { output };
  }

  #sync(name: string, revision: string | undefined, ctx: CallContext): ToolResult {
    const app = this.application(name);
    const history = app.status!.history!;
    const previous = history.length > 0 ? history.at(-1)!.id : null;
    this.#deploy(app, revision ?? app.status!.sync!.revision!, ctx);
    return {
      output: { ...syncOutput(app), previous_history_id: previous },
      link: `simulated://argocd/${name}`,
    };
  }

  #rollback(name: string, id: number, ctx: CallContext): ToolResult {
    const app = this.application(name);
    const entry = app.status!.history!.find((h) => h.id === id);
    if (!entry)
      throw new ConnectorError(
        'rejected',
        `application ${name} does not have deployment id '${id}' in history`,
      );
    this.#deploy(app, entry.revision!, ctx);
    this.errorRate = this.#healthyErrorRate;
    return { output: { ...syncOutput(app), rolled_back_to: id }, link: `simulated://argocd/${name}` };
  }

  #deploy(app: ArgoApplication, revision: string, ctx: CallContext): void {
    this.#effect(ctx);
    const status = app.status!;
    const id = (status.history!.at(-1)?.id ?? -1) + 1;
    status.history!.push({ id, revision, deployedAt: this.#clock.now().toISOString() });
    status.sync = { status: 'Synced', revision };
    status.operationState = { phase: 'Succeeded', message: 'successfully synced (all tasks run)' };
    const broken = app.metadata.name.endsWith('-broken');
    status.health = broken
      ? { status: 'Degraded', message: 'Deployment exceeded its progress deadline' }
      : { status: 'Healthy' };
    if (broken) throw new ConnectorError('degraded', `argocd application ${app.metadata.name} is Degraded`);
  }

  #instant(time: string | undefined): Output {
    const at = time === undefined ? this.#clock.now().getTime() / 1000 : seconds(time);
    return { resultType: 'vector', result: [{ metric: {}, value: [at, String(this.errorRate)] }] };
  }

  #range(start: string, end: string, step: string): Output {
    const from = seconds(start);
    const to = seconds(end);
    const every = durationSeconds(step);
    if ((to - from) / every > 11_000) {
      throw new ConnectorError(
        'rejected',
        'bad_data: exceeded maximum resolution of 11,000 points per timeseries',
      );
    }
    const values: [number, string][] = [];
    for (let t = from; t <= to; t += every) values.push([t, String(this.errorRate)]);
    return { resultType: 'matrix', result: [{ metric: {}, values }] };
  }

  #effect(ctx: CallContext): void {
    this.counters.effects++;
    this.effectsByKey.set(ctx.idempotencyKey, (this.effectsByKey.get(ctx.idempotencyKey) ?? 0) + 1);
  }

  async #latency(ctx: CallContext): Promise<void> {
    if (this.#latencyMs <= 0) return;
    await sleep(this.#latencyMs, undefined, { signal: ctx.signal }).catch(() => {
      throw new ConnectorError('cancelled', 'simulated: the call was cancelled');
    });
  }

  #addDeployment(namespace: string, name: string, replicas: number, images?: readonly string[]): void {
    const [first, ...later] = images ?? [`${name}:1.0.0`];
    const deployment: V1Deployment = {
      metadata: { namespace, name, uid: `sim-${namespace}-${name}`, annotations: {} },
      spec: {
        replicas,
        selector: { matchLabels: { app: name } },
        template: {
          metadata: { labels: { app: name } },
          spec: { containers: [{ name, image: first }] },
        },
      },
    };
    this.#deployments.set(`${namespace}/${name}`, deployment);
    this.#replicaSets.set(`${namespace}/${name}`, []);
    this.#newReplicaSet(deployment);
    for (const image of later) {
      deployment.spec!.template = structuredClone(deployment.spec!.template);
      deployment.spec!.template.spec!.containers[0]!.image = image;
      this.#newReplicaSet(deployment);
    }
    this.#refreshStatus(deployment);
  }

  #newReplicaSet(deployment: V1Deployment): void {
    const owned = this.#replicaSets.get(`${deployment.metadata!.namespace}/${deployment.metadata!.name}`)!;
    const replicaSet: V1ReplicaSet = {
      metadata: { annotations: {} },
      spec: { selector: deployment.spec!.selector, template: structuredClone(deployment.spec!.template) },
    };
    this.#setRevision(deployment, replicaSet, Math.max(0, ...owned.map(revisionOf)) + 1);
    owned.push(replicaSet);
  }

  #setRevision(deployment: V1Deployment, replicaSet: V1ReplicaSet, revision: number): void {
    replicaSet.metadata!.annotations![REVISION] = String(revision);
    deployment.metadata!.annotations![REVISION] = String(revision);
  }

  #refreshStatus(deployment: V1Deployment): void {
    const replicas = deployment.spec!.replicas ?? 1;
    const ready = deployment.metadata!.name!.endsWith('-broken') ? 0 : replicas;
    const available = ready >= replicas;
    deployment.status = {
      replicas,
      readyReplicas: ready,
      updatedReplicas: replicas,
      availableReplicas: ready,
      conditions: [
        {
          type: 'Available',
          status: available ? 'True' : 'False',
          reason: available ? 'MinimumReplicasAvailable' : 'MinimumReplicasUnavailable',
        },
        {
          type: 'Progressing',
          status: available ? 'True' : 'False',
          reason: available ? 'NewReplicaSetAvailable' : 'ProgressDeadlineExceeded',
        },
      ],
    };
  }

  #addApplication(name: string, revision: string): void {
    this.#apps.set(name, {
      metadata: { name },
      status: {
        health: { status: 'Healthy' },
        sync: { status: 'Synced', revision },
        history: [{ id: 0, revision, deployedAt: this.#clock.now().toISOString() }],
      },
    });
  }
}

/** Unix seconds or RFC 3339, as Prometheus accepts. */
function seconds(value: string): number {
  const n = Number(value);
  if (Number.isFinite(n)) return n;
  const ms = Date.parse(value);
  if (Number.isNaN(ms))
    throw new ConnectorError('rejected', `bad_data: cannot parse "${value}" to a valid timestamp`);
  return ms / 1000;
}

/** Seconds, or a Prometheus duration such as 30s, 5m, 1h. */
function durationSeconds(value: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/.exec(value);
  const units = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400 } as const;
  const result = match ? Number(match[1]) * units[(match[2] ?? 's') as keyof typeof units] : Number.NaN;
  if (!(result > 0))
    throw new ConnectorError('rejected', `bad_data: cannot parse "${value}" to a valid duration`);
  return result;
}
