import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, keyFor, startHarness } from './harness.ts';

// PostgreSQL kills every connection (as a restart or failover does): Warrant answers 503 meanwhile,
// never crashes, and recovers by itself. The load test's fault mode does the same under load.
const url = process.env.WARRANT_TEST_DATABASE_URL;

describe.skipIf(!url)('losing the database connections', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => h?.close());

  it('answers 503 or succeeds while connections die, then recovers, and the caches resync', async () => {
    const agent = await keyFor(h, 'demo', 'agent', 'survivor');
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      // Busy: a transaction in flight while its connection is killed.
      const inFlight = h.call('POST', '/v1/tenants', { body: { name: 'during-the-kill' } });
      await admin.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
         WHERE application_name = $1`,
        [`warrant:${h.warrant.db.schema}`],
      );
      expect([201, 503]).toContain((await inFlight).status);
      let status = 0;
      for (let i = 0; i < 50 && status !== 200; i++) {
        const res = await h.call('GET', '/v1/plans', { key: agent });
        status = res.status;
        expect([200, 503]).toContain(status);
        if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(status).toBe(200);
      // The listening connection came back too: a revocation still reaches the key cache.
      const id = agent.split('_')[1];
      expect((await h.call('DELETE', `/v1/keys/${id}`)).status).toBe(204);
      expect((await h.call('GET', '/v1/whoami', { key: agent })).status).toBe(401);
    } finally {
      await admin.end();
    }
  });
});
