/**
 * The TypeScript SDK: a small client of the Warrant API for agents and automation. It takes the same two
 * settings as the CLI (WARRANT_URL, WARRANT_API_KEY), retries what is safe to retry, and turns
 * problem+json answers into WarrantError. Only types come from the server's modules.
 */

import type { AgentEvidenceInput, AgentEvidenceView } from '../evidence/agent-evidence.ts';
import type { AuthorizeAnswer, AuthorizeRequest } from '../plans/approvals/authorize.ts';
import type { PlanDiff } from '../plans/diff.ts';
import type { PlanSubmissionInput } from '../plans/plan-schema.ts';
import type { PlanView } from '../plans/service.ts';
import type { ToolView } from '../policy/tools.ts';
import type { RunView } from '../runs/service.ts';

export { type WarrantBinding, WarrantRefusal, withWarrant } from './with-warrant.ts';
export type {
  AgentEvidenceInput,
  AgentEvidenceView,
  AuthorizeAnswer,
  AuthorizeRequest,
  PlanDiff,
  PlanSubmissionInput,
  PlanView,
  RunView,
  ToolView,
};

export interface WarrantOptions {
  /** Default: WARRANT_URL, else http://127.0.0.1:8080. */
  url?: string;
  /** Default: WARRANT_API_KEY. */
  apiKey?: string;
  fetch?: typeof fetch;
  /** Retries after the first attempt on 429, 5xx and network errors; default 3. */
  retries?: number;
}

/** An error answer of the API (status 0: Warrant could not be reached). */
export interface PollOptions<T> {
  /** How long to wait in all (default 5 minutes); then the value is returned as it is. */
  timeoutMs?: number;
  pollMs?: number;
  /** Hears each look that is not final yet, with the time waited so far (for progress reports). */
  onPoll?: (value: T, elapsedMs: number) => void | Promise<void>;
}

export class WarrantError extends Error {
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  /** The whole problem+json body, for its extra members (e.g. active_run_id). */
  readonly problem: Record<string, unknown>;
  constructor(status: number, code: string, detail: string, problem: Record<string, unknown> = {}) {
    super(`${detail} (${code})`);
    this.name = 'WarrantError';
    this.status = status;
    this.code = code;
    this.detail = detail;
    this.problem = problem;
  }
}

