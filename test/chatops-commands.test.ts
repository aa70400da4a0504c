// Slack slash commands (/warrant plan|approve|status|audit) through the signed webhook, in Slack's wire format
// (form-encoded, v0 signature over timestamp and body), and the approval message's diff and rollback.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slackSignature } from '../src/chatops/signatures.ts';
import { approvalMessage } from '../src/chatops/slack.ts';
import { configSchema } from '../src/config/schema.ts';
import type { PlanDiff } from '../src/plans/diff.ts';
import type { PlanDecided } from '../src/plans/plan-events.ts';
import { type FakeServer, startFake } from './fakes/server.ts';
import { type Harness, keyFor, startHarness } from './harness.ts';

const SLACK_SECRET = 'slack-signing-secret-commands';
let slack: FakeServer<unknown>;
let h: Harness;
let agent: string;
let otherAgent: string;

const plan = (summary = 'Scale checkout', replicas = 4) => ({
  summary,
  intent: 'Add replicas to checkout.',
  context: { environment: 'prod', namespace: 'shop', cluster_id: 'eu-1' },
  steps: [
    {
      step_id: 'scale',
      action: 'scale',
      tool: 'k8s.scale',
      input: { namespace: 'shop', deployment: 'checkout', replicas },
      rollback: { type: 'scale', steps: [] },
    },
  ],
});

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
      },
    }),
  });
  agent = await keyFor(h, 'demo', 'agent', 'deploy-bot');
  const alice = await keyFor(h, 'demo', 'approver', 'alice');
  const adam = await keyFor(h, 'demo', 'admin', 'adam');
  otherAgent = await keyFor(h, 'other', 'agent', 'other-bot');
  const idOf = async (key: string) =>
    (await h.call<{ actor: { id: string } }>('GET', '/v1/whoami', { key })).body.actor.id;
  for (const [user, key] of [
    ['UALICE', alice],
    ['UBOT', agent],
    ['UADAM', adam],
  ] as const) {
    const linked = await h.call('PUT', `/v1/chatops/slack-users/${user}`, {
      body: { actor_id: await idOf(key) },
    });
    expect(linked.status).toBe(200);
  }
});
afterAll(async () => {
  await h?.close();
  await slack?.close();
});

type Answer = {
  text: string;
  outcome: string;
  code?: string;
  blocks?: {
    type: string;
    text?: { text: string };
    fields?: { text: string }[];
    elements?: { action_id?: string; value?: string; text?: unknown }[];
  }[];
};

let sequence = 0;
/** A slash command as Slack posts it (every field Slack sends; a trigger id that differs per request). */
const command = (user: string, text: string) =>
  new URLSearchParams({
    token: 'deprecated-verification-token',
    team_id: 'T0001',
    team_domain: 'acme',
    channel_id: 'C0APPROVALS',
    channel_name: 'approvals',
    user_id: user,
    user_name: user.toLowerCase(),
    command: '/warrant',
    text,
    api_app_id: 'A0001',
    response_url: `${slack.url}/respond`,
    trigger_id: `trigger.${++sequence}`,
  }).toString();

const press = (user: string, value: string, action = 'warrant_approve') =>
  new URLSearchParams({
    payload: JSON.stringify({
      type: 'block_actions',
      user: { id: user, username: user.toLowerCase() },
      actions: [{ action_id: action, value }],
      response_url: `${slack.url}/respond`,
    }),
  }).toString();

