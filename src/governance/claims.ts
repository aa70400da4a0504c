// A review's claims: the counted statements of its sections (runs by status, approved plans, open exceptions,
// decisions by status), each with the audit events behind it. A reader of the pack does not have to trust the
// count: every event comes with an inclusion proof against the pack's signed checkpoint, and
// scripts/verify-review-pack.mjs checks that the count equals the number of distinct proven events of the
// claim's action. Pure: which events back a claim is looked up by facts.ts.
import { z } from 'zod';
import type { AuditAction } from '../audit/actions.ts';
import type { EventSubject } from '../audit/subject-store.ts';
import type { SectionKey } from './sections.ts';

/** A claim as a section states it: stored in the section's summary_payload.claims. */
export const ClaimSchema = z.object({
  key: z.string(),
  statement: z.string(),
  action: z.string(),
  count: z.number().int().nonnegative(),
  event_ids: z.array(z.string()),
});
export type Claim = z.infer<typeof ClaimSchema>;

/** What a claim counts, before its events are looked up: one subject (run, plan, ...) per counted thing. */
export interface ClaimSource {
  section: SectionKey;
  key: string;
  statement: string;
  action: AuditAction;
  subject: EventSubject;
  ids: string[];
}

/** The event that puts a run in each status: a run's status is final only with its run.<status> event. */
const RUN_EVENTS = {
  queued: 'run.queued',
  running: 'run.started',
  succeeded: 'run.succeeded',
  failed: 'run.failed',
  rolled_back: 'run.rolled_back',
  cancelled: 'run.cancelled',
} as const satisfies Record<string, AuditAction>;

const DECISION_EVENTS = {
  pending: 'governance_decision.requested',
  approved: 'governance_decision.approved',
  revoked: 'governance_decision.revoked',
} as const satisfies Record<string, AuditAction>;

const EXCEPTION_EVENTS = {
  unapproved_attempt: 'exception.unapproved_attempt',
  break_glass: 'exception.break_glass',
  approval_expired: 'exception.approval_expired',
} as const satisfies Record<string, AuditAction>;

export interface ClaimFacts {
  runs: readonly { id: string; status: string }[];
  approved_plans: { ids: readonly string[]; total: number };
  open_exceptions: readonly { id: string; type: string }[];
  decisions: readonly { id: string; status: string }[];
}

const has = <T extends object>(map: T, key: string): key is Extract<keyof T, string> =>
  Object.hasOwn(map, key);

function groupIds<T extends { id: string }>(items: readonly T[], by: (item: T) => string) {
  const groups = new Map<string, string[]>();
  for (const item of items) groups.set(by(item), [...(groups.get(by(item)) ?? []), item.id]);
  return [...groups].sort(([a], [b]) => a.localeCompare(b));
}

/** The counted statements of a review, in a stable order; statuses without an event of their own are left out. */
export function claimSources(facts: ClaimFacts): ClaimSource[] {
  const sources: ClaimSource[] = [];
  for (const [status, ids] of groupIds(facts.runs, (r) => r.status)) {
    if (!has(RUN_EVENTS, status)) continue;
    sources.push({
      section: 'executive_summary',
      key: `runs.${status}`,
      statement: `${ids.length} run(s) ${status.replace('_', ' ')}`,
      action: RUN_EVENTS[status],
      subject: 'run_id',
      ids,
    });
  }
  const approved = facts.approved_plans;
  if (approved.ids.length > 0) {
    const n = approved.ids.length;
    sources.push({
      section: 'executive_summary',
      key: 'plans.approved',
      statement:
        n === approved.total
          ? `${n} plan(s) approved`
          : `the ${n} newest of ${approved.total} approved plans`,
      action: 'plan.approved',
      subject: 'plan_id',
      ids: [...approved.ids],
    });
  }
  for (const [type, ids] of groupIds(facts.open_exceptions, (e) => e.type)) {
    if (!has(EXCEPTION_EVENTS, type)) continue;
    sources.push({
      section: 'open_risks',
      key: `exceptions.open.${type}`,
      statement: `${ids.length} open ${type.replace(/_/g, ' ')} exception(s)`,
      action: EXCEPTION_EVENTS[type],
      subject: 'exception_id',
      ids,
    });
  }
  for (const [status, ids] of groupIds(facts.decisions, (d) => d.status)) {
    if (!has(DECISION_EVENTS, status)) continue;
    sources.push({
      section: 'accepted_risks',
      key: `decisions.${status}`,
      statement: `${ids.length} governance decision(s) ${status}`,
      action: DECISION_EVENTS[status],
      subject: 'decision_id',
      ids,
    });
  }
  return sources;
}

/**
 * A source with its events found (subject id -> event id). The count is the number of subjects the platform
 * holds, not of events found: a subject whose event is missing from the log leaves the claim unproven, which
 * the pack's verifier then reports, rather than a count quietly lowered to what the log shows.
 */
export function composeClaim(
  source: ClaimSource,
  found: ReadonlyMap<string, string>,
): Claim & {
  section: SectionKey;
} {
  return {
    section: source.section,
    key: source.key,
    statement: source.statement,
    action: source.action,
    count: source.ids.length,
    event_ids: source.ids.flatMap((id) => {
      const event = found.get(id);
      return event ? [event] : [];
    }),
  };
}

/** The claims a stored section states (none for reviews composed before claims existed). */
export function claimsOf(summary: Readonly<Record<string, unknown>>): Claim[] {
  const parsed = z.array(ClaimSchema).safeParse(summary.claims ?? []);
  return parsed.success ? parsed.data : [];
}
