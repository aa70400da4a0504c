import { describe, expect, it } from 'vitest';
import type { AuditInput } from './append.ts';
import { digest } from './batcher.ts';

const actor = { id: 'a1', type: 'agent', roles: ['agent'], tenant_id: 't1' };
const answer = (step: string, at: string, action = 'tool_call.authorized'): AuditInput => ({
  tenant_id: 't1',
  actor,
  action,
  occurred_at: new Date(at),
  plan_id: 'p1',
  context: { step_id: step },
});

describe('digest', () => {
  it('folds answers with one key into one event that lists each, in order, with its time', () => {
    const events = digest([
      { input: answer('s1', '2026-01-01T00:00:00.000Z'), digestKey: 'k' },
      { input: answer('s2', '2026-01-01T00:00:00.005Z', 'tool_call.refused'), digestKey: 'other' },
      { input: answer('s3', '2026-01-01T00:00:00.010Z'), digestKey: 'k' },
      { input: answer('s4', '2026-01-01T00:00:00.020Z'), digestKey: undefined },
    ]);
    expect(events).toHaveLength(3);
    expect(events[0]).toMatchObject({
      action: 'tool_call.authorized',
      context: {
        count: 2,
        answers: [
          { at: '2026-01-01T00:00:00.000Z', step_id: 's1' },
          { at: '2026-01-01T00:00:00.010Z', step_id: 's3' },
        ],
      },
    });
    expect(events[1]).toMatchObject({ action: 'tool_call.refused', context: { count: 1 } });
    // Events without a key stay events of their own.
    expect(events[2]).toMatchObject({ context: { answers: [{ step_id: 's4' }] } });
  });
});
