/**
 * PagerDuty incidents through its REST API v2: acknowledge, resolve, add a note. PagerDuty requires a `From`
 * header (the email of a PagerDuty user the change is made as) and `Authorization: Token token=…`. None of the
 * three can be undone in PagerDuty (an incident is not un-acknowledged, a note not deleted): they are not
 * undoable, as their catalog entries say. A repeat of ack or resolve answers the incident as it is, changing
 * nothing; a note carries the call key, so a retried note is found and not added twice.
 */
import type { CallContext, Connector, ToolPreview, ToolResult } from './connector.ts';
import { unknownTool } from './errors.ts';
import { str } from './input.ts';
import { JsonApi } from './json-api.ts';

export interface PagerDutyOptions {
  addr: string;
  token: string;
  /** The PagerDuty user's email the changes are made as. */
  from: string;
  timeoutMs?: number;
}

interface Incident {
  id: string;
  status: 'triggered' | 'acknowledged' | 'resolved';
  title?: string;
  html_url?: string;
}

const ORDER = { triggered: 0, acknowledged: 1, resolved: 2 } as const;
const keyTag = (key: string) => `[warrant:${key}]`;
const EXCERPT = 120;
const excerpt = (text: string) => (text.length <= EXCERPT ? text : `${text.slice(0, EXCERPT - 1)}…`);

export class PagerDutyConnector implements Connector {
  readonly name = 'pagerduty';
  readonly tools = [
    'pagerduty.incident_ack',
    'pagerduty.incident_resolve',
    'pagerduty.incident_note',
  ] as const;
  readonly evidence = [] as const;
  readonly #api: JsonApi;

  constructor(options: PagerDutyOptions) {
    this.#api = new JsonApi({
      system: 'pagerduty',
      baseUrl: options.addr,
      timeoutMs: options.timeoutMs,
      headers: {
        authorization: `Token token=${options.token}`,
        accept: 'application/vnd.pagerduty+json;version=2',
        from: options.from,
      },
      errorText: (body) => {
        const error = (body as { error?: { message?: string; errors?: string[] } } | undefined)?.error;
        return error ? [error.message, ...(error.errors ?? [])].filter(Boolean).join(': ') : undefined;
      },
    });
  }

  async call(tool: string, input: Record<string, unknown>, ctx: CallContext): Promise<ToolResult> {
    const id = str(input, 'incident_id');
    const path = `/incidents/${encodeURIComponent(id)}`;
    if (tool === 'pagerduty.incident_ack' || tool === 'pagerduty.incident_resolve') {
      const wanted = tool === 'pagerduty.incident_ack' ? 'acknowledged' : 'resolved';
      const { incident } = await this.#api.request<{ incident: Incident }>({ path }, ctx);
      // Acknowledging a resolved incident would be refused; a repeat changes nothing: both answer it as it is.
      if (ORDER[incident.status] >= ORDER[wanted])
        return { output: this.#view(incident, false), link: incident.html_url };
      const { incident: changed } = await this.#api.request<{ incident: Incident }>(
        { method: 'PUT', path, body: { incident: { type: 'incident_reference', status: wanted } } },
        ctx,
      );
      return { output: this.#view(changed, true), link: changed.html_url };
    }
    if (tool === 'pagerduty.incident_note') {
      const tag = keyTag(ctx.idempotencyKey);
      const { notes } = await this.#api.request<{ notes: { id: string; content: string }[] }>(
        { path: `${path}/notes` },
        ctx,
      );
      const found = notes.find((note) => note.content.endsWith(tag));
      const note =
        found ??
        (
          await this.#api.request<{ note: { id: string; content: string } }>(
            {
              method: 'POST',
              path: `${path}/notes`,
              body: { note: { content: `${str(input, 'content')} ${tag}` } },
            },
            ctx,
          )
        ).note;
      return { output: { incident_id: id, note_id: note.id, added: !found } };
    }
    throw unknownTool(this.name, tool);
  }

  /** Reads the incident or its notes, as call() does before it changes anything, and stops there. */
  async preview(tool: string, input: Record<string, unknown>, ctx: CallContext): Promise<ToolPreview> {
    if (!(this.tools as readonly string[]).includes(tool)) throw unknownTool(this.name, tool);
    const id = str(input, 'incident_id');
    const path = `/incidents/${encodeURIComponent(id)}`;
    const resource = `incident/${id}`;
    if (tool === 'pagerduty.incident_note') {
      const { notes } = await this.#api.request<{ notes: unknown[] }>({ path: `${path}/notes` }, ctx);
      return {
        method: 'computed',
        changes: [{ resource, field: 'notes', before: notes.length, after: notes.length + 1 }],
        notes: [`adds the note: ${excerpt(str(input, 'content'))}`],
      };
    }
    const wanted = tool === 'pagerduty.incident_ack' ? 'acknowledged' : 'resolved';
    const { incident } = await this.#api.request<{ incident: Incident }>({ path }, ctx);
    if (ORDER[incident.status] >= ORDER[wanted])
      return {
        method: 'computed',
        changes: [],
        notes: [`${resource} is already ${incident.status}: nothing changes`],
      };
    return {
      method: 'computed',
      changes: [{ resource, field: 'status', before: incident.status, after: wanted }],
    };
  }

  #view(incident: Incident, changed: boolean) {
    return { incident_id: incident.id, status: incident.status, title: incident.title ?? null, changed };
  }
}
