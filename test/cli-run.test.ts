import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Served, startServe, warrant } from './cli-spawn.ts';

const example = (name: string) => new URL(`../examples/${name}`, import.meta.url).pathname;
const defaultTests = new URL('../policies/default.tests.json', import.meta.url).pathname;

// The daily commands against a real `warrant serve --demo`: the demo shop, its simulated cluster and its keys.
let served: Served;
let home: string;
let env: Record<string, string>;
let keys: { agent: string; alice: string; bob: string; oncall: string };
const as = (key: string) => ({ ...env, WARRANT_API_KEY: key });

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'warrant-cli-run-'));
  served = await startServe({ WARRANT_HOME: home, DATABASE_URL: '' }, ['--demo'], 110_000);
  // An empty WARRANT_API_KEY means the first admin key, read from WARRANT_HOME.
  env = { WARRANT_HOME: home, DATABASE_URL: '', WARRANT_URL: served.url, WARRANT_API_KEY: '' };
  // The demo data is loaded once the server answers; its keys file is written last.
  for (let tries = 0; !existsSync(join(home, 'demo-keys.json')); tries++) {
    if (tries > 600) throw new Error(`no demo keys: ${served.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  keys = JSON.parse(readFileSync(join(home, 'demo-keys.json'), 'utf8'));
}, 300_000);
afterAll(async () => served?.stop());

const submit = async (file: string) => {
  const submitted = await warrant(['plan', 'submit', example(file), '--json'], as(keys.agent));
  expect(submitted.stderr).toBe('');
  expect(submitted.code).toBe(0);
  return JSON.parse(submitted.stdout) as {
    id: string;
    status: string;
    decision: { risk: { level: string } };
  };
};

describe('a plan end to end from the command line', () => {
  it('submits an example, is approved by two people, runs and is watched until it succeeds', async () => {
    const plan = await submit('scale-checkout.yaml');
    expect(plan).toMatchObject({ status: 'pending_approval', decision: { risk: { level: 'high' } } });

    // Before approving: what will change, read live from the demo cluster, and the rollback in words.
    const shownPlan = await warrant(['plan', 'show', plan.id], as(keys.alice));
    expect(shownPlan.code).toBe(0);
    expect(shownPlan.stdout).toContain('what will change (the current state, read live now):');
    expect(shownPlan.stdout).toMatch(/1\. scale-checkout: Scale checkout to 4 replicas/);
    expect(shownPlan.stdout).toMatch(/deployment\/shop\/checkout replicas 3 → 4/);
    expect(shownPlan.stdout).toContain('rollback: scaled back to 3 replicas');
    expect(shownPlan.stdout).toContain('if the run fails: Undone in reverse order of completion');
    expect(shownPlan.stdout).toContain('If scale-checkout fails: nothing has run before it');
    const withDiff = await warrant(['plan', 'show', plan.id, '--json', '--diff-json'], as(keys.alice));
    expect(JSON.parse(withDiff.stdout).diff.summary).toEqual([
      'scale-checkout: deployment/shop/checkout replicas 3 → 4',
    ]);

    const first = await warrant(['approve', plan.id, '--comment', 'peak is coming'], as(keys.alice));
    expect(first.code).toBe(0);
    // The voter is shown the change before the vote is sent.
    expect(first.stderr).toMatch(/deployment\/shop\/checkout replicas 3 → 4/);
    expect(first.stdout).toContain('1 more needed');
    const second = await warrant(['approve', plan.id], as(keys.bob));
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('status:   approved');
    // People by name, not by id.
    expect(second.stdout).toContain('approve by alice: peak is coming');

    const started = await warrant(['run', 'start', plan.id, '--json'], as(keys.agent));
    expect(started.code).toBe(0);
    const run = JSON.parse(started.stdout) as { id: string; status: string };
    expect(['queued', 'running']).toContain(run.status);

    const watched = await warrant(['run', 'watch', run.id, '--interval', '100'], as(keys.agent));
    expect(watched.stderr).toBe('');
    expect(watched.code).toBe(0);
    expect(watched.stdout).toContain(`run ${run.id}: succeeded`);
    expect(watched.stdout).toContain('scale-checkout: succeeded (do k8s.scale succeeded)');
    // A progress line, and an excerpt of the call's (redacted) output.
    expect(watched.stdout).toContain('[1/1 steps] succeeded');
    expect(watched.stdout).toMatch(/do k8s\.scale output: \{.*"replicas":4/);
    // The streamed log, followed to its end (an ended run: its log, then the end).
    const followed = await warrant(['run', 'logs', run.id, '--follow'], as(keys.agent));
    expect(followed.code).toBe(0);
    expect(followed.stdout).toContain(`run ${run.id}: succeeded`);

    const shown = await warrant(['run', 'show', run.id], as(keys.agent));
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain(`run ${run.id}  succeeded`);
    expect(shown.stdout).toContain('started by: deploy-bot');
    expect(shown.stdout).toMatch(
      /1\. scale-checkout {2}succeeded {2}k8s\.scale — Scale checkout to 4 replicas/,
    );

    const listed = await warrant(['run', 'list', '--plan', plan.id], as(keys.agent));
    expect(listed.stdout.split('\n')[0]).toMatch(/^RUN +STATUS +PLAN +QUEUED +ENDED +ERROR$/);
    expect(listed.stdout).toContain(`${run.id}  succeeded`);

    // The run step by step (GET /v1/runs/{id}/logs), with the output of each call.
    const logs = await warrant(['run', 'logs', run.id], as(keys.agent));
    expect(logs.code).toBe(0);
    expect(logs.stdout).toContain(`run ${run.id}  succeeded  (1 of 1 steps done)`);
    expect(logs.stdout).toMatch(
      /1\. scale-checkout {2}succeeded {2}k8s\.scale — Scale checkout to 4 replicas/,
    );
    expect(logs.stdout).toMatch(/do k8s\.scale: succeeded/);
    expect(logs.stdout).toMatch(/output: \{.*"replicas":4/);
    expect(logs.stdout).toContain('evidence k8s: deployment/shop/checkout');
    const logJson = JSON.parse((await warrant(['run', 'logs', run.id, '--json'], as(keys.agent))).stdout);
    expect(logJson).toMatchObject({ run_id: run.id, status: 'succeeded', progress: { steps: 1, done: 1 } });
    // The run's story from the audit log, as a person with the right to read it.
    const audit = await warrant(['run', 'logs', run.id, '--audit'], as(keys.alice));
    expect(audit.code).toBe(0);
    expect(audit.stdout).toMatch(/run\.queued +deploy-bot/);
    expect(audit.stdout).toContain('run.succeeded');
  }, 300_000);

  it('watches a run that fails until it ends, and exits 1', async () => {
    const plan = await submit('rollback-payments.yaml');
    await warrant(['approve', plan.id], as(keys.alice));
    await warrant(['approve', plan.id], as(keys.bob));
    const watched = await warrant(['run', 'start', plan.id, '--watch', '--interval', '100'], as(keys.agent));
    expect(watched.code).toBe(1);
    expect(watched.stdout).toMatch(/run [0-9a-f-]{36}: failed/);
    expect(watched.stdout).toContain('undo-payments: failed');
  }, 300_000);

  it('reads the JSON example and runs a plan that needs one approval', async () => {
    const plan = await submit('scale-cart.json');
    expect(plan.decision.risk.level).toBe('medium');
    expect((await warrant(['approve', plan.id], as(keys.alice))).stdout).toContain('status:   approved');
    const watched = await warrant(['run', 'start', plan.id, '--watch', '--json'], as(keys.agent));
    expect(watched.code).toBe(0);
    expect(JSON.parse(watched.stdout)).toMatchObject({ status: 'succeeded', plan_id: plan.id });
  }, 300_000);

  it('cancels a run, and says when a run is not found', async () => {
    const plan = await submit('read-error-rate.yaml');
    expect(plan.status).toBe('approved');
    const started = JSON.parse(
      (await warrant(['run', 'start', plan.id, '--json'], as(keys.agent))).stdout,
    ) as { id: string };
    const cancelled = await warrant(['run', 'cancel', started.id], as(keys.agent));
    // The in-process worker may have finished the read first: cancel then refuses, as a finished run.
    if (cancelled.code === 0)
      expect(cancelled.stdout).toMatch(new RegExp(`^run ${started.id} (cancelled|is )`));
    else expect(cancelled.stderr).toMatch(/\(\w+\)\n$/);

    const missing = await warrant(['run', 'show', '00000000-0000-4000-8000-000000000000'], as(keys.agent));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/not_found/);
  }, 300_000);
});

describe("the demo's people", () => {
  it('are persons with names, the agent an agent, never services', async () => {
    const admin = readFileSync(join(home, 'admin-key'), 'utf8').trim();
    const answer = await fetch(`${served.url}/v1/actors`, { headers: { authorization: `Bearer ${admin}` } });
    const { items } = (await answer.json()) as { items: { name: string; type: string }[] };
    const typeOf = (name: string) => items.find((actor) => actor.name === name)?.type;
    expect([typeOf('alice'), typeOf('bob'), typeOf('oncall')]).toEqual(['user', 'user', 'user']);
    expect(typeOf('deploy-bot')).toBe('agent');
  });
});

describe('the other daily commands', () => {
  it('lists exceptions, schedules and the context graph, readable and as JSON', async () => {
    const graph = await warrant(['context'], env);
    expect(graph.code).toBe(0);
    expect(graph.stdout).toMatch(/^services \(3\)\n/);
    expect(graph.stdout).toContain('cart (service cart) --depends_on--> checkout (service checkout)');

    const schedules = await warrant(['schedules'], env);
    expect(schedules).toMatchObject({ code: 0, stdout: 'no schedules\n' });

    // Break glass runs a plan without approval and raises an exception someone must resolve.
    const plan = await submit('scale-cart.json');
    const glass = await warrant(
      ['run', 'start', plan.id, '--break-glass', 'cart is down, no approver awake', '--json'],
      as(keys.oncall),
    );
    expect(glass.stderr).toBe('');
    expect(glass.code).toBe(0);
    const open = await warrant(['exceptions', 'list', '--status', 'open'], env);
    expect(open.stdout.split('\n')[0]).toMatch(/^EXCEPTION +TYPE +STATUS +RAISED +BY +PLAN +REASON$/);
    expect(open.stdout).toMatch(/break_glass +open .* oncall /);
    const items = JSON.parse((await warrant(['exceptions', 'list', '--json'], env)).stdout).items as {
      id: string;
      type: string;
    }[];
    const exception = items.find((e) => e.type === 'break_glass');
    expect(exception).toBeDefined();
    const shown = await warrant(['exceptions', 'show', exception!.id], env);
    expect(shown.stdout).toContain('reason:   cart is down, no approver awake');
    const resolved = await warrant(
      ['exceptions', 'resolve', exception!.id, '--resolution', 'reviewed in the postmortem'],
      as(keys.alice),
    );
    expect(resolved.code).toBe(0);
    expect(resolved.stdout).toMatch(/resolved: .* by alice: reviewed in the postmortem/);
    const without = await warrant(['exceptions', 'resolve', exception!.id], env);
    expect(without.code).toBe(2);
  }, 300_000);

  it('prints the audit verifier key, which audit verify takes as it is or from a file', async () => {
    const key = await warrant(['audit', 'public-key'], env);
    expect(key.code).toBe(0);
    expect(key.stdout).toMatch(/^[^\s+]+\+[0-9a-f]{8}\+\S+\n$/);
    // As JSON, with the tenant's log origin and the key named for it (what witnesses configure).
    expect(JSON.parse((await warrant(['audit', 'public-key', '--json'], env)).stdout)).toEqual({
      key: key.stdout.trim(),
      format: 'c2sp-note-ed25519',
      origin: expect.stringMatching(/^warrant\.dev\/audit\/[0-9a-f-]{36}$/),
      log_key: expect.stringMatching(/^warrant\.dev\/audit\/[0-9a-f-]{36}\+[0-9a-f]{8}\+\S+$/),
    });
    const exported = await warrant(['audit', 'export'], env);
    expect(exported.code).toBe(0);
    const file = join(home, 'audit.jsonl');
    writeFileSync(file, exported.stdout);
    const keyFile = join(home, 'audit.pub');
    writeFileSync(keyFile, key.stdout);
    for (const given of [key.stdout.trim(), keyFile]) {
      const verified = await warrant(['audit', 'verify', file, '--key', given], {});
      expect(verified.stdout).toMatch(/^ok: /);
      expect(verified.code).toBe(0);
    }
  }, 300_000);

  it('passes the example policy tests on the demo tenant and simulates a set as a table', async () => {
    const tested = await warrant(['policy', 'test', defaultTests], env);
    expect(tested.stdout).toMatch(/9 passed, 0 failed/);
    expect(tested.code).toBe(0);

    const strict = join(home, 'reads-only.cedar');
    writeFileSync(
      strict,
      '@id("reads") permit (principal, action == Warrant::Action::"execute", resource) when { resource.effect == "read" };\n',
    );
    const simulated = await warrant(['policy', 'simulate', strict], env);
    expect(simulated.code).toBe(0);
    expect(simulated.stdout).toMatch(
      /^compared \d+ recent plan\(s\) against .*: \d+ would be decided differently\n/,
    );
    expect(simulated.stdout).toMatch(/PLAN +CREATED +NOW +WITH THIS SET +SUMMARY/);
    expect(simulated.stdout).toMatch(/require_approval \(quorum 2, high\) +deny/);
    const raw = JSON.parse((await warrant(['policy', 'simulate', strict, '--json'], env)).stdout);
    expect(raw.changed.length).toBeGreaterThan(0);
  }, 300_000);

  it('exits 2 on a usage error or an unreadable file, and human text by default', async () => {
    expect((await warrant(['run', 'nope'], env)).code).toBe(2);
    expect((await warrant(['run', 'show'], env)).code).toBe(2);
    const unreadable = await warrant(['plan', 'submit', join(home, 'absent.yaml')], as(keys.agent));
    expect(unreadable.code).toBe(2);
    expect(unreadable.stderr).toMatch(/cannot read .*absent\.yaml.*\(usage\)/);
    const badYaml = join(home, 'bad.yaml');
    writeFileSync(badYaml, 'summary: [unclosed\n');
    expect((await warrant(['plan', 'submit', badYaml], as(keys.agent))).code).toBe(2);
    expect((await warrant(['run', 'watch', 'x', '--interval', '0'], env)).code).toBe(2);
    expect((await warrant(['--help'], env)).code).toBe(0);

    const who = await warrant(['whoami'], as(keys.alice));
    expect(who.stdout).toMatch(/^alice \(\w+; approver\) in tenant demo\n/);
    const keyList = await warrant(['keys', 'list'], env);
    expect(keyList.stdout).toMatch(/^KEY +NAME +ROLES +CREATED +REVOKED\n/);
    expect(keyList.stdout).toMatch(/ alice +approver /);
  }, 300_000);
});
