/**
 * Argo CD through its REST API (bearer token): sync with undo by rollback to the history entry from before
 * the sync, rollback, a wait for the application to turn Healthy (inside a sync, or as its own step so a
 * Degraded result fails a later step and the sync is rolled back), Helm parameters of the application's
 * spec with undo to the previous ones, and `argocd` evidence.
 *
 * Argo CD ignores `Idempotency-Key`, so a sync also carries the key and the prior history id as operation
 * infos; a retried call finds them on the application's last operation and does not sync again.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { V1Deployment } from '@kubernetes/client-node';
import type { EvidenceRequirement } from '../plans/plan-schema.ts';
import type { ObservedGraph } from '../policy/context-sources.ts';
import { REDACTED } from '../redaction/redact.ts';
import { applicationShape } from './application-shape.ts';
import {
  type CallContext,
  type Connector,
  ConnectorError,
  type EvidenceResult,
  type StateChange,
  type ToolPreview,
  type ToolResult,
} from './connector.ts';
import { deploymentChanges } from './deployments.ts';
import { unknownTool } from './errors.ts';
import { int, optInt, optStr, str } from './input.ts';
import { JsonApi } from './json-api.ts';

/** The parts of Argo CD's v1alpha1.Application that Warrant reads. */
export interface ArgoApplication {
  metadata: { name: string; annotations?: Record<string, string>; labels?: Record<string, string> };
  spec?: {
    source?: {
      repoURL?: string;
      path?: string;
      targetRevision?: string;
      helm?: { parameters?: HelmParameter[] };
    };
    destination?: { server?: string; namespace?: string; name?: string };
    project?: string;
  };
  status?: {
    health?: { status?: string; message?: string };
    sync?: { status?: string; revision?: string };
    history?: { id: number; revision?: string; deployedAt?: string }[];
    operationState?: {
      phase?: string;
      message?: string;
      operation?: { info?: { name: string; value: string }[]; sync?: { revision?: string } };
    };
  };
}

export interface ArgoCdOptions {
  addr: string;
  token?: string;
  timeoutMs?: number;
  /** How long a sync or rollback may take to turn Healthy (default 5 minutes). */
  waitTimeoutMs?: number;
  pollIntervalMs?: number;
}

export interface HelmParameter {
  name: string;
  value: string;
}

export const CALL_KEY_INFO = 'warrant-call-key';
/** Where a Helm change records its key and output on the application, in the same patch as the change. */
export const CALL_KEY_ANNOTATION = 'warrant.dev/call-key';
export const CALL_OUTPUT_ANNOTATION = 'warrant.dev/call-output';
export const PREVIOUS_ID_INFO = 'warrant-previous-history-id';

type Output = Record<string, unknown>;

export class ArgoCdConnector implements Connector {
  readonly name = 'argocd';
  readonly tools = [
    'argocd.sync',
    'argocd.rollback',
    'argocd.wait_healthy',
    'argocd.set_helm_values',
  ] as const;
  readonly evidence = ['argocd'] as const;
  readonly #api: JsonApi;
  readonly #waitTimeoutMs: number;
  readonly #pollIntervalMs: number;

