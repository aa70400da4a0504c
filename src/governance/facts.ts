import type { AuditService } from '../audit/service.ts';
import { latestEventsAbout } from '../audit/subject-store.ts';
import type { Executor } from '../db/connect.ts';
import { type ClaimFacts, claimSources, composeClaim } from './claims.ts';
import { decisionFacts } from './decisions.ts';
import {
  activeKeyCount,
  activePolicy,
  actorRoles,
  approvedPlans,
  baselinePolicyHash,
  openExceptions,
  planCounts,
  recentEvidence,
  recentRuns,
  tenantDecisions,
} from './facts-store.ts';
import type { ReviewFacts } from './sections.ts';

/** How much of a tenant's history one review reads; a review summarizes, it does not export everything. */
const LIMIT = 500;

const toHex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

/** Reads the platform truth a review is composed from. */
export async function readFacts(
  tx: Executor,
  audit: Pick<AuditService, 'integrateNow' | 'checkpoint'>,
  tenant: { id: string; name: string },
  now: Date,
): Promise<ReviewFacts> {
  const t = tenant.id;
  const [plans, approved, runs, exceptions, decisions, actors, keys, policy, baseline, evidence] =
    await Promise.all([
      planCounts(tx, t),
      approvedPlans(tx, t, LIMIT),
      recentRuns(tx, t, LIMIT),
      openExceptions(tx, t, LIMIT),
      tenantDecisions(tx, t, LIMIT),
      actorRoles(tx, t),
      activeKeyCount(tx, t),
      activePolicy(tx, t),
      baselinePolicyHash(tx, t),
      recentEvidence(tx, t, LIMIT),
    ]);
  const claims = await findClaims(tx, t, {
    runs,
    approved_plans: approved,
    open_exceptions: exceptions,
    decisions,
  });
  // Events of this review's moment must be in the tree the checkpoint signs.
  await audit.integrateNow();
  const checkpoint = await audit.checkpoint(t);
  return {
    tenant,
    measured_at: now,
    plans,
    runs,
    open_exceptions: exceptions.map((e) => ({ ...e, raised_at: e.raised_at.toISOString() })),
    decisions: decisions.map(decisionFacts),
    actors,
    active_keys: keys,
    policy,
    ...(baseline ? { baseline_policy_hash: baseline.hash } : {}),
    evidence,
    checkpoint: { size: checkpoint.size, root: toHex(checkpoint.root), note: checkpoint.note },
    claims,
  };
}

/** Each claim with the newest event of its action about each thing it counts: one query per claim. */
async function findClaims(tx: Executor, tenantId: string, facts: ClaimFacts) {
  return Promise.all(
    claimSources(facts).map(async (source) => {
      const found = await latestEventsAbout(tx, tenantId, source.action, source.subject, source.ids);
      return composeClaim(source, new Map(found.map((row) => [row.subject, row.event_id])));
    }),
  );
}
