import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StepFacts } from './decision.ts';
import { OpaDecider } from './opa.ts';

/** A stand-in for OPA's data API: the answer depends on the first step's tool. */
const answers: Record<string, (res: import('node:http').ServerResponse) => void> = {
  'ok.allow': (res) => res.end(JSON.stringify({ result: { effect: 'allow', policy_ids: ['p1'] } })),
  'ok.deny': (res) => res.end(JSON.stringify({ result: { effect: 'deny', reasons: ['not on Fridays'] } })),
  'ok.approve': (res) =>
    res.end(
      JSON.stringify({ result: { effect: 'require_approval', requirement: { tier: 'high', quorum: 2 } } }),
    ),
  'ok.error': (res) => {
    res.statusCode = 500;
    res.end('{"code":"internal_error"}');
  },
  'ok.malformed': (res) => res.end(JSON.stringify({ result: { effect: 'maybe' } })),
  'ok.undefined': (res) => res.end('{}'),
  'ok.garbage': (res) => res.end('not json'),
  'ok.slow': (res) => {
    setTimeout(() => res.end(JSON.stringify({ result: { effect: 'allow' } })), 5_000);
  },
};

let server: Server;
let url: string;
const seen: { path: string; body: { input: { actor: unknown; plan_id: string; steps: StepFacts[] } } }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk) => {
      raw += chunk;
    });
    req.on('end', () => {
      const body = JSON.parse(raw);
      seen.push({ path: req.url ?? '', body });
      answers[body.input.steps[0].tool as string]!(res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const step = (tool: string, step_id = 's1'): StepFacts => ({
  step_id,
  tool,
  effect: 'write',
  environment: 'prod',
  namespace: 'shop',
  risk: 'medium',
  blast_scope: 'namespace',
  services: ['checkout'],
  teams: ['payments'],
});
const actor = { id: 'a1', type: 'agent' as const, roles: ['agent'] };

function decider(errors: string[] = []) {
  return new OpaDecider({
    url: `${url}/`,
    policyPackage: 'acme.warrant',
    timeoutMs: 1_000, // generous: a loaded CI machine must not turn a prompt answer into a timeout
    onError: (e) => errors.push(e.message),
  });
}

const decide = (tool: string, d = decider()) =>
  d.decidePlan({ policy_version: 'opa:x', actor, plan_id: 'p1', steps: [step(tool), step(tool, 's2')] });

describe('the OPA decider', () => {
  it('posts the input to the package path of the data API', async () => {
    await decide('ok.allow');
    const last = seen.at(-1)!;
    expect(last.path).toBe('/v1/data/acme/warrant/decision');
    expect(last.body.input).toMatchObject({
      actor,
      plan_id: 'p1',
      steps: [{ step_id: 's1' }, { step_id: 's2' }],
    });
  });

  it('takes allow, deny and require_approval answers', async () => {
    const allowed = await decide('ok.allow');
    expect(allowed).toMatchObject({ effect: 'allow', policy_version: 'opa:x', policy_ids: ['p1'] });
    expect(allowed.steps.map((s) => s.effect)).toEqual(['allow', 'allow']);

    const denied = await decide('ok.deny');
    expect(denied.effect).toBe('deny');
    expect(denied.reasons).toContain('s1: not on Fridays');

    const approval = await decide('ok.approve');
    expect(approval.effect).toBe('require_approval');
    // Unset parts of the requirement take Warrant's defaults.
    expect(approval.requirement).toEqual({
      tier: 'high',
      quorum: 2,
      approvers: ['admin', 'approver'],
      ttl_hours: 4,
    });

    const one = await decider().decideStep({
      policy_version: 'opa:x',
      actor,
      plan_id: 'p1',
      step: step('ok.deny'),
    });
    expect(one).toMatchObject({ step_id: 's1', effect: 'deny' });
  });

  it.each([
    ['a 500', 'ok.error', /HTTP 500/],
    ['a malformed result', 'ok.malformed', /malformed decision/],
    ['an undefined result', 'ok.undefined', /result undefined/],
    ['a body that is not JSON', 'ok.garbage', /no JSON/],
    ['a slow answer', 'ok.slow', /did not answer within 1000 ms/],
  ])('denies on %s, and says why', async (_name, tool, why) => {
    const errors: string[] = [];
    const decision = await decide(tool, decider(errors));
    expect(decision.effect).toBe('deny');
    expect(decision.reasons[0]).toMatch(why);
    expect(decision.reasons[0]).toMatch(/fail closed/);
    expect(errors[0]).toMatch(why);
  });

  it('while OPA is unavailable, lets reads through under allow_reads (saying so) and denies writes', async () => {
    const errors: { message: string; reads_allowed: number }[] = [];
    const opts = {
      policyPackage: 'warrant',
      timeoutMs: 500,
      onError: (e: (typeof errors)[number]) => errors.push(e),
    };
    const read = { ...step('k8s.get'), effect: 'read' as const };
    const write = step('k8s.scale', 's2');
    const down = new OpaDecider({ url: 'http://127.0.0.1:1', ...opts });
    const mixed = await down.decidePlan({ policy_version: 'v', actor, plan_id: 'p', steps: [read, write] });
    expect(mixed.effect).toBe('deny');
    expect(mixed.steps.map((s) => s.effect)).toEqual(['allow', 'deny']);
    expect(mixed.steps[0]!.reasons[0]).toMatch(
      /unreachable; a read, allowed \(policy.on_unavailable: allow_reads\)/,
    );
    const reads = await down.decideStep({ policy_version: 'v', actor, plan_id: 'p', step: read });
    expect(reads.effect).toBe('allow');
    expect(errors.map((e) => e.reads_allowed)).toEqual([1, 1]);
    // deny_all: reads too.
    const strict = new OpaDecider({ url: 'http://127.0.0.1:1', ...opts, onUnavailable: 'deny_all' });
    expect((await strict.decideStep({ policy_version: 'v', actor, plan_id: 'p', step: read })).effect).toBe(
      'deny',
    );
    // A 5xx is an outage; a malformed or undefined answer is a misconfiguration: reads are denied then.
    const up = new OpaDecider({ url, ...opts });
    const asRead = (tool: string) => ({ ...read, tool });
    expect(
      (await up.decideStep({ policy_version: 'v', actor, plan_id: 'p', step: asRead('ok.error') })).effect,
    ).toBe('allow');
    for (const tool of ['ok.malformed', 'ok.undefined', 'ok.garbage'])
      expect(
        (await up.decideStep({ policy_version: 'v', actor, plan_id: 'p', step: asRead(tool) })).effect,
      ).toBe('deny');
  });

  it('denies when OPA is unreachable', async () => {
    const closed = new OpaDecider({ url: 'http://127.0.0.1:1', policyPackage: 'warrant', timeoutMs: 500 });
    const decision = await closed.decidePlan({
      policy_version: 'v',
      actor,
      plan_id: 'p',
      steps: [step('x')],
    });
    expect(decision).toMatchObject({ effect: 'deny', policy_ids: [] });
  });
});