function send(body: string, options: { timestamp?: number; secret?: string; signature?: string } = {}) {
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  return h.call<Answer>('POST', '/v1/webhooks/slack', {
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

const slash = async (user: string, text: string) => {
  const res = await send(command(user, text));
  expect(res.status).toBe(200);
  return res.body;
};

const submit = async (key = agent, body = plan()) => {
  const res = await h.call<{ id: string; status: string; content_hash: string }>('POST', '/v1/plans', {
    key,
    body,
  });
  expect(res.body.status).toBe('pending_approval');
  return res.body;
};

const buttons = (answer: Answer) => answer.blocks!.find((b) => b.type === 'actions')!.elements!;
const allText = (answer: Answer) => JSON.stringify(answer.blocks);

describe('/warrant approve', () => {
  it('shows the revision, its hash, what will change and the rollback, with buttons bound to that hash; the press votes', async () => {
    const p = await submit();
    const shown = await slash('UALICE', `approve ${p.id}`);
    expect(shown.outcome).toBe('shown');
    expect(shown.text).toContain(p.content_hash);
    expect(allText(shown)).toContain(p.content_hash);
    expect(allText(shown)).toContain('*What will change*');
    expect(allText(shown)).toContain('*Rollback*');
    expect(allText(shown)).toContain('scale — scaled back to');
    expect(buttons(shown).map((b) => [b.action_id, b.value])).toEqual([
      ['warrant_approve', `${p.id}:${p.content_hash}`],
      ['warrant_deny', `${p.id}:${p.content_hash}`],
    ]);
    // Nothing is voted until the button is pressed.
    const before = await h.call<{ status: string }>('GET', `/v1/plans/${p.id}`, { key: agent });
    expect(before.body.status).toBe('pending_approval');
    const voted = await send(press('UALICE', buttons(shown)[0]!.value!));
    expect(voted.body).toMatchObject({ outcome: 'recorded' });
    const after = await h.call<{ status: string; approval: { votes: { source: string }[] } }>(
      'GET',
      `/v1/plans/${p.id}`,
      { key: agent },
    );
    expect(after.body.approval.votes.map((v) => v.source)).toEqual(['slack']);
  });

  it('refuses the press once the plan was revised after the confirmation (stale_revision)', async () => {
    const p = await submit();
    const shown = await slash('UALICE', `approve ${p.id}`);
    const revised = await h.call('PUT', `/v1/plans/${p.id}`, {
      key: agent,
      body: plan('Scale checkout', 49),
    });
    expect(revised.status).toBe(200);
    const pressed = await send(press('UALICE', buttons(shown)[0]!.value!));
    expect(pressed.body).toMatchObject({ outcome: 'refused', code: 'stale_revision' });
  });

  it('refuses self-approval: a plan proposed through /warrant plan cannot be approved by its proposer', async () => {
    const submitted = await slash('UADAM', 'plan scale checkout to 4 in namespace shop');
    expect(submitted).toMatchObject({ outcome: 'submitted' });
    const id = /Plan ([0-9a-f-]{36}) submitted as adam/.exec(submitted.text)![1]!;
    const shown = await slash('UADAM', `approve ${id}`);
    expect(shown.outcome).toBe('shown');
    const pressed = await send(press('UADAM', buttons(shown)[0]!.value!));
    expect(pressed.body).toMatchObject({ outcome: 'refused', code: 'self_approval' });
    const planned = await h.call<{ creator_id?: string; status: string }>('GET', `/v1/plans/${id}`, {
      key: agent,
    });
    expect(planned.body.status).toBe('pending_approval');
  });

  it("counts persons, not Slack users: one person's second Slack user is a duplicate vote", async () => {
    const keyOf = async (name: string) => {
      const res = await h.call<{ key: string; actor_id: string }>('POST', '/v1/keys', {
        body: { tenant: 'demo', role: 'approver', name, person: 'dana@example.com' },
      });
      expect(res.status).toBe(201);
      return res.body.actor_id;
    };
    for (const [user, name] of [
      ['UDANA1', 'dana-laptop'],
      ['UDANA2', 'dana-phone'],
    ] as const) {
      const linked = await h.call('PUT', `/v1/chatops/slack-users/${user}`, {
        body: { actor_id: await keyOf(name) },
      });
      expect(linked.status).toBe(200);
    }
    // A rollout undo in prod: two approvers (quorum 2).
    const undo = {
      step_id: 'undo',
      action: 'roll back',
      tool: 'k8s.rollout_undo',
      input: { namespace: 'shop', deployment: 'checkout' },
    };
    const p = await submit(agent, { ...plan(), steps: [undo] } as never);
    const first = await slash('UDANA1', `approve ${p.id}`);
    expect(
      first.blocks!.find((b) => b.type === 'section' && JSON.stringify(b).includes('Needs')),
    ).toBeDefined();
    expect((await send(press('UDANA1', buttons(first)[0]!.value!))).body.outcome).toBe('recorded');
    const second = await slash('UDANA2', `approve ${p.id}`);
    const pressed = await send(press('UDANA2', buttons(second)[0]!.value!));
    expect(pressed.body).toMatchObject({ outcome: 'refused', code: 'duplicate_vote' });
    const after = await h.call<{ status: string }>('GET', `/v1/plans/${p.id}`, { key: agent });
    expect(after.body.status).toBe('pending_approval');
  });

  it("answers not found for another tenant's plan, and for an id that is no plan", async () => {
    const theirs = await submit(otherAgent);
    for (const verb of ['approve', 'status', 'audit']) {
      expect(await slash('UALICE', `${verb} ${theirs.id}`)).toMatchObject({
        outcome: 'not_found',
        code: 'not_found',
      });
    }
    expect(await slash('UALICE', 'approve not-a-uuid')).toMatchObject({ outcome: 'not_found' });
    // Nor does the button vote on it: Alice is not linked in that tenant.
    const pressed = await send(press('UALICE', `${theirs.id}:${theirs.content_hash}`));
    expect(pressed.body).toMatchObject({ outcome: 'unlinked_user' });
  });
});

describe('the other commands', () => {
  it('/warrant status answers for a plan and for a run; /warrant audit lists the plan events', async () => {
    const p = await submit();
    const status = await slash('UALICE', `status ${p.id}`);
    expect(status.text).toContain(`Plan ${p.id}`);
    expect(status.text).toContain('pending_approval');
    const audit = await slash('UALICE', `audit ${p.id}`);
    expect(audit.outcome).toBe('shown');
    expect(audit.text).toContain('plan.submitted');
    // The agent may not read the audit log: its link answers not found, as the API refuses it.
    expect((await slash('UBOT', `audit ${p.id}`)).outcome).toBe('not_found');

    const shown = await slash('UALICE', `approve ${p.id}`);
    await send(press('UALICE', buttons(shown)[0]!.value!));
    const run = await h.call<{ id: string }>('POST', `/v1/plans/${p.id}/runs`, { key: agent, body: {} });
    expect(run.status).toBe(202);
    const runStatus = await slash('UALICE', `status ${run.body.id}`);
    expect(runStatus.text).toContain(`Run ${run.body.id} of plan ${p.id}`);
  });

  it('answers a slow draft through the response URL: the HTTP answer says it follows (Slack waits 3 s)', async () => {
    const { drafter } = h.warrant;
    const draft = drafter.draft.bind(drafter);
    drafter.draft = async (...args) => {
      await new Promise((resolve) => setTimeout(resolve, 3000));
      return draft(...args);
    };
    try {
      const before = slack.calls.filter((c) => c.path === '/respond').length;
      const first = await slash('UADAM', 'plan scale checkout to 6 in namespace shop');
      expect(first).toMatchObject({ outcome: 'pending' });
      const late = await waitFor(() => slack.calls.filter((c) => c.path === '/respond')[before]);
      expect(late.body).toMatchObject({ response_type: 'ephemeral', outcome: 'submitted' });
      expect((late.body as { text: string }).text).toMatch(/^Plan [0-9a-f-]{36} submitted as adam/);
    } finally {
      drafter.draft = draft;
    }
  });

  it('answers usage for an unknown verb or a missing argument', async () => {
    expect(await slash('UALICE', 'deploy everything')).toMatchObject({ outcome: 'usage' });
    expect(await slash('UALICE', 'approve')).toMatchObject({ outcome: 'usage' });
  });

  it('refuses an unknown Slack user, whatever the command', async () => {
    const p = await submit();
    for (const text of [`approve ${p.id}`, `status ${p.id}`, `audit ${p.id}`, 'plan scale checkout to 4']) {
      expect(await slash('UNOBODY', text)).toMatchObject({ outcome: 'unlinked_user' });
    }
  });

  it('refuses a proposal from a user whose role cannot propose', async () => {
    expect(await slash('UALICE', 'plan scale checkout to 4 in namespace shop')).toMatchObject({
      outcome: 'refused',
      code: 'forbidden',
    });
  });
});

describe('signatures, freshness and replays', () => {
  it('refuses a bad signature, a wrong secret and a stale timestamp (401), recording nothing', async () => {
    const p = await submit();
    const body = command('UALICE', `approve ${p.id}`);
    expect((await send(body, { signature: 'v0=deadbeef' })).body).toMatchObject({ code: 'bad_signature' });
    expect((await send(body, { secret: 'not-the-secret' })).status).toBe(401);
    const stale = await send(body, { timestamp: Math.floor(Date.now() / 1000) - 301 });
    expect(stale).toMatchObject({ status: 401, body: { code: 'stale_timestamp' } });
    const events = await h.call<{ items: { attack_type: string }[] }>('GET', '/v1/security-events');
    expect(events.body.items.length).toBeGreaterThanOrEqual(3);
  });

  it('refuses a replayed command (same body, timestamp and signature)', async () => {
    const timestamp = Math.floor(Date.now() / 1000);
    const body = command('UADAM', 'plan scale checkout to 5 in namespace shop');
    const first = await send(body, { timestamp });
    expect(first.body.outcome).toBe('submitted');
    const again = await send(body, { timestamp });
    expect(again).toMatchObject({ status: 409, body: { code: 'replayed' } });
  });
});

describe('the approval message in the channel', () => {
  it('shows what will change and the rollback, escapes the plan text, and binds its buttons to the hash shown', async () => {
    const p = await submit(agent, plan('Scale <!channel> & <https://evil.example|click here>'));
    const posted = await waitFor(() =>
      slack.calls.find((c) => c.path === '/api/chat.postMessage' && JSON.stringify(c.body).includes(p.id)),
    );
    const body = posted.body as Answer & { channel: string };
    const text = JSON.stringify(body.blocks);
    expect(text).toContain('*What will change*');
    expect(text).toContain('scale: ');
    expect(text).toContain('*Rollback*');
    expect(text).toContain('Undone in reverse order of completion: scale — scaled back to');
    expect(text).not.toContain('<!channel>');
    expect(text).not.toContain('<https://evil.example');
    expect(text).toContain('&lt;!channel&gt; &amp; &lt;https://evil.example|click here&gt;');
    expect(buttons(body).map((b) => b.value)).toEqual([
      `${p.id}:${p.content_hash}`,
      `${p.id}:${p.content_hash}`,
    ]);
  });

  it('builds the Block Kit payload from a diff: one line per change, the rollback, the failure path', () => {
    const diff: PlanDiff = {
      plan_id: 'p1',
      revision: 2,
      content_hash: 'h2',
      steps: [],
      summary: ['scale: deployment/shop/checkout replicas 2 → 6', 'sync: app <b>'],
      rollback: 'Undone in reverse order of completion: scale — scaled back to 2 replicas.',
      on_failure: 'If scale fails: nothing ran before it.',
    };
    const event = {
      tenant_id: 't',
      revised: true,
      started: new Date(),
      at: new Date(),
      plan: {
        id: 'p1',
        content_hash: 'h1',
        summary: 'S',
        decision: {
          risk: { level: 'medium', reasons: ['r'] },
          requirement: { quorum: 1, approvers: ['approver'], tier: 'medium' },
        },
      },
    } as unknown as PlanDecided;
    const message = approvalMessage(event, undefined, diff);
    expect(message.blocks.slice(3, 6)).toEqual([
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: '*What will change*\n• scale: deployment/shop/checkout replicas 2 → 6\n• sync: app &lt;b&gt;',
        },
      },
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: '*Rollback*\nUndone in reverse order of completion: scale — scaled back to 2 replicas.',
        },
      },
      { type: 'context', elements: [{ type: 'mrkdwn', text: 'If scale fails: nothing ran before it.' }] },
    ]);
    // The buttons carry the hash of the revision the diff describes.
    const actions = message.blocks.find((b) => b.type === 'actions') as { elements: { value: string }[] };
    expect(actions.elements.map((e) => e.value)).toEqual(['p1:h2', 'p1:h2']);
    // Without a readable diff the message says so rather than showing nothing.
    expect(JSON.stringify(approvalMessage(event, undefined, null).blocks)).toContain('could not be read');
  });
});

async function waitFor<T>(probe: () => T | undefined): Promise<T> {
  for (const deadline = Date.now() + 30_000; Date.now() < deadline; ) {
    const value = probe();
    if (value) return value;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('gave up waiting');
}
