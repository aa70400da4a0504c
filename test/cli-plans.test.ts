import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Served, startServe, warrant } from './cli-spawn.ts';

let served: Served;
let env: Record<string, string>;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'warrant-cli-plans-'));
  served = await startServe({ WARRANT_HOME: dir, DATABASE_URL: '' });
  env = { WARRANT_HOME: dir, DATABASE_URL: '', WARRANT_URL: served.url, WARRANT_API_KEY: '' };
}, 120_000);
afterAll(async () => served?.stop());

const key = async (role: string, name: string) =>
  (await warrant(['keys', 'create', '--role', role, '--name', name], env)).stdout.trim();

describe('plans from the command line', () => {
  it('submits a YAML plan, approves it twice and shows who voted', async () => {
    const agent = await key('agent', 'bot');
    const alice = await key('approver', 'alice');
    const bob = await key('approver', 'bob');
    const file = join(dir, 'plan.yaml');
    writeFileSync(
      file,
      [
        'summary: Undo the checkout rollout',
        'intent: Error rate doubled after the last release',
        'context: { environment: prod, namespace: shop, cluster_id: eu-1 }',
        'steps:',
        '  - step_id: undo',
        '    action: roll back checkout',
        '    tool: k8s.rollout_undo',
        '    input: { namespace: shop, deployment: checkout }',
      ].join('\n'),
    );
    const submitted = await warrant(['plan', 'submit', file, '--json'], { ...env, WARRANT_API_KEY: agent });
    expect(submitted.code).toBe(0);
    const plan = JSON.parse(submitted.stdout) as { id: string; status: string };
    expect(plan.status).toBe('pending_approval');

    const self = await warrant(['approve', plan.id], { ...env, WARRANT_API_KEY: agent });
    expect(self.code).toBe(1);
    expect(self.stderr).toContain('self_approval');

    const denyWithoutReason = await warrant(['deny', plan.id], { ...env, WARRANT_API_KEY: alice });
    expect(denyWithoutReason.code).toBe(2);
    expect(denyWithoutReason.stderr).toContain('--reason');

    expect(
      (await warrant(['approve', plan.id, '--comment', 'ok'], { ...env, WARRANT_API_KEY: alice })).stdout,
    ).toContain('1 more needed');
    const approved = await warrant(['approve', plan.id], { ...env, WARRANT_API_KEY: bob });
    expect(approved.stdout).toContain('status:   approved');

    const shown = await warrant(['plan', 'show', plan.id], { ...env, WARRANT_API_KEY: agent });
    expect(shown.stdout).toContain('approve by alice: ok');
    expect(shown.stdout).toContain('risk:     high');
  }, 120_000);

  it('votes for the revision it showed: a revision made since refuses the vote', async () => {
    const agent = await key('agent', 'bot-rev');
    const carol = await key('approver', 'carol');
    const body = (replicas: number) => ({
      summary: 'Scale checkout',
      intent: 'More traffic',
      context: { environment: 'prod', namespace: 'shop', cluster_id: 'eu-1' },
      steps: [
        {
          step_id: 'scale',
          action: 'scale',
          tool: 'k8s.scale',
          input: { namespace: 'shop', deployment: 'checkout', replicas },
        },
      ],
    });
    const send = async (method: string, path: string, payload: unknown) =>
      (await (
        await fetch(`${served.url}${path}`, {
          method,
          headers: { authorization: `Bearer ${agent}`, 'content-type': 'application/json' },
          body: JSON.stringify(payload),
        })
      ).json()) as { id: string; content_hash: string };
    const first = await send('POST', '/v1/plans', body(3));
    await send('PUT', `/v1/plans/${first.id}`, body(49));

    const stale = await warrant(['approve', first.id, '--content-hash', first.content_hash], {
      ...env,
      WARRANT_API_KEY: carol,
    });
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain('stale_revision');
    // Without --content-hash, the CLI shows the plan it votes on and names that revision.
    const current = await warrant(['approve', first.id], { ...env, WARRANT_API_KEY: carol });
    expect(current.code).toBe(0);
    expect(current.stderr).toContain('(revision 2)');
    expect(current.stdout).toContain('status:   approved');
  }, 120_000);

  it('refuses a plan file that names an unknown tool, and says which', async () => {
    const agent = await key('agent', 'bot2');
    const file = join(dir, 'bad.json');
    writeFileSync(
      file,
      JSON.stringify({
        summary: 's',
        intent: 'i',
        context: { environment: 'dev' },
        steps: [{ step_id: 'a', action: 'x', tool: 'nope.tool', input: {} }],
      }),
    );
    const result = await warrant(['plan', 'submit', file], { ...env, WARRANT_API_KEY: agent });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/unknown tool nope\.tool \(unknown_tool\)/);
  }, 60_000);
});
