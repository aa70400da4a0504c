import { sign } from '@octokit/webhooks-methods';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linearSignature, slackSignature } from '../src/chatops/signatures.ts';
import { configSchema } from '../src/config/schema.ts';
import { type Harness, keyFor, startHarness } from './harness.ts';

/**
 * Issue 16: NUL and lone surrogates (text PostgreSQL cannot hold) and repeated keys (JSON that reads two
 * ways) are refused with 400 at the door on every kind of route: JSON bodies, query strings, path
 * parameters, the authorize hot path (where the refusal is still recorded) and signed webhooks.
 */
const SLACK_SECRET = 'slack-signing-secret';
const LINEAR_SECRET = 'linear-webhook-secret';
let h: Harness;
let agent: string;

const plan = (input: string) =>
  `{"summary":"Scale checkout","intent":"More replicas.","context":{"environment":"prod","namespace":"shop",` +
  `"cluster_id":"eu-1"},"steps":[{"step_id":"scale","action":"scale","tool":"k8s.scale","input":${input}}]}`;

beforeAll(async () => {
  process.env.WARRANT_GITHUB_WEBHOOK_SECRET = 'whsec-hostile-text';
  h = await startHarness({
    config: configSchema.parse({
      chatops: { slack_signing_secret: SLACK_SECRET, linear_webhook_secret: LINEAR_SECRET },
    }),
  });
  agent = await keyFor(h, 'demo', 'agent', 'deploy-bot');
});
afterAll(async () => h?.close());

const planCount = async () =>
  (await h.call<{ items: unknown[] }>('GET', '/v1/plans', { key: agent })).body.items.length;

const refusedCalls = async () =>
  (
    await h.call<{
      items: { kind: string; blocked_payload: string; status_code: number; actor_id: string }[];
    }>('GET', '/v1/security-events?kind=refused_call')
  ).body.items;

describe('text PostgreSQL cannot hold', () => {
  it('in a JSON body, as a value or a key, at any depth: 400 invalid_text, and nothing is created', async () => {
    const before = await planCount();
    for (const input of [
      '{"namespace":"shop","deployment":"check\\u0000out","replicas":4}',
      '{"namespace":"shop","deployment":"checkout","replicas":4,"\\u0000":1}',
      '{"namespace":"shop","deployment":"\\ud800","replicas":4}',
      '{"namespace":"shop","deployment":"checkout","replicas":4,"x":[{"\\udfff":true}]}',
    ]) {
      const res = await h.call<{ code: string; detail: string }>('POST', '/v1/plans', {
        key: agent,
        raw: plan(input),
      });
      expect([res.status, res.body.code]).toEqual([400, 'invalid_text']);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.body.detail).toMatch(/^body\.steps\[0\]\.input/);
    }
    expect(await planCount()).toBe(before);
  });

  it('in a query parameter or a path parameter: 400 invalid_text', async () => {
    for (const path of [
      '/v1/plans?status=%00',
      '/v1/plans?%00=1',
      '/v1/plans/abc%00def',
      '/v1/plans/%ED%A0%80',
      '/v1/plans?status=%ED%A0%80',
      '/v1/audit/events?action=a%00',
    ]) {
      const res = await h.call<{ code: string }>('GET', path, { key: agent });
      expect([path, res.status, res.body.code]).toEqual([path, 400, 'invalid_text']);
    }
  });
});

describe('a key given twice', () => {
  it("is refused with 400 duplicate_key, the issue's example first, and nothing is created", async () => {
    const before = await planCount();
    const res = await h.call<{ code: string; key: string }>('POST', '/v1/plans', {
      key: agent,
      raw: plan('{"namespace":"shop","deployment":"checkout","deployment":"payments","replicas":4}'),
    });
    expect([res.status, res.body.code, res.body.key]).toEqual([400, 'duplicate_key', 'deployment']);
    // Written differently, the same key.
    const escaped = await h.call<{ code: string }>('POST', '/v1/plans', {
      key: agent,
      raw: plan('{"namespace":"shop","deployment":"checkout","\\u0064eployment":"payments","replicas":4}'),
    });
    expect([escaped.status, escaped.body.code]).toEqual([400, 'duplicate_key']);
    expect(await planCount()).toBe(before);
  });
});

