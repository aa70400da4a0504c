import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AuditAction } from './actions.ts';
import { AnswerFold } from './answer-fold.ts';
import type { AuditActor, AuditInput } from './append.ts';

const actor: AuditActor = { id: 'a1', type: 'agent', roles: ['agent'], tenant_id: 't1' };
const answer = (step: string, at: string, action: AuditAction = 'tool_call.authorized'): AuditInput => ({
  tenant_id: 't1',
  actor,
  action,
  occurred_at: new Date(at),
  plan_id: 'p1',
  context: { step_id: step, reason_code: action === 'tool_call.authorized' ? 'allowed' : 'denied' },
});

describe('the answer fold', () => {
  it('folds answers with one key into one event; identical answers into one entry listing each time', () => {
    const fold = new AnswerFold();
    fold.add(answer('s1', '2026-01-01T00:00:00.000Z'), 'k');
    fold.add(answer('s2', '2026-01-01T00:00:00.005Z', 'tool_call.refused'), 'other');
    fold.add(answer('s3', '2026-01-01T00:00:00.010Z'), 'k');
    fold.add(answer('s1', '2026-01-01T00:00:00.015Z'), 'k');
    fold.add(answer('s4', '2026-01-01T00:00:00.020Z'), undefined);
    expect(fold.size).toBe(5);
    const taken = fold.take();
    expect(fold.size).toBe(0);
    expect(taken.map((t) => t.answers)).toEqual([3, 1, 1]);
    expect(taken[0]!.event).toMatchObject({
      action: 'tool_call.authorized',
      occurred_at: new Date('2026-01-01T00:00:00.000Z'),
      context: {
        count: 3,
        answers: [
          { step_id: 's1', count: 2, at: ['2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.015Z'] },
          { step_id: 's3', count: 1, at: ['2026-01-01T00:00:00.010Z'] },
        ],
      },
    });
    expect(taken[1]!.event).toMatchObject({ action: 'tool_call.refused', context: { count: 1 } });
    // An event without a key is written as it came.
    expect(taken[2]!.event.context).toEqual({ step_id: 's4', reason_code: 'allowed' });
    expect(fold.take()).toEqual([]);
  });

  it('loses no answer and invents none: every answer given is listed once, with its time', () => {
    const given = fc.array(
      fc.record({
        key: fc.constantFrom('k1', 'k2', 'k3', undefined),
        step: fc.constantFrom('s1', 's2'),
        reason: fc.constantFrom('allowed', 'input_mismatch'),
        ms: fc.integer({ min: 0, max: 10_000 }),
      }),
      { maxLength: 60 },
    );
    fc.assert(
      fc.property(given, fc.integer({ min: 1, max: 60 }), (answers, cut) => {
        const fold = new AnswerFold();
        const taken = [];
        answers.forEach((a, i) => {
          if (i === cut) taken.push(...fold.take());
          fold.add(
            {
              tenant_id: 't1',
              actor,
              action: 'tool_call.authorized',
              occurred_at: new Date(a.ms),
              context: { step_id: a.step, reason_code: a.reason },
            },
            a.key,
          );
        });
        taken.push(...fold.take());
        const listed: string[] = [];
        for (const { event, answers: count } of taken) {
          const entries = (event.context?.answers ?? [event.context]) as {
            step_id: string;
            reason_code: string;
            at?: string[];
          }[];
          let inEvent = 0;
          for (const entry of entries) {
            const times = entry.at ?? [event.occurred_at.toISOString()];
            inEvent += times.length;
            for (const at of times) listed.push(`${entry.step_id}|${entry.reason_code}|${at}`);
          }
          expect(inEvent).toBe(count);
        }
        const expected = answers.map((a) => `${a.step}|${a.reason}|${new Date(a.ms).toISOString()}`);
        expect(listed.sort()).toEqual(expected.sort());
      }),
    );
  });
});
