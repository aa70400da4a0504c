import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linearSignature, slackSignature } from '../src/chatops/signatures.ts';
import { configSchema } from '../src/config/schema.ts';
import { listSecurityEvents } from '../src/ops/security-events.ts';
import { type FakeServer, startFake } from './fakes/server.ts';
import { type Harness, keyFor, startHarness } from './harness.ts';

const SLACK_SECRET = 'slack-signing-secret';
const LINEAR_SECRET = 'linear-webhook-secret';
let slack: FakeServer<unknown>;
let h: Harness;
let agent: string;
let alice: string;
let ids: Record<'agent' | 'alice' | 'bob', string>;

const pending = {
  summary: 'Scale checkout',
  intent: 'Add replicas to checkout.',
  context: { environment: 'prod', namespace: 'shop', cluster_id: 'eu-1' },
  steps: [
    {
      step_id: 'scale',
      action: 'scale',
      tool: 'k8s.scale',
      input: { namespace: 'shop', deployment: 'checkout', replicas: 4 },
    },
  ],
};

beforeAll(async () => {
  slack = await startFake(null, [
    {
      method: 'POST',
      path: /^\/api\/chat\.postMessage$/,
      handle: () => ({ status: 200, body: { ok: true, ts: '1.1' } }),
    },
    { method: 'POST', path: /^\/respond$/, handle: () => ({ status: 200, body: {} }) },
  ]);
  h = await startHarness({
    config: configSchema.parse({
      chatops: {
        slack_bot_token: 'xoxb-test-token',
        slack_channel: 'C0APPROVALS',
        slack_api_url: `${slack.url}/api`,
        slack_signing_secret: SLACK_SECRET,
        linear_webhook_secret: LINEAR_SECRET,
      },
    }),
  });
  agent = await keyFor(h, 'demo', 'agent', 'deploy-bot');
  alice = await keyFor(h, 'demo', 'approver', 'alice');
  const bob = await keyFor(h, 'demo', 'approver', 'bob');
  const idOf = async (key: string) =>
    (await h.call<{ actor: { id: string } }>('GET', '/v1/whoami', { key })).body.actor.id;
  ids = { agent: await idOf(agent), alice: await idOf(alice), bob: await idOf(bob) };
  for (const [provider, user, actor] of [
    ['slack', 'UALICE', ids.alice],
    ['slack', 'UBOT', ids.agent],
    ['linear', 'lin-bob', ids.bob],
  ] as const) {
    const linked = await h.call('PUT', `/v1/chatops/${provider}-users/${user}`, {
      body: { actor_id: actor },
    });
    expect(linked.status).toBe(200);
  }
});
afterAll(async () => {
  await h?.close();
  await slack?.close();
});

/** The content hash each plan's latest Slack message showed, as its buttons carry it. */
const shown = new Map<string, string>();

async function submitPending(): Promise<string> {
  const res = await h.call<{ id: string; status: string; content_hash: string }>('POST', '/v1/plans', {
    key: agent,
    body: pending,
  });
  expect(res.body.status).toBe('pending_approval');
  shown.set(res.body.id, res.body.content_hash);
  return res.body.id;
}

/** The agent revises its plan (replicas 4 → 49), as between a message and the press of its button. */
async function revise(id: string, key = agent): Promise<string> {
  const body = {
    ...pending,
    steps: [{ ...pending.steps[0]!, input: { ...pending.steps[0]!.input, replicas: 49 } }],
  };
  const res = await h.call<{ content_hash: string; revision: number }>('PUT', `/v1/plans/${id}`, {
    key,
    body,
  });
  expect(res.status).toBe(200);
  return res.body.content_hash;
}

const interaction = (
  user: string,
  planId: string,
  action = 'warrant_approve',
  value = `${planId}:${shown.get(planId)}`,
) =>
  new URLSearchParams({
    payload: JSON.stringify({
      type: 'block_actions',
      user: { id: user, username: user.toLowerCase() },
      actions: [{ action_id: action, value }],
      response_url: `${slack.url}/respond`,
    }),
  }).toString();

function sendSlack(body: string, options: { timestamp?: number; secret?: string; signature?: string } = {}) {
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  return h.call<{ text: string; outcome: string; code?: string }>('POST', '/v1/webhooks/slack', {
    key: '',
    raw: body,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': timestamp,
      'x-slack-signature':
        options.signature ?? slackSignature(options.secret ?? SLACK_SECRET, timestamp, body),
    },
  });
}

const planStatus = async (id: string) =>
  (
    await h.call<{ status: string; approval: { votes: { source: string }[] } }>('GET', `/v1/plans/${id}`, {
      key: agent,
    })
  ).body;

