import { describe, expect, it } from 'vitest';
import type { ApprovalState } from '../plans/approvals/machine.ts';
import {
  approvalsCheck,
  builtinChecks,
  changeWindowCheck,
  evidenceCheck,
  rollbackCheck,
  sloBurnCheck,
} from './builtin-checks.ts';
import { CheckRegistry, type VerificationSubject } from './checks.ts';

const now = new Date('2026-03-01T12:00:00.000Z');
const approval: ApprovalState = {
  status: 'approved',
  creator_id: 'c',
  content_hash: 'h',
  revision: 1,
  requirement: { tier: 't', approvers: ['approver'], quorum: 1, ttl_hours: 4 },
  request_ttl_hours: 24,
  requested_at: '2026-03-01T10:00:00.000Z',
  expires_at: '2026-03-02T10:00:00.000Z',
  votes: [
    {
      actor_id: 'a',
      roles: ['approver'],
      decision: 'approve',
      at: '2026-03-01T11:00:00.000Z',
      source: 'api',
    },
  ],
  approved_at: '2026-03-01T11:00:00.000Z',
  valid_from: '2026-03-01T11:00:00.000Z',
  valid_to: '2026-03-01T15:00:00.000Z',
};
const step = (over: Partial<VerificationSubject['plan']['steps'][number]> = {}) => ({
  step_id: 's1',
  tool: 'k8s.scale',
  effect: 'write' as const,
  evidence_required: [{ type: 'promql' as const, query: 'up' }],
  ...over,
});

function subject(
  over: Partial<VerificationSubject> = {},
  plan: Partial<VerificationSubject['plan']> = {},
): VerificationSubject {
  return {
    flow: 'pre_run',
    now,
    warrant_at: now,
    tenant_id: 't',
    plan: {
      id: 'p',
      status: 'approved',
      content_hash: 'h',
      effect: 'require_approval',
      approval,
      steps: [step()],
      ...plan,
    },
    break_glass: false,
    evidence: [],
    settings: { slo_burn_threshold: 1 },
    ...over,
  };
}

const ran = (status: string, stepStatus: string) => ({
  id: 'r',
  status,
  break_glass_exception_id: null,
  steps: [{ step_id: 's1', status: stepStatus }],
});
const evidence = [
  { step_id: 's1', type: 'promql', query: 'up', result_ref: 'evidence/r/1.json', sha256: 'a'.repeat(64) },
];

