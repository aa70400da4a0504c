import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, keyFor, startHarness } from './harness.ts';
import { rowsOf } from './rows.ts';

// Votes bind to what the voter saw and count people: attacks on the approval rule through the API.

let h: Harness;
let agent: string;
let alice: string;
let bob: string;
let operator: string;

beforeAll(async () => {
  h = await startHarness();
  agent = await keyFor(h, 'demo', 'agent', 'deploy-bot');
  alice = await keyFor(h, 'demo', 'approver', 'alice');
  bob = await keyFor(h, 'demo', 'approver', 'bob');
  operator = await keyFor(h, 'demo', 'operator', 'olga');
});
afterAll(async () => h?.close());

type Plan = { id: string; status: string; content_hash: string; revision: number };
type Answer = { code?: string; content_hash?: string; revision?: number; plan?: Plan };

const step = (replicas: number) => ({
  step_id: 'scale',
  action: 'scale',
  tool: 'k8s.scale',
  input: { namespace: 'shop', deployment: 'checkout', replicas },
});
const undo = {
  step_id: 'undo',
  action: 'roll back',
  tool: 'k8s.rollout_undo',
  input: { namespace: 'shop', deployment: 'checkout' },
};
const body = (steps: unknown[]) => ({
  summary: 'Change checkout',
  intent: 'Checkout needs a change.',
  context: { environment: 'prod', namespace: 'shop', cluster_id: 'eu-1' },
  steps,
});

async function submit(steps: unknown[]): Promise<Plan> {
  const res = await h.call<Plan>('POST', '/v1/plans', { key: agent, body: body(steps) });
  expect(res.body.status).toBe('pending_approval');
  return res.body;
}
const revise = async (id: string, steps: unknown[], key: string) => {
  const res = await h.call<Plan>('PUT', `/v1/plans/${id}`, { key, body: body(steps) });
  expect(res.status).toBe(200);
  return res.body;
};
const vote = (id: string, key: string, extra: Record<string, unknown> = {}) =>
  h.call<Answer>('POST', `/v1/plans/${id}/approvals`, { key, body: { decision: 'approve', ...extra } });
const status = async (id: string) => (await h.call<Plan>('GET', `/v1/plans/${id}`)).body.status;
const newApprover = async (name: string, person?: string) => {
  const res = await h.call<{ key: string }>('POST', '/v1/keys', {
    body: { role: 'approver', name, ...(person ? { person } : {}) },
  });
  expect(res.status).toBe(201);
  return res.body.key;
};

describe('a vote is for the revision the voter saw', () => {
  it('refuses a vote for an older content hash with 409 stale_revision and the current hash', async () => {
    const plan = await submit([step(3)]);
    const revised = await revise(plan.id, [step(49)], agent);
    const stale = await vote(plan.id, alice, { content_hash: plan.content_hash });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({
      code: 'stale_revision',
      content_hash: revised.content_hash,
      revision: 2,
    });
    expect(await status(plan.id)).toBe('pending_approval');
    // The refusal is on the record.
    const [refusal] = rowsOf<{ context: { code: string; voted_content_hash: string } }>(
      await h.warrant.db.orm.execute(sql`
        SELECT body -> 'context' AS context FROM audit_events WHERE action = 'approval.refused' AND plan_id = ${plan.id}`),
    );
    expect(refusal?.context).toMatchObject({ code: 'stale_revision', voted_content_hash: plan.content_hash });

    const current = await vote(plan.id, alice, { content_hash: revised.content_hash });
    expect(current.status).toBe(201);
    expect(current.body.plan?.status).toBe('approved');
  });

  it('refuses a malformed content hash as bad input', async () => {
    const plan = await submit([step(4)]);
    const res = await vote(plan.id, alice, { content_hash: 'not-a-hash' });
    expect(res.status).toBe(400);
    expect(await status(plan.id)).toBe('pending_approval');
  });
});

describe('nobody who wrote a revision may approve', () => {
  it('refuses the admin who revised an agent plan (403 self_approval)', async () => {
    const plan = await submit([step(5)]);
    const revised = await revise(plan.id, [step(6)], h.adminKey);
    const res = await vote(plan.id, h.adminKey, { content_hash: revised.content_hash });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('self_approval');
  });

  it('refuses an operator who revised, though another approver may approve', async () => {
    const plan = await submit([step(7)]);
    await revise(plan.id, [step(8)], operator);
    // An approver key of the operator's own person is the operator.
    const olgaApprover = await newApprover('olga-approver', 'olga');
    expect((await vote(plan.id, olgaApprover)).body.code).toBe('self_approval');
    expect((await vote(plan.id, bob)).status).toBe(201);
  });

  it('refuses approvers that a reviser minted: a quorum of two cannot be met alone', async () => {
    const plan = await submit([undo]);
    await revise(plan.id, [undo, step(2)], h.adminKey);
    const minted = [await newApprover('approver-one'), await newApprover('approver-two')];
    for (const key of minted) {
      const res = await vote(plan.id, key);
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('self_approval');
    }
    expect(await status(plan.id)).toBe('pending_approval');
  });
});

describe('quorum counts people, not keys', () => {
  it("counts a person's several keys as one voter", async () => {
    const plan = await submit([undo]);
    const laptop = await newApprover('dana-laptop', 'dana@example.com');
    const ci = await newApprover('dana-ci', ' DANA@example.com ');
    expect((await vote(plan.id, laptop)).status).toBe(201);
    const second = await vote(plan.id, ci);
    expect(second.status).toBe(409);
    expect(second.body.code).toBe('duplicate_vote');
    expect(await status(plan.id)).toBe('pending_approval');
  });

  it('takes a person handle in its compatibility form: full-width letters are the same person', async () => {
    const plan = await submit([undo]);
    expect((await vote(plan.id, await newApprover('erin'))).status).toBe(201);
    const again = await vote(plan.id, await newApprover('ｅｒｉｎ'));
    expect(again.body.code).toBe('duplicate_vote');
    expect((await vote(plan.id, alice)).body.plan?.status).toBe('approved');
  });
});