describe('a refused authorize call', () => {
  const authorize = (raw: string) =>
    h.call<{ code: string; allowed?: boolean }>('POST', '/v1/authorize', { key: agent, raw });
  const call = (stepId: string) =>
    `{"plan_id":"00000000-0000-4000-8000-000000000000","step_id":"${stepId}","tool":"k8s.scale","input":{}}`;

  it('is refused every time it is sent (the body memo keeps no refused body) and recorded each time', async () => {
    const before = (await refusedCalls()).length;
    const bodies: [string, string][] = [
      [call('s1\\u0000'), 'invalid_text'],
      [call('s1\\u0000'), 'invalid_text'],
      [call('\\ud800'), 'invalid_text'],
      [`{"plan_id":"p","plan_id":"q","step_id":"s1","tool":"k8s.scale","input":{}}`, 'duplicate_key'],
      [`{"plan_id":"p","plan_id":"q","step_id":"s1","tool":"k8s.scale","input":{}}`, 'duplicate_key'],
      ['{"plan_id":', 'malformed_json'],
      ['{"plan_id":"p","step_id":"s1","tool":"k8s.scale"}', 'validation_failed'],
    ];
    for (const [raw, code] of bodies) {
      const res = await authorize(raw);
      expect([raw, res.status, res.body.code]).toEqual([raw, 400, code]);
    }
    const after = await refusedCalls();
    const recorded = after.slice(0, after.length - before);
    expect(recorded.map((event) => event.blocked_payload.split(':')[0]).sort()).toEqual(
      bodies.map(([, code]) => code).sort(),
    );
    expect(recorded.every((event) => event.status_code === 400)).toBe(true);
    // A well-formed call with no plan is still answered (not allowed) and recorded as an unapproved attempt.
    const uncovered = await authorize(call('s1'));
    expect([uncovered.status, uncovered.body.allowed]).toEqual([200, false]);
  });
});

describe('reasons and comments', () => {
  const INVISIBLE = ['\u200b'.repeat(10), '\ufeff\u2060\u202e\u2066\u200f', ' \t\n\u00a0 '];

  it('with no visible character are refused (400, saying so) for break glass, votes, cancels and resolutions', async () => {
    const breaker = await keyFor(h, 'demo', 'break_glass', 'oncall');
    const submitted = await h.call<{ id: string; content_hash: string }>('POST', '/v1/plans', {
      key: agent,
      raw: plan('{"namespace":"shop","deployment":"checkout","replicas":4}'),
    });
    expect(submitted.status).toBe(201);
    const { id } = submitted.body;
    const call = { plan_id: id, step_id: 'scale', tool: 'k8s.scale', input: { deployment: 'payments' } };
    // A refused call with no plan behind it opens an exception to resolve.
    const attempt = await h.call<{ exception_id: string }>('POST', '/v1/authorize', {
      key: agent,
      body: { ...call, plan_id: '00000000-0000-4000-8000-000000000000' },
    });
    const attempts: [string, string, string, (text: string) => unknown][] = [
      ['POST', '/v1/authorize', breaker, (text) => ({ ...call, break_glass: { reason: text } })],
      ['POST', `/v1/plans/${id}/runs`, breaker, (text) => ({ break_glass: { reason: text } })],
      ['POST', `/v1/plans/${id}/approvals`, h.adminKey, (text) => ({ decision: 'deny', comment: text })],
      ['POST', `/v1/plans/${id}/cancel`, agent, (text) => ({ reason: text })],
      [
        'POST',
        `/v1/exceptions/${attempt.body.exception_id}/resolve`,
        h.adminKey,
        (text) => ({ resolution: text }),
      ],
    ];
    for (const [method, path, key, body] of attempts) {
      for (const text of INVISIBLE) {
        const res = await h.call<{ code: string; detail: string }>(method, path, { key, body: body(text) });
        expect([path, res.status, res.body.code]).toEqual([path, 400, 'validation_failed']);
        expect(res.body.detail).toContain('has no visible characters');
      }
    }
    // One visible letter padded with invisible ones is still too short a break-glass reason.
    const padded = await h.call<{ allowed: boolean }>('POST', '/v1/authorize', {
      key: breaker,
      body: { ...call, break_glass: { reason: `x${'\u200b'.repeat(12)}` } },
    });
    expect(padded.body.allowed).toBe(false);
    const paddedRun = await h.call<{ code: string }>('POST', `/v1/plans/${id}/runs`, {
      key: breaker,
      body: { break_glass: { reason: `x${'\u200b'.repeat(12)}` } },
    });
    expect([paddedRun.status, paddedRun.body.code]).toEqual([400, 'reason_required']);
    // Nothing happened: the plan still waits, and a visible reason does break glass.
    const after = await h.call<{ status: string }>('GET', `/v1/plans/${id}`, { key: agent });
    expect(after.body.status).toBe('pending_approval');
    const broken = await h.call<{ allowed: boolean }>('POST', '/v1/authorize', {
      key: breaker,
      body: { ...call, break_glass: { reason: '\u200bsev1: checkout down' } },
    });
    expect(broken.body.allowed).toBe(true);
  });
});