  constructor(options: ArgoCdOptions) {
    this.#api = new JsonApi({
      system: 'argocd',
      baseUrl: options.addr,
      token: options.token,
      timeoutMs: options.timeoutMs,
    });
    this.#waitTimeoutMs = options.waitTimeoutMs ?? 300_000;
    this.#pollIntervalMs = options.pollIntervalMs ?? 2_000;
  }

  /** The applications, shaped for the context graph (application-shape.ts). */
  async observe(signal: AbortSignal): Promise<ObservedGraph> {
    const ctx: CallContext = { idempotencyKey: '', signal, heartbeat() {} };
    const list = await this.#api.request<{ items: ArgoApplication[] | null }>(
      { path: '/api/v1/applications' },
      ctx,
    );
    return applicationShape(this.name, list.items ?? []);
  }

  async call(tool: string, input: Output, ctx: CallContext): Promise<ToolResult> {
    const name = str(input, 'application');
    if (tool === 'argocd.sync') return this.#sync(name, optStr(input, 'revision'), input.wait !== false, ctx);
    if (tool === 'argocd.rollback') return this.#rollback(name, int(input, 'id'), ctx);
    if (tool === 'argocd.wait_healthy') {
      const timeout = optInt(input, 'timeout_seconds');
      const app = await this.waitHealthy(name, ctx, timeout === undefined ? undefined : timeout * 1000);
      return { output: syncOutput(app), link: this.#link(name) };
    }
    if (tool === 'argocd.set_helm_values') return this.#setHelmValues(name, input.values as HelmValues, ctx);
    throw unknownTool(this.name, tool);
  }

  async undo(tool: string, input: Output, output: Output, ctx: CallContext): Promise<ToolResult> {
    if (tool === 'argocd.set_helm_values')
      return this.#restoreHelmValues(str(input, 'application'), output, ctx);
    const previous = output.previous_history_id;
    if (tool !== 'argocd.sync' || !Number.isInteger(previous)) {
      throw new ConnectorError('not_undoable', `${tool} has no earlier history entry to roll back to`);
    }
    return this.#rollback(str(input, 'application'), previous as number, ctx);
  }

  /**
   * The application read now, and what the tool would change on it (see applicationPreview). A sync to the
   * application's own target also lists Argo CD's diff: each managed resource whose live state differs from
   * the one rendered from Git (managed-resources; reads only).
   */
  async preview(tool: string, input: Output, ctx: CallContext): Promise<ToolPreview> {
    const name = str(input, 'application');
    const preview = applicationPreview(await this.#get(name, ctx), tool, input);
    if (tool !== 'argocd.sync' || input.revision !== undefined) return preview;
    try {
      const { items } = await this.#api.request<{ items?: ManagedResource[] }>(
        { path: `/api/v1/applications/${encodeURIComponent(name)}/managed-resources` },
        ctx,
      );
      return { ...preview, changes: [...preview.changes, ...managedResourceChanges(items ?? [])] };
    } catch (error) {
      const notes = [
        ...(preview.notes ?? []),
        `Argo CD's diff could not be read: ${(error as Error).message}`,
      ];
      return { ...preview, notes };
    }
  }

  async collect(requirement: EvidenceRequirement, ctx: CallContext): Promise<EvidenceResult> {
    const app = await this.#get(requirement.query, ctx);
    return { result: applicationSummary(app), link: this.#link(requirement.query) };
  }

  /** Polls until Healthy and Synced; Degraded fails at once, and so does running out of time. */
  async waitHealthy(
    name: string,
    ctx: CallContext,
    timeoutMs = this.#waitTimeoutMs,
  ): Promise<ArgoApplication> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      ctx.heartbeat();
      const app = await this.#get(name, ctx);
      const health = app.status?.health?.status;
      if (health === 'Degraded') {
        const why = app.status?.health?.message ?? app.status?.operationState?.message;
        throw new ConnectorError(
          'degraded',
          `argocd application ${name} is Degraded${why ? `: ${why}` : ''}`,
        );
      }
      const operationDone = app.status?.operationState?.phase !== 'Running';
      if (health === 'Healthy' && app.status?.sync?.status === 'Synced' && operationDone) return app;
      if (Date.now() + this.#pollIntervalMs > deadline) {
        throw new ConnectorError(
          'timeout',
          `argocd application ${name} is still ${health ?? 'unknown'} after the wait`,
        );
      }
      await sleep(this.#pollIntervalMs, undefined, { signal: ctx.signal }).catch(() => {
        throw new ConnectorError('cancelled', 'argocd: the wait was cancelled');
      });
    }
  }

  async #sync(
    name: string,
    revision: string | undefined,
    wait: boolean,
    ctx: CallContext,
  ): Promise<ToolResult> {
    const before = await this.#get(name, ctx);
    const infos = before.status?.operationState?.operation?.info ?? [];
    let previous: number | null;
    if (infos.some((i) => i.name === CALL_KEY_INFO && i.value === ctx.idempotencyKey)) {
      const recorded = infos.find((i) => i.name === PREVIOUS_ID_INFO)?.value;
      previous = recorded ? Number(recorded) : null;
    } else {
      previous = lastHistoryId(before);
      await this.#api.request(
        {
          method: 'POST',
          path: `/api/v1/applications/${encodeURIComponent(name)}/sync`,
          body: {
            revision,
            prune: false,
            infos: [
              { name: CALL_KEY_INFO, value: ctx.idempotencyKey },
              { name: PREVIOUS_ID_INFO, value: previous === null ? '' : String(previous) },
            ],
          },
        },
        ctx,
      );
    }
    const after = wait ? await this.waitHealthy(name, ctx) : await this.#get(name, ctx);
    return { output: { ...syncOutput(after), previous_history_id: previous }, link: this.#link(name) };
  }

  /** Sets Helm parameters (helm --set names) on the application's spec; the sync that follows deploys them. */
  async #setHelmValues(name: string, values: HelmValues, ctx: CallContext): Promise<ToolResult> {
    const app = await this.#get(name, ctx);
    const annotations = app.metadata.annotations ?? {};
    if (annotations[CALL_KEY_ANNOTATION] === ctx.idempotencyKey && annotations[CALL_OUTPUT_ANNOTATION]) {
      return { output: JSON.parse(annotations[CALL_OUTPUT_ANNOTATION]) as Output, link: this.#link(name) };
    }
    const previous = app.spec?.source?.helm?.parameters ?? [];
    const output = {
      application: name,
      previous_parameters: previous,
      parameters: mergeHelmParameters(previous, values),
    };
    await this.#patchParameters(name, output.parameters, ctx, {
      [CALL_KEY_ANNOTATION]: ctx.idempotencyKey,
      [CALL_OUTPUT_ANNOTATION]: JSON.stringify(output),
    });
    return { output, link: this.#link(name) };
  }

  async #restoreHelmValues(name: string, output: Output, ctx: CallContext): Promise<ToolResult> {
    const previous = output.previous_parameters as HelmParameter[] | undefined;
    // The stored output is redacted: a parameter that looked like a secret cannot be put back from it.
    if (!Array.isArray(previous) || previous.some((p) => p.value === REDACTED)) {
      throw new ConnectorError(
        'not_undoable',
        `the previous Helm parameters of ${name} are not known in full`,
      );
    }
    await this.#patchParameters(name, previous, ctx);
    return { output: { application: name, parameters: previous }, link: this.#link(name) };
  }

  /** Argo CD's ApplicationPatchRequest: a JSON merge patch, sent as a string. Arrays are replaced whole. */
  async #patchParameters(
    name: string,
    parameters: HelmParameter[],
    ctx: CallContext,
    annotations?: Record<string, string>,
  ): Promise<void> {
    const patch = {
      ...(annotations ? { metadata: { annotations } } : {}),
      spec: { source: { helm: { parameters } } },
    };
    await this.#api.request(
      {
        method: 'PATCH',
        path: `/api/v1/applications/${encodeURIComponent(name)}`,
        body: { name, patchType: 'merge', patch: JSON.stringify(patch) },
      },
      ctx,
    );
  }

  async #rollback(name: string, id: number, ctx: CallContext): Promise<ToolResult> {
    await this.#api.request(
      { method: 'POST', path: `/api/v1/applications/${encodeURIComponent(name)}/rollback`, body: { id } },
      ctx,
    );
    const after = await this.waitHealthy(name, ctx);
    return { output: { ...syncOutput(after), rolled_back_to: id }, link: this.#link(name) };
  }

  #get(name: string, ctx: CallContext): Promise<ArgoApplication> {
    return this.#api.request<ArgoApplication>(
      { path: `/api/v1/applications/${encodeURIComponent(name)}` },
      ctx,
    );
  }

  #link(name: string): string {
    return `${this.#api.baseUrl}/applications/${encodeURIComponent(name)}`;
  }
}

