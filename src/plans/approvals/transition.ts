import type { AuditAction } from '../../audit/actions.ts';

/**
 * An audit action a transition asks the caller to record, in the same transaction as the new state
 * (design invariant 2). The reducers stay pure: they name what happened; the caller persists it.
 */
export interface AuditDraft<A extends AuditAction = AuditAction> {
  action: A;
  at: string;
  actor_id?: string;
  detail?: Record<string, unknown>;
}

export type Transition<S, Code extends string, A extends AuditAction = AuditAction> =
  | { ok: true; state: S; events: AuditDraft<A>[] }
  | { ok: false; code: Code; message: string };

export function succeed<S, A extends AuditAction>(
  state: S,
  events: AuditDraft<A>[],
): { ok: true; state: S; events: AuditDraft<A>[] } {
  return { ok: true, state, events };
}

export function refuse<Code extends string>(
  code: Code,
  message: string,
): { ok: false; code: Code; message: string } {
  return { ok: false, code, message };
}