describe('signed webhooks', () => {
  const sendLinear = (raw: string, secret = LINEAR_SECRET) =>
    h.call<{ code: string }>('POST', '/v1/webhooks/linear', {
      key: '',
      raw,
      headers: { 'linear-signature': linearSignature(secret, raw), 'linear-delivery': crypto.randomUUID() },
    });
  const linearComment = (data: string) =>
    `{"type":"Comment","action":"create","data":${data},"webhookTimestamp":${Date.now()}}`;

  it('Linear: a signed body with a repeated key or NUL is 400, checked after the signature', async () => {
    const twice = linearComment('{"body":"/approve x","body":"/deny x","userId":"lin-bob"}');
    expect((await sendLinear(twice, 'not-the-secret')).status).toBe(401);
    const res = await sendLinear(twice);
    expect([res.status, res.body.code]).toEqual([400, 'duplicate_key']);
    const nul = await sendLinear(linearComment('{"body":"/approve x","userId":"lin-\\u0000bob"}'));
    expect([nul.status, nul.body.code]).toEqual([400, 'invalid_text']);
  });

  it('GitHub: a signed delivery with a repeated key or NUL is 400, checked after the signature', async () => {
    const operator = await keyFor(h, 'demo', 'operator', 'dana');
    const connected = await h.call('POST', '/v1/worklog/repositories', {
      key: operator,
      body: { full_name: 'acme/shop' },
    });
    expect(connected.status).toBe(201);
    const { secret } = (await h.call<{ secret: string }>('GET', '/v1/worklog/webhook')).body;
    const deliver = async (raw: string, signWith = secret) =>
      h.call<{ code: string }>('POST', '/v1/webhooks/github', {
        key: '',
        raw,
        headers: {
          'x-github-event': 'pull_request',
          'x-github-delivery': crypto.randomUUID(),
          'x-hub-signature-256': await sign(signWith, raw),
        },
      });
    const event = (title: string) =>
      `{"action":"opened","repository":{"full_name":"acme/shop"},"pull_request":{"number":7,` +
      `"html_url":"https://github.example/acme/shop/pull/7","title":${title},"head":{"sha":"a"},"base":{"sha":"b"}}}`;
    const twice = event('"Add a cache","title":"Drop the tables"');
    expect((await deliver(twice, 'not-the-secret')).status).toBe(401);
    const res = await deliver(twice);
    expect([res.status, res.body.code]).toEqual([400, 'duplicate_key']);
    const nul = await deliver(event('"Add\\u0000a cache"'));
    expect([nul.status, nul.body.code]).toEqual([400, 'invalid_text']);
  });

  it('Slack: a signed interaction whose payload holds NUL or a repeated key is 400', async () => {
    const send = (payload: string) => {
      const body = `payload=${encodeURIComponent(payload)}`;
      const timestamp = String(Math.floor(Date.now() / 1000));
      return h.call<{ code: string }>('POST', '/v1/webhooks/slack', {
        key: '',
        raw: body,
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-slack-request-timestamp': timestamp,
          'x-slack-signature': slackSignature(SLACK_SECRET, timestamp, body),
        },
      });
    };
    const action =
      '"actions":[{"action_id":"warrant_approve","value":"00000000-0000-4000-8000-000000000000"}]';
    const nul = await send(`{"type":"block_actions","user":{"id":"U\\u0000X"},${action}}`);
    expect([nul.status, nul.body.code]).toEqual([400, 'invalid_text']);
    const twice = await send(`{"type":"block_actions","user":{"id":"UA","id":"UB"},${action}}`);
    expect([twice.status, twice.body.code]).toEqual([400, 'duplicate_key']);
  });
});
