import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type DecisionBasis, deriveValidity, EXPIRING_WITHIN_MS } from './validity.ts';

const now = new Date('2026-03-01T00:00:00.000Z');
// Bounded dates: the property adds offsets, which must stay inside the range of Date.
const date = () => fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true });
const base: DecisionBasis = {
  status: 'approved',
  owner_user_id: 'owner',
  approved_by_user_id: 'approver',
  request_reason: 'compensating control in place',
  review_due_at: '2026-05-01T00:00:00.000Z',
  effective_from: '2026-02-01T00:00:00.000Z',
  expires_at: '2026-09-01T00:00:00.000Z',
};

describe('decision validity', () => {
  it.each([
    ['valid', {}, 'valid', []],
    ['revoked', { status: 'revoked' }, 'revoked', ['revoked']],
    ['expired', { expires_at: '2026-03-01T00:00:00.000Z' }, 'expired', ['expired']],
    ['expiring soon', { expires_at: '2026-03-10T00:00:00.000Z' }, 'expiring', ['expires_soon']],
    ['review overdue', { review_due_at: '2026-02-15T00:00:00.000Z' }, 'expiring', ['review_overdue']],
    [
      'pending approval',
      { status: 'pending', approved_by_user_id: null },
      'missing_basis',
      ['approval_missing'],
    ],
    ['no owner', { owner_user_id: null }, 'missing_basis', ['owner_missing']],
    ['no reason', { request_reason: ' ' }, 'missing_basis', ['reason_missing']],
    [
      'not yet effective',
      { effective_from: '2026-04-01T00:00:00.000Z' },
      'missing_basis',
      ['not_yet_effective'],
    ],
  ] as const)('%s', (_name, over, state, reasons) => {
    expect(deriveValidity({ ...base, ...over }, now)).toEqual({ state, reasons });
  });

  const basis = fc.record({
    status: fc.constantFrom('pending', 'approved', 'denied', 'revoked'),
    owner_user_id: fc.option(fc.constant('o')),
    approved_by_user_id: fc.option(fc.constant('a')),
    request_reason: fc.constantFrom('', 'why'),
    review_due_at: fc.option(date().map((d) => d.toISOString())),
    effective_from: date().map((d) => d.toISOString()),
    expires_at: date().map((d) => d.toISOString()),
  }) as fc.Arbitrary<DecisionBasis>;

  it('is valid only with a complete, approved, current basis far from expiry', () => {
    fc.assert(
      fc.property(basis, date(), (d, at) => {
        const { state } = deriveValidity(d, at);
        if (d.status === 'revoked') return state === 'revoked';
        if (at.getTime() >= Date.parse(d.expires_at)) return state === 'expired';
        if (state !== 'valid') return true;
        return (
          d.status === 'approved' &&
          !!d.owner_user_id &&
          !!d.approved_by_user_id &&
          Date.parse(d.effective_from) <= at.getTime() &&
          Date.parse(d.expires_at) - at.getTime() > EXPIRING_WITHIN_MS
        );
      }),
    );
  });

  it('never comes back from expired as time passes', () => {
    fc.assert(
      fc.property(basis, date(), fc.nat(), (d, at, later) => {
        fc.pre(deriveValidity(d, at).state === 'expired');
        return deriveValidity(d, new Date(at.getTime() + later)).state === 'expired';
      }),
    );
  });
});
