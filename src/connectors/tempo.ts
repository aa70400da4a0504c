/**
 * Grafana Tempo's search API: a TraceQL query as the `tempo.search` tool and as `traceql` evidence. The
 * output is Tempo's own `{traces: [...]}`.
 */
import type { EvidenceRequirement } from '../plans/plan-schema.ts';
import {
  type CallContext,
  type Connector,
  ConnectorError,
  type EvidenceResult,
  type ToolResult,
} from './connector.ts';
import { unknownTool } from './errors.ts';
import { optStr, str } from './input.ts';
import { JsonApi } from './json-api.ts';

export interface TempoOptions {
  addr: string;
  token?: string;
  timeoutMs?: number;
}

export class TempoConnector implements Connector {
  readonly name = 'tempo';
  readonly tools = ['tempo.search'] as const;
  readonly evidence = ['traceql'] as const;
  readonly #api: JsonApi;

  constructor(options: TempoOptions) {
    this.#api = new JsonApi({
      system: 'tempo',
      baseUrl: options.addr,
      token: options.token,
      timeoutMs: options.timeoutMs,
    });
  }

  async call(tool: string, input: Record<string, unknown>, ctx: CallContext): Promise<ToolResult> {
    if (tool !== 'tempo.search') throw unknownTool(this.name, tool);
    return {
      output: await this.#search(str(input, 'query'), optStr(input, 'start'), optStr(input, 'end'), ctx),
    };
  }

  async collect(requirement: EvidenceRequirement, ctx: CallContext): Promise<EvidenceResult> {
    return { result: await this.#search(requirement.query, undefined, undefined, ctx) };
  }

  async #search(q: string, start: string | undefined, end: string | undefined, ctx: CallContext) {
    const body = await this.#api.request<{ traces?: unknown[] }>(
      { path: '/api/search', query: { q, start: unixSeconds(start), end: unixSeconds(end) } },
      ctx,
    );
    return { traces: body.traces ?? [] };
  }
}

/** Tempo takes unix seconds; plans may also say RFC 3339. */
function unixSeconds(value: string | undefined): string | undefined {
  if (value === undefined || /^\d+$/.test(value)) return value;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new ConnectorError('bad_input', `not a time: ${value}`);
  return String(Math.floor(ms / 1000));
}
