/**
 * Live updates over server-sent events: `plan.updated`, `execution.updated` and `audit.created`, fed by
 * the NOTIFY each change already sends on commit. One LISTEN per channel per process, fanned out to the
 * connected clients of the change's tenant; nothing is read from the database while no tenant has (or lately
 * had) clients.
 *
 * Resuming (Last-Event-ID). Every event's id is `<tenant tag>.<audit next>.<epoch>.<seq>`: whoever got it
 * has every audit event of its tenant below leaf index `audit next` (if its role reads the audit log), and
 * every plan and execution update of this process's `epoch` up to `seq`.
 * - Audit events are durable: the integrator gives each tenant's events gap-free leaf indexes in commit
 *   order, so missed ones are read back from the database, across restarts and processes (at most
 *   AUDIT_REPLAY_LIMIT of them).
 * - Plan and execution updates are not (they are read when notified, and never stored as events): each
 *   tenant's last BUFFERED are kept in memory while it has clients and for RETAIN_MS after the last leaves.
 *   An id of another epoch (a restart, another process) or older than the buffer cannot resume them.
 * What cannot resume is announced first, by `event: reset` whose `lost` names the event types whose missed
 * events will not come: the client refetches that state. Then come the missed plan and execution updates
 * in order, then the missed audit events in order, then live events. The tag binds an id to its tenant: an
 * id of another tenant resumes nothing, and only the caller's tenant's events are ever read.
 *
 * Notifications and joining clients are handled one at a time, in arrival order (commit order), so the
 * hand-over from replay to live neither repeats nor skips an event, and an older snapshot of a plan never
 * overtakes a newer one.
 */

import { randomBytes } from 'node:crypto';
import { AUDIT_CREATED_CHANNEL } from '../audit/append.ts';
import { integratedFrom } from '../audit/store.ts';
import { readHead } from '../audit/tree-store.ts';
import { sha256Hex } from '../core/hash.ts';
import { errorFields, type Logger } from '../core/logger.ts';
import { invalid } from '../core/problem.ts';
import { type Actor, hasRole } from '../core/roles.ts';
import { iso } from '../core/time.ts';
import type { Database } from '../db/connect.ts';
import { type Subscription, subscribe } from '../db/notify.ts';
import { PLAN_CHANGED_CHANNEL } from '../plans/store.ts';
import { RUN_CHANGED_CHANNEL } from '../runs/store.ts';
import type { EventSink } from './sink.ts';
import { planUpdate, runUpdate } from './store.ts';
import { TenantConnections } from './tenant-connections.ts';

export type LiveEventName = 'plan.updated' | 'execution.updated' | 'audit.created';
type BufferedEventName = Exclude<LiveEventName, 'audit.created'>;

/** Where a client left off, from its Last-Event-ID. */
export interface EventCursor {
  tag: string;
  auditNext: number;
  epoch: string;
  seq: number;
}

interface Buffered {
  seq: number;
  event: BufferedEventName;
  json: string;
}

interface Client {
  tenantId: string;
  tag: string;
  /** Audit events go only to roles that may read the audit log. */
  seesAudit: boolean;
  sink: EventSink;
  gone: boolean;
  auditNext: number;
  seq: number;
}

/** One tenant's followers, and its recent plan and execution updates for those who come back. */
interface TenantLog {
  tenantId: string;
  clients: Set<Client>;
  /** Holds every update of the tenant with a seq above `from`. */
  from: number;
  events: Buffered[];
  idleSince: number;
}

const HEARTBEAT_MS = 15_000;
// What a client away longer than these gets instead is a reset: memory per followed tenant stays bounded, and
// so does the replay a reconnect sends.
const BUFFERED = 1_000;
const RETAIN_MS = 5 * 60_000;
const AUDIT_REPLAY_LIMIT = 1_000;
const AUDIT_PAGE = 500;

const EVENT_ID = /^([0-9a-f]{12})\.([0-9]{1,15})\.([0-9a-f]{8})\.([0-9]{1,15})$/;

/** Reads a Last-Event-ID; anything not shaped like this stream's ids is a 400, not a silent fresh start. */
export function parseEventId(id: string): EventCursor {
  const match = EVENT_ID.exec(id);
  if (!match)
    throw invalid(
      'Last-Event-ID (or last_event_id) must be the id of an event from GET /v1/events',
      'malformed_last_event_id',
    );
  return { tag: match[1]!, auditNext: Number(match[2]), epoch: match[3]!, seq: Number(match[4]) };
}

