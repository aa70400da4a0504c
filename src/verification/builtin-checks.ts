import { isWarrantValid } from '../plans/approvals/machine.ts';
import type { CheckOutcome, VerificationCheck, VerificationSubject } from './checks.ts';

const outcome = (
  fields: Pick<CheckOutcome, 'status' | 'severity' | 'reason_code' | 'message'> & Partial<CheckOutcome>,
): CheckOutcome => ({ blocking: false, evidence: [], next_steps: [], ...fields });

const planLink = (subject: VerificationSubject) => ({
  label: 'Open the plan',
  url: `/v1/plans/${subject.plan.id}`,
});

export const approvalsCheck: VerificationCheck = {
  key: 'approvals.valid',
  title: 'Approvals present and valid',
  flows: ['pre_run', 'post_run'],
  evaluate(subject) {
    const { plan } = subject;
    if (plan.effect === 'allow' && plan.status === 'approved') {
      return outcome({
        status: 'pass',
        severity: 'info',
        reason_code: 'allowed_by_policy',
        message: 'policy allowed the plan',
      });
    }
    const check = plan.approval
      ? isWarrantValid(plan.approval, subject.warrant_at.toISOString(), plan.content_hash)
      : ({ ok: false, reason_code: 'not_approved' } as const);
    if (check.ok) {
      return outcome({
        status: 'pass',
        severity: 'info',
        reason_code: 'approval_valid',
        message: `approved by ${new Set(plan.approval?.votes.filter((v) => v.decision === 'approve').map((v) => v.actor_id)).size} approver(s), valid to ${plan.approval?.valid_to}`,
      });
    }
    if (subject.break_glass) {
      const exception = subject.run?.break_glass_exception_id;
      return outcome({
        status: 'warn',
        severity: 'high',
        reason_code: 'break_glass',
        message: `no valid approval (${check.reason_code}); break glass covers the run and must be reviewed`,
        next_steps: exception
          ? [{ label: 'Review the break-glass exception', url: `/v1/exceptions/${exception}` }]
          : [],
      });
    }
    return outcome({
      status: 'fail',
      severity: 'critical',
      blocking: true,
      reason_code: check.reason_code,
      message: `the plan holds no valid approval: ${check.reason_code}`,
      next_steps: [planLink(subject)],
    });
  },
};

export const evidenceCheck: VerificationCheck = {
  key: 'evidence.collected',
  title: 'Evidence collected for every step',
  flows: ['post_run'],
  evaluate(subject) {
    const ran = new Map((subject.run?.steps ?? []).map((step) => [step.step_id, step.status]));
    const executed = subject.plan.steps.filter(
      (step) => !['pending', 'skipped', undefined].includes(ran.get(step.step_id)),
    );
    if (executed.length === 0) {
      const inFlight = subject.run?.status === 'queued' || subject.run?.status === 'running';
      return outcome({
        status: inFlight ? 'running' : 'skip',
        severity: 'info',
        reason_code: inFlight ? 'run_in_progress' : 'no_steps_executed',
        message: inFlight ? 'no step has finished yet' : 'no step of the run was executed',
      });
    }
    const has = (stepId: string, type: string, query: string) =>
      subject.evidence.find((e) => e.step_id === stepId && e.type === type && e.query === query);
    const missing = executed.flatMap((step) =>
      step.evidence_required
        .filter((req) => !has(step.step_id, req.type, req.query))
        .map((req) => `${step.step_id}: ${req.type}`),
    );
    const evidence = subject.evidence.map((e) => ({
      kind: 'object_ref' as const,
      ref: e.result_ref,
      sha256: e.sha256,
    }));
    if (missing.length > 0) {
      const stillRunning = executed.some((step) => ran.get(step.step_id) === 'running');
      return outcome({
        status: stillRunning ? 'running' : 'fail',
        severity: 'high',
        blocking: !stillRunning,
        reason_code: stillRunning ? 'run_in_progress' : 'evidence_missing',
        message: `missing evidence: ${missing.join(', ')}`,
        evidence,
        next_steps: subject.run ? [{ label: 'Open the run', url: `/v1/runs/${subject.run.id}` }] : [],
      });
    }
    const undeclared = executed
      .filter((step) => step.evidence_required.length === 0)
      .map((step) => step.step_id);
    if (undeclared.length > 0) {
      return outcome({
        status: 'warn',
        severity: 'low',
        reason_code: 'evidence_not_declared',
        message: `steps that declare no evidence: ${undeclared.join(', ')}`,
        evidence,
      });
    }
    return outcome({
      status: 'pass',
      severity: 'info',
      reason_code: 'evidence_complete',
      message: `${subject.evidence.length} evidence item(s) for ${executed.length} executed step(s)`,
      evidence,
    });
  },
};

