import { sql } from 'drizzle-orm';
import { type Executor, rowsOf } from '../db/connect.ts';
import { readBudget, type SloTargets } from '../ops/slo.ts';
import type { PlanRow } from '../plans/store.ts';
import { loadRunDetail, type RunRow } from '../runs/store.ts';
import type { VerificationSubject } from './checks.ts';
import type { Flow } from './report.ts';

export interface SubjectSettings {
  slo_burn_threshold: number;
  slo: SloTargets;
}

const steps = (plan: PlanRow): VerificationSubject['plan']['steps'] => {
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
  plan: PlanRow,
  now: Date,
  breakGlass: boolean,
  settings: SubjectSettings,
): Promise<VerificationSubject> {
  const budget = await readBudget(tx, settings.slo, now);
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
  plan: PlanRow,
  run: RunRow,
  now: Date,
  settings: SubjectSettings,
): Promise<VerificationSubject> {
  const flow: Flow = run.status === 'queued' ? 'pre_run' : 'post_run';
  const detail = await loadRunDetail(tx, run.id);
  const attached = rowsOf<VerificationSubject['evidence'][number]>(
    await tx.execute(
      sql`SELECT step_id, type, query, result_ref, sha256 FROM agent_evidence WHERE plan_id = ${plan.id} ORDER BY collected_at, id`,
    ),
  );
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
    evidence: [
      ...detail.evidence.map(({ step_id, type, query, result_ref, sha256 }) => ({
        step_id,
        type,
        query,
        result_ref,
        sha256,
      })),
      ...attached,
    ],
  };
}