// Short: it only has to tell tenants apart. Were two to collide, a client would only be replayed its own
// tenant's events from a wrong position; events are only ever read from the caller's tenant.
const tenantTag = (tenantId: string) => sha256Hex(tenantId).slice(0, 12);

export class EventStream {
  readonly #db: Database;
  readonly #logger: Logger;
  readonly #epoch = randomBytes(4).toString('hex');
  readonly #logs = new Map<string, TenantLog>();
  /** The last seq given out, across tenants, so a log made anew never mistakes an old id for its own. */
  #seq = 0;
  #queue: Promise<void> = Promise.resolve();
  #closed = false;
  #subscription: Subscription | undefined;
  #heartbeat: NodeJS.Timeout | undefined;
  /** Who follows one run (a streamed run log), by run id: told of each change, whatever the tenant's clients. */
  readonly #runWatchers = new Map<string, Set<() => void>>();

  /** Every live connection to the stream, by tenant; transports acquire before they answer. */
  readonly connections: TenantConnections;

  constructor(deps: { db: Database; logger: Logger; connections?: TenantConnections }) {
    this.#db = deps.db;
    this.#logger = deps.logger;
    this.connections = deps.connections ?? new TenantConnections();
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
        const handler = handlers[channel];
        if (handler) this.#serially(() => handler(payload), { message: 'live event not sent', channel });
      },
      () => this.#lostNotifications(),
    );
    this.#heartbeat = setInterval(() => {
      const now = Date.now();
      for (const [tenantId, log] of this.#logs) {
        if (log.clients.size === 0 && now - log.idleSince > RETAIN_MS) this.#logs.delete(tenantId);
        for (const client of log.clients) client.sink.heartbeat();
      }
    }, HEARTBEAT_MS);
    this.#heartbeat.unref();
  }

  /**
   * Streams to `sink` (server-sent events or a WebSocket: the same events, ids and payloads) until the client
   * goes away or the stream closes, first replaying what it missed after `from`.
   */
  attach(actor: Actor, sink: EventSink, from?: EventCursor): void {
    const client: Client = {
      tenantId: actor.tenant_id,
      tag: tenantTag(actor.tenant_id),
      seesAudit: hasRole(actor, 'admin', 'auditor', 'approver', 'operator', 'viewer'),
      sink,
      gone: false,
      auditNext: 0,
      seq: 0,
    };
    sink.onClose(() => this.#drop(client));
    // Ended on failure, so the client retries rather than waiting on a stream that will never join.
    this.#serially(
      () => this.#join(client, from),
      { message: 'live stream not started', tenant_id: client.tenantId },
      () => this.#end(client),
    );
  }

  /**
   * Calls `onChange` after each committed change of the run (its status, a step's), and when notifications may
   * have been lost (then it should read the run again). Answers the function that stops it.
   */
  watchRun(runId: string, onChange: () => void): () => void {
    const watchers = this.#runWatchers.get(runId) ?? new Set();
    watchers.add(onChange);
    this.#runWatchers.set(runId, watchers);
    return () => {
      watchers.delete(onChange);
      if (watchers.size === 0 && this.#runWatchers.get(runId) === watchers) this.#runWatchers.delete(runId);
    };
  }

  /** How many runs are followed: a client that left must leave nothing behind. */
  get watchedRuns(): number {
    return this.#runWatchers.size;
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#heartbeat);
    await this.#subscription?.close();
    await this.#queue;
    for (const log of this.#logs.values()) for (const client of log.clients) this.#end(client);
    this.#logs.clear();
  }

  #serially(
    task: () => Promise<void>,
    fields: { message: string } & Record<string, string>,
    onError?: () => void,
  ): void {
    this.#queue = this.#queue.then(task).catch((error: unknown) => {
      this.#logger.warn({ ...errorFields(error), ...fields });
      onError?.();
    });
  }

  #drop(client: Client): void {
    client.gone = true;
    const log = this.#logs.get(client.tenantId);
    if (log?.clients.delete(client) && log.clients.size === 0) log.idleSince = Date.now();
  }

  /** Dropped before ending: a write to an ended response would be an unhandled 'error' event. */
  #end(client: Client): void {
    this.#drop(client);
    client.sink.end();
  }

  async #join(client: Client, from: EventCursor | undefined): Promise<void> {
    if (this.#closed) {
      this.#end(client);
      return;
    }
    const head = (await readHead(this.#db.orm, client.tenantId)).size;
    if (client.gone) return;
    const known = this.#logs.get(client.tenantId);
    const log = known ?? this.#openLog(client.tenantId);
    // Another tenant's id says nothing about this tenant: it resumes nothing.
    const mine = from?.tag === client.tag ? from : undefined;
    const buffered =
      mine !== undefined &&
      known !== undefined &&
      mine.epoch === this.#epoch &&
      mine.seq >= known.from &&
      mine.seq <= this.#seq;
    const audited =
      mine !== undefined && mine.auditNext <= head && head - mine.auditNext <= AUDIT_REPLAY_LIMIT;
    client.seq = buffered ? mine.seq : this.#seq;
    client.auditNext = audited && client.seesAudit ? mine.auditNext : head;
    if (from) {
      const lost: LiveEventName[] = buffered ? [] : ['plan.updated', 'execution.updated'];
      if (client.seesAudit && !audited) lost.push('audit.created');
      if (lost.length > 0) this.#write(client, 'reset', JSON.stringify({ lost }));
    }
    for (const event of log.events) if (event.seq > client.seq) this.#deliver(client, event);
    log.clients.add(client);
    if (client.auditNext < head) await this.#catchUp(log);
  }

  #openLog(tenantId: string): TenantLog {
    // A fresh seq: no id given out before this log existed falls inside it.
    const log: TenantLog = { tenantId, clients: new Set(), from: ++this.#seq, events: [], idleSince: 0 };
    this.#logs.set(tenantId, log);
    return log;
  }

  /**
   * Notifications may have been missed (the listening connection was lost), so the buffers may have a gap
   * nobody can see. Every buffered id expires and every stream ends: clients come back after `retry`, get
   * a reset for plan and execution updates, and their audit events from the database.
   */
  #lostNotifications(): void {
    for (const watchers of this.#runWatchers.values()) for (const onChange of watchers) onChange();
    for (const log of this.#logs.values()) {
      log.from = ++this.#seq;
      log.events = [];
      for (const client of log.clients) this.#end(client);
    }
  }

  #write(client: Client, event: LiveEventName | 'reset', json: string): void {
    if (client.gone) return;
    const id = `${client.tag}.${client.auditNext}.${this.#epoch}.${client.seq}`;
    client.sink.send(id, event, json);
  }

  #deliver(client: Client, event: Buffered): void {
    client.seq = event.seq;
    this.#write(client, event.event, event.json);
  }

  #record(tenantId: string, event: BufferedEventName, data: unknown): void {
    const log = this.#logs.get(tenantId);
    if (!log) return;
    const entry: Buffered = { seq: ++this.#seq, event, json: JSON.stringify(data) };
    log.events.push(entry);
    if (log.events.length > BUFFERED) log.from = log.events.shift()!.seq;
    for (const client of log.clients) this.#deliver(client, entry);
  }

  async #plan(id: string): Promise<void> {
    if (this.#logs.size === 0) return;
    const row = await planUpdate(this.#db.orm, id);
    if (row) {
      const { tenant_id, updated_at, ...rest } = row;
      this.#record(tenant_id, 'plan.updated', { id, ...rest, updated_at: iso(updated_at) });
    }
  }

  async #run(id: string): Promise<void> {
    for (const onChange of this.#runWatchers.get(id) ?? []) onChange();
    if (this.#logs.size === 0) return;
    const row = await runUpdate(this.#db.orm, id);
    if (row) {
      const { tenant_id, updated_at, ...rest } = row;
      this.#record(tenant_id, 'execution.updated', { id, ...rest, updated_at: iso(updated_at) });
    }
  }

  /** The payload names the tenant (and event ids); its log is read from each reader's position instead. */
  async #audit(payload: string): Promise<void> {
    const log = this.#logs.get(payload.slice(0, payload.indexOf(':')));
    if (log) await this.#catchUp(log);
  }

  /**
   * Sends each audit reader of the tenant the integrated events from its position on. Leaf indexes are
   * gap-free, so reading by position also recovers events whose notification was lost.
   */
  async #catchUp(log: TenantLog): Promise<void> {
    for (;;) {
      const readers = [...log.clients].filter((client) => client.seesAudit);
      if (readers.length === 0) return;
      const from = Math.min(...readers.map((client) => client.auditNext));
      const rows = await integratedFrom(this.#db.orm, log.tenantId, from, AUDIT_PAGE);
      for (const { leaf_index: leaf, ...row } of rows) {
        const json = JSON.stringify({ ...row, occurred_at: iso(row.occurred_at) });
        for (const client of readers) {
          if (leaf < client.auditNext) continue;
          client.auditNext = leaf + 1;
          this.#write(client, 'audit.created', json);
        }
      }
      if (rows.length < AUDIT_PAGE) return;
    }
  }
}
