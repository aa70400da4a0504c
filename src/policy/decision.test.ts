import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ApprovalRequirement, combineSteps, type StepDecision, strictest } from './decision.ts';

const requirement = fc.record({
  tier: fc.constantFrom<ApprovalRequirement['tier']>('medium', 'high'),
  approvers: fc.array(fc.constantFrom('approver', 'admin', 'sre'), { minLength: 1 }),
  quorum: fc.integer({ min: 1, max: 5 }),
  ttl_hours: fc.integer({ min: 1, max: 48 }),
});

const decision = fc
  .record({
    step_id: fc.string(),
    effect: fc.constantFrom<StepDecision['effect']>('allow', 'deny', 'require_approval'),
    policy_ids: fc.array(fc.string()),
    reasons: fc.array(fc.string()),
  })
  .chain((d) =>
    d.effect === 'require_approval' ? requirement.map((r) => ({ ...d, requirement: r })) : fc.constant(d),
  );

describe('combining decisions', () => {
  it('takes the strictest requirement: max quorum and tier, min ttl, every role', () => {
    fc.assert(
      fc.property(fc.array(requirement, { minLength: 1 }), (rs) => {
        const s = strictest(rs)!;
        expect(s.quorum).toBe(Math.max(...rs.map((r) => r.quorum)));
        expect(s.ttl_hours).toBe(Math.min(...rs.map((r) => r.ttl_hours)));
        expect(s.tier === 'high').toBe(rs.some((r) => r.tier === 'high'));
        for (const r of rs) expect(s.approvers).toEqual(expect.arrayContaining(r.approvers));
      }),
    );
    expect(strictest([])).toBeUndefined();
  });

  it('denies if any step is denied, else needs approval if any step does', () => {
    fc.assert(
      fc.property(fc.array(decision, { minLength: 1 }), (steps) => {
        const plan = combineSteps('v1', steps);
        const effects = new Set(steps.map((s) => s.effect));
        const expected = effects.has('deny')
          ? 'deny'
          : effects.has('require_approval')
            ? 'require_approval'
            : 'allow';
        expect(plan.effect).toBe(expected);
        expect(plan.requirement !== undefined).toBe(expected === 'require_approval');
        expect(plan.policy_version).toBe('v1');
      }),
    );
  });

  it('does not allow an empty plan', () => {
    expect(combineSteps('v1', []).effect).toBe('deny');
  });
});