describe('Slack approvals', () => {
  it('posts a pending plan to the channel with Approve and Deny buttons', async () => {
    const id = await submitPending();
    const posted = await waitFor(() =>
      slack.calls.find((c) => c.path === '/api/chat.postMessage' && JSON.stringify(c.body).includes(id)),
    );
    expect(posted.headers.authorization).toBe('Bearer xoxb-test-token');
    const body = posted.body as {
      channel: string;
      blocks: { type: string; elements?: { action_id: string }[] }[];
    };
    expect(body.channel).toBe('C0APPROVALS');
    const actions = body.blocks.find((b) => b.type === 'actions')!;
    expect(actions.elements!.map((e) => e.action_id)).toEqual(['warrant_approve', 'warrant_deny']);
  });

  it('records a signed button press as a vote with source slack, and refuses its replay', async () => {
    const id = await submitPending();
    const body = interaction('UALICE', id);
    const timestamp = Math.floor(Date.now() / 1000);
    const res = await sendSlack(body, { timestamp });
    expect(res.status).toBe(200);
    expect(res.body.outcome).toBe('recorded');
    expect(res.body.text).toContain('approved');
    const plan = await planStatus(id);
    expect(plan.status).toBe('approved');
    expect(plan.approval.votes[0]!.source).toBe('slack');
    await waitFor(() => slack.calls.find((c) => c.path === '/respond'));
    const replay = await sendSlack(body, { timestamp });
    expect(replay.status).toBe(409);
    expect(replay.body.code).toBe('replayed');
  });

  it('refuses a bad signature and a stale timestamp, and records both', async () => {
    const id = await submitPending();
    const bad = await sendSlack(interaction('UALICE', id), { secret: 'not-the-secret' });
    expect(bad.status).toBe(401);
    expect(bad.body.code).toBe('bad_signature');
    const missing = await sendSlack(interaction('UALICE', id), { signature: '' });
    expect(missing.status).toBe(401);
    const stale = await sendSlack(interaction('UALICE', id), {
      timestamp: Math.floor(Date.now() / 1000) - 600,
    });
    expect(stale.status).toBe(401);
    expect(stale.body.code).toBe('stale_timestamp');
    expect((await planStatus(id)).status).toBe('pending_approval');
    const root = (await h.warrant.tenancy.authenticateKey(h.adminKey))!;
    const { items } = await listSecurityEvents(h.warrant.db.orm, root, { kind: 'bad_signature' });
    expect(items.length).toBeGreaterThanOrEqual(2);
    expect(items[0]).toMatchObject({
      endpoint_targeted: '/v1/webhooks/slack',
      status_code: 401,
      tenant_id: null,
    });
  });

  it('answers self-approval and unlinked users in words, recording nothing', async () => {
    const id = await submitPending();
    const self = await sendSlack(interaction('UBOT', id));
    expect(self.status).toBe(200);
    expect(self.body).toMatchObject({ outcome: 'refused', code: 'self_approval' });
    expect(self.body.text).toMatch(/not recorded/);
    const stranger = await sendSlack(interaction('UNOBODY', id));
    expect(stranger.body.outcome).toBe('unlinked_user');
    expect(stranger.body.text).toContain('/v1/chatops/slack-users/UNOBODY');
    expect((await planStatus(id)).approval.votes).toEqual([]);
  });

  it('refuses a button pressed on the message of an older revision, and one that names no revision', async () => {
    const id = await submitPending();
    const first = shown.get(id)!;
    const second = await revise(id);
    const stale = await sendSlack(interaction('UALICE', id, 'warrant_approve', `${id}:${first}`));
    expect(stale.body).toMatchObject({ outcome: 'refused', code: 'stale_revision' });
    const legacy = await sendSlack(interaction('UALICE', id, 'warrant_approve', id));
    expect(legacy.body).toMatchObject({ outcome: 'refused', code: 'stale_revision' });
    expect((await planStatus(id)).status).toBe('pending_approval');
    // The message posted for the revision carries its hash, and its button counts.
    const reposted = await waitFor(() =>
      slack.calls.find((c) => c.path === '/api/chat.postMessage' && JSON.stringify(c.body).includes(second)),
    );
    expect(JSON.stringify(reposted.body)).toContain(`${id}:${second}`);
    const fresh = await sendSlack(interaction('UALICE', id, 'warrant_approve', `${id}:${second}`));
    expect(fresh.body.outcome).toBe('recorded');
  });

  it("refuses a vote through a chat user that a plan's writer linked to an approver", async () => {
    const id = await submitPending();
    // The admin revises the agent's plan, then links a Slack user of their own to alice's actor.
    shown.set(id, await revise(id, h.adminKey));
    const linked = await h.call('PUT', '/v1/chatops/slack-users/UADMIN', { body: { actor_id: ids.alice } });
    expect(linked.status).toBe(200);
    const res = await sendSlack(interaction('UADMIN', id));
    expect(res.body).toMatchObject({ outcome: 'refused', code: 'self_approval' });
    expect((await planStatus(id)).approval.votes).toEqual([]);
  });

  it('lets only admins link chat users, to actors of their own tenant', async () => {
    expect(
      (await h.call('PUT', '/v1/chatops/slack-users/UX', { key: alice, body: { actor_id: ids.alice } }))
        .status,
    ).toBe(403);
    const otherAdmin = await keyFor(h, 'other', 'admin', 'oscar');
    const cross = await h.call('PUT', '/v1/chatops/slack-users/UX', {
      key: otherAdmin,
      body: { actor_id: ids.alice },
    });
    expect(cross.status).toBe(404);
  });
});

