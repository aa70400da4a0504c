/**
 * Prometheus through its HTTP API: instant and range queries as tools, and the instant query as `promql`
 * evidence. The output is Prometheus's own `data` ({resultType, result}); an error body
 * ({status: "error", errorType, error}) becomes a ConnectorError carrying Prometheus's message.
 */
import type { EvidenceRequirement } from '../plans/plan-schema.ts';
import type { CallContext, Connector, EvidenceResult, ToolResult } from './connector.ts';
import { unknownTool } from './errors.ts';
import { optStr, str } from './input.ts';
import { JsonApi } from './json-api.ts';

export interface PrometheusOptions {
  addr: string;
  token?: string;
  timeoutMs?: number;
}

export interface PromData {
  resultType: 'vector' | 'matrix' | 'scalar' | 'string';
  result: unknown;
}

export class PrometheusConnector implements Connector {
  readonly name = 'prometheus';
  readonly tools = ['prometheus.query', 'prometheus.query_range'] as const;
  readonly evidence = ['promql'] as const;
  readonly #api: JsonApi;

  constructor(options: PrometheusOptions) {
    this.#api = new JsonApi({
      system: 'prometheus',
      baseUrl: options.addr,
      token: options.token,
      timeoutMs: options.timeoutMs,
      errorText: (body) => {
        const error = body as { errorType?: string; error?: string } | undefined;
        return error?.error ? `${error.errorType ?? 'error'}: ${error.error}` : undefined;
      },
    });
  }

  async call(tool: string, input: Record<string, unknown>, ctx: CallContext): Promise<ToolResult> {
    if (tool === 'prometheus.query') {
      return {
        output: await this.#query(
          '/api/v1/query',
          { query: str(input, 'query'), time: optStr(input, 'time') },
          ctx,
        ),
      };
    }
    if (tool === 'prometheus.query_range') {
      const query = {
        query: str(input, 'query'),
        start: str(input, 'start'),
        end: str(input, 'end'),
        step: str(input, 'step'),
      };
      return { output: await this.#query('/api/v1/query_range', query, ctx) };
    }
    throw unknownTool(this.name, tool);
  }

  async collect(requirement: EvidenceRequirement, ctx: CallContext): Promise<EvidenceResult> {
    const result = await this.#query('/api/v1/query', { query: requirement.query }, ctx);
    const link = `${this.#api.baseUrl}/graph?g0.expr=${encodeURIComponent(requirement.query)}`;
    return { result, link };
  }

  async #query(
    path: string,
    query: Record<string, string | undefined>,
    ctx: CallContext,
  ): Promise<Record<string, unknown>> {
    const body = await this.#api.request<{ data: PromData }>({ path, query }, ctx);
    return { resultType: body.data.resultType, result: body.data.result };
  }
}
