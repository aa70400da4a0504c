/**
 * Plans, refusals and runs in words an agent can act on: what the state is, and what to call next.
 * Shared by the MCP server and the gateway so both say the same thing about the same state.
 */
import type { AuthorizeAnswer, PlanView, RunView } from '../sdk/index.ts';

const roles = (approvers: readonly string[]) =>
  approvers.length > 1 ? `${approvers.slice(0, -1).join(', ')} or ${approvers.at(-1)}` : (approvers[0] ?? '');

/** "needs 1 more approval from approver or admin; the request expires at …" for a pending plan. */
export function approvalsNeeded(plan: PlanView): string {
  const approval = plan.approval;
  if (!approval) return 'it has no approval request';
  const n = approval.quorum_remaining;
  return `the plan needs ${n} more approval${n === 1 ? '' : 's'} from ${roles(approval.requirement.approvers)}; the request expires at ${approval.expires_at}`;
}

export function describePlan(plan: PlanView): string {
  const { decision } = plan;
  const risk = `risk ${decision.risk.level}${decision.risk.reasons.length > 0 ? ` (${decision.risk.reasons.join('; ')})` : ''}`;
  const head = `Plan ${plan.id} is ${plan.status}; ${risk}.`;
  switch (plan.status) {
    case 'approved':
      return decision.effect === 'allow'
        ? `${head} Policy allows it without approval. Call run_plan, or authorize_call before each tool call.`
        : `${head} Approved until ${plan.approval?.valid_to}. Call run_plan, or authorize_call before each tool call.`;
    case 'pending_approval':
      return `${head} Waiting for approval (tier ${decision.requirement?.tier}): ${approvalsNeeded(plan)}. Call wait_for_decision.`;
    case 'denied':
      return `${head} It was denied${decision.reasons.length > 0 ? `: ${decision.reasons.join('; ')}` : ''}. Do not run it; propose a different plan.`;
    case 'sent_back':
      return `${head} An approver sent it back; read the votes' comments and propose a changed plan.`;
    default:
      return `${head} It cannot run; propose a new plan.`;
  }
}

const NEXT: Partial<Record<AuthorizeAnswer['reason_code'], string>> = {
  no_plan: 'Propose a plan with a step for this call (propose_plan), wait for its decision, then retry.',
  unknown_step: 'Propose a plan with a step for this call (propose_plan), wait for its decision, then retry.',
  input_mismatch:
    'Call the tool exactly as the step was approved, or propose a plan for this input and retry once it is approved.',
  approval_expired: 'The approval lapsed: propose the plan again to ask for a new approval.',
  expired: 'The approval request expired: propose the plan again.',
  denied: 'The plan was denied: do not make this call.',
  cancelled: 'The plan was cancelled: do not make this call.',
  policy_changed: 'Policy changed since the plan was decided: propose the plan again.',
  tool_changed:
    'The tool changed since the plan was decided: wait for the plan to be re-decided (get_plan), then retry.',
};

/** Why a call is refused, with the next step; `plan` adds the missing votes when it waits for approval. */
export function explainRefusal(answer: AuthorizeAnswer, plan?: PlanView): string {
  if (answer.reason_code === 'not_approved' && plan?.status === 'pending_approval') {
    return `Not allowed yet: ${approvalsNeeded(plan)}. Call wait_for_decision, then retry.`;
  }
  const next = NEXT[answer.reason_code] ?? 'Call wait_for_decision or get_plan, then retry.';
  return `Not allowed (${answer.reason_code}): ${answer.reason}. ${next}`;
}

export function describeRun(run: RunView): string {
  const steps = run.steps.map((step) => `${step.step_id}: ${step.status}`).join(', ');
  const waiting =
    run.resume_after && (run.status === 'queued' || run.status === 'running')
      ? ` It waits to be resumed after ${run.resume_after}: its last drive stopped on an error.`
      : '';
  return `Run ${run.id} of plan ${run.plan_id} is ${run.status}${steps ? ` (steps: ${steps})` : ''}.${waiting}`;
}
