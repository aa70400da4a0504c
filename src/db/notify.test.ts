import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from './connect.ts';
import { notify, subscribe } from './notify.ts';
import { openTestDatabase } from './testing.ts';

const until = async (check: () => boolean, ms = 10_000) => {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

let db: Database & { url?: string };

/** Kills the backend whose last query LISTENed on `channel`: the shared listening connection, lost. */
async function killListener(channel: string): Promise<void> {
  const admin = new pg.Client({ connectionString: db.url });
  await admin.connect();
  try {
    await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query = $1', [
      `LISTEN "${channel}"`,
    ]);
  } finally {
    await admin.end();
  }
}
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(async () => db.close());

describe('subscriptions', () => {
  it('hear a notification once its transaction commits, never one that rolled back', async () => {
    const heard: string[] = [];
    const subscription = await subscribe(
      db,
      'warrant_test',
      (payload) => heard.push(payload),
      () => {},
    );
    await db.orm.transaction(async (tx) => notify(tx, 'warrant_test', 'kept'));
    await db.orm
      .transaction(async (tx) => {
        await notify(tx, 'warrant_test', 'dropped');
        throw new Error('roll back');
      })
      .catch(() => {});
    await until(() => heard.length > 0);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(heard).toEqual(['kept']);
    await subscription.close();
    // A second close (a worker stopped twice) is harmless: the connection is handed back once.
    await subscription.close();
  });

  // Only a server connection can be lost, or held; the embedded database lives in the process.
  it.skipIf(!process.env.WARRANT_TEST_DATABASE_URL)(
    'share one listening connection, each subscription hearing only its own channels',
    async () => {
      const pool = db.pool!;
      const held = () => pool.totalCount - pool.idleCount;
      const before = held();
      const heard: Record<string, string[]> = { a: [], b: [], ab: [] };
      const a = await subscribe(
        db,
        'warrant_test_a',
        (payload) => heard.a!.push(payload),
        () => {},
      );
      const b = await subscribe(
        db,
        'warrant_test_b',
        (payload) => heard.b!.push(payload),
        () => {},
      );
      const ab = await subscribe(
        db,
        ['warrant_test_a', 'warrant_test_b'],
        (payload, channel) => heard.ab!.push(`${channel}:${payload}`),
        () => {},
      );
      // Three subscriptions, one connection: PostgreSQL wakes every listening backend at each notifying commit.
      expect(held() - before).toBe(1);
      await db.orm.transaction(async (tx) => {
        await notify(tx, 'warrant_test_a', '1');
        await notify(tx, 'warrant_test_b', '2');
      });
      await until(() => heard.ab!.length === 2 && heard.a!.length === 1 && heard.b!.length === 1);
      expect(heard).toEqual({ a: ['1'], b: ['2'], ab: ['warrant_test_a:1', 'warrant_test_b:2'] });
      // A closed subscription hears nothing more; the others go on, on the same connection.
      await b.close();
      await b.close();
      await db.orm.transaction(async (tx) => notify(tx, 'warrant_test_b', '3'));
      await until(() => heard.ab!.length === 3);
      expect(heard.b).toEqual(['2']);
      expect(held() - before).toBe(1);
      await a.close();
      await ab.close();
      // The last one closed hands the connection back.
      expect(held()).toBe(before);
    },
  );

  it.skipIf(!process.env.WARRANT_TEST_DATABASE_URL)(
    'reset caches when the connection is lost AND again once listening resumes, on every channel',
    async () => {
      const heard: string[] = [];
      let resets = 0;
      let otherResets = 0;
      const subscription = await subscribe(
        db,
        'warrant_test',
        (payload) => heard.push(payload),
        () => resets++,
      );
      const other = await subscribe(
        db,
        'warrant_test_other',
        (payload) => heard.push(payload),
        () => otherResets++,
      );
      await killListener('warrant_test_other');
      // A change made while nobody listens is never heard: what was cached meanwhile must go too.
      await until(() => resets >= 2 && otherResets >= 2);
      expect([resets, otherResets]).toEqual([2, 2]);
      await db.orm.transaction(async (tx) => {
        await notify(tx, 'warrant_test', 'after');
        await notify(tx, 'warrant_test_other', 'other after');
      });
      await until(() => heard.includes('after') && heard.includes('other after'));
      await subscription.close();
      await other.close();
    },
  );

  it.skipIf(!process.env.WARRANT_TEST_DATABASE_URL)(
    'a subscription made while the connection is lost is heard once it listens anew',
    async () => {
      let resets = 0;
      const first = await subscribe(
        db,
        'warrant_test_first',
        () => {},
        () => resets++,
      );
      await killListener('warrant_test_first');
      await until(() => resets >= 1);
      // Joins the shared connection while it is down: its channel is LISTENed with the others when it comes back.
      const heard: string[] = [];
      const late = await subscribe(
        db,
        'warrant_test_late',
        (payload) => heard.push(payload),
        () => {},
      );
      await until(() => resets >= 2);
      await db.orm.transaction(async (tx) => notify(tx, 'warrant_test_late', 'heard'));
      await until(() => heard.includes('heard'));
      await first.close();
      await late.close();
    },
  );
});
