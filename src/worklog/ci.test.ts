import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CheckRun, CommitStatus } from '../connectors/github.ts';
import { checkFields, parseCoverage, pipelineJob, pipelineStatus, previewDeployment } from './ci.ts';

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
      check_suite_id: null,
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

describe('check fields', () => {
  const check = (name: string, conclusion: string | null, extra: Partial<CheckRun> = {}): CheckRun => ({
    name,
    status: conclusion === null ? 'in_progress' : 'completed',
    conclusion,
    check_suite_id: 1,
    title: null,
    summary: null,
    ...extra,
  });
  const status = (context: string, state: string, description: string | null = null): CommitStatus => ({
    context,
    state,
    description,
    target_url: null,
    created_at: '2026-01-01T00:00:00Z',
  });

  it('answers each question from the checks named for it; unknown stays null, never false', () => {
    expect(
      checkFields(
        [
          check('lint', 'success'),
          check('unit tests', 'failure'),
          check('e2e', 'success'),
          check('typecheck', null),
          check('build', 'failure'),
        ],
        [status('codecov/project', 'success', '87.50% (+0.20%) compared to 1a2b3c4')],
      ),
    ).toEqual({
      lint_passed: true,
      type_check_passed: null,
      tests_passed: false,
      coverage_pct: 87.5,
      contract_check_passed: null,
    });
    expect(checkFields([], [])).toEqual({
      lint_passed: null,
      type_check_passed: null,
      tests_passed: null,
      coverage_pct: null,
      contract_check_passed: null,
    });
    expect(
      checkFields(
        [check('openapi contract', 'success'), check('vitest', 'success', { title: 'Coverage: 91%' })],
        [],
      ).contract_check_passed,
    ).toBe(true);
  });

  it('takes only its own check suite for a pipeline', () => {
    const run = {
      id: 1,
      name: 'ci',
      head_branch: 'f',
      head_sha: 'abc',
      status: 'completed',
      conclusion: 'success',
      run_started_at: '2026-01-01T00:00:00Z',
      updated_at: '2026-01-01T00:01:00Z',
      html_url: 'https://github.example/r/1',
      check_suite_id: 1,
    };
    const job = pipelineJob(
      run,
      [check('test', 'success'), check('test', 'failure', { check_suite_id: 2 })],
      [],
    );
    expect(job.tests_passed).toBe(true);
  });

  it('reads coverage as a percentage from 0 to 100 or not at all, whatever the text', () => {
    expect(parseCoverage('Coverage: 87.5%')).toBe(87.5);
    expect(parseCoverage('100%')).toBe(100);
    expect(parseCoverage('coverage 250%')).toBeNull();
    expect(parseCoverage('no figure')).toBeNull();
    expect(parseCoverage(null)).toBeNull();
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        const value = parseCoverage(text);
        expect(value === null || (value >= 0 && value <= 100)).toBe(true);
      }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), fc.string({ maxLength: 20 }), (hundredths, prefix) => {
        const figure = hundredths / 100;
        fc.pre(!/[\d.]$/.test(prefix) && !prefix.includes('%'));
        expect(parseCoverage(`${prefix}${figure}%`)).toBe(figure);
      }),
    );
  });
});
