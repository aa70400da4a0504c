import { describe, expect, it } from 'vitest';
import { linearVote } from './linear.ts';

const plan = '0b0f6a52-3c1e-4d7a-9f1e-2a6b8c9d0e1f';
const issue = (extra: Record<string, unknown>) => ({
  type: 'Issue',
  action: 'update',
  actor: { id: 'lin-user' },
  ...extra,
});

describe('Linear events as votes', () => {
  it('maps /approve, /deny and /send-back comments, with the rest as the comment', () => {
    const comment = (body: string) => ({ type: 'Comment', action: 'create', data: { body, userId: 'u1' } });
    expect(linearVote(comment(`/approve ${plan} checked the dashboards`))).toEqual({
      user: 'u1',
      plan_id: plan,
      decision: 'approve',
      comment: 'checked the dashboards',
    });
    expect(linearVote(comment(`/deny ${plan}`))?.decision).toBe('deny');
    expect(linearVote(comment(`/send-back ${plan} add a rollback`))?.decision).toBe('send_back');
    expect(linearVote(comment(`please /approve ${plan}`))).toBeUndefined();
    expect(linearVote(comment('/approve not-a-plan'))).toBeUndefined();
  });

  it('maps state changes and added labels of an issue that names its plan', () => {
    const data = { description: `warrant-plan: ${plan}`, state: { type: 'completed' } };
    expect(linearVote(issue({ data, updatedFrom: { stateId: 's0' } }))).toEqual({
      user: 'lin-user',
      plan_id: plan,
      decision: 'approve',
    });
    expect(
      linearVote(issue({ data: { ...data, state: { type: 'canceled' } }, updatedFrom: { stateId: 's0' } }))
        ?.decision,
    ).toBe('deny');
    const labels = [
      { id: 'l1', name: 'bug' },
      { id: 'l2', name: 'warrant:deny' },
    ];
    expect(
      linearVote(
        issue({ data: { title: `x warrant-plan: ${plan}`, labels }, updatedFrom: { labelIds: ['l1'] } }),
      )?.decision,
    ).toBe('deny');
    // A title edit, or an issue that names no plan, is not a vote.
    expect(linearVote(issue({ data, updatedFrom: { title: 'old' } }))).toBeUndefined();
    expect(
      linearVote(issue({ data: { state: { type: 'completed' } }, updatedFrom: { stateId: 's0' } })),
    ).toBeUndefined();
  });
});