export const rollbackCheck: VerificationCheck = {
  key: 'rollback.declared',
  title: 'Rollback declared for destructive steps',
  flows: ['pre_run', 'post_run'],
  evaluate(subject) {
    const destructive = subject.plan.steps.filter((step) => step.effect === 'destructive');
    if (destructive.length === 0) {
      return outcome({
        status: 'pass',
        severity: 'info',
        reason_code: 'no_destructive_steps',
        message: 'no step is destructive',
      });
    }
    const bare = destructive.filter((step) => !step.rollback).map((step) => step.step_id);
    if (bare.length === 0) {
      return outcome({
        status: 'pass',
        severity: 'info',
        reason_code: 'rollback_declared',
        message: `${destructive.length} destructive step(s), each with a rollback`,
      });
    }
    return outcome({
      status: 'fail',
      severity: 'high',
      blocking: true,
      reason_code: 'rollback_missing',
      message: `destructive steps without a rollback: ${bare.join(', ')}`,
      next_steps: [planLink(subject)],
    });
  },
};

/**
 * Warrant's own error budget (GET /v1/slo). A spent budget freezes changes (blocking) unless break glass
 * covers the run: shipping the fix for whatever spent it must stay possible. A burn rate over the
 * threshold fails without blocking; burning faster than the budget accrues but within the threshold warns.
 */
export const sloBurnCheck: VerificationCheck = {
  key: 'slo.burn',
  title: 'SLO burn within budget',
  flows: ['pre_run', 'post_run'],
  evaluate(subject) {
    const threshold = subject.settings.slo_burn_threshold;
    const { slo } = subject;
    if (!slo) {
      return outcome({
        status: 'skip',
        severity: 'info',
        reason_code: 'slo_data_unavailable',
        message: `no SLO data to compare with the burn threshold ${threshold}`,
      });
    }
    const burn = `burn rate ${slo.burn_rate}`;
    const next_steps = [{ label: 'Open the error budget', url: '/v1/slo' }];
    if (slo.status === 'exhausted') {
      const spent = Object.entries({
        uptime: slo.uptime_budget_consumed_pct,
        latency: slo.latency_budget_consumed_pct,
        error_rate: slo.error_rate_budget_consumed_pct,
      })
        .filter(([, consumed]) => consumed >= 100)
        .map(([name]) => name);
      const message = `error budget spent: ${spent.join(', ')} (${burn})`;
      return subject.break_glass
        ? outcome({
            status: 'warn',
            severity: 'high',
            reason_code: 'slo_budget_exhausted',
            message: `${message}; break glass covers the run`,
            next_steps,
          })
        : outcome({
            status: 'fail',
            severity: 'high',
            blocking: true,
            reason_code: 'slo_budget_exhausted',
            message,
            next_steps,
          });
    }
    if (slo.burn_rate > threshold) {
      return outcome({
        status: 'fail',
        severity: 'medium',
        reason_code: 'slo_burn_over_budget',
        message: `${burn} is over the threshold ${threshold}`,
        next_steps,
      });
    }
    if (slo.burn_rate > 1) {
      return outcome({
        status: 'warn',
        severity: 'low',
        reason_code: 'slo_burning',
        message: `${burn} spends the budget faster than it accrues (threshold ${threshold})`,
        next_steps,
      });
    }
    return outcome({
      status: 'pass',
      severity: 'info',
      reason_code: 'slo_within_budget',
      message: `${burn} ≤ ${threshold}`,
      next_steps,
    });
  },
};

export const changeWindowCheck: VerificationCheck = {
  key: 'change_window',
  title: 'Plan within its change window',
  flows: ['pre_run', 'post_run'],
  evaluate(subject) {
    const window = subject.plan.change_window;
    if (!window) {
      return outcome({
        status: 'skip',
        severity: 'info',
        reason_code: 'no_change_window',
        message: 'the plan declares no change window',
      });
    }
    const at = subject.warrant_at.getTime();
    const span = `${window.start} – ${window.end}`;
    if (at < Date.parse(window.start) || at >= Date.parse(window.end)) {
      const early = at < Date.parse(window.start);
      return outcome({
        status: 'fail',
        severity: 'high',
        blocking: true,
        reason_code: early ? 'before_change_window' : 'change_window_closed',
        message: `${subject.warrant_at.toISOString()} is outside the change window ${span}`,
        next_steps: [planLink(subject)],
      });
    }
    return outcome({
      status: 'pass',
      severity: 'info',
      reason_code: 'within_change_window',
      message: `within ${span}`,
    });
  },
};

export const builtinChecks: readonly VerificationCheck[] = [
  approvalsCheck,
  evidenceCheck,
  rollbackCheck,
  sloBurnCheck,
  changeWindowCheck,
];
