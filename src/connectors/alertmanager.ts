/**
 * Alertmanager silences through its v2 API: create (rolled back by expiring it), expire (rolled back by a new
 * silence with the same matchers for the time the old one had left), and list. Alertmanager ignores
 * `Idempotency-Key`, so a created silence carries the call's key at the end of its comment; a retried create
 * finds it among the silences and does not silence twice.
 */
import type { CallContext, Connector, ToolPreview, ToolResult } from './connector.ts';
import { ConnectorError } from './connector.ts';
import { unknownTool } from './errors.ts';
import { str } from './input.ts';
import { JsonApi } from './json-api.ts';

export interface Matcher {
  name: string;
  value: string;
  isRegex: boolean;
  isEqual?: boolean;
}

/** A silence as GET /api/v2/silences answers it (gettableSilence). */
export interface Silence {
  id: string;
  matchers: Matcher[];
  startsAt: string;
  endsAt: string;
  createdBy: string;
  comment: string;
  status: { state: 'active' | 'pending' | 'expired' };
}

export interface AlertmanagerOptions {
  addr: string;
  token?: string;
  timeoutMs?: number;
  now?: () => Date;
}

const keyTag = (key: string) => `[warrant:${key}]`;
/** As the tool catalog names a silence's resource: `service=checkout`, `env!~dev.*`. */
const matcherText = (m: Matcher) =>
  `${m.name}${m.isEqual === false ? '!' : ''}${m.isRegex ? '=~' : '='}${m.value}`;
const sameMatchers = (a: Matcher[], b: Matcher[]) =>
  JSON.stringify(a.map(matcherText).sort()) === JSON.stringify(b.map(matcherText).sort());

export class AlertmanagerConnector implements Connector {
  readonly name = 'alertmanager';
  readonly tools = [
    'alertmanager.silence_create',
    'alertmanager.silence_expire',
    'alertmanager.silences',
  ] as const;
  readonly evidence = [] as const;
  readonly #api: JsonApi;
  readonly #now: () => Date;

