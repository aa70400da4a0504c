import { canonicalHash } from '../core/hash.ts';
import type { PlanSubmission } from './plan-schema.ts';

/**
 * The hash approvals are bound to: everything that says WHAT will be done and why, so that any such change voids
 * them. `trigger` is left out on purpose: it records how the plan arrived (manual, alert, ...), and the same change
 * reached by another route is the same change. The fields are picked by name so that metadata added to the
 * submission later does not silently enter the hash.
 */
export function planContentHash(plan: PlanSubmission): string {
  return canonicalHash({
    summary: plan.summary,
    intent: plan.intent,
    purpose: plan.purpose,
    scope: plan.scope,
    success_criteria: plan.success_criteria,
    context: plan.context,
    // null and absent are the same submission (clients send either); canonical JSON drops undefined members.
    constraints: plan.constraints ?? undefined,
    plan_text: plan.plan_text ?? undefined,
    change_window: plan.change_window,
    steps: plan.steps,
    // Provenance is approved content too; absent for plans no playbook made, so their hashes are unchanged.
    playbook: plan.playbook,
  });
}

/** Binds a tool call to an approved step: the call's input must hash like the step's, key order aside. */
export function stepInputHash(tool: string, input: Record<string, unknown>): string {
  return canonicalHash({ tool, input });
}