describe('built-in checks', () => {
  it.each([
    [
      'allowed by policy',
      subject({}, { effect: 'allow', approval: null }),
      'pass',
      'allowed_by_policy',
      false,
    ],
    ['approved and valid', subject(), 'pass', 'approval_valid', false],
    [
      'never approved',
      subject({}, { approval: null, status: 'pending_approval' }),
      'fail',
      'not_approved',
      true,
    ],
    [
      'approval lapsed',
      subject({ warrant_at: new Date('2026-03-01T16:00:00Z') }),
      'fail',
      'approval_expired',
      true,
    ],
    ['content changed', subject({}, { content_hash: 'other' }), 'fail', 'input_mismatch', true],
    ['break glass', subject({ break_glass: true }, { approval: null }), 'warn', 'break_glass', false],
  ] as const)('approvals: %s', (_name, s, status, reason, blocking) => {
    expect(approvalsCheck.evaluate(s)).toMatchObject({ status, reason_code: reason, blocking });
  });

  it.each([
    [
      'nothing ran',
      subject({ flow: 'post_run', run: ran('cancelled', 'skipped') }),
      'skip',
      'no_steps_executed',
      false,
    ],
    [
      'still queued',
      subject({ flow: 'post_run', run: ran('running', 'pending') }),
      'running',
      'run_in_progress',
      false,
    ],
    [
      'step running',
      subject({ flow: 'post_run', run: ran('running', 'running') }),
      'running',
      'run_in_progress',
      false,
    ],
    [
      'missing',
      subject({ flow: 'post_run', run: ran('succeeded', 'succeeded') }),
      'fail',
      'evidence_missing',
      true,
    ],
    [
      'complete',
      subject({ flow: 'post_run', run: ran('succeeded', 'succeeded'), evidence }),
      'pass',
      'evidence_complete',
      false,
    ],
    [
      'undeclared',
      subject(
        { flow: 'post_run', run: ran('succeeded', 'succeeded') },
        { steps: [step({ evidence_required: [] })] },
      ),
      'warn',
      'evidence_not_declared',
      false,
    ],
  ] as const)('evidence: %s', (_name, s, status, reason, blocking) => {
    expect(evidenceCheck.evaluate(s)).toMatchObject({ status, reason_code: reason, blocking });
  });

  it('evidence points to stored objects and hashes, never bodies', () => {
    const result = evidenceCheck.evaluate(
      subject({ flow: 'post_run', run: ran('succeeded', 'succeeded'), evidence }),
    );
    expect(result.evidence).toEqual([
      { kind: 'object_ref', ref: 'evidence/r/1.json', sha256: 'a'.repeat(64) },
    ]);
  });

  it.each([
    ['no destructive step', [step()], 'pass', 'no_destructive_steps', false],
    [
      'declared',
      [step({ effect: 'destructive', rollback: { type: 'custom', steps: ['x'] } })],
      'pass',
      'rollback_declared',
      false,
    ],
    ['missing', [step({ effect: 'destructive' })], 'fail', 'rollback_missing', true],
  ] as const)('rollback: %s', (_name, steps, status, reason, blocking) => {
    expect(rollbackCheck.evaluate(subject({}, { steps: [...steps] }))).toMatchObject({
      status,
      reason_code: reason,
      blocking,
    });
  });

  const budget = (burn_rate: number, status = burn_rate > 1 ? 'burning' : 'ok', error_rate = 10) => ({
    status: status as 'ok' | 'burning' | 'exhausted',
    burn_rate,
    uptime_budget_consumed_pct: 0,
    latency_budget_consumed_pct: 0,
    error_rate_budget_consumed_pct: error_rate,
  });
  it.each([
    ['no SLO data', 2, undefined, false, 'skip', 'slo_data_unavailable', false],
    ['within budget', 1, budget(0.5), false, 'pass', 'slo_within_budget', false],
    ['at the threshold', 2, budget(2), false, 'warn', 'slo_burning', false],
    ['burning under the threshold', 2, budget(1.5), false, 'warn', 'slo_burning', false],
    ['over the threshold', 2, budget(3), false, 'fail', 'slo_burn_over_budget', false],
    ['budget spent', 2, budget(0.5, 'exhausted', 100), false, 'fail', 'slo_budget_exhausted', true],
    [
      'budget spent, break glass',
      2,
      budget(5, 'exhausted', 100),
      true,
      'warn',
      'slo_budget_exhausted',
      false,
    ],
  ] as const)('slo: %s', (_name, threshold, slo, break_glass, status, reason, blocking) => {
    const result = sloBurnCheck.evaluate(
      subject({ ...(slo ? { slo } : {}), break_glass, settings: { slo_burn_threshold: threshold } }),
    );
    expect(result).toMatchObject({ status, reason_code: reason, blocking });
    expect(result.next_steps.map((s) => s.url)).toEqual(slo ? ['/v1/slo'] : []);
  });
  it('names the spent budgets', () => {
    const slo = { ...budget(40, 'exhausted', 100), uptime_budget_consumed_pct: 100 };
    expect(sloBurnCheck.evaluate(subject({ slo })).message).toBe(
      'error budget spent: uptime, error_rate (burn rate 40)',
    );
  });

  const window = { start: '2026-03-01T11:00:00Z', end: '2026-03-01T13:00:00Z' };
  it.each([
    ['no window', undefined, now, 'skip', 'no_change_window'],
    ['inside', window, now, 'pass', 'within_change_window'],
    ['before', window, new Date('2026-03-01T10:00:00Z'), 'fail', 'before_change_window'],
    ['after', window, new Date('2026-03-01T13:00:00Z'), 'fail', 'change_window_closed'],
  ] as const)('change window: %s', (_name, change_window, at, status, reason) => {
    const s = subject({ warrant_at: at }, change_window ? { change_window } : {});
    expect(changeWindowCheck.evaluate(s)).toMatchObject({ status, reason_code: reason });
  });

  it('a registry runs the checks of a flow and refuses duplicate keys', () => {
    const registry = new CheckRegistry(builtinChecks);
    expect(registry.run(subject()).map((c) => c.key)).not.toContain('evidence.collected');
    expect(registry.run(subject({ flow: 'post_run' })).map((c) => c.key)).toContain('evidence.collected');
    expect(() => registry.register(rollbackCheck)).toThrow(/already registered/);
  });
});