describe('Linear approvals', () => {
  const sendLinear = (payload: unknown, secret = LINEAR_SECRET, delivery: string = crypto.randomUUID()) => {
    const raw = typeof payload === 'string' ? payload : JSON.stringify(payload);
    return h.call<{ outcome: string; code?: string }>('POST', '/v1/webhooks/linear', {
      key: '',
      raw,
      headers: { 'linear-signature': linearSignature(secret, raw), 'linear-delivery': delivery },
    });
  };
  const comment = (body: string, createdAt = new Date().toISOString()) => ({
    type: 'Comment',
    action: 'create',
    data: { body, userId: 'lin-bob', createdAt },
    webhookTimestamp: Date.now(),
  });

  it('turns a signed /approve comment into a vote with source linear', async () => {
    const id = await submitPending();
    const res = await sendLinear(comment(`/approve ${id} dashboards look fine`));
    expect(res.status).toBe(200);
    expect(res.body.outcome).toBe('recorded');
    const plan = await planStatus(id);
    expect(plan.status).toBe('approved');
    expect(plan.approval.votes[0]!.source).toBe('linear');
  });

  it('refuses a bad signature and a replayed delivery', async () => {
    const id = await submitPending();
    expect((await sendLinear(comment(`/approve ${id}`), 'wrong')).status).toBe(401);
    const event = { type: 'Issue', action: 'create', data: {}, webhookTimestamp: Date.now() };
    const ignored = await sendLinear(event, LINEAR_SECRET, 'd-1');
    expect(ignored.body.outcome).toBe('ignored');
    const replay = await sendLinear(event, LINEAR_SECRET, 'd-1');
    expect(replay.status).toBe(409);
    expect((await planStatus(id)).status).toBe('pending_approval');
  });

  it('refuses a replayed comment under a new delivery id after the plan was revised', async () => {
    const id = await submitPending();
    const raw = JSON.stringify(comment(`/approve ${id}`));
    await revise(id);
    // The same signed body, delivered again with another Linear-Delivery header: one delivery.
    const first = await sendLinear(raw);
    expect(first.body).toMatchObject({ outcome: 'refused', code: 'stale_revision' });
    const replay = await sendLinear(raw);
    expect(replay.status).toBe(409);
    expect(replay.body.code).toBe('replayed');
    expect((await planStatus(id)).status).toBe('pending_approval');
  });

  it('binds a comment to the revision current when it was written', async () => {
    const id = await submitPending();
    const written = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 5));
    await revise(id);
    const late = await sendLinear(comment(`/approve ${id}`, written));
    expect(late.body).toMatchObject({ outcome: 'refused', code: 'stale_revision' });
    const current = await sendLinear(comment(`/approve ${id}`));
    expect(current.body.outcome).toBe('recorded');
  });

  it('refuses a delivery with no timestamp, a non-numeric one or a stale one (401)', async () => {
    const id = await submitPending();
    const { webhookTimestamp: _dropped, ...untimed } = comment(`/approve ${id}`);
    for (const payload of [
      untimed,
      { ...untimed, webhookTimestamp: 'soon' },
      { ...untimed, webhookTimestamp: `${Date.now()}` },
      { ...untimed, webhookTimestamp: Date.now() - 600_000 },
    ]) {
      const res = await sendLinear(payload);
      expect(res.status).toBe(401);
    }
    expect((await planStatus(id)).status).toBe('pending_approval');
  });
});

async function waitFor<T>(probe: () => T | undefined): Promise<T> {
  // A deadline, not a count of polls: a loaded machine is slower, not wrong.
  for (const deadline = Date.now() + 30_000; Date.now() < deadline; ) {
    const value = probe();
    if (value) return value;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('gave up waiting');
}
