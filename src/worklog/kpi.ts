/**
 * WorkLog's KPIs and audit findings for one period, computed from the period's records by pure functions (the
 * service reads the records, report.ts prints them). Nothing here reads the database or the clock.
 *
 * Each KPI is the share of a seed 000 rule kept, as the seed states the rule ("Validation Rules" and
 * "Relationships" of 000_…txt). The seed names its success criteria (SC-001, SC-002) without spelling them out;
 * what it does spell out is the rule they check, so the KPIs are those rules counted:
 *
 * - link rate: "Intent → AgentRuns", "AgentRun: intentId required". Of the pull requests WorkLog received a
 *   reviewable event for in the period (opened, synchronize, reopened, or a review asked for by hand), the share
 *   linked to an intent (an intent made from one of its events, or naming its URL).
 * - approval rate: "approvals — status approved/rejected/sent_back". Of the intents created in the period that
 *   require an approval (Med/High reviews, every project) and were decided, the share approved; pending and
 *   lapsed-without-decision intents are not counted.
 * - audit success rate, the seed's success metric ("AgentRun: approvalId required when Med/High", "Provisioning:
 *   no repository create/update without valid intent and approval; every provisioning action must have a
 *   provisioning_events record", "Evidence: references and hashes"): of the AI runs that acted in the period and
 *   the repositories created in it, the share with its intent, an approval given before the action when one is
 *   required, and its evidence. A run acted when it read the diff or posted a review; a run the warrant check
 *   stopped never acted, and is listed, not counted.
 *
 * A rate with nothing to count is null, not 0 or 1.
 */
import type {
  WorklogApprovalRecord,
  WorklogIntentRecord,
  WorklogPrEventRecord,
  WorklogProvisioningEventRecord,
  WorklogRunRecord,
} from './tables.ts';

/** The pr-event actions that ask for a review; `requested` is a review asked for by hand. */
export const REVIEWABLE_ACTIONS = new Set(['opened', 'synchronize', 'reopened', 'requested']);

export interface PeriodRecords {
  from: Date;
  to: Date;
  prEvents: WorklogPrEventRecord[];
  /** Every intent the other records name, and those created in the period. */
  intents: WorklogIntentRecord[];
  /** Runs created in the period. */
  runs: WorklogRunRecord[];
  /** Every vote on the intents. */
  votes: WorklogApprovalRecord[];
  /** Provisioning events recorded in the period (one per repository created). */
  provisioning: WorklogProvisioningEventRecord[];
}

export type DeficitKind =
  | 'run_without_intent'
  | 'approval_missing'
  | 'approval_after_the_fact'
  | 'evidence_missing';

export interface Deficit {
  kind: DeficitKind;
  subject: 'run' | 'provisioning';
  subject_id: string;
  detail: string;
}

export type Rate = {
  numerator: number;
  denominator: number;
  /** numerator / denominator, rounded to 4 places; null when there is nothing to count. */
  rate: number | null;
};

const rate = (numerator: number, denominator: number): Rate => ({
  numerator,
  denominator,
  rate: denominator === 0 ? null : Math.round((numerator / denominator) * 10_000) / 10_000,
});

export interface AuditItem {
  kind: 'ai_run' | 'repository_creation';
  id: string;
  at: Date;
  /** Counted by the audit success rate: a run that acted, or a repository created. */
  acted: boolean;
  status: string;
  intent: WorklogIntentRecord | undefined;
  intent_id: string;
  /** The vote named as this item's approval, if it names one and it exists. */
  approval: WorklogApprovalRecord | undefined;
  approval_id: string | null;
  evidence: { kind: string; ref: string }[];
  subject: string;
  deficits: Deficit[];
}

export interface PeriodAudit {
  from: Date;
  to: Date;
  items: AuditItem[];
  deficits: Deficit[];
  kpi: { link_rate: Rate; approval_rate: Rate; audit_success_rate: Rate };
  counts: {
    pull_requests: number;
    ai_runs: number;
    ai_runs_acted: number;
    repository_creations: number;
    intents_requiring_approval: number;
    intents_decided: number;
  };
}

/** A run that read the diff or posted a review touched the pull request. */
export const runActed = (run: WorklogRunRecord): boolean =>
  run.diff_hash !== null ||
  run.github_review_id !== null ||
  run.status === 'running' ||
  run.status === 'succeeded';

