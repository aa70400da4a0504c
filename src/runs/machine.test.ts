import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nextAction, type StepState } from './machine.ts';

const steps = (...specs: Array<[string, StepState['status'], boolean?]>): StepState[] =>
  specs.map(([step_id, status, undoable = true]) => ({ step_id, status, undoable }));

describe('nextAction', () => {
  it('runs steps in order and succeeds', () => {
    expect(nextAction(steps(['a', 'succeeded'], ['b', 'pending']), false)).toEqual({
      type: 'execute',
      step_id: 'b',
    });
    expect(nextAction(steps(['a', 'succeeded'], ['b', 'succeeded']), false)).toMatchObject({
      type: 'finish',
      status: 'succeeded',
    });
  });

  it('re-executes a step a crash interrupted, even when cancelled', () => {
    expect(nextAction(steps(['a', 'running'], ['b', 'pending']), true)).toEqual({
      type: 'execute',
      step_id: 'a',
    });
  });

  it('stops between steps when cancelled', () => {
    expect(nextAction(steps(['a', 'succeeded'], ['b', 'pending']), true)).toMatchObject({
      type: 'finish',
      status: 'cancelled',
    });
  });

  it('undoes completed steps in reverse order after a failure', () => {
    const s = steps(['a', 'succeeded'], ['b', 'succeeded'], ['c', 'failed'], ['d', 'pending']);
    expect(nextAction(s, false)).toEqual({ type: 'undo', step_id: 'b' });
    s[1]!.status = 'rolled_back';
    expect(nextAction(s, false)).toEqual({ type: 'undo', step_id: 'a' });
    s[0]!.status = 'rolled_back';
    expect(nextAction(s, false)).toMatchObject({ type: 'finish', status: 'rolled_back' });
  });

  it('undoes a failed step whose call took effect', () => {
    const s: StepState[] = [
      { step_id: 'a', status: 'succeeded', undoable: true },
      { step_id: 'b', status: 'failed', undoable: true, applied: true },
    ];
    expect(nextAction(s, false)).toEqual({ type: 'undo', step_id: 'b' });
    s[1]!.status = 'rolled_back';
    expect(nextAction(s, false)).toEqual({ type: 'undo', step_id: 'a' });
  });

  it('fails when a completed step cannot be undone', () => {
    const s = steps(['a', 'succeeded', false], ['b', 'failed']);
    expect(nextAction(s, false)).toMatchObject({
      type: 'finish',
      status: 'failed',
      reason: expect.stringContaining('a'),
    });
    expect(nextAction(steps(['a', 'failed']), false)).toMatchObject({ type: 'finish', status: 'failed' });
    expect(nextAction(steps(['a', 'rollback_failed'], ['b', 'failed']), false)).toMatchObject({
      status: 'failed',
    });
  });

  // Simulates a run to the end under random outcomes and crashes: each step executes at most once to
  // success, undos happen in reverse completion order, and the final status matches the records.
  it('never repeats a success and always ends in a final state consistent with its steps', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ fails: fc.boolean(), undoable: fc.boolean(), undoFails: fc.boolean() }), {
          minLength: 1,
          maxLength: 8,
        }),
        fc.boolean(),
        (specs, cancel) => {
          const state: StepState[] = specs.map((spec, i) => ({
            step_id: `s${i}`,
            status: 'pending',
            undoable: spec.undoable,
          }));
          const executed: string[] = [];
          const undone: string[] = [];
          for (let guard = 0; guard < 100; guard++) {
            const action = nextAction(state, cancel && executed.length > 0);
            if (action.type === 'finish') {
              if (action.status === 'succeeded')
                expect(state.every((s) => s.status === 'succeeded')).toBe(true);
              if (action.status === 'rolled_back') {
                expect(state.some((s) => s.status === 'failed')).toBe(true);
                expect(state.filter((s) => s.status === 'succeeded')).toHaveLength(0);
              }
              // Undo order is the reverse of execution order.
              const succeededOrder = executed.filter((id) => undone.includes(id));
              expect(undone).toEqual([...succeededOrder].reverse());
              return;
            }
            const step = state.find((s) => s.step_id === action.step_id)!;
            const spec = specs[Number(step.step_id.slice(1))]!;
            if (action.type === 'execute') {
              expect(executed).not.toContain(step.step_id);
              executed.push(step.step_id);
              step.status = spec.fails ? 'failed' : 'succeeded';
            } else {
              expect(step.status).toBe('succeeded');
              undone.push(step.step_id);
              step.status = spec.undoFails ? 'rollback_failed' : 'rolled_back';
            }
          }
          throw new Error('the run never finished');
        },
      ),
    );
  });
});
