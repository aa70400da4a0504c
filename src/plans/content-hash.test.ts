import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planContentHash, stepInputHash } from './content-hash.ts';
import { type PlanSubmission, PlanSubmissionSchema } from './plan-schema.ts';

const plan: PlanSubmission = PlanSubmissionSchema.parse({
  summary: 'Restart api',
  intent: 'Clear a stuck connection pool',
  context: { environment: 'stage', namespace: 'core' },
  steps: [
    {
      step_id: 'a',
      action: 'restart',
      tool: 'k8s.rollout_restart',
      input: { namespace: 'core', deployment: 'api' },
    },
    { step_id: 'b', action: 'check', tool: 'prometheus.query', input: { query: 'up{job="api"}' } },
  ],
});

/** The same JSON value with every object's keys in reverse order. */
function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .reverse()
        .map(([k, v]) => [k, reverseKeys(v)]),
    );
  }
  return value;
}

describe('planContentHash', () => {
  it('is 64 hex characters', () => {
    expect(planContentHash(plan)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('does not depend on key order', () => {
    expect(planContentHash(reverseKeys(plan) as PlanSubmission)).toBe(planContentHash(plan));
  });

  it('ignores the trigger, and treats null like absent', () => {
    expect(planContentHash({ ...plan, trigger: 'alert' })).toBe(planContentHash(plan));
    expect(planContentHash({ ...plan, constraints: null, plan_text: null })).toBe(planContentHash(plan));
  });

  it('changes with any field that says what will be done', () => {
    const base = planContentHash(plan);
    const variants: PlanSubmission[] = [
      { ...plan, summary: 'x' },
      { ...plan, intent: 'x' },
      { ...plan, purpose: 'x' },
      { ...plan, scope: 'x' },
      { ...plan, success_criteria: ['x'] },
      { ...plan, context: { ...plan.context, environment: 'prod' } },
      { ...plan, constraints: {} },
      { ...plan, plan_text: '' },
      { ...plan, change_window: { start: '2025-01-01T00:00:00Z', end: '2025-01-01T01:00:00Z' } },
      { ...plan, steps: [...plan.steps].reverse() },
    ];
    for (const v of variants) expect(planContentHash(v)).not.toBe(base);
  });

  it('changes with any change to a step (property)', () => {
    const stepField = fc.constantFrom(
      'step_id',
      'action',
      'tool',
      'input',
      'preconditions',
      'rollback',
      'evidence',
    );
    fc.assert(
      fc.property(fc.nat({ max: 1 }), stepField, fc.string({ minLength: 1 }), (index, field, text) => {
        const step = plan.steps[index]!;
        const changed = {
          ...step,
          ...(field === 'step_id' && { step_id: `${step.step_id}${text}` }),
          ...(field === 'action' && { action: `${step.action}${text}` }),
          ...(field === 'tool' && { tool: `${step.tool}${text}` }),
          ...(field === 'input' && { input: { ...step.input, [`k${text}`]: text } }),
          ...(field === 'preconditions' && { preconditions: [...step.preconditions, text] }),
          ...(field === 'rollback' && { rollback: { type: 'custom' as const, steps: [text] } }),
          ...(field === 'evidence' && { evidence_required: [{ type: 'log' as const, query: text }] }),
        };
        const steps = plan.steps.map((s, i) => (i === index ? changed : s));
        expect(planContentHash({ ...plan, steps })).not.toBe(planContentHash(plan));
      }),
    );
  });
});

describe('stepInputHash', () => {
  it('does not depend on key order, at any depth (property)', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (input) => {
        const reordered = reverseKeys(input) as Record<string, unknown>;
        expect(stepInputHash('http.request', reordered)).toBe(stepInputHash('http.request', input));
      }),
    );
  });

  it('distinguishes tools and inputs', () => {
    const input = { namespace: 'core', deployment: 'api', replicas: 2 };
    const h = stepInputHash('k8s.scale', input);
    expect(stepInputHash('k8s.rollout_restart', input)).not.toBe(h);
    expect(stepInputHash('k8s.scale', { ...input, replicas: 3 })).not.toBe(h);
    expect(stepInputHash('k8s.scale', { ...input, replicas: '2' })).not.toBe(h);
  });
});
