import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../src/core/clock.ts';
import { type Harness, keyFor, startHarness } from './harness.ts';
import { rowsOf } from './rows.ts';

const clock = new ManualClock('2026-03-01T10:00:00.000Z');
let h: Harness;
let agent: string;
let alice: string;
let bob: string;
let viewer: string;
let otherTenantAgent: string;

beforeAll(async () => {
  h = await startHarness({ clock });
  agent = await keyFor(h, 'demo', 'agent', 'deploy-bot');
  alice = await keyFor(h, 'demo', 'approver', 'alice');
  bob = await keyFor(h, 'demo', 'approver', 'bob');
  viewer = await keyFor(h, 'demo', 'viewer', 'vic');
  otherTenantAgent = await keyFor(h, 'other', 'agent', 'intruder');
});
afterAll(async () => h?.close());

const plan = (environment: string, steps: unknown[], extra: Record<string, unknown> = {}) => ({
  summary: 'Roll back checkout',
  intent: 'The last release of checkout raised the error rate; roll it back.',
  context: { environment, namespace: 'shop', cluster_id: 'eu-1' },
  steps,
  ...extra,
});
const undo = {
  step_id: 'undo',
  action: 'roll back',
  tool: 'k8s.rollout_undo',
  input: { namespace: 'shop', deployment: 'checkout' },
};
const query = { step_id: 'q', action: 'look', tool: 'prometheus.query', input: { query: 'up' } };
const scale = (replicas: number) => ({
  step_id: 'scale',
  action: 'scale',
  tool: 'k8s.scale',
  input: { namespace: 'shop', deployment: 'checkout', replicas },
});

type PlanBody = {
  id: string;
  status: string;
  content_hash: string;
  revision: number;
  decision: {
    effect: string;
    requirement?: { quorum: number; tier: string };
    risk: { level: string; reasons: string[] };
  };
  approval: { votes: unknown[]; valid_to: string | null; quorum_remaining: number } | null;
};

async function submit(body: unknown, key = agent, headers: Record<string, string> = {}) {
  return h.call<PlanBody & { code?: string; detail?: string }>('POST', '/v1/plans', { key, body, headers });
}
const vote = (id: string, key: string, decision = 'approve', comment?: string) =>
  h.call<{ code?: string; plan: PlanBody }>('POST', `/v1/plans/${id}/approvals`, {
    key,
    body: { decision, comment },
  });
const authorize = (body: Record<string, unknown>, key = agent) =>
  h.call<{ allowed: boolean; reason_code: string; exception_id?: string }>('POST', '/v1/authorize', {
    key,
    body,
  });

async function counts() {
  // Authorize answers are audited write-behind: let earlier ones land before counting.
  await h.warrant.auditWriteBehind.flush();
  const [row] = rowsOf<Record<string, number>>(
    await h.warrant.db.orm.execute(sql`
      SELECT (SELECT count(*) FROM plans)::int AS plans, (SELECT count(*) FROM approvals)::int AS approvals,
             (SELECT count(*) FROM audit_events)::int AS audit`),
  );
  return row;
}

