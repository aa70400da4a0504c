/**
 * Live updates over server-sent events: `plan.updated`, `execution.updated` and `audit.created`, fed by
 * the NOTIFY each change already sends on commit. One LISTEN per channel per process, fanned out to the
 * connected clients of the change's tenant; nothing is read from the database while nobody listens.
 */
import type { ServerResponse } from 'node:http';
import { sql } from 'drizzle-orm';
import { AUDIT_CREATED_CHANNEL } from '../audit/append.ts';
import { iso } from '../core/time.ts';
import { type Database, rowsOf } from '../db/connect.ts';
import { type Subscription, subscribe } from '../db/notify.ts';
import { errorFields, type Logger } from '../ops/logger.ts';
import { PLAN_CHANGED_CHANNEL } from '../plans/store.ts';
import { RUN_CHANGED_CHANNEL } from '../runs/store.ts';
import { type Actor, hasRole } from '../tenancy/roles.ts';

export type LiveEventName = 'plan.updated' | 'execution.updated' | 'audit.created';

interface Client {
  tenantId: string;
  /** Audit events go only to roles that may read the audit log. */
  seesAudit: boolean;
  res: ServerResponse;
}

const HEARTBEAT_MS = 15_000;

export function formatEvent(event: LiveEventName, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

export class EventStream {
  readonly #db: Database;
  readonly #logger: Logger;
  readonly #clients = new Set<Client>();
  #subscription: Subscription | undefined;
  #heartbeat: NodeJS.Timeout | undefined;

  constructor(deps: { db: Database; logger: Logger }) {
    this.#db = deps.db;
    this.#logger = deps.logger;
  }

  async start(): Promise<void> {
    const handlers: Record<string, (payload: string) => Promise<void>> = {
      [PLAN_CHANGED_CHANNEL]: (id) => this.#plan(id),
      [RUN_CHANGED_CHANNEL]: (id) => this.#run(id),
      [AUDIT_CREATED_CHANNEL]: (payload) => this.#audit(payload),
    };
    // One listening connection for the three channels.
    this.#subscription = await subscribe(
      this.#db,
      Object.keys(handlers),
      (payload, channel) => {
        if (this.#clients.size === 0) return;
        handlers[channel]?.(payload).catch((error: unknown) =>
          this.#logger.warn({ ...errorFields(error), message: 'live event not sent', channel }),
        );
      },
      // Lost notifications cannot be recovered here; clients re-read what they show when they reconnect.
      () => {},
    );
    this.#heartbeat = setInterval(() => {
      for (const client of this.#clients) client.res.write(': heartbeat\n\n');
    }, HEARTBEAT_MS);
    this.#heartbeat.unref();
  }

  /** Streams to `res` until the client goes away or the stream closes. */
  attach(actor: Actor, res: ServerResponse): void {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.write(': connected\n\n');
    const client: Client = {
      tenantId: actor.tenant_id,
      seesAudit: hasRole(actor, 'admin', 'auditor', 'approver', 'operator', 'viewer'),
      res,
    };
    this.#clients.add(client);
    res.on('close', () => this.#clients.delete(client));
  }

  async close(): Promise<void> {
    clearInterval(this.#heartbeat);
    for (const client of this.#clients) client.res.end();
    this.#clients.clear();
    await this.#subscription?.close();
  }

  #send(tenantId: string, event: LiveEventName, data: unknown): void {
    const text = formatEvent(event, data);
    for (const client of this.#clients) {
      if (client.tenantId === tenantId && (event !== 'audit.created' || client.seesAudit))
        client.res.write(text);
    }
  }

  #listening(tenantId: string): boolean {
    for (const client of this.#clients) if (client.tenantId === tenantId) return true;
    return false;
  }

  async #plan(id: string): Promise<void> {
    const [row] = rowsOf<{ tenant_id: string; status: string; revision: number; updated_at: Date | string }>(
      await this.#db.orm.execute(
        sql`SELECT tenant_id, status, revision, updated_at FROM plans WHERE id = ${id}`,
      ),
    );
    if (row) {
      const { tenant_id, updated_at, ...rest } = row;
      this.#send(tenant_id, 'plan.updated', { id, ...rest, updated_at: iso(updated_at) });
    }
  }

  async #run(id: string): Promise<void> {
    const [row] = rowsOf<{ tenant_id: string; plan_id: string; status: string; updated_at: Date | string }>(
      await this.#db.orm.execute(
        sql`SELECT tenant_id, plan_id, status, updated_at FROM runs WHERE id = ${id}`,
      ),
    );
    if (row) {
      const { tenant_id, updated_at, ...rest } = row;
      this.#send(tenant_id, 'execution.updated', { id, ...rest, updated_at: iso(updated_at) });
    }
  }

  async #audit(payload: string): Promise<void> {
    const [tenantId, ids] = payload.split(':');
    if (!tenantId || !ids || !this.#listening(tenantId)) return;
    const rows = rowsOf<{
      event_id: string;
      action: string;
      occurred_at: Date | string;
      plan_id: string | null;
      run_id: string | null;
    }>(
      await this.#db.orm.execute(sql`
        SELECT event_id, action, occurred_at, plan_id, run_id FROM audit_events
        WHERE event_id = ANY(${`{${ids}}`}::uuid[]) ORDER BY seq`),
    );
    for (const { event_id: eventId, ...row } of rows) {
      this.#send(tenantId, 'audit.created', { event_id: eventId, ...row, occurred_at: iso(row.occurred_at) });
    }
  }
}
