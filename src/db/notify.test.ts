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

  // Only a server connection can be lost; the embedded database lives in the process.
  it.skipIf(!process.env.WARRANT_TEST_DATABASE_URL)(
    'reset caches when the connection is lost AND again once listening resumes',
    async () => {
      const heard: string[] = [];
      let resets = 0;
      const subscription = await subscribe(
        db,
        'warrant_test',
        (payload) => heard.push(payload),
        () => resets++,
      );
      const admin = new pg.Client({ connectionString: db.url });
      await admin.connect();
      await admin.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query = 'LISTEN "warrant_test"'`,
      );
      // A change made while nobody listens is never heard: what was cached meanwhile must go too.
      await until(() => resets >= 2);
      expect(resets).toBe(2);
      await db.orm.transaction(async (tx) => notify(tx, 'warrant_test', 'after'));
      await until(() => heard.includes('after'));
      await admin.end();
      await subscription.close();
    },
  );
});
