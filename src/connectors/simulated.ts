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
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { V1Deployment, V1ReplicaSet } from '@kubernetes/client-node';
import { type Clock, systemClock } from '../core/clock.ts';
import type { EvidenceRequirement } from '../plans/plan-schema.ts';
import { type ArgoApplication, applicationSummary, syncOutput } from './argocd.ts';
import {
  type CallContext,
  type Connector,
  ConnectorError,
  type EvidenceResult,
  type ToolResult,
} from './connector.ts';
import { unknownTool } from './errors.ts';
import { int, optInt, optStr, str } from './input.ts';
import {
  deploymentStatus,
  parseDeploymentQuery,
  pickRevision,
  RESTARTED_AT,
  REVISION,
  revisionOf,
  templateFor,
} from './kubernetes.ts';

export interface SimulatedOptions {
  /** Added to every call, to look like a network in benchmarks (default 5 ms; 0 for none). */
  latencyMs?: number;
  clock?: Clock;
  deployments?: readonly { namespace: string; name: string; replicas: number }[];
  applications?: readonly { name: string; revision: string }[];
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
  { namespace: 'shop', name: 'payments-broken', replicas: 2 },
];
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
    'argocd.sync',
    'argocd.rollback',
    'prometheus.query',
    'prometheus.query_range',
  ] as const;
  readonly evidence = ['k8s', 'argocd', 'promql'] as const;
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
      this.#addDeployment(d.namespace, d.name, d.replicas);
    for (const a of options.applications ?? DEFAULT_APPLICATIONS) this.#addApplication(a.name, a.revision);
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
      case 'prometheus.query':
        return { output: this.#instant(optStr(input, 'time')) };
      case 'prometheus.query_range':
        return { output: this.#range(str(input, 'start'), str(input, 'end'), str(input, 'step')) };
      default:
        throw unknownTool(this.name, tool);
    }
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

  #addDeployment(namespace: string, name: string, replicas: number): void {
    const deployment: V1Deployment = {
      metadata: { namespace, name, uid: `sim-${namespace}-${name}`, annotations: {} },
      spec: {
        replicas,
        selector: { matchLabels: { app: name } },
        template: {
          metadata: { labels: { app: name } },
          spec: { containers: [{ name, image: `${name}:1.0.0` }] },
        },
      },
    };
    this.#deployments.set(`${namespace}/${name}`, deployment);
    this.#replicaSets.set(`${namespace}/${name}`, []);
    this.#newReplicaSet(deployment);
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
