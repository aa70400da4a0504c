import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startServe, warrant } from './cli-spawn.ts';

const defaultTests = new URL('../policies/default.tests.json', import.meta.url).pathname;

// `warrant policy …` against a real `warrant serve` on the embedded database.
describe('warrant policy', () => {
  it('tests, uploads and simulates policy sets through the server', async () => {
    const home = mkdtempSync(join(tmpdir(), 'warrant-policy-'));
    const env = { WARRANT_HOME: home, DATABASE_URL: '', WARRANT_URL: '', WARRANT_API_KEY: '' };
    const served = await startServe(env);
    const client = { ...env, WARRANT_URL: served.url };
    try {
      const passing = await warrant(['policy', 'test', defaultTests], client);
      expect(passing.stderr).toBe('');
      expect(passing.code).toBe(0);
      expect(passing.stdout).toContain('PASS  scaling in prod needs one approver');
      expect(passing.stdout).toMatch(/9 passed, 0 failed/);

      const strict = join(home, 'strict.cedar');
      writeFileSync(
        strict,
        '@id("reads") permit (principal, action == Warrant::Action::"execute", resource) when { resource.effect == "read" };\n',
      );
      const cases = join(home, 'cases.yaml');
      writeFileSync(
        cases,
        [
          '- name: queries are allowed',
          '  step: { tool: prometheus.query, input: { query: up }, environment: prod }',
          '  expect: { effect: allow }',
          '- name: scaling in dev is allowed',
          '  step: { tool: k8s.scale, input: { namespace: a, deployment: b, replicas: 1 }, environment: dev }',
          '  expect: { effect: allow }',
          '',
        ].join('\n'),
      );
      const failing = await warrant(['policy', 'test', cases, '--policies', strict], client);
      expect(failing.code).toBe(1);
      expect(failing.stdout).toContain('PASS  queries are allowed');
      expect(failing.stdout).toMatch(/FAIL {2}scaling in dev is allowed: expected allow, got deny/);

      const simulated = await warrant(['policy', 'simulate', strict, '--last', '10', '--json'], client);
      expect(simulated.code).toBe(0);
      expect(JSON.parse(simulated.stdout)).toMatchObject({ compared: 0, changed: [] });

      const uploaded = await warrant(['policy', 'upload', strict, '--activate', '--json'], client);
      expect(uploaded.code).toBe(0);
      expect(JSON.parse(uploaded.stdout)).toMatchObject({ version: 1, active: true });
      // Now the active set is the strict one, and the default cases no longer all pass.
      expect((await warrant(['policy', 'test', defaultTests], client)).code).toBe(1);

      writeFileSync(strict, 'permit (principal, action, resource) when { resource.nope };\n');
      const refused = await warrant(['policy', 'upload', strict], client);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/line 1, column \d+.*\(policy_invalid\)/);
    } finally {
      await served.stop();
    }
    // Several CLI processes and a server on two cores: generous, as the other CLI tests.
  }, 120_000);
});