/** The decision an intent's approval reached, if any: seed 000's approved / rejected / sent_back. */
export function approvalOutcome(
  intent: WorklogIntentRecord,
): 'approved' | 'rejected' | 'sent_back' | undefined {
  if (!intent.requires_approval || !intent.approval) return undefined;
  if (intent.approval.approved_at || intent.status === 'approved') return 'approved';
  if (intent.status === 'denied') return 'rejected';
  if (intent.status === 'sent_back') return 'sent_back';
  return undefined;
}

const time = (value: Date | string | null | undefined) => (value ? new Date(value).getTime() : Number.NaN);

/**
 * Whether the approval covered an action at `at`: an approving vote of that intent, cast before the action,
 * with the intent's approval window (valid_from..valid_to) around it.
 */
function approvalDeficit(
  intent: WorklogIntentRecord,
  vote: WorklogApprovalRecord | undefined,
  approvalId: string | null,
  at: Date,
  subject: Deficit['subject'],
  subjectId: string,
): Deficit | undefined {
  const missing = (detail: string): Deficit => ({
    kind: 'approval_missing',
    subject,
    subject_id: subjectId,
    detail,
  });
  if (approvalId === null)
    return missing(
      `intent ${intent.id} is ${intent.risk_level} risk and needs an approval; none is recorded`,
    );
  if (!vote || vote.intent_id !== intent.id)
    return missing(`approval ${approvalId} is not a vote on intent ${intent.id}`);
  if (vote.decision !== 'approve')
    return missing(`approval ${approvalId} is a ${vote.decision}, not an approve`);
  const acted = at.getTime();
  const validFrom = time(intent.approval?.valid_from);
  const validTo = time(intent.approval?.valid_to);
  if (time(vote.created_at) > acted || (Number.isFinite(validFrom) && validFrom > acted)) {
    return {
      kind: 'approval_after_the_fact',
      subject,
      subject_id: subjectId,
      detail: `approved at ${new Date(vote.created_at).toISOString()}, after the action at ${at.toISOString()}`,
    };
  }
  if (Number.isFinite(validTo) && validTo < acted) {
    return missing(
      `the approval lapsed at ${intent.approval?.valid_to} before the action at ${at.toISOString()}`,
    );
  }
  return undefined;
}

function runItem(
  run: WorklogRunRecord,
  intents: Map<string, WorklogIntentRecord>,
  votes: Map<string, WorklogApprovalRecord>,
): AuditItem {
  const intent = intents.get(run.intent_id);
  const vote = run.approval_id ? votes.get(run.approval_id) : undefined;
  const acted = runActed(run);
  const at = run.started_at ?? run.created_at;
  const deficits: Deficit[] = [];
  const deficit = (kind: DeficitKind, detail: string) =>
    deficits.push({ kind, subject: 'run', subject_id: run.id, detail });
  if (acted) {
    if (!intent)
      deficit('run_without_intent', `run ${run.id} names intent ${run.intent_id}, which does not exist`);
    else if (intent.requires_approval) {
      const found = approvalDeficit(intent, vote, run.approval_id, at, 'run', run.id);
      if (found) deficits.push(found);
    }
    // A run still running has not stored its evidence yet: judged once it ends.
    if (!run.diff_hash && run.status !== 'running')
      deficit('evidence_missing', `run ${run.id} acted without a diff hash`);
    if (run.status === 'succeeded' && run.github_review_id === null)
      deficit('evidence_missing', `run ${run.id} succeeded without the id of the review it posted`);
  }
  return {
    kind: 'ai_run',
    id: run.id,
    at,
    acted,
    status: run.error_code ? `${run.status} (${run.error_code})` : run.status,
    intent,
    intent_id: run.intent_id,
    approval: vote,
    approval_id: run.approval_id,
    evidence: [
      { kind: 'pr_url', ref: run.pr_url },
      ...(run.diff_hash ? [{ kind: 'diff_hash', ref: run.diff_hash }] : []),
      ...(run.github_review_id !== null
        ? [{ kind: 'github_review', ref: String(run.github_review_id) }]
        : []),
    ],
    subject: `${run.repo_full_name}#${run.pr_number} at ${run.head_sha.slice(0, 12)}`,
    deficits,
  };
}

