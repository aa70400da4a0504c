/**
 * An audit action a transition asks the caller to record, in the same transaction as the new state
 * (design invariant 2). The reducers stay pure: they name what happened; the caller persists it.
 */
export interface AuditDraft {
  action: string;
  at: string;
  actor_id?: string;
  detail?: Record<string, unknown>;
}

export type Transition<S, Code extends string> =
  | { ok: true; state: S; events: AuditDraft[] }
  | { ok: false; code: Code; message: string };

export function succeed<S>(state: S, events: AuditDraft[]): { ok: true; state: S; events: AuditDraft[] } {
  return { ok: true, state, events };
}

export function refuse<Code extends string>(
  code: Code,
  message: string,
): { ok: false; code: Code; message: string } {
  return { ok: false, code, message };
}
