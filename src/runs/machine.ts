/**
 * What a run does next, as a pure function of what has happened so far. The worker asks it after
 * every recorded step, so a run resumed by another worker after a crash continues exactly where the
 * records say it stopped: nothing that succeeded runs again.
 *
 * Forward: steps in order. When a step fails: the completed steps are undone in reverse order.
 * The run ends `succeeded`; `rolled_back` when every completed step was undone; `failed` when a step
 * failed with nothing to undo, or an undo was impossible or failed; `cancelled` when asked to stop
 * (between steps, nothing undone).
 */
export type RunStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'rolled_back' | 'cancelled';
export type StepStatus =
  | 'pending'
  | 'running'
  | 'succeeded'
  | 'failed'
  | 'skipped'
  | 'rolling_back'
  | 'rolled_back'
  | 'rollback_failed';

export const FINAL_RUN_STATUSES: readonly RunStatus[] = ['succeeded', 'failed', 'rolled_back', 'cancelled'];
export const isFinalRun = (status: RunStatus) => FINAL_RUN_STATUSES.includes(status);

export interface StepState {
  step_id: string;
  status: StepStatus;
  /** Whether the plan declares how to undo this step. */
  undoable: boolean;
  /** A failed step whose call took effect (e.g. its evidence could not be collected): it is undone too. */
  applied?: boolean;
}

export type NextAction =
  | { type: 'execute'; step_id: string }
  | { type: 'undo'; step_id: string }
  | { type: 'finish'; status: Exclude<RunStatus, 'queued' | 'running'>; reason: string };

export function nextAction(steps: readonly StepState[], cancelRequested: boolean): NextAction {
  const rollingBack = steps.some((step) =>
    ['failed', 'rolling_back', 'rolled_back', 'rollback_failed'].includes(step.status),
  );
  if (!rollingBack) {
    // A step caught mid-call by a crash is executed again (same idempotency key), not skipped.
    const next = steps.find((step) => step.status === 'pending' || step.status === 'running');
    if (!next) return { type: 'finish', status: 'succeeded', reason: 'every step succeeded' };
    if (cancelRequested && next.status === 'pending') {
      return { type: 'finish', status: 'cancelled', reason: 'cancelled before step ' + next.step_id };
    }
    return { type: 'execute', step_id: next.step_id };
  }
  // Rolling back: the last completed step first. (A failed step that took effect may itself be undone by now.)
  const failed = steps.find((step) => step.status === 'failed') ?? steps.find((step) => step.applied)!;
  const tookEffect = (step: StepState) =>
    step.status === 'succeeded' || (step.status === 'failed' && !!step.applied);
  const done = steps.filter(
    (step) => tookEffect(step) || ['rolling_back', 'rolled_back', 'rollback_failed'].includes(step.status),
  );
  for (const step of [...done].reverse()) {
    if ((tookEffect(step) && step.undoable) || step.status === 'rolling_back') {
      return { type: 'undo', step_id: step.step_id };
    }
  }
  if (done.length === 0)
    return {
      type: 'finish',
      status: 'failed',
      reason: `step ${failed.step_id} failed; nothing to roll back`,
    };
  const notUndone = done.filter((step) => step.status !== 'rolled_back');
  if (notUndone.length === 0) {
    return {
      type: 'finish',
      status: 'rolled_back',
      reason: `step ${failed.step_id} failed; every completed step was rolled back`,
    };
  }
  return {
    type: 'finish',
    status: 'failed',
    reason: `step ${failed.step_id} failed; could not roll back ${notUndone.map((step) => step.step_id).join(', ')}`,
  };
}