describe('submitting plans', () => {
  it('allows a read-only plan at once, with its risk explained', async () => {
    const res = await submit(plan('prod', [query]));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      status: 'approved',
      decision: { effect: 'allow', risk: { level: 'read' } },
    });
    expect(res.body.content_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(res.body.decision.risk.reasons.length).toBeGreaterThan(0);
    expect(
      (
        await authorize({
          plan_id: res.body.id,
          step_id: 'q',
          tool: 'prometheus.query',
          input: { query: 'up' },
        })
      ).body,
    ).toMatchObject({ allowed: true, reason_code: 'allowed' });
  });

  it('asks one approver for a write in prod', async () => {
    const res = await submit(plan('prod', [scale(3)]));
    expect(res.body).toMatchObject({
      status: 'pending_approval',
      decision: { effect: 'require_approval', requirement: { quorum: 1 } },
    });
  });

  it('keeps a replayed submission to one plan (Idempotency-Key)', async () => {
    const before = await counts();
    const body = plan('dev', [scale(2)]);
    const first = await submit(body, agent, { 'idempotency-key': 'k-1' });
    const again = await submit(body, agent, { 'idempotency-key': 'k-1' });
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body.id).toBe(first.body.id);
    expect((await counts())!.plans).toBe(before!.plans! + 1);
    const other = await submit(plan('dev', [scale(4)]), agent, { 'idempotency-key': 'k-1' });
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('idempotency_key_reused');
  });

  it('never stores a secret planted in a step input', async () => {
    const secret = 'ghp_0123456789abcdefghijklmnopqrstuvwxyzAB';
    const step = {
      step_id: 'call',
      action: 'call',
      tool: 'http.request',
      input: {
        method: 'GET',
        url: 'https://api.example.com/x',
        headers: { authorization: `token ${secret}` },
      },
    };
    const res = await submit(plan('dev', [step]));
    expect(res.status).toBe(201);
    const dump = rowsOf(
      await h.warrant.db.orm.execute(
        sql`SELECT p.*, (SELECT json_agg(a.body) FROM audit_events a) AS audit FROM plans p`,
      ),
    );
    expect(JSON.stringify(dump)).not.toContain(secret);
    // The call with the real input still matches the plan: only a hash of it is kept.
    expect(
      (await authorize({ plan_id: res.body.id, step_id: 'call', tool: 'http.request', input: step.input }))
        .body.allowed,
    ).toBe(true);
  });

  it('refuses who may not propose', async () => {
    expect((await submit(plan('dev', [query]), viewer)).status).toBe(403);
  });

  const bad: Array<[string, unknown, string]> = [
    ['an unknown tool', plan('dev', [{ ...query, tool: 'k8s.delete_everything' }]), 'unknown_tool'],
    ['input that fails the tool schema', plan('dev', [scale(-1)]), 'invalid_step_input'],
    ['a missing input field', plan('dev', [{ ...undo, input: { namespace: 'shop' } }]), 'invalid_step_input'],
    ['duplicate step ids', plan('dev', [query, query]), 'validation_failed'],
    ['an unknown field', { ...plan('dev', [query]), approved: true }, 'validation_failed'],
    ['a wrong environment', plan('production', [query]), 'validation_failed'],
    ['no steps', plan('dev', []), 'validation_failed'],
  ];
  it.each(bad)('refuses %s, storing nothing', async (_name, body, code) => {
    const before = await counts();
    const res = await submit(body);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body.code).toBe(code);
    expect(await counts()).toEqual(before);
  });

  it('refuses malformed JSON', async () => {
    const res = await h.call<{ code: string }>('POST', '/v1/plans', { key: agent, raw: '{"summary":' });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('malformed_json');
  });
});

describe('where a plan is decided', () => {
  const scaleOf = (deployment: string, replicas = 2) => ({
    ...scale(replicas),
    input: { namespace: 'shop', deployment, replicas },
  });
  const place = (deployment: string, environment: string) =>
    h.call('PUT', `/v1/context/nodes/deploy-${deployment}`, {
      body: { kind: 'deployment', name: deployment, labels: { namespace: 'shop', environment } },
    });
  type Decided = PlanBody & { decision: { environment: unknown; steps: { environment: unknown }[] } };

  it('decides a resource the context graph does not place as prod, whatever the plan declares', async () => {
    const res = await submit(plan('dev', [scaleOf('ghost')]));
    const unplaced = { value: 'prod', source: 'default', declared: 'dev' };
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      status: 'pending_approval',
      context: { environment: 'dev' },
      decision: { effect: 'require_approval', environment: unplaced, steps: [{ environment: unplaced }] },
    });
    expect(res.body.decision.risk.reasons[0]).toBe(
      'scale: decided in prod, not the declared dev: the context graph does not place deployment shop/ghost',
    );
    const listed = await h.call<{ items: { id: string }[] }>('GET', '/v1/plans?environment=prod&limit=200');
    expect(listed.body.items.map((item) => item.id)).toContain(res.body.id);
  });

  it('takes a declaration matching the graph as it is, and follows the graph through revisions and changes', async () => {
    expect((await place('canary', 'dev')).status).toBe(201);
    const matching = await submit(plan('dev', [scaleOf('canary')]));
    expect(matching.body).toMatchObject({
      status: 'approved',
      decision: { effect: 'allow', environment: { value: 'dev', source: 'context_graph', declared: 'dev' } },
    });
    expect(matching.body.decision.risk.reasons.join('\n')).not.toContain('decided in');

    // The graph now has canary in prod: the same content is decided there (no answer cached for dev applies).
    await place('canary', 'prod');
    const moved = await submit(plan('dev', [scaleOf('canary')]));
    expect(moved.body).toMatchObject({
      status: 'pending_approval',
      decision: { environment: { value: 'prod', source: 'context_graph', declared: 'dev' } },
    });
    const revised = await h.call<Decided>('PUT', `/v1/plans/${moved.body.id}`, {
      key: agent,
      body: plan('dev', [scaleOf('canary', 3)]),
    });
    expect(revised.body).toMatchObject({
      status: 'pending_approval',
      revision: 2,
      decision: { environment: { value: 'prod', source: 'context_graph' } },
    });
    // A stricter declaration than the graph's is taken.
    await place('canary', 'dev');
    const stricter = await submit(plan('stage', [scaleOf('canary', 4)]));
    expect(stricter.body).toMatchObject({
      status: 'approved',
      decision: { environment: { value: 'stage', source: 'declared', declared: 'stage' } },
    });
  });
});