type HelmValues = Record<string, string | number | boolean>;

/** An item of Argo CD's managed-resources answer: live and target states as JSON text ("null" when absent). */
interface ManagedResource {
  kind: string;
  namespace?: string;
  name: string;
  liveState?: string;
  targetState?: string;
}

/**
 * What a sync would change, from Argo CD's diff: a resource to create, and for a Deployment its replicas and
 * images; any other resource whose spec differs is named. Secrets are named, never shown.
 */
export function managedResourceChanges(items: readonly ManagedResource[]): StateChange[] {
  const changes: StateChange[] = [];
  for (const item of items) {
    const live = parseState(item.liveState);
    const target = parseState(item.targetState);
    const resource = `${item.kind.toLowerCase()}/${item.namespace ? `${item.namespace}/` : ''}${item.name}`;
    if (target === null) continue; // Not in Git: a sync without prune leaves it.
    if (live === null) {
      changes.push({ resource, field: 'exists', before: false, after: true });
    } else if (item.kind === 'Deployment') {
      changes.push(...deploymentChanges(live as V1Deployment, target as V1Deployment));
    } else if (item.kind !== 'Secret' && JSON.stringify(live.spec) !== JSON.stringify(target.spec)) {
      changes.push({ resource, field: 'spec', before: 'as live', after: 'as in Git' });
    }
  }
  return changes;
}

