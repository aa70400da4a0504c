/**
 * Argo CD through its REST API (bearer token): sync with undo by rollback to the history entry from before
 * the sync, rollback, a wait for the application to turn Healthy, and `argocd` evidence.
 *
 * Argo CD ignores `Idempotency-Key`, so a sync also carries the key and the prior history id as operation
 * infos; a retried call finds them on the application's last operation and does not sync again.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { EvidenceRequirement } from '../plans/plan-schema.ts';
import {
  type CallContext,
  type Connector,
  ConnectorError,
  type EvidenceResult,
  type ToolResult,
} from './connector.ts';
import { unknownTool } from './errors.ts';
import { int, optStr, str } from './input.ts';
import { JsonApi } from './json-api.ts';

/** The parts of Argo CD's v1alpha1.Application that Warrant reads. */
export interface ArgoApplication {
  metadata: { name: string };
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

export const CALL_KEY_INFO = 'warrant-call-key';
export const PREVIOUS_ID_INFO = 'warrant-previous-history-id';

type Output = Record<string, unknown>;

export class ArgoCdConnector implements Connector {
  readonly name = 'argocd';
  readonly tools = ['argocd.sync', 'argocd.rollback'] as const;
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

  async call(tool: string, input: Output, ctx: CallContext): Promise<ToolResult> {
    const name = str(input, 'application');
    if (tool === 'argocd.sync') return this.#sync(name, optStr(input, 'revision'), ctx);
    if (tool === 'argocd.rollback') return this.#rollback(name, int(input, 'id'), ctx);
    throw unknownTool(this.name, tool);
  }

  async undo(tool: string, input: Output, output: Output, ctx: CallContext): Promise<ToolResult> {
    const previous = output.previous_history_id;
    if (tool !== 'argocd.sync' || !Number.isInteger(previous)) {
      throw new ConnectorError('not_undoable', `${tool} has no earlier history entry to roll back to`);
    }
    return this.#rollback(str(input, 'application'), previous as number, ctx);
  }

  async collect(requirement: EvidenceRequirement, ctx: CallContext): Promise<EvidenceResult> {
    const app = await this.#get(requirement.query, ctx);
    return { result: applicationSummary(app), link: this.#link(requirement.query) };
  }

  /** Polls until Healthy and Synced; Degraded fails at once, and so does running out of time. */
  async waitHealthy(name: string, ctx: CallContext): Promise<ArgoApplication> {
    const deadline = Date.now() + this.#waitTimeoutMs;
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

  async #sync(name: string, revision: string | undefined, ctx: CallContext): Promise<ToolResult> {
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
    const after = await this.waitHealthy(name, ctx);
    return { output: { ...syncOutput(after), previous_history_id: previous }, link: this.#link(name) };
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
