import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, keyFor, startHarness } from './harness.ts';

/** Issue 16: a tenant's regular expression (a playbook parameter's `pattern`) cannot hold the server. */
let h: Harness;
let operator: string;

const playbook = (pattern: string) => ({
  description: 'Restart a deployment',
  parameters: { properties: { deployment: { type: 'string', pattern } }, required: ['deployment'] },
  summary: 'Restart {{ params.deployment }}',
  intent: 'restart',
  context: { environment: 'dev', namespace: 'shop' },
  steps: [
    {
      step_id: 'restart',
      action: 'restart',
      tool: 'k8s.rollout_restart',
      input: { namespace: 'shop', deployment: '{{ params.deployment }}' },
    },
  ],
});
const upload = (name: string, pattern: string) =>
  h.call<{ code: string; detail: string }>('PUT', `/v1/playbooks/${name}`, {
    key: operator,
    body: playbook(pattern),
  });

beforeAll(async () => {
  h = await startHarness();
  operator = await keyFor(h, 'demo', 'operator', 'olive');
});
afterAll(async () => h?.close());

describe('playbook parameter patterns', () => {
  it("answer ^(a+)+$ against 64 a's and a ! through the API, where a backtracking engine would never end", async () => {
    expect((await upload('redos', '^(a+)+$')).status).toBe(201);
    const fine = await h.call('POST', '/v1/playbooks/redos/plans', {
      key: operator,
      body: { params: { deployment: 'aaaa' } },
    });
    expect(fine.status).toBe(201);
    const value = `${'a'.repeat(64)}!`;
    const res = await h.call<{ code: string; detail: string }>('POST', '/v1/playbooks/redos/plans', {
      key: operator,
      body: { params: { deployment: value } },
    });
    expect([res.status, res.body.code, res.body.detail]).toEqual([
      400,
      'invalid_parameters',
      `parameter "deployment" must match ^(a+)+$, got "${value}"`,
    ]);
    // A backtracking engine held the server 5 s on 30 a's; on 64 it would not answer before the test times out.
  });

  it('that RE2 cannot run (backreferences, lookaround) are refused at upload, saying why', async () => {
    for (const [pattern, why] of [
      ['^(a)\\1$', 'RE2 cannot compile it: invalid escape sequence: `\\1`'],
      ['^(?=a)a$', 'RE2 cannot compile it: invalid or unsupported Perl syntax'],
      ['(?<!x)y', 'RE2 cannot compile it: invalid named capture'],
      ['(.{1000}){10}', 'RE2 cannot compile it: invalid repeat count'],
    ]) {
      const res = await upload('refused', pattern!);
      expect([res.status, res.body.code]).toEqual([400, 'invalid_playbook']);
      expect(res.body.detail).toContain(`parameter "deployment" has a pattern that cannot be used: ${why}`);
    }
    expect((await h.call('GET', '/v1/playbooks/refused', { key: operator })).status).toBe(404);
  });
});