function parseState(text: string | undefined): Record<string, unknown> | null {
  if (!text) return null;
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/**
 * What an Argo CD tool would change on `app`, from the application as read now: for a sync, the deployed
 * revision against the target (Argo CD's own resource diff is not asked for); for a rollback, the history
 * entry's revision; for Helm values, each parameter before and after. A wait changes nothing.
 */
export function applicationPreview(app: ArgoApplication, tool: string, input: Output): ToolPreview {
  const name = app.metadata.name;
  const resource = `application/${name}`;
  const current = app.status?.sync?.revision ?? null;
  const health = app.status?.health?.status ?? 'Unknown';
  const revisionChange = (after: string) =>
    after === current ? [] : [{ resource, field: 'revision', before: current, after }];
  switch (tool) {
    case 'argocd.sync': {
      const target = optStr(input, 'revision');
      return {
        method: 'computed',
        changes: target === undefined ? [] : revisionChange(target),
        notes: [
          target === undefined
            ? `syncs ${name} to its target revision (deployed now: ${current ?? 'none'}; health ${health})`
            : `syncs ${name} (health now ${health})`,
        ],
      };
    }
    case 'argocd.rollback': {
      const id = int(input, 'id');
      const entry = app.status?.history?.find((h) => h.id === id);
      if (!entry?.revision)
        throw new ConnectorError('not_found', `application ${name} has no history entry ${id}`);
      return { method: 'computed', changes: revisionChange(entry.revision) };
    }
    case 'argocd.set_helm_values': {
      const values = input.values as HelmValues;
      const previous = app.spec?.source?.helm?.parameters ?? [];
      const merged = mergeHelmParameters(previous, values ?? {});
      return {
        method: 'computed',
        changes: merged
          .map((p) => ({
            resource,
            field: `helm ${p.name}`,
            before: previous.find((q) => q.name === p.name)?.value ?? null,
            after: p.value,
          }))
          .filter((c) => c.before !== c.after),
        notes: ['takes effect at the next sync'],
      };
    }
    case 'argocd.wait_healthy':
      return {
        method: 'read_only',
        changes: [],
        notes: [`waits until ${name} is Healthy and Synced (now ${health})`],
      };
    default:
      throw unknownTool('argocd', tool);
  }
}

/** The parameters with `values` set: existing names replaced in place, new ones appended. */
export function mergeHelmParameters(previous: readonly HelmParameter[], values: HelmValues): HelmParameter[] {
  const merged = previous.map((p) =>
    Object.hasOwn(values, p.name) ? { name: p.name, value: String(values[p.name]) } : p,
  );
  for (const [name, value] of Object.entries(values)) {
    if (!previous.some((p) => p.name === name)) merged.push({ name, value: String(value) });
  }
  return merged;
}

function lastHistoryId(app: ArgoApplication): number | null {
  const ids = (app.status?.history ?? []).map((h) => h.id);
  return ids.length > 0 ? Math.max(...ids) : null;
}

/** What a sync or rollback reports, shared with the simulated cluster. */
export function syncOutput(app: ArgoApplication): Output {
  return {
    application: app.metadata.name,
    revision: app.status?.sync?.revision ?? null,
    health: app.status?.health?.status ?? 'Unknown',
    sync_status: app.status?.sync?.status ?? 'Unknown',
  };
}

/** The `argocd` evidence body, shared with the simulated cluster. */
export function applicationSummary(app: ArgoApplication): Output {
  return {
    ...syncOutput(app),
    health_message: app.status?.health?.message ?? null,
    operation_phase: app.status?.operationState?.phase ?? null,
    history: (app.status?.history ?? []).map((h) => ({
      id: h.id,
      revision: h.revision ?? null,
      deployed_at: h.deployedAt ?? null,
    })),
  };
}