describe('approvals', () => {
  it('needs two distinct approvers, never the creator, for a destructive prod step', async () => {
    const submitted = await submit(plan('prod', [undo]));
    expect(submitted.body).toMatchObject({
      status: 'pending_approval',
      decision: { requirement: { quorum: 2, tier: 'high' } },
    });
    const id = submitted.body.id;
    const call = { plan_id: id, step_id: 'undo', tool: 'k8s.rollout_undo', input: undo.input };
    expect((await authorize(call)).body).toMatchObject({ allowed: false, reason_code: 'not_approved' });

    // The creator cannot approve their own plan, even holding an approver role.
    const self = await vote(id, agent);
    expect(self.status).toBe(403);
    expect(self.body.code).toBe('self_approval');
    expect((await vote(id, viewer)).body.code).toBe('not_an_approver');

    const first = await vote(id, alice, 'approve', 'looks right');
    expect(first.status).toBe(201);
    expect(first.body.plan).toMatchObject({ status: 'pending_approval', approval: { quorum_remaining: 1 } });
    const twice = await vote(id, alice);
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('duplicate_vote');

    const second = await vote(id, bob);
    expect(second.body.plan.status).toBe('approved');
    expect((await authorize(call)).body).toMatchObject({ allowed: true, reason_code: 'approved' });
    expect(
      (await authorize({ ...call, input: { namespace: 'shop', deployment: 'payments' } })).body,
    ).toMatchObject({
      allowed: false,
      reason_code: 'input_mismatch',
    });
  });

  it('voids approvals when the plan is revised', async () => {
    const { body } = await submit(plan('prod', [scale(3)]));
    await vote(body.id, alice);
    const call = { plan_id: body.id, step_id: 'scale', tool: 'k8s.scale', input: scale(3).input };
    expect((await authorize(call)).body.allowed).toBe(true);
    const revised = await h.call<PlanBody>('PUT', `/v1/plans/${body.id}`, {
      key: agent,
      body: plan('prod', [scale(5)]),
    });
    expect(revised.status).toBe(200);
    expect(revised.body).toMatchObject({ status: 'pending_approval', revision: 2, approval: { votes: [] } });
    expect(revised.body.content_hash).not.toBe(body.content_hash);
    expect((await authorize(call)).body.reason_code).toBe('input_mismatch');
    expect((await authorize({ ...call, input: scale(5).input })).body.reason_code).toBe('not_approved');
    // Alice may vote again on the new content.
    expect((await vote(body.id, alice)).body.plan.status).toBe('approved');
    expect((await authorize({ ...call, input: scale(5).input })).body.allowed).toBe(true);
  });

  it('answers approval_expired once the approval lapses, and records the lapse', async () => {
    const { body } = await submit(plan('prod', [scale(6)]));
    await vote(body.id, bob);
    const call = { plan_id: body.id, step_id: 'scale', tool: 'k8s.scale', input: scale(6).input };
    expect((await authorize(call)).body.allowed).toBe(true);
    clock.advance(4 * 3600 * 1000 + 1);
    expect((await authorize(call)).body).toMatchObject({ allowed: false, reason_code: 'approval_expired' });
    expect(await h.warrant.approvals.expireDue()).toBeGreaterThan(0);
    expect((await h.call<PlanBody>('GET', `/v1/plans/${body.id}`)).body.status).toBe('expired');
    const exceptions = await h.call<{ items: { type: string; plan_id: string }[] }>(
      'GET',
      `/v1/exceptions?type=approval_expired&plan_id=${body.id}`,
    );
    expect(exceptions.body.items).toHaveLength(1);
    expect((await vote(body.id, alice)).status).toBe(409);
  });

  it('lets a denial end the plan, and a send-back return it', async () => {
    const denied = await submit(plan('prod', [scale(7)]));
    expect((await vote(denied.body.id, alice, 'deny', 'not now')).body.plan.status).toBe('denied');
    const back = await submit(plan('prod', [scale(8)]));
    expect((await vote(back.body.id, alice, 'send_back', 'add a rollback')).body.plan.status).toBe(
      'sent_back',
    );
  });

  it('cancels, and a plan read ahead of its first call (a run about to start) is not answered from that read', async () => {
    const { body } = await submit(plan('prod', [scale(9)]));
    h.warrant.authorizer.prefetch(body.id);
    const cancelled = await h.call<PlanBody>('POST', `/v1/plans/${body.id}/cancel`, {
      key: agent,
      body: { reason: 'no longer needed' },
    });
    expect(cancelled.body.status).toBe('cancelled');
    expect(
      (await authorize({ plan_id: body.id, step_id: 'scale', tool: 'k8s.scale', input: scale(9).input })).body
        .reason_code,
    ).toBe('cancelled');
  });
});

