// The current validity state of a governance decision (its current_validity_state): derived from the
// decision's status and dates at the moment of reading, never stored, so it cannot go stale.

export const VALIDITY_STATES = ['valid', 'expiring', 'expired', 'revoked', 'missing_basis'] as const;
export type ValidityState = (typeof VALIDITY_STATES)[number];

export type DecisionStatus = 'pending' | 'approved' | 'denied' | 'revoked';

export interface DecisionBasis {
  status: DecisionStatus;
  owner_user_id: string | null;
  approved_by_user_id: string | null;
  request_reason: string;
  review_due_at: string | null;
  effective_from: string;
  expires_at: string;
}

/** A decision this close to its expiry already needs stakeholder follow-up. */
export const EXPIRING_WITHIN_MS = 14 * 24 * 3_600_000;

export interface Validity {
  state: ValidityState;
  /** Why the state is not `valid`: missing parts of the basis, lapsed dates. */
  reasons: string[];
}

/** Revoked beats everything, then expiry; a basis with gaps is never presented as valid. */
export function deriveValidity(decision: DecisionBasis, now: Date): Validity {
  if (decision.status === 'revoked') return { state: 'revoked', reasons: ['revoked'] };
  const at = now.getTime();
  if (at >= Date.parse(decision.expires_at)) return { state: 'expired', reasons: ['expired'] };
  const gaps = [
    ...(decision.status !== 'approved' || !decision.approved_by_user_id ? ['approval_missing'] : []),
    ...(decision.owner_user_id ? [] : ['owner_missing']),
    ...(decision.request_reason.trim() ? [] : ['reason_missing']),
    ...(at < Date.parse(decision.effective_from) ? ['not_yet_effective'] : []),
  ];
  if (gaps.length > 0) return { state: 'missing_basis', reasons: gaps };
  const soon = [
    ...(Date.parse(decision.expires_at) - at <= EXPIRING_WITHIN_MS ? ['expires_soon'] : []),
    ...(decision.review_due_at && at >= Date.parse(decision.review_due_at) ? ['review_overdue'] : []),
  ];
  return soon.length > 0 ? { state: 'expiring', reasons: soon } : { state: 'valid', reasons: [] };
}
