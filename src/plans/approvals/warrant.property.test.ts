import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type ApprovalSource,
  type ApprovalState,
  isWarrantValid,
  openApproval,
  reduceApproval,
} from './machine.ts';
import { type PersonRecord, voterIdentities, voterKey, writerIdentities } from './voters.ts';

// For any sequence of revisions and votes (any channel, any actor, any revision shown), an approval that
// covers a call means: a quorum of distinct people, none of whom wrote a revision (nor created or linked the
// voting actor), all of whom were shown the content hash being authorized.

const T0 = Date.parse('2026-03-01T00:00:00.000Z');
const SOURCES: ApprovalSource[] = ['ui', 'cli', 'api', 'slack', 'linear'];

const world = fc
  .record({
    people: fc.integer({ min: 1, max: 4 }),
    actors: fc.array(
      fc.record({
        person: fc.nat(),
        creator: fc.option(fc.nat(), { nil: undefined }),
        approver: fc.boolean(),
      }),
      { minLength: 2, maxLength: 7 },
    ),
    quorum: fc.integer({ min: 1, max: 3 }),
    ops: fc.array(
      fc.oneof(
        { arbitrary: fc.record({ kind: fc.constant('revise' as const), actor: fc.nat() }), weight: 1 },
        {
          weight: 5,
          arbitrary: fc.record({
            kind: fc.constant('vote' as const),
            actor: fc.nat(),
            // Which revision the voter was shown, counted back from the current one.
            back: fc.nat({ max: 2 }),
            decision: fc.constantFrom('approve', 'approve', 'approve', 'deny', 'send_back'),
            source: fc.constantFrom(...SOURCES),
            linker: fc.option(fc.nat(), { nil: undefined }),
          }),
        },
      ),
      { maxLength: 30 },
    ),
  })
  .map(({ people, actors, quorum, ops }) => {
    // Actor i may only have been created by an earlier actor: creation chains have no cycles.
    const records: PersonRecord[] = actors.map((a, i) => ({
      id: `actor-${i}`,
      person: `person-${a.person % people}`,
      created_by: i > 0 && a.creator !== undefined ? `actor-${a.creator % i}` : null,
    }));
    return { records, approver: actors.map((a) => a.approver), quorum, ops };
  });

function chainOf(records: readonly PersonRecord[], index: number): PersonRecord[] {
  const chain: PersonRecord[] = [];
  for (let at: PersonRecord | undefined = records[index]; at; ) {
    chain.push(at);
    const parent = at.created_by;
    at = parent ? records.find((r) => r.id === parent) : undefined;
  }
  return chain;
}

describe('the warrant property', () => {
  it('an allowed call implies a quorum of distinct non-writers, all shown the authorized content', () => {
    fc.assert(
      fc.property(world, ({ records, approver, quorum, ops }) => {
        const n = records.length;
        const hashes = ['hash-0'];
        const writers = new Set<number>([0]);
        let state: ApprovalState = openApproval({
          creator_id: records[0]!.id,
          content_hash: hashes[0]!,
          requirement: { tier: 'high', approvers: ['approver'], quorum, ttl_hours: 4 },
          at: new Date(T0).toISOString(),
        });
        // What each vote counted on the current revision was shown, and through whom it came.
        let accepted: { actor: number; linker: number | undefined; shown: string }[] = [];
        let now = T0;
        for (const op of ops) {
          now += 60_000;
          const at = new Date(now).toISOString();
          if (op.kind === 'revise') {
            const hash = `hash-${hashes.length}`;
            const result = reduceApproval(state, { type: 'revise', content_hash: hash, at });
            if (!result.ok) continue;
            hashes.push(hash);
            writers.add(op.actor % n);
            state = result.state;
            accepted = [];
          } else {
            const actor = op.actor % n;
            const linker = op.source === 'slack' || op.source === 'linear' ? op.linker : undefined;
            const chains = [
              chainOf(records, actor),
              ...(linker === undefined ? [] : [chainOf(records, linker % n)]),
            ];
            const shown = hashes[Math.max(0, hashes.length - 1 - op.back)]!;
            const result = reduceApproval(state, {
              type: 'vote',
              actor: {
                id: records[actor]!.id,
                roles: approver[actor] ? ['approver'] : ['viewer'],
                voter: voterKey(records[actor]!),
                identities: voterIdentities(chains),
              },
              decision: op.decision,
              at,
              source: op.source,
              content_hash: shown,
              writers: [...writers].flatMap((w) => writerIdentities(records[w]!)),
            });
            if (!result.ok) continue;
            state = result.state;
            accepted.push({ actor, linker: linker === undefined ? undefined : linker % n, shown });
          }

          if (!isWarrantValid(state, at, state.content_hash).ok) continue;
          const approvals = state.votes.filter((v) => v.decision === 'approve');
          const voters = approvals.map((v) => accepted.find((a) => records[a.actor]!.id === v.actor_id)!);
          // Distinct people, by the model's own account of who is whom.
          expect(new Set(voters.map((v) => records[v.actor]!.person)).size).toBeGreaterThanOrEqual(quorum);
          const writerIds = new Set([...writers].map((w) => records[w]!.id));
          const writerPeople = new Set([...writers].map((w) => records[w]!.person));
          for (const v of voters) {
            const behind = [v.actor, ...(v.linker === undefined ? [] : [v.linker])].flatMap((i) =>
              chainOf(records, i),
            );
            for (const record of behind) {
              expect(writerIds.has(record.id)).toBe(false);
              expect(writerPeople.has(record.person)).toBe(false);
            }
            expect(v.shown).toBe(state.content_hash);
          }
        }
      }),
      { numRuns: 500 },
    );
  });
});
