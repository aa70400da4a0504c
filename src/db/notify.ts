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
 * Calls `onMessage` for each notification on `channel` (or any of several channels, on one connection), and
 * `onReset` whenever messages may have been missed, so caches can drop everything: when the listening
 * connection is lost, and again once it listens anew, since what was cached between the two was read
 * while no change could be heard.
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
  let client: pg.PoolClient | undefined;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;
  let deaf = false;
  const open = async (): Promise<void> => {
    try {
      const mine = await pool.connect();
      // Closed while connecting: hand the connection straight back, or the pool could never end.
      if (closed) {
        mine.release();
        return;
      }
      client = mine;
      mine.on('notification', (message) => {
        if (channels.includes(message.channel)) onMessage(message.payload ?? '', message.channel);
      });
      // Only the current connection's failure reopens: a dead one may still report after it was replaced.
      mine.on('error', () => {
        if (client === mine) reopen();
      });
      for (const name of channels) await client.query(`LISTEN "${name}"`);
      if (deaf) {
        deaf = false;
        onReset();
      }
    } catch {
      reopen();
    }
  };
  const reopen = () => {
    deaf = true;
    onReset();
    client?.release(true);
    client = undefined;
    if (!closed && !retry) {
      retry = setTimeout(() => {
        retry = undefined;
        void open();
      }, 500);
      retry.unref();
    }
  };
  await open();
  return {
    async close() {
      closed = true;
      clearTimeout(retry);
      // Once: a second close must not hand the connection back again.
      client?.release(true);
      client = undefined;
    },
  };
}
