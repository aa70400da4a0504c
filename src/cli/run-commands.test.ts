import { describe, expect, it } from 'vitest';
import { describeRun, type RunView } from './run-commands.ts';

const run = (fields: Partial<RunView>): RunView => ({
  id: 'b1f0c7a2-0000-4000-8000-000000000001',
  status: 'running',
  plan_id: 'b1f0c7a2-0000-4000-8000-000000000002',
  plan_revision: 1,
  started_by: 'actor-1',
  break_glass_exception_id: null,
  retry_of: null,
  cancel_requested: false,
  attempts: 3,
  resume_after: null,
  failed_drives: 0,
  error: null,
  created_at: '2026-12-07T10:00:00.000Z',
  started_at: '2026-12-07T10:00:01.000Z',
  completed_at: null,
  steps: [],
  ...fields,
});
const names = () => 'deploy-bot';

describe('describeRun', () => {
  it('says a run waits after drives stopped on an error, and until when', () => {
    const text = describeRun(run({ resume_after: '2026-12-07T10:05:00.000Z', failed_drives: 2 }), names);
    expect(text).toContain(
      "  waiting:    its last 2 drives stopped on an error (the worker's log says which); resumes after 2026-12-07 10:05:00Z",
    );
  });

  it('says nothing of a wait for a run that is not waiting, or that ended', () => {
    expect(describeRun(run({}), names)).not.toContain('waiting:');
    const ended = run({ status: 'cancelled', resume_after: '2026-12-07T10:05:00.000Z', failed_drives: 1 });
    expect(describeRun(ended, names)).not.toContain('waiting:');
  });
});
