import { describe, expect, it } from 'vitest';
import { type PlanSubmissionInput, PlanSubmissionSchema } from './plan-schema.ts';

const valid: PlanSubmissionInput = {
  summary: 'Scale checkout to 5 replicas',
  intent: 'Absorb the evening traffic peak',
  context: { environment: 'prod', cluster_id: 'eu-1', namespace: 'shop' },
  steps: [
    {
      step_id: 'scale-1',
      action: 'scale deployment',
      tool: 'k8s.scale',
      input: { namespace: 'shop', deployment: 'checkout', replicas: 5 },
    },
  ],
};

const issues = (input: unknown) => {
  const r = PlanSubmissionSchema.safeParse(input);
  return r.success ? [] : r.error.issues;
};

describe('PlanSubmissionSchema', () => {
  it('accepts a minimal plan and applies defaults', () => {
    const plan = PlanSubmissionSchema.parse(valid);
    expect(plan.trigger).toBe('manual');
    expect(plan.steps[0]?.preconditions).toEqual([]);
    expect(plan.steps[0]?.evidence_required).toEqual([]);
  });

  it('accepts every optional field', () => {
    const plan = PlanSubmissionSchema.parse({
      ...valid,
      trigger: 'alert',
      constraints: { max_replicas: 10 },
      plan_text: 'scale, then watch latency',
      purpose: 'latency',
      scope: 'checkout only',
      success_criteria: ['p99 < 300ms'],
      change_window: { start: '2025-01-01T10:00:00Z', end: '2025-01-01T12:00:00+01:00' },
      steps: [
        {
          ...valid.steps[0]!,
          preconditions: ['deployment exists'],
          rollback: { type: 'scale', steps: ['scale back to 3'] },
          evidence_required: [{ type: 'promql', query: 'up' }],
        },
      ],
    });
    expect(plan.steps[0]?.rollback?.type).toBe('scale');
  });

  it('accepts null constraints and plan_text', () => {
    expect(issues({ ...valid, constraints: null, plan_text: null })).toEqual([]);
  });

  it('rejects unknown fields at every level', () => {
    expect(issues({ ...valid, extra: 1 })[0]?.code).toBe('unrecognized_keys');
    expect(issues({ ...valid, context: { environment: 'dev', nmespace: 'x' } })[0]?.path).toEqual([
      'context',
    ]);
    expect(issues({ ...valid, steps: [{ ...valid.steps[0]!, tol: 'x' }] })[0]?.path).toEqual(['steps', 0]);
  });

  it('rejects duplicate step ids with a clear message at the duplicate', () => {
    const step = valid.steps[0]!;
    const found = issues({ ...valid, steps: [step, { ...step, action: 'again' }] });
    expect(found).toHaveLength(1);
    expect(found[0]?.path).toEqual(['steps', 1, 'step_id']);
    expect(found[0]?.message).toContain('duplicate step_id "scale-1"');
  });

  it.each([
    ['empty summary', { ...valid, summary: '' }],
    ['long summary', { ...valid, summary: 'x'.repeat(501) }],
    ['long intent', { ...valid, intent: 'x'.repeat(4001) }],
    ['unknown trigger', { ...valid, trigger: 'cron' }],
    ['unknown environment', { ...valid, context: { environment: 'qa' } }],
    ['no steps', { ...valid, steps: [] }],
    [
      '51 steps',
      { ...valid, steps: Array.from({ length: 51 }, (_, i) => ({ ...valid.steps[0]!, step_id: `s${i}` })) },
    ],
    ['bad step_id', { ...valid, steps: [{ ...valid.steps[0]!, step_id: 'has space' }] }],
    ['long step_id', { ...valid, steps: [{ ...valid.steps[0]!, step_id: 'a'.repeat(65) }] }],
    ['array input', { ...valid, steps: [{ ...valid.steps[0]!, input: [] }] }],
    [
      'bad rollback type',
      { ...valid, steps: [{ ...valid.steps[0]!, rollback: { type: 'helm', steps: [] } }] },
    ],
    [
      'bad evidence type',
      { ...valid, steps: [{ ...valid.steps[0]!, evidence_required: [{ type: 'sql', query: 'x' }] }] },
    ],
    ['non-ISO window', { ...valid, change_window: { start: 'tomorrow', end: '2025-01-01T00:00:00Z' } }],
    [
      'window ending before it starts',
      { ...valid, change_window: { start: '2025-01-02T00:00:00Z', end: '2025-01-01T00:00:00Z' } },
    ],
  ])('rejects %s', (_, input) => {
    expect(issues(input).length).toBeGreaterThan(0);
  });
});
