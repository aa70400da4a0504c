import { describe, expect, it } from 'vitest';
import { pipelineJob, pipelineStatus, previewDeployment } from './ci.ts';

describe('CI status', () => {
  it("maps GitHub's status and conclusion onto pipeline job statuses", () => {
    expect(pipelineStatus('queued', null)).toBe('queued');
    expect(pipelineStatus('in_progress', null)).toBe('in_progress');
    expect(pipelineStatus('completed', 'success')).toBe('completed');
    expect(pipelineStatus('completed', 'failure')).toBe('failed');
    expect(pipelineStatus('completed', 'timed_out')).toBe('failed');
    expect(pipelineStatus('completed', 'cancelled')).toBe('cancelled');
  });

  it('computes the duration of a finished run', () => {
    const job = pipelineJob({
      id: 7,
      name: 'ci',
      head_branch: 'feat',
      head_sha: 'abc',
      status: 'completed',
      conclusion: 'success',
      run_started_at: '2025-11-03T14:00:00Z',
      updated_at: '2025-11-03T14:02:30Z',
      html_url: 'https://github.example/o/r/actions/runs/7',
    });
    expect(job).toMatchObject({
      status: 'completed',
      duration_seconds: 150,
      completed_at: '2025-11-03T14:02:30.000Z',
    });
  });

  it('reads a preview from a deployment and its latest status', () => {
    const deployment = {
      id: 1,
      environment: 'Preview',
      sha: 'abc',
      created_at: '2025-11-03T14:00:00Z',
      updated_at: '2025-11-03T15:00:00Z',
      environment_url: 'https://app-pr-12.vercel.app',
    };
    expect(previewDeployment({ ...deployment, state: 'success' }, 12)).toMatchObject({
      status: 'ready',
      frontend_url: 'https://app-pr-12.vercel.app',
      deleted_at: null,
    });
    expect(previewDeployment({ ...deployment, state: 'inactive' }, 12)).toMatchObject({
      status: 'deleted',
      deleted_at: '2025-11-03T15:00:00.000Z',
    });
    expect(previewDeployment({ ...deployment, state: 'in_progress' }, 12).status).toBe('building');
  });
});