const BASE_DELAY_MS = 200;
const MAX_DELAY_MS = 10_000;
const FINAL_RUN = new Set(['succeeded', 'failed', 'rolled_back', 'cancelled']);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Retry-After in seconds or as an HTTP date; undefined when absent or unreadable. */
function retryAfterMs(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

export class Warrant {
  readonly url: string;
  readonly #apiKey: string | undefined;
  readonly #fetch: typeof fetch;
  readonly #retries: number;

  constructor(options: WarrantOptions = {}) {
    this.url = (options.url ?? process.env.WARRANT_URL ?? 'http://127.0.0.1:8080').replace(/\/$/, '');
    this.#apiKey = options.apiKey ?? process.env.WARRANT_API_KEY;
    this.#fetch = options.fetch ?? globalThis.fetch;
    this.#retries = options.retries ?? 3;
  }

  /** Submits a plan; one Idempotency-Key covers every retry, so a retried submission is one plan. */
  submitPlan(plan: PlanSubmissionInput, options: { idempotencyKey?: string } = {}): Promise<PlanView> {
    const key = options.idempotencyKey ?? crypto.randomUUID();
    return this.request('POST', '/v1/plans', plan, { 'idempotency-key': key });
  }

  getPlan(id: string): Promise<PlanView> {
    return this.request('GET', `/v1/plans/${encodeURIComponent(id)}`);
  }

  /**
   * What the plan will change, read now through its connectors (a dry run at most, never a write): per step
   * the state before and after, then the rollback in words and what runs if a step fails.
   */
  diff(id: string): Promise<PlanDiff> {
    return this.request('GET', `/v1/plans/${encodeURIComponent(id)}/diff`);
  }

  /** The caller's tenant's plans, newest first. */
  listPlans(query: { limit?: number; status?: string } = {}): Promise<{ items: PlanView[] }> {
    const params = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]));
    return this.request('GET', `/v1/plans${params.size > 0 ? `?${params}` : ''}`);
  }

  /** Polls until the plan leaves pending_approval; at the timeout, resolves with the plan as it is. */
  /** Polls until the plan is decided; at the timeout, resolves with the plan as it is. */
  async waitForDecision(id: string, options: PollOptions<PlanView> = {}): Promise<PlanView> {
    return this.#poll(
      () => this.getPlan(id),
      (plan) => plan.status !== 'pending_approval',
      options,
    );
  }

  /** Is this tool call covered right now? A refusal is an answer (allowed: false), not an error. */
  authorize(request: AuthorizeRequest): Promise<AuthorizeAnswer> {
    return this.request('POST', '/v1/authorize', request);
  }

  startRun(planId: string): Promise<{ id: string; status: string }> {
    return this.request('POST', `/v1/plans/${encodeURIComponent(planId)}/runs`, {});
  }

  getRun(id: string): Promise<RunView> {
    return this.request('GET', `/v1/runs/${encodeURIComponent(id)}`);
  }

  /** Polls until the run ends; at the timeout, resolves with the run as it is. */
  async waitForRun(id: string, options: PollOptions<RunView> = {}): Promise<RunView> {
    return this.#poll(
      () => this.getRun(id),
      (run) => FINAL_RUN.has(run.status),
      options,
    );
  }

  /** Attaches evidence an agent collected to a step of a plan; the server redacts and hashes it. */
  attachEvidence(planId: string, evidence: AgentEvidenceInput): Promise<AgentEvidenceView> {
    return this.request('POST', `/v1/plans/${encodeURIComponent(planId)}/evidence`, evidence);
  }

  listEvidence(planId: string): Promise<{ items: AgentEvidenceView[] }> {
    return this.request('GET', `/v1/plans/${encodeURIComponent(planId)}/evidence`);
  }

  /** The tool catalog: built-in and tenant tools with their effects and input schemas. */
  listTools(): Promise<{ items: ToolView[] }> {
    return this.request('GET', '/v1/tools');
  }

  /** One API call with retries; exposed for endpoints the SDK has no method for. */
  async request<T>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      let response: Response;
      try {
        response = await this.#fetch(`${this.url}${path}`, {
          method,
          headers: {
            ...(this.#apiKey ? { authorization: `Bearer ${this.#apiKey}` } : {}),
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
            ...headers,
          },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
      } catch (error) {
        if (attempt < this.#retries) {
          await sleep(this.#backoff(attempt));
          continue;
        }
        const cause = (error as Error).cause ?? error;
        throw new WarrantError(0, 'unreachable', `cannot reach Warrant at ${this.url}: ${cause}`);
      }
      if (response.ok) {
        const text = await response.text();
        return (text ? JSON.parse(text) : undefined) as T;
      }
      const retryable = response.status === 429 || response.status >= 500;
      if (retryable && attempt < this.#retries) {
        await response.body?.cancel();
        await sleep(retryAfterMs(response.headers.get('retry-after')) ?? this.#backoff(attempt));
        continue;
      }
      throw await toError(response);
    }
  }

  // Full jitter: spreads clients that failed together so they do not retry together.
  #backoff(attempt: number): number {
    return Math.random() * Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** attempt);
  }

  async #poll<T>(
    load: () => Promise<T>,
    done: (value: T) => boolean,
    { timeoutMs = 300_000, pollMs = 1000, onPoll }: PollOptions<T>,
  ): Promise<T> {
    const started = Date.now();
    const deadline = started + timeoutMs;
    for (;;) {
      const value = await load();
      const left = deadline - Date.now();
      if (done(value) || left <= 0) return value;
      await onPoll?.(value, Date.now() - started);
      await sleep(Math.min(pollMs, left));
    }
  }
}

async function toError(response: Response): Promise<WarrantError> {
  const text = await response.text();
  let problem: Record<string, unknown> = {};
  try {
    problem = JSON.parse(text);
  } catch {
    problem = { detail: text };
  }
  const code = typeof problem.code === 'string' ? problem.code : 'http_error';
  const detail = typeof problem.detail === 'string' && problem.detail ? problem.detail : response.statusText;
  return new WarrantError(response.status, code, detail, problem);
}
