import type { Executor } from '../db/connect.ts';
import { listAgentEvidence } from '../evidence/store.ts';
import { readBudget, type SloTargets } from '../ops/slo.ts';
import type { PlanRecord } from '../plans/tables.ts';
import { loadRunDetail } from '../runs/store.ts';
import type { RunRecord } from '../runs/tables.ts';
import type { VerificationSubject } from './checks.ts';
import type { Flow } from './report.ts';

export interface SubjectSettings {
  slo_burn_threshold: number;
  slo: SloTargets;
}

const steps = (plan: PlanRecord): VerificationSubject['plan']['steps'] => {
  const effects = new Map(plan.risk.steps.map((step) => [step.step_id, step.facts.effect]));
  return plan.body.steps.map((step) => ({
    step_id: step.step_id,
    tool: step.tool,
    // A step policy never assessed is treated as a write: neither harmless nor destructive.
    effect: effects.get(step.step_id) ?? 'write',
    ...(step.rollback ? { rollback: step.rollback } : {}),
    evidence_required: step.evidence_required,
  }));
};

/** The subject of a plan about to run (the start gate): no run exists yet. */
export async function planSubject(
  tx: Executor,
  plan: PlanRecord,
  now: Date,
  breakGlass: boolean,
  settings: SubjectSettings,
): Promise<VerificationSubject> {
  // The tenant's own budget: another tenant's failures, or an anonymous caller's, cannot freeze its changes.
  const budget = await readBudget(tx, settings.slo, now, plan.tenant_id);
  return {
    flow: 'pre_run',
    now,
    warrant_at: now,
    tenant_id: plan.tenant_id,
    plan: {
      id: plan.id,
      status: plan.status,
      content_hash: plan.content_hash,
      effect: plan.decision.effect,
      approval: plan.approval,
      ...(plan.body.change_window ? { change_window: plan.body.change_window } : {}),
      steps: steps(plan),
    },
    break_glass: breakGlass,
    evidence: [],
    ...(budget.status === 'no_data' ? {} : { slo: budget }),
    settings: { slo_burn_threshold: settings.slo_burn_threshold },
  };
}

/** The subject of an existing run: a queued run is verified before it runs, any other after. */
export async function runSubject(
  tx: Executor,
  plan: PlanRecord,
  run: RunRecord,
  now: Date,
  settings: SubjectSettings,
): Promise<VerificationSubject> {
  const flow: Flow = run.status === 'queued' ? 'pre_run' : 'post_run';
  const detail = await loadRunDetail(tx, run.id);
  const attached = await listAgentEvidence(tx, plan.tenant_id, plan.id);
  const base = await planSubject(tx, plan, now, run.break_glass_exception_id !== null, settings);
  return {
    ...base,
    flow,
    warrant_at: flow === 'pre_run' ? now : new Date(run.started_at ?? run.created_at),
    plan: { ...base.plan, content_hash: run.content_hash },
    run: {
      id: run.id,
      status: run.status,
      break_glass_exception_id: run.break_glass_exception_id,
      steps: detail.steps.map((step) => ({ step_id: step.step_id, status: step.status })),
    },
    evidence: [...detail.evidence, ...attached].map(({ step_id, type, query, result_ref, sha256 }) => ({
      step_id,
      type,
      query,
      result_ref,
      sha256,
    })),
  };
}