function provisioningItem(
  event: WorklogProvisioningEventRecord,
  intents: Map<string, WorklogIntentRecord>,
  votes: Map<string, WorklogApprovalRecord>,
): AuditItem {
  const intent = intents.get(event.intent_id);
  const vote = votes.get(event.approval_id);
  const deficits: Deficit[] = [];
  const at = new Date(event.created_at);
  if (!intent) {
    deficits.push({
      kind: 'run_without_intent',
      subject: 'provisioning',
      subject_id: event.id,
      detail: `repository ${event.scope} names intent ${event.intent_id}, which does not exist`,
    });
  } else {
    // Every repository creation needs an approval, whatever the intent's risk (seed 000, Provisioning).
    const found = approvalDeficit(intent, vote, event.approval_id, at, 'provisioning', event.id);
    if (found) deficits.push(found);
  }
  if (!/^https:\/\/\S+$/.test(event.resource_url) || event.resource_id === '') {
    deficits.push({
      kind: 'evidence_missing',
      subject: 'provisioning',
      subject_id: event.id,
      detail: `repository ${event.scope} has no HTTPS resource URL or no resource id`,
    });
  }
  return {
    kind: 'repository_creation',
    id: event.id,
    at,
    acted: true,
    status: event.structure_type ? `created (${event.structure_type})` : 'created',
    intent,
    intent_id: event.intent_id,
    approval: vote,
    approval_id: event.approval_id,
    evidence: [
      { kind: 'resource_url', ref: event.resource_url },
      { kind: 'resource_id', ref: event.resource_id },
    ],
    subject: event.scope,
    deficits,
  };
}

/** The period's items, deficits and KPIs. */
export function auditPeriod(records: PeriodRecords): PeriodAudit {
  const intents = new Map(records.intents.map((row) => [row.id, row]));
  const votes = new Map(records.votes.map((row) => [row.id, row]));
  const inPeriod = (at: Date | string) => {
    const t = time(at);
    return t >= records.from.getTime() && t < records.to.getTime();
  };

  // Link rate: pull requests (repository and number) with a reviewable event in the period.
  const pulls = new Map<string, { urls: Set<string>; events: Set<string> }>();
  for (const event of records.prEvents) {
    if (!REVIEWABLE_ACTIONS.has(event.action) || !inPeriod(event.received_at)) continue;
    const key = `${event.repository_id}#${event.pr_number}`;
    const pull = pulls.get(key) ?? { urls: new Set(), events: new Set() };
    pull.urls.add(event.pr_url);
    pull.events.add(event.id);
    pulls.set(key, pull);
  }
  const reviewIntents = records.intents.filter((row) => row.kind === 'review');
  let linked = 0;
  for (const pull of pulls.values()) {
    const isLinked = reviewIntents.some(
      (intent) =>
        (intent.pr_event_id !== null && pull.events.has(intent.pr_event_id)) ||
        (typeof intent.spec.pr_url === 'string' && pull.urls.has(intent.spec.pr_url)),
    );
    if (isLinked) linked += 1;
  }

  // Approval rate: intents created in the period that need an approval and were decided.
  const needing = records.intents.filter((row) => row.requires_approval && inPeriod(row.created_at));
  const outcomes = needing.map(approvalOutcome).filter((o) => o !== undefined);
  const approved = outcomes.filter((o) => o === 'approved').length;

  const items = [
    ...records.runs.filter((run) => inPeriod(run.created_at)).map((run) => runItem(run, intents, votes)),
    ...records.provisioning
      .filter((event) => inPeriod(event.created_at))
      .map((event) => provisioningItem(event, intents, votes)),
  ].sort((a, b) => a.at.getTime() - b.at.getTime() || a.id.localeCompare(b.id));
  const counted = items.filter((item) => item.acted);
  const clean = counted.filter((item) => item.deficits.length === 0).length;

  return {
    from: records.from,
    to: records.to,
    items,
    deficits: items.flatMap((item) => item.deficits),
    kpi: {
      link_rate: rate(linked, pulls.size),
      approval_rate: rate(approved, outcomes.length),
      audit_success_rate: rate(clean, counted.length),
    },
    counts: {
      pull_requests: pulls.size,
      ai_runs: items.filter((item) => item.kind === 'ai_run').length,
      ai_runs_acted: counted.filter((item) => item.kind === 'ai_run').length,
      repository_creations: items.filter((item) => item.kind === 'repository_creation').length,
      intents_requiring_approval: needing.length,
      intents_decided: outcomes.length,
    },
  };
}