  constructor(options: AlertmanagerOptions) {
    this.#api = new JsonApi({
      system: 'alertmanager',
      baseUrl: options.addr,
      token: options.token,
      timeoutMs: options.timeoutMs,
    });
    this.#now = options.now ?? (() => new Date());
  }

  async call(tool: string, input: Record<string, unknown>, ctx: CallContext): Promise<ToolResult> {
    switch (tool) {
      case 'alertmanager.silence_create': {
        const matchers = input.matchers as Matcher[];
        const startsAt = this.#now();
        const endsAt = new Date(startsAt.getTime() + Number(input.duration_minutes) * 60_000).toISOString();
        return { output: await this.#create(matchers, startsAt, endsAt, str(input, 'comment'), ctx) };
      }
      case 'alertmanager.silence_expire': {
        const id = str(input, 'silence_id');
        const silence = await this.#get(id, ctx);
        if (silence.status.state !== 'expired')
          await this.#api.request(
            { method: 'DELETE', path: `/api/v2/silence/${encodeURIComponent(id)}` },
            ctx,
          );
        return {
          output: {
            silence_id: id,
            matchers: silence.matchers,
            ends_at: silence.endsAt,
            comment: silence.comment,
            was: silence.status.state,
          },
        };
      }
      case 'alertmanager.silences': {
        const filter = (input.filter as string[] | undefined) ?? [];
        const query = new URLSearchParams(filter.map((f) => ['filter', f]));
        const silences = await this.#api.request<Silence[]>({ path: `/api/v2/silences?${query}` }, ctx);
        return { output: { silences } };
      }
      default:
        throw unknownTool(this.name, tool);
    }
  }

  async undo(
    tool: string,
    _input: Record<string, unknown>,
    output: Record<string, unknown>,
    ctx: CallContext,
  ): Promise<ToolResult> {
    if (tool === 'alertmanager.silence_create') {
      const id = String(output.silence_id);
      const silence = await this.#get(id, ctx);
      if (silence.status.state !== 'expired')
        await this.#api.request({ method: 'DELETE', path: `/api/v2/silence/${encodeURIComponent(id)}` }, ctx);
      return { output: { expired: id } };
    }
    if (tool === 'alertmanager.silence_expire') {
      // Only what the expired silence had left: an expiry rolled back never silences longer than it would have.
      const endsAt = String(output.ends_at);
      if (output.was === 'expired' || Date.parse(endsAt) <= this.#now().getTime())
        return { output: { restored: null, reason: 'the silence had already ended' } };
      return {
        output: await this.#create(
          output.matchers as Matcher[],
          this.#now(),
          endsAt,
          `restored: ${String(output.comment)}`,
          ctx,
        ),
      };
    }
    throw new ConnectorError('not_undoable', `${tool} changes nothing to undo`);
  }

  /** Reads only: the silences as they are, and when the step's silence would end or which one it expires. */
  async preview(tool: string, input: Record<string, unknown>, ctx: CallContext): Promise<ToolPreview> {
    switch (tool) {
      case 'alertmanager.silence_create': {
        const matchers = input.matchers as Matcher[];
        const after = new Date(this.#now().getTime() + Number(input.duration_minutes) * 60_000).toISOString();
        const silences = await this.#api.request<Silence[]>({ path: '/api/v2/silences' }, ctx);
        const before =
          silences
            .filter((s) => s.status.state === 'active' && sameMatchers(s.matchers, matchers))
            .map((s) => s.endsAt)
            .sort((a, b) => Date.parse(a) - Date.parse(b))
            .at(-1) ?? null;
        return {
          method: 'computed',
          changes: [
            {
              resource: `silence/${matchers.map(matcherText).join(',')}`,
              field: 'silenced until',
              before,
              after,
            },
          ],
          // A second silence does not cut the first short: the later end is the one that counts.
          notes:
            before && Date.parse(before) > Date.parse(after)
              ? [`an active silence with the same matchers already lasts until ${before}`]
              : [],
        };
      }
      case 'alertmanager.silence_expire': {
        const id = str(input, 'silence_id');
        const silence = await this.#get(id, ctx);
        if (silence.status.state === 'expired')
          return {
            method: 'computed',
            changes: [],
            notes: [`silence ${id} is already expired: nothing changes`],
          };
        return {
          method: 'computed',
          changes: [
            { resource: `silence/${id}`, field: 'state', before: silence.status.state, after: 'expired' },
          ],
          notes: [`it silences ${silence.matchers.map(matcherText).join(',')} until ${silence.endsAt}`],
        };
      }
      case 'alertmanager.silences':
        return { method: 'read_only', changes: [] };
      default:
        throw unknownTool(this.name, tool);
    }
  }

  async #get(id: string, ctx: CallContext): Promise<Silence> {
    return this.#api.request<Silence>({ path: `/api/v2/silence/${encodeURIComponent(id)}` }, ctx);
  }

  async #create(matchers: Matcher[], startsAt: Date, endsAt: string, comment: string, ctx: CallContext) {
    const tag = keyTag(ctx.idempotencyKey);
    const existing = (await this.#api.request<Silence[]>({ path: '/api/v2/silences' }, ctx)).find(
      (s) => s.comment.endsWith(tag) && s.status.state !== 'expired',
    );
    const silenceId =
      existing?.id ??
      (
        await this.#api.request<{ silenceID: string }>(
          {
            method: 'POST',
            path: '/api/v2/silences',
            body: {
              matchers: matchers.map((m) => ({ isEqual: true, ...m })),
              startsAt: startsAt.toISOString(),
              endsAt,
              createdBy: 'warrant',
              comment: `${comment} ${tag}`,
            },
          },
          ctx,
        )
      ).silenceID;
    return { silence_id: silenceId, ends_at: endsAt, matchers };
  }
}
