/**
 * Grafana annotations through its HTTP API (Grafana ships no Node client; its REST API is the interface it
 * documents): `grafana.annotate` adds one (POST /api/annotations), rolled back by deleting it. Grafana ignores
 * `Idempotency-Key`, so an annotation carries a `warrant:<key>` tag; a retried call finds it and adds nothing.
 */
import type { CallContext, Connector, ToolPreview, ToolResult } from './connector.ts';
import { ConnectorError } from './connector.ts';
import { unknownTool } from './errors.ts';
import { optInt, optStr, str } from './input.ts';
import { JsonApi } from './json-api.ts';

export interface GrafanaOptions {
  addr: string;
  token?: string;
  timeoutMs?: number;
}

const keyTag = (key: string) => `warrant:${key}`;

export class GrafanaConnector implements Connector {
  readonly name = 'grafana';
  readonly tools = ['grafana.annotate'] as const;
  readonly evidence = [] as const;
  readonly #api: JsonApi;

  constructor(options: GrafanaOptions) {
    this.#api = new JsonApi({
      system: 'grafana',
      baseUrl: options.addr,
      token: options.token,
      timeoutMs: options.timeoutMs,
    });
  }

  async call(tool: string, input: Record<string, unknown>, ctx: CallContext): Promise<ToolResult> {
    if (tool !== 'grafana.annotate') throw unknownTool(this.name, tool);
    const tag = keyTag(ctx.idempotencyKey);
    const [found] = await this.#api.request<{ id: number }[]>(
      { path: '/api/annotations', query: { tags: tag, limit: '1' } },
      ctx,
    );
    if (found) return { output: { annotation_id: found.id, reused: true } };
    const time = optStr(input, 'time');
    const timeEnd = optStr(input, 'time_end');
    const created = await this.#api.request<{ id: number }>(
      {
        method: 'POST',
        path: '/api/annotations',
        body: {
          dashboardUID: optStr(input, 'dashboard_uid'),
          panelId: optInt(input, 'panel_id'),
          time: time ? Date.parse(time) : undefined,
          timeEnd: timeEnd ? Date.parse(timeEnd) : undefined,
          tags: [...((input.tags as string[] | undefined) ?? []), tag],
          text: str(input, 'text'),
        },
      },
      ctx,
    );
    return { output: { annotation_id: created.id } };
  }

  /** A new annotation has no before-state to read: the preview is the input, and touches nothing. */
  async preview(tool: string, input: Record<string, unknown>): Promise<ToolPreview> {
    if (tool !== 'grafana.annotate') throw unknownTool(this.name, tool);
    const tags = (input.tags as string[] | undefined) ?? [];
    return {
      method: 'computed',
      changes: [
        {
          resource: `annotation/${optStr(input, 'dashboard_uid') ?? 'organization'}`,
          field: 'text',
          before: null,
          after: str(input, 'text'),
        },
      ],
      notes: tags.length ? [`tags: ${tags.join(', ')}`] : [],
    };
  }

  async undo(
    tool: string,
    _input: Record<string, unknown>,
    output: Record<string, unknown>,
    ctx: CallContext,
  ) {
    if (tool !== 'grafana.annotate') throw new ConnectorError('not_undoable', `${tool} cannot be undone`);
    const id = Number(output.annotation_id);
    try {
      await this.#api.request({ method: 'DELETE', path: `/api/annotations/${id}` }, ctx);
    } catch (error) {
      // Deleted already (by a person, or an undo retried after it went through): nothing is left to undo.
      if (!(error instanceof ConnectorError && error.code === 'not_found')) throw error;
    }
    return { output: { deleted: id } };
  }
}
