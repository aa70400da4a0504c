import { visibleLength } from '../../core/visible-text.ts';
import type { ApprovalActor } from './machine.ts';
import { refuse, succeed, type Transition } from './transition.ts';

// Exception events: what happened outside the normal warrant path, kept open until someone reviews it.

export type ExceptionType = 'unapproved_attempt' | 'break_glass' | 'approval_expired';

export interface ExceptionResolution {
  text: string;
  reviewer_id: string;
  at: string;
}

export interface ExceptionEvent {
  type: ExceptionType;
  status: 'open' | 'resolved';
  /** Who broke glass, attempted the call, or ran the run whose approval lapsed. */
  actor_id: string;
  plan_id?: string;
  run_id?: string;
  /** The break-glass justification, or the reason code of the refusal. */
  reason?: string;
  raised_at: string;
  resolution?: ExceptionResolution;
}

export type ExceptionErrorCode =
  | 'break_glass_role_required'
  | 'reason_required'
  | 'already_resolved'
  | 'resolution_required'
  | 'self_review';

export type ExceptionTransition = Transition<ExceptionEvent, ExceptionErrorCode>;

export const BREAK_GLASS_ROLE = 'break_glass';
export const MIN_BREAK_GLASS_REASON_LENGTH = 10;

/** A break-glass reason says something: at least MIN_BREAK_GLASS_REASON_LENGTH visible characters. */
export const isBreakGlassReason = (reason: string): boolean =>
  visibleLength(reason) >= MIN_BREAK_GLASS_REASON_LENGTH;

interface Subject {
  at: string;
  plan_id?: string;
  run_id?: string;
}

/** Records a refusal or a lapse the system observed; break glass goes through `breakGlass` and its checks. */
export function raiseException(
  input: Subject & { type: Exclude<ExceptionType, 'break_glass'>; actor_id: string; reason?: string },
): ExceptionTransition {
  const { at, ...fields } = input;
  return open({ ...fields, status: 'open', raised_at: at });
}

/** Acting without approval: allowed to holders of the break_glass role who say why, and always reviewed after. */
export function breakGlass(input: Subject & { actor: ApprovalActor; reason: string }): ExceptionTransition {
  const { actor, at, ...refs } = input;
  if (!actor.roles.includes(BREAK_GLASS_ROLE)) {
    return refuse('break_glass_role_required', `breaking glass needs the ${BREAK_GLASS_ROLE} role`);
  }
  const reason = input.reason.trim();
  if (!isBreakGlassReason(reason)) {
    return refuse(
      'reason_required',
      `breaking glass needs a reason of at least ${MIN_BREAK_GLASS_REASON_LENGTH} visible characters`,
    );
  }
  return open({ ...refs, reason, type: 'break_glass', status: 'open', actor_id: actor.id, raised_at: at });
}

function open(event: ExceptionEvent): ExceptionTransition {
  return succeed(event, [
    {
      action: 'exception.raised',
      at: event.raised_at,
      actor_id: event.actor_id,
      detail: { type: event.type, plan_id: event.plan_id, run_id: event.run_id, reason: event.reason },
    },
  ]);
}

export function resolveException(
  event: ExceptionEvent,
  resolution: ExceptionResolution,
): ExceptionTransition {
  if (event.status === 'resolved') return refuse('already_resolved', 'the exception is already resolved');
  const text = resolution.text.trim();
  if (text === '') return refuse('resolution_required', 'a resolution needs a text');
  // Like self-approval: whoever caused the exception cannot be the one who signs it off.
  if (resolution.reviewer_id === event.actor_id) {
    return refuse('self_review', 'an exception cannot be resolved by the actor who caused it');
  }
  return succeed({ ...event, status: 'resolved', resolution: { ...resolution, text } }, [
    {
      action: 'exception.resolved',
      at: resolution.at,
      actor_id: resolution.reviewer_id,
      detail: { type: event.type, plan_id: event.plan_id, run_id: event.run_id, resolution: text },
    },
  ]);
}
