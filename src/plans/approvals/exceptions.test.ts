import { describe, expect, it } from 'vitest';
import {
  breakGlass,
  type ExceptionEvent,
  type ExceptionTransition,
  raiseException,
  resolveException,
} from './exceptions.ts';

const AT = '2025-03-01T10:00:00.000Z';
const LATER = '2025-03-01T12:00:00.000Z';
const oncall = { id: 'oncall', roles: ['operator', 'break_glass'] };

function opened(result: ExceptionTransition): ExceptionEvent {
  if (!result.ok) throw new Error(`expected success, got ${result.code}`);
  return result.state;
}

const codeOf = (result: ExceptionTransition) => (result.ok ? undefined : result.code);

describe('raiseException', () => {
  it('opens an exception and names the audit action', () => {
    const result = raiseException({
      type: 'unapproved_attempt',
      actor_id: 'agent-1',
      plan_id: 'p1',
      reason: 'not_approved',
      at: AT,
    });
    expect(result).toEqual({
      ok: true,
      state: {
        type: 'unapproved_attempt',
        status: 'open',
        actor_id: 'agent-1',
        plan_id: 'p1',
        reason: 'not_approved',
        raised_at: AT,
      },
      events: [
        {
          action: 'exception.raised',
          at: AT,
          actor_id: 'agent-1',
          detail: { type: 'unapproved_attempt', plan_id: 'p1', run_id: undefined, reason: 'not_approved' },
        },
      ],
    });
  });
});

describe('breakGlass', () => {
  it('opens a break_glass exception with the trimmed reason', () => {
    const event = opened(
      breakGlass({ actor: oncall, reason: '  database is on fire  ', run_id: 'r1', at: AT }),
    );
    expect(event).toEqual({
      type: 'break_glass',
      status: 'open',
      actor_id: 'oncall',
      run_id: 'r1',
      reason: 'database is on fire',
      raised_at: AT,
    });
  });

  it('needs the break_glass role', () => {
    const result = breakGlass({
      actor: { id: 'op', roles: ['operator', 'admin'] },
      reason: 'database is on fire',
      at: AT,
    });
    expect(codeOf(result)).toBe('break_glass_role_required');
  });

  it('needs a reason of at least 10 characters, blanks aside', () => {
    expect(codeOf(breakGlass({ actor: oncall, reason: '   urgent     ', at: AT }))).toBe('reason_required');
    expect(codeOf(breakGlass({ actor: oncall, reason: '', at: AT }))).toBe('reason_required');
    expect(codeOf(breakGlass({ actor: oncall, reason: '0123456789', at: AT }))).toBeUndefined();
    // Invisible padding does not make a short reason long enough.
    const padded = `x${'\u200b'.repeat(9)}`;
    expect(codeOf(breakGlass({ actor: oncall, reason: padded, at: AT }))).toBe('reason_required');
  });
});

describe('resolveException', () => {
  const event = opened(breakGlass({ actor: oncall, reason: 'database is on fire', at: AT }));

  it('resolves an open exception once', () => {
    const result = resolveException(event, {
      text: 'justified, postmortem PM-12',
      reviewer_id: 'lead',
      at: LATER,
    });
    const resolved = opened(result);
    expect(resolved.status).toBe('resolved');
    expect(resolved.resolution).toEqual({
      text: 'justified, postmortem PM-12',
      reviewer_id: 'lead',
      at: LATER,
    });
    expect(result.ok && result.events.map((e) => [e.action, e.actor_id])).toEqual([
      ['exception.resolved', 'lead'],
    ]);
    expect(codeOf(resolveException(resolved, { text: 'again', reviewer_id: 'lead', at: LATER }))).toBe(
      'already_resolved',
    );
  });

  it('needs a resolution text', () => {
    expect(codeOf(resolveException(event, { text: '  ', reviewer_id: 'lead', at: LATER }))).toBe(
      'resolution_required',
    );
  });

  it('cannot be resolved by the actor who caused it', () => {
    expect(codeOf(resolveException(event, { text: 'fine by me', reviewer_id: 'oncall', at: LATER }))).toBe(
      'self_review',
    );
  });
});
