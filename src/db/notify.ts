import { sql } from 'drizzle-orm';
import type pg from 'pg';
import type { Database, Executor } from './connect.ts';

/**
 * Cross-process cache invalidation over LISTEN/NOTIFY. A NOTIFY sent inside a transaction is
 * delivered when it commits, so listeners never hear of a change that rolled back.
 */
export async function notify(tx: Executor, channel: string, payload: string): Promise<void> {
  await tx.execute(sql`SELECT pg_notify(${channel}, ${payload})`);
}

export interface Subscription {
  close(): Promise<void>;
}

/**
 * Calls `onMessage` for each notification on `channel` (or any of several channels), and `onReset` whenever
 * messages may have been missed, so caches can drop everything: when the listening connection is lost, and again
 * once it listens anew, since what was cached between the two was read while no change could be heard.
 */
export async function subscribe(
  db: Pick<Database, 'pglite' | 'pool'>,
  channel: string | readonly string[],
  onMessage: (payload: string, channel: string) => void,
  onReset: () => void,
): Promise<Subscription> {
  const channels = typeof channel === 'string' ? [channel] : channel;
  if (db.pglite) {
    const pglite = db.pglite;
    const unlisten = await Promise.all(
      channels.map((name) => pglite.listen(name, (payload) => onMessage(payload, name))),
    );
    return { close: async () => void (await Promise.all(unlisten.map((stop) => stop()))) };
  }
  const pool = db.pool!;
  let hub = hubs.get(pool);
  if (!hub) {
    hub = new ListeningConnection(pool);
    hubs.set(pool, hub);
  }
  const listener: Listener = { channels, onMessage, onReset };
  await hub.add(listener);
  let closed = false;
  const joined = hub;
  return {
    async close() {
      // Once: a second close must not touch the shared connection again.
      if (closed) return;
      closed = true;
      await joined.remove(listener);
    },
  };
}

interface Listener {
  channels: readonly string[];
  onMessage: (payload: string, channel: string) => void;
  onReset: () => void;
}

/** One listening connection per pool (a process has one), whatever the number of its subscriptions. */
const hubs = new WeakMap<pg.Pool, ListeningConnection>();

/**
 * The one connection a process listens on, shared by its subscriptions. PostgreSQL wakes every listening
 * backend of the database at each commit that notifies, whatever channels it listens on: with a connection per
 * subscription (five in a worker) every step of every run woke five backends per process, and held five of the
 * pool's connections. Changes to it (connecting, LISTEN, releasing it) run one at a time.
 */
class ListeningConnection {
  readonly #pool: pg.Pool;
  readonly #listeners = new Set<Listener>();
  /** The channels LISTENed on the current connection. */
  readonly #listening = new Set<string>();
  #client: pg.PoolClient | undefined;
  #changes: Promise<void> = Promise.resolve();
  #retry: NodeJS.Timeout | undefined;
  /** The connection was lost (or never made) since the listeners last heard everything. */
  #deaf = false;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  add(listener: Listener): Promise<void> {
    this.#listeners.add(listener);
    return this.#change();
  }

  remove(listener: Listener): Promise<void> {
    this.#listeners.delete(listener);
    return this.#change();
  }

  /**
   * Brings the connection in line with the listeners: every channel one of them wants LISTENed, and the connection
   * handed back once none is left. A channel nobody wants any more stays LISTENed (its messages reach nobody): a
   * closing subscription sends no query of its own, so a stop waits at most for a change already under way.
   */
  #change(): Promise<void> {
    this.#changes = this.#changes.then(() => this.#sync());
    return this.#changes;
  }

  async #sync(): Promise<void> {
    if (this.#retry) return; // lost: the retry brings it in line
    const wanted = new Set([...this.#listeners].flatMap((listener) => listener.channels));
    if (wanted.size === 0) {
      this.#client?.release(true);
      this.#client = undefined;
      this.#listening.clear();
      return;
    }
    try {
      if (!this.#client) {
        const client = await this.#pool.connect();
        this.#client = client;
        client.on('notification', (message) => {
          for (const listener of this.#listeners)
            if (listener.channels.includes(message.channel))
              listener.onMessage(message.payload ?? '', message.channel);
        });
        // Only the current connection's failure reopens: a dead one may still report after it was replaced.
        client.on('error', () => {
          if (this.#client === client) this.#lost();
        });
      }
      for (const name of wanted) {
        if (this.#listening.has(name)) continue;
        await this.#client.query(`LISTEN "${name}"`);
        this.#listening.add(name);
      }
      if (this.#deaf) {
        this.#deaf = false;
        for (const listener of this.#listeners) listener.onReset();
      }
    } catch {
      this.#lost();
    }
  }

  /** Every listener may have missed messages: told so now, and again once the connection listens anew. */
  #lost(): void {
    this.#deaf = true;
    for (const listener of this.#listeners) listener.onReset();
    this.#client?.release(true);
    this.#client = undefined;
    this.#listening.clear();
    if (this.#retry) return;
    this.#retry = setTimeout(() => {
      this.#retry = undefined;
      void this.#change();
    }, 500);
    this.#retry.unref();
  }
}
