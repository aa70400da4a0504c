import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startServe, warrant } from './cli-spawn.ts';

// The command line against a real `warrant serve` process on the embedded database.
describe('warrant CLI', () => {
  it('serves, bootstraps once, keeps its data across restarts and locks its home', async () => {
    const home = mkdtempSync(join(tmpdir(), 'warrant-cli-'));
    // An empty DATABASE_URL means the embedded database, whatever the outer environment says.
    const env = { WARRANT_HOME: home, DATABASE_URL: '', WARRANT_URL: '', WARRANT_API_KEY: '' };
    const first = await startServe(env);
    const client = { ...env, WARRANT_URL: first.url };
    try {
      const keyPath = join(home, 'admin-key');
      const adminKey = readFileSync(keyPath, 'utf8').trim();
      expect(statSync(keyPath).mode & 0o777).toBe(0o600);
      expect(first.output()).toContain(adminKey);

      const tenant = await warrant(['tenants', 'create', '--name', 'acme', '--json'], client);
      expect(tenant.code).toBe(0);
      expect(JSON.parse(tenant.stdout)).toMatchObject({ name: 'acme' });

      const key = await warrant(
        ['keys', 'create', '--tenant', 'acme', '--role', 'approver', '--name', 'alice'],
        client,
      );
      expect(key.code).toBe(0);
      expect(key.stdout).toMatch(/^wrt_[a-z0-9]{16}_[A-Za-z0-9_-]{43}\n$/);

      const who = await warrant(['whoami', '--json'], { ...client, WARRANT_API_KEY: key.stdout.trim() });
      expect(JSON.parse(who.stdout).actor).toMatchObject({ roles: ['approver'], tenant_name: 'acme' });

      const refused = await warrant(['tenants', 'create', '--name', 'Bad Name'], client);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/validation_failed/);

      const second = await warrant(['serve'], env);
      expect(second.code).not.toBe(0);
      expect(second.stderr).toMatch(/in use by process \d+/);

      expect(await first.stop()).toBe(0);
      const restarted = await startServe(env);
      try {
        expect(restarted.output()).not.toContain('First start');
        const again = await warrant(['whoami', '--json'], {
          ...env,
          WARRANT_URL: restarted.url,
          WARRANT_API_KEY: key.stdout.trim(),
        });
        expect(JSON.parse(again.stdout).actor.tenant_name).toBe('acme');
        const doctor = await warrant(['doctor'], { ...env, WARRANT_URL: restarted.url });
        expect(doctor.stdout).toContain('ok    api key');
        expect(doctor.code).toBe(0);
      } finally {
        await restarted.stop();
      }
    } finally {
      first.child.kill('SIGKILL');
    }
    // Three server starts: on a two-core machine under other load each can take 30 s or more.
  }, 240_000);

  it('says where the server is when it cannot reach it', async () => {
    const result = await warrant(['whoami'], { WARRANT_URL: 'http://127.0.0.1:9', WARRANT_API_KEY: 'wrt_x' });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/cannot reach Warrant at http:\/\/127\.0\.0\.1:9/);
  });
});
