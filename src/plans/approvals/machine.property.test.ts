import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type ApprovalActor,
  type ApprovalCommand,
  type ApprovalState,
  isFinal,
  isWarrantValid,
  openApproval,
  reduceApproval,
} from './machine.ts';

const T0 = Date.parse('2025-03-01T00:00:00.000Z');
const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();
const HASHES = ['h0', 'h1', 'h2', 'h3'];

const roles = fc.subarray(['approver', 'sre', 'viewer', 'admin']);

const scenario = fc.record({
  requirement: fc.record({
    tier: fc.constantFrom('medium', 'high'),
    approvers: fc.subarray(['approver', 'sre'], { minLength: 1 }),
    quorum: fc.integer({ min: 1, max: 3 }),
    ttl_hours: fc.integer({ min: 1, max: 12 }),
  }),
  request_ttl_hours: fc.integer({ min: 1, max: 48 }),
  // Actor 0 is the creator; the others may lack roles. Picking an index twice gives duplicate votes.
  actors: fc.array(roles, { minLength: 2, maxLength: 5 }),
  steps: fc.array(
    fc.record({
      kind: fc.constantFrom(
        'approve',
        'approve',
        'approve',
        'deny',
        'send_back',
        'revise',
        'cancel',
        'expire',
      ),
      actor: fc.nat(),
      hash: fc.constantFrom(...HASHES),
      // Monotone time: mostly minutes apart, sometimes long enough for windows to lapse.
      advance_ms: fc.oneof(fc.integer({ min: 0, max: 30 * 60_000 }), fc.integer({ min: 0, max: 30 * HOUR })),
    }),
    { maxLength: 40 },
  ),
  probe_ms: fc.integer({ min: -HOUR, max: 20 * HOUR }),
});

type Scenario = typeof scenario extends fc.Arbitrary<infer S> ? S : never;

function toCommand(step: Scenario['steps'][number], actor: ApprovalActor, now: number): ApprovalCommand {
  const at = iso(now);
  switch (step.kind) {
    case 'revise':
      return { type: 'revise', content_hash: step.hash, at, actor_id: 'actor-0' };
    case 'cancel':
      return { type: 'cancel', at };
    case 'expire':
      return { type: 'expire', at };
    default:
      return { type: 'vote', actor, decision: step.kind, at, source: 'api' };
  }
}

describe('approval machine invariants', () => {
  it('holds for random actors, commands and monotone time', () => {
    fc.assert(
      fc.property(scenario, (sc) => {
        const actors: ApprovalActor[] = sc.actors.map((r, i) => ({ id: `actor-${i}`, roles: r }));
        const creator = actors[0]!;
        const hasRequiredRole = (a: { roles: readonly string[] }) =>
          a.roles.some((r) => sc.requirement.approvers.includes(r));

        let now = T0;
        let state: ApprovalState = openApproval({
          creator_id: creator.id,
          content_hash: 'h0',
          requirement: sc.requirement,
          at: iso(now),
          request_ttl_hours: sc.request_ttl_hours,
        });
        // An oracle kept apart from the machine's own votes: approvals accepted since the latest revision.
        let revisedAt = now;
        let currentHash = 'h0';
        let approvalsSinceRevision: { actor: ApprovalActor; at: number }[] = [];

        for (const step of sc.steps) {
          now += step.advance_ms;
          const actor = actors[step.actor % actors.length]!;
          const command = toCommand(step, actor, now);
          const before = state;
          const result = reduceApproval(before, command);

          if (command.type === 'vote' && actor.id === creator.id)
            expect(result).toMatchObject({ code: 'self_approval' });
          else if (command.type === 'vote' && !hasRequiredRole(actor)) {
            expect(result).toMatchObject({ code: 'not_an_approver' });
          }

          if (isFinal(before.status)) {
            // Absorbing: refused, or a no-op (a sweeper's expire).
            if (result.ok) {
              expect(result.state).toEqual(before);
              expect(result.events).toEqual([]);
            }
            continue;
          }
          if (!result.ok) continue;
          state = result.state;

          if (command.type === 'revise') {
            revisedAt = now;
            currentHash = command.content_hash;
            approvalsSinceRevision = [];
            expect(state.votes).toEqual([]);
            expect(state.status).toBe('pending_approval');
          } else if (command.type === 'vote' && command.decision === 'approve') {
            approvalsSinceRevision.push({ actor, at: now });
          }

          expect(state.content_hash).toBe(currentHash);
          if (state.status === 'approved') {
            const ids = new Set(approvalsSinceRevision.map((a) => a.actor.id));
            expect(ids.size).toBe(approvalsSinceRevision.length);
            expect(ids.size).toBeGreaterThanOrEqual(sc.requirement.quorum);
            for (const a of approvalsSinceRevision) {
              expect(a.actor.id).not.toBe(creator.id);
              expect(hasRequiredRole(a.actor)).toBe(true);
              expect(a.at).toBeGreaterThanOrEqual(revisedAt);
            }
            for (const v of state.votes) expect(Date.parse(v.at)).toBeGreaterThanOrEqual(revisedAt);
            expect(Date.parse(state.valid_to!) - Date.parse(state.valid_from!)).toBe(
              sc.requirement.ttl_hours * HOUR,
            );
          }

          checkWarrant(state, currentHash, now + sc.probe_ms);
        }
      }),
      { numRuns: 500 },
    );
  });
});

/** isWarrantValid says yes only inside [valid_from, valid_to), for the current content, on an approved plan. */
function checkWarrant(state: ApprovalState, currentHash: string, probe: number) {
  for (const hash of HASHES) {
    for (const t of [probe, ...edges(state)]) {
      const check = isWarrantValid(state, iso(t), hash);
      if (!check.ok) continue;
      expect(state.status).toBe('approved');
      expect(hash).toBe(currentHash);
      expect(t).toBeGreaterThanOrEqual(Date.parse(state.valid_from!));
      expect(t).toBeLessThan(Date.parse(state.valid_to!));
    }
  }
  if (state.valid_from !== undefined && state.valid_to !== undefined) {
    expect(isWarrantValid(state, iso(Date.parse(state.valid_from) - 1), currentHash).ok).toBe(false);
    expect(isWarrantValid(state, state.valid_to, currentHash).ok).toBe(false);
  }
}

function edges(state: ApprovalState): number[] {
  if (state.valid_from === undefined || state.valid_to === undefined) return [];
  const from = Date.parse(state.valid_from);
  const to = Date.parse(state.valid_to);
  return [from - 1, from, to - 1, to, to + 1];
}
