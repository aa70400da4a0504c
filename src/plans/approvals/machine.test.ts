import { describe, expect, it } from 'vitest';
import {
  type ApprovalCommand,
  type ApprovalState,
  type ApprovalTransition,
  isWarrantValid,
  openApproval,
  reduceApproval,
} from './machine.ts';

const T0 = '2025-03-01T09:00:00.000Z';
const at = (minutes: number) => new Date(Date.parse(T0) + minutes * 60_000).toISOString();

const requirement = { tier: 'high', approvers: ['approver', 'sre'], quorum: 2, ttl_hours: 4 };
const alice = { id: 'alice', roles: ['approver'] };
const bob = { id: 'bob', roles: ['sre', 'viewer'] };
const carol = { id: 'carol', roles: ['approver'] };
const creator = { id: 'creator', roles: ['approver', 'admin'] };
const viewer = { id: 'vic', roles: ['viewer'] };

const open = () => openApproval({ creator_id: 'creator', content_hash: 'h1', requirement, at: T0 });

function ok(result: ApprovalTransition) {
  if (!result.ok) throw new Error(`expected success, got ${result.code}: ${result.message}`);
  return result;
}

function run(state: ApprovalState, ...commands: ApprovalCommand[]): ApprovalState {
  return commands.reduce((s, c) => ok(reduceApproval(s, c)).state, state);
}

const approve = (
  actor: { id: string; roles: string[] },
  minutes: number,
): Extract<ApprovalCommand, { type: 'vote' }> => ({
  type: 'vote',
  actor,
  decision: 'approve',
  at: at(minutes),
  source: 'api',
});

const errorOf = (result: ApprovalTransition) => (result.ok ? undefined : result.code);

describe('openApproval', () => {
  it('opens a pending request with a 24h window by default', () => {
    const s = open();
    expect(s).toMatchObject({ status: 'pending_approval', revision: 1, votes: [], expires_at: at(24 * 60) });
  });

  it('refuses a requirement that would make the quorum rule vacuous', () => {
    const base = { creator_id: 'c', content_hash: 'h', at: T0 };
    expect(() => openApproval({ ...base, requirement: { ...requirement, quorum: 0 } })).toThrow(RangeError);
    expect(() => openApproval({ ...base, requirement: { ...requirement, approvers: [] } })).toThrow(
      RangeError,
    );
    expect(() => openApproval({ ...base, requirement: { ...requirement, ttl_hours: 0 } })).toThrow(
      RangeError,
    );
  });
});

describe('voting', () => {
  it('approves at quorum, valid from the completing vote for ttl_hours', () => {
    const once = ok(reduceApproval(open(), approve(alice, 5)));
    expect(once.state.status).toBe('pending_approval');
    expect(once.events.map((e) => e.action)).toEqual(['approval.granted']);

    const twice = ok(reduceApproval(once.state, { ...approve(bob, 10), comment: 'lgtm' }));
    expect(twice.state).toMatchObject({
      status: 'approved',
      approved_at: at(10),
      valid_from: at(10),
      valid_to: at(10 + 4 * 60),
    });
    expect(twice.state.votes[1]?.comment).toBe('lgtm');
    expect(twice.events.map((e) => e.action)).toEqual(['approval.granted', 'plan.approved']);
  });

  it('denies on any deny and sends back on any send_back', () => {
    const denied = ok(
      reduceApproval(run(open(), approve(alice, 1)), { ...approve(bob, 2), decision: 'deny' }),
    );
    expect(denied.state.status).toBe('denied');
    expect(denied.events.map((e) => e.action)).toEqual(['approval.denied', 'plan.denied']);

    const back = ok(reduceApproval(open(), { ...approve(bob, 2), decision: 'send_back' }));
    expect(back.state.status).toBe('sent_back');
    expect(back.events.map((e) => e.action)).toEqual(['approval.sent_back', 'plan.sent_back']);
  });

  it('refuses self-approval, even to a creator holding an approver role', () => {
    expect(errorOf(reduceApproval(open(), approve(creator, 1)))).toBe('self_approval');
    expect(errorOf(reduceApproval(open(), { ...approve(creator, 1), decision: 'deny' }))).toBe(
      'self_approval',
    );
  });

  it('refuses actors without a required role', () => {
    expect(errorOf(reduceApproval(open(), approve(viewer, 1)))).toBe('not_an_approver');
  });

  it('refuses a second vote by the same actor', () => {
    const s = run(open(), approve(alice, 1));
    expect(errorOf(reduceApproval(s, approve(alice, 2)))).toBe('duplicate_vote');
    expect(errorOf(reduceApproval(s, { ...approve(alice, 2), decision: 'deny' }))).toBe('duplicate_vote');
  });

  it('refuses votes on a plan that is not pending', () => {
    const approved = run(open(), approve(alice, 1), approve(bob, 2));
    expect(errorOf(reduceApproval(approved, approve(carol, 3)))).toBe('not_pending');
    const back = run(open(), { ...approve(alice, 1), decision: 'send_back' });
    expect(errorOf(reduceApproval(back, approve(bob, 2)))).toBe('not_pending');
  });

  it('refuses votes after the request window, even before the sweeper expired the plan', () => {
    expect(errorOf(reduceApproval(open(), approve(alice, 24 * 60)))).toBe('request_expired');
  });
});

