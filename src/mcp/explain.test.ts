import { describe, expect, it } from 'vitest';
import type { RunView } from '../sdk/index.ts';
import { describeRun } from './explain.ts';

// Only the fields describeRun reads; the rest of a run's view does not change its sentence.
const run = (fields: Pick<RunView, 'status' | 'resume_after'>) =>
  ({
    id: 'run-1',
    plan_id: 'plan-1',
    steps: [{ step_id: 'scale', status: 'running' }],
    ...fields,
  }) as RunView;

describe('describeRun (MCP)', () => {
  it('tells an agent that its run waits after an error, and until when', () => {
    expect(describeRun(run({ status: 'running', resume_after: '2026-12-07T10:05:00.000Z' }))).toBe(
      'Run run-1 of plan plan-1 is running (steps: scale: running). It waits to be resumed after ' +
        '2026-12-07T10:05:00.000Z: its last drive stopped on an error.',
    );
  });

  it('says nothing of a wait for a run that is not waiting', () => {
    expect(describeRun(run({ status: 'running', resume_after: null }))).toBe(
      'Run run-1 of plan plan-1 is running (steps: scale: running).',
    );
  });
});