describe('authorize', () => {
  it('records an uncovered call as an unapproved attempt, audited', async () => {
    const res = await authorize({
      plan_id: '00000000-0000-4000-8000-000000000000',
      step_id: 's',
      tool: 'k8s.scale',
      input: {},
    });
    expect(res.body).toMatchObject({ allowed: false, reason_code: 'no_plan' });
    expect(res.body.exception_id).toEqual(expect.any(String));
    await h.warrant.auditWriteBehind.flush();
    const refused = rowsOf<{ n: number }>(
      await h.warrant.db.orm.execute(
        sql`SELECT count(*)::int AS n FROM audit_events WHERE action = 'tool_call.refused'`,
      ),
    );
    expect(refused[0]!.n).toBeGreaterThan(0);
  });

  it('audits every answer: a burst folds into one event listing each answer and its time', async () => {
    const { body } = await submit(plan('dev', [query]));
    const call = { plan_id: body.id, step_id: 'q', tool: 'prometheus.query', input: { query: 'up' } };
    const answers = await Promise.all([
      ...Array.from({ length: 6 }, () => authorize(call)),
      authorize({ ...call, input: { query: 'down' } }),
    ]);
    expect(answers.map((a) => a.body.reason_code).sort()).toEqual([
      ...Array(6).fill('allowed'),
      'input_mismatch',
    ]);
    await h.warrant.auditWriteBehind.flush();
    const rows = rowsOf<{
      action: string;
      context: { count: number; answers: { count: number; at: string[] }[] };
    }>(
      await h.warrant.db.orm.execute(
        sql`SELECT action, body->'context' AS context FROM audit_events WHERE plan_id = ${body.id}
            AND action LIKE 'tool_call.%'`,
      ),
    );
    const listed = (action: string) =>
      rows
        .filter((row) => row.action === action)
        .flatMap((row) => row.context.answers.flatMap((answer) => answer.at));
    expect(listed('tool_call.authorized')).toHaveLength(6);
    expect(listed('tool_call.refused')).toHaveLength(1);
    for (const row of rows)
      expect(row.context.count).toBe(row.context.answers.reduce((sum, answer) => sum + answer.count, 0));
  });

  it('answers a body sent again as if new: refused, screened and recorded each time', async () => {
    const { body } = await submit(plan('dev', [query]));
    const probe = {
      plan_id: body.id,
      step_id: 'q',
      tool: 'prometheus.query',
      input: { query: "' OR '1'='1" },
    };
    const events = async () =>
      rowsOf<{ n: number }>(
        await h.warrant.db.orm.execute(
          sql`SELECT count(*)::int AS n FROM security_events WHERE kind = 'injection'`,
        ),
      )[0]!.n;
    const before = await events();
    for (const _ of [1, 2]) {
      expect((await authorize(probe)).body).toMatchObject({ code: 'rejected_input' });
      expect((await authorize({ ...probe, input: 'up' })).body).toMatchObject({ code: 'validation_failed' });
      const malformed = await h.call<{ code: string }>('POST', '/v1/authorize', {
        key: agent,
        raw: '{"plan_id":',
      });
      expect(malformed.body.code).toBe('malformed_json');
    }
    expect(await events()).toBe(before + 2);
    // The same text from another tenant is that tenant's question.
    const call = { plan_id: body.id, step_id: 'q', tool: 'prometheus.query', input: { query: 'up' } };
    expect((await authorize(call)).body.reason_code).toBe('allowed');
    expect((await authorize(call, otherTenantAgent)).body.reason_code).toBe('no_plan');
    expect((await authorize(call)).body.reason_code).toBe('allowed');
  });

  it("treats another tenant's plan as no plan at all", async () => {
    const { body } = await submit(plan('dev', [query]));
    const res = await authorize(
      { plan_id: body.id, step_id: 'q', tool: 'prometheus.query', input: { query: 'up' } },
      otherTenantAgent,
    );
    expect(res.body.reason_code).toBe('no_plan');
    expect((await h.call('GET', `/v1/plans/${body.id}`, { key: otherTenantAgent })).status).toBe(404);
    expect(
      (
        await h.call('POST', `/v1/plans/${body.id}/approvals`, {
          key: otherTenantAgent,
          body: { decision: 'approve' },
        })
      ).status,
    ).toBe(404);
    expect((await h.call('GET', '/v1/plans/not-a-uuid')).status).toBe(404);
  });

  it('lets break glass through with a reason, leaving an open exception', async () => {
    const breaker = await keyFor(h, 'demo', 'break_glass', 'oncall');
    const { body } = await submit(plan('prod', [undo]));
    const call = { plan_id: body.id, step_id: 'undo', tool: 'k8s.rollout_undo', input: undo.input };
    expect((await authorize({ ...call, break_glass: { reason: 'short' } }, breaker)).body.allowed).toBe(
      false,
    );
    expect(
      (await authorize({ ...call, break_glass: { reason: 'sev1 outage, checkout down' } })).body.allowed,
    ).toBe(false);
    const broken = await authorize(
      { ...call, break_glass: { reason: 'sev1 outage, checkout down' } },
      breaker,
    );
    expect(broken.body).toMatchObject({ allowed: true, reason_code: 'break_glass' });
    const exception = await h.call<{ status: string; type: string }>(
      'GET',
      `/v1/exceptions/${broken.body.exception_id}`,
    );
    expect(exception.body).toMatchObject({ status: 'open', type: 'break_glass' });
    expect(
      (
        await h.call('POST', `/v1/exceptions/${broken.body.exception_id}/resolve`, {
          key: breaker,
          body: { resolution: 'fine' },
        })
      ).status,
    ).toBe(403);
    const resolved = await h.call<{ status: string }>(
      'POST',
      `/v1/exceptions/${broken.body.exception_id}/resolve`,
      {
        key: alice,
        body: { resolution: 'reviewed in the incident retro' },
      },
    );
    expect(resolved.body.status).toBe('resolved');
  });
});

describe('listing', () => {
  it('filters and pages with a cursor', async () => {
    const seen = new Set<string>();
    let cursor: string | null = null;
    do {
      const page: { body: { items: PlanBody[]; next_cursor: string | null } } = await h.call(
        'GET',
        `/v1/plans?environment=prod&limit=3${cursor ? `&cursor=${cursor}` : ''}`,
      );
      for (const item of page.body.items) seen.add(item.id);
      cursor = page.body.next_cursor;
    } while (cursor);
    const all = rowsOf<{ id: string }>(
      await h.warrant.db.orm.execute(sql`SELECT id FROM plans WHERE environment = 'prod'`),
    );
    expect(seen.size).toBe(all.length);
    const pending = await h.call<{ items: PlanBody[] }>('GET', '/v1/plans?status=pending_approval');
    expect(pending.body.items.every((item) => item.status === 'pending_approval')).toBe(true);
    expect((await h.call('GET', '/v1/plans?cursor=garbage')).status).toBe(400);
  });
});