describe('revise', () => {
  it('voids all votes and the approval, and opens a fresh window', () => {
    const approved = run(open(), approve(alice, 1), approve(bob, 2));
    const r = ok(
      reduceApproval(approved, { type: 'revise', content_hash: 'h2', at: at(30), actor_id: 'creator' }),
    );
    expect(r.state).toMatchObject({ status: 'pending_approval', content_hash: 'h2', revision: 2, votes: [] });
    expect(r.state.valid_from).toBeUndefined();
    expect(r.state.expires_at).toBe(at(30 + 24 * 60));
    expect(r.events).toEqual([
      {
        action: 'plan.revised',
        at: at(30),
        actor_id: 'creator',
        detail: {
          revision: 2,
          previous_content_hash: 'h1',
          content_hash: 'h2',
          previous_status: 'approved',
          voided_votes: 2,
        },
      },
    ]);
    expect(isWarrantValid(r.state, at(31), 'h1')).toEqual({ ok: false, reason_code: 'not_approved' });
    expect(isWarrantValid(r.state, at(31), 'h2')).toEqual({ ok: false, reason_code: 'not_approved' });
    // Earlier voters vote afresh on the new revision.
    expect(run(r.state, approve(alice, 32), approve(bob, 33)).status).toBe('approved');
  });

  it('returns a sent-back plan to pending', () => {
    const back = run(open(), { ...approve(alice, 1), decision: 'send_back' });
    expect(run(back, { type: 'revise', content_hash: 'h2', at: at(2) }).status).toBe('pending_approval');
  });

  it('refuses an unchanged revision and revisions of final plans', () => {
    expect(errorOf(reduceApproval(open(), { type: 'revise', content_hash: 'h1', at: at(1) }))).toBe(
      'unchanged',
    );
    const denied = run(open(), { ...approve(alice, 1), decision: 'deny' });
    expect(errorOf(reduceApproval(denied, { type: 'revise', content_hash: 'h2', at: at(2) }))).toBe(
      'final_state',
    );
  });
});

describe('cancel and expire', () => {
  it('cancels a live plan, not a final one', () => {
    const c = ok(reduceApproval(open(), { type: 'cancel', at: at(1), actor_id: 'creator' }));
    expect(c.state.status).toBe('cancelled');
    expect(c.events).toEqual([
      {
        action: 'plan.cancelled',
        at: at(1),
        actor_id: 'creator',
        detail: { previous_status: 'pending_approval' },
      },
    ]);
    expect(errorOf(reduceApproval(c.state, { type: 'cancel', at: at(2) }))).toBe('final_state');
  });

  it('expires a pending request once its window lapsed, and not before', () => {
    const early = ok(reduceApproval(open(), { type: 'expire', at: at(24 * 60 - 1) }));
    expect(early.state).toEqual(open());
    expect(early.events).toEqual([]);
    const lapsed = ok(reduceApproval(open(), { type: 'expire', at: at(24 * 60) }));
    expect(lapsed.state.status).toBe('expired');
    expect(lapsed.events.map((e) => e.action)).toEqual(['plan.expired']);
  });

  it('expires an approval once valid_to passed', () => {
    const approved = run(open(), approve(alice, 1), approve(bob, 2));
    expect(run(approved, { type: 'expire', at: at(2 + 4 * 60 - 1) }).status).toBe('approved');
    const lapsed = ok(reduceApproval(approved, { type: 'expire', at: at(2 + 4 * 60) }));
    expect(lapsed.state.status).toBe('expired');
    expect(lapsed.events.map((e) => e.action)).toEqual(['approval.expired', 'plan.expired']);
    expect(isWarrantValid(lapsed.state, at(3), 'h1')).toEqual({ ok: false, reason_code: 'approval_expired' });
  });
});

describe('isWarrantValid', () => {
  const approved = run(open(), approve(alice, 10), approve(bob, 20));

  it('holds from valid_from inclusive to valid_to exclusive, for the approved content only', () => {
    expect(isWarrantValid(approved, at(20), 'h1')).toEqual({ ok: true });
    expect(isWarrantValid(approved, at(20 + 4 * 60 - 1), 'h1')).toEqual({ ok: true });
    expect(isWarrantValid(approved, at(19), 'h1')).toEqual({ ok: false, reason_code: 'not_approved' });
    expect(isWarrantValid(approved, at(20 + 4 * 60), 'h1')).toEqual({
      ok: false,
      reason_code: 'approval_expired',
    });
    expect(isWarrantValid(approved, at(30), 'h2')).toEqual({ ok: false, reason_code: 'input_mismatch' });
  });

  it('names why a plan gives no warrant', () => {
    expect(isWarrantValid(open(), at(1), 'h1')).toEqual({ ok: false, reason_code: 'not_approved' });
    const denied = run(open(), { ...approve(alice, 1), decision: 'deny' });
    expect(isWarrantValid(denied, at(2), 'h1')).toEqual({ ok: false, reason_code: 'denied' });
    const cancelled = run(approved, { type: 'cancel', at: at(30) });
    expect(isWarrantValid(cancelled, at(31), 'h1')).toEqual({ ok: false, reason_code: 'cancelled' });
  });
});
