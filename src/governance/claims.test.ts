import { describe, expect, it } from 'vitest';
import { claimSources, claimsOf, composeClaim } from './claims.ts';

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

describe('review claims', () => {
  const sources = claimSources({
    runs: [
      { id: id(1), status: 'succeeded' },
      { id: id(2), status: 'succeeded' },
      { id: id(3), status: 'running' },
      { id: id(4), status: 'unheard_of' },
    ],
    approved_plans: { ids: [id(5), id(6)], total: 3 },
    open_exceptions: [{ id: id(7), type: 'break_glass' }],
    decisions: [
      { id: id(8), status: 'approved' },
      { id: id(9), status: 'denied' },
    ],
  });

  it('names one claim per counted status, with the event that puts a subject in it', () => {
    expect(sources.map((s) => [s.section, s.key, s.action, s.ids.length])).toEqual([
      ['executive_summary', 'runs.running', 'run.started', 1],
      ['executive_summary', 'runs.succeeded', 'run.succeeded', 2],
      ['executive_summary', 'plans.approved', 'plan.approved', 2],
      ['open_risks', 'exceptions.open.break_glass', 'exception.break_glass', 1],
      ['accepted_risks', 'decisions.approved', 'governance_decision.approved', 1],
    ]);
    // A capped list says so rather than passing the newest for all of them.
    expect(sources.find((s) => s.key === 'plans.approved')?.statement).toBe(
      'the 2 newest of 3 approved plans',
    );
  });

  it("counts the platform's subjects, not the events found: a missing event leaves the claim unproven", () => {
    const succeeded = sources.find((s) => s.key === 'runs.succeeded')!;
    const claim = composeClaim(succeeded, new Map([[id(1), 'event-1']]));
    expect(claim).toEqual({
      section: 'executive_summary',
      key: 'runs.succeeded',
      statement: '2 run(s) succeeded',
      action: 'run.succeeded',
      count: 2,
      event_ids: ['event-1'],
    });
  });

  it('reads the claims a stored section states, and none from one composed before claims', () => {
    const claim = {
      key: 'runs.failed',
      statement: '1 run(s) failed',
      action: 'run.failed',
      count: 1,
      event_ids: [],
    };
    expect(claimsOf({ claims: [claim] })).toEqual([claim]);
    expect(claimsOf({ headline: 'older review' })).toEqual([]);
    expect(claimsOf({ claims: 'not a list' })).toEqual([]);
  });
});
