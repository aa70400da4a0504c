/**
 * Seed 000's intents and their approvals. An intent is not a Warrant plan: its riskLevel comes from the
 * WorkLog risk engine (paths, size, repository sensitivity) rather than from tool effects and environments,
 * so it keeps its own small table, and reuses the approval state machine as it is (no self-approval, one
 * vote per person, quorum, validity window, bound to the intent's content hash).
 */
import type { AuditAction } from '../audit/actions.ts';
import { type AuditActor, type AuditInput, appendAudit } from '../audit/append.ts';
import { canonicalHash } from '../core/hash.ts';
import { isUuid, newId } from '../core/ids.ts';
import { conflict, forbidden, notFound } from '../core/problem.ts';
import type { Actor } from '../core/roles.ts';
import type { Executor } from '../db/connect.ts';
import {
  type ApprovalRequirement,
  isWarrantValid,
  openApproval,
  reduceApproval,
  type VoteAction,
  type WarrantCheck,
} from '../plans/approvals/machine.ts';
import type { AuditDraft } from '../plans/approvals/transition.ts';
import type { RiskLevel } from './schemas.ts';
import {
  findIntent,
  insertIntentVote,
  latestApproval,
  insertIntent as storeIntent,
  updateIntentApproval,
} from './store.ts';
import type { WorklogIntentRecord } from './tables.ts';

export interface NewIntent {
  tenant_id: string;
  kind: WorklogIntentRecord['kind'];
  creator_id: string;
  purpose: string;
  scope: string;
  constraints: string[];
  success_criteria: string[];
  risk_level: RiskLevel;
  risk_reasons: string[];
  requires_approval: boolean;
  pr_event_id?: string;
  spec?: Record<string, unknown>;
}

/** Who approves an intent, how many, and for how long the approval holds. */
export function requirementFor(level: RiskLevel): ApprovalRequirement {
  return level === 'High'
    ? { tier: 'high', approvers: ['approver', 'admin'], quorum: 2, ttl_hours: 2 }
    : { tier: level === 'Med' ? 'medium' : 'low', approvers: ['approver', 'admin'], quorum: 1, ttl_hours: 4 };
}

export const intentView = (row: WorklogIntentRecord) => ({
  id: row.id,
  kind: row.kind,
  purpose: row.purpose,
  scope: row.scope,
  constraints: row.constraints,
  success_criteria: row.success_criteria,
  riskLevel: row.risk_level,
  risk_reasons: row.risk_reasons,
  requiresApproval: row.requires_approval,
  status: row.status,
  content_hash: row.content_hash,
  approval: row.approval
    ? {
        status: row.approval.status,
        requirement: row.approval.requirement,
        votes: row.approval.votes,
        expires_at: row.approval.expires_at,
        valid_from: row.approval.valid_from ?? null,
        valid_to: row.approval.valid_to ?? null,
      }
    : null,
  creatorId: row.creator_id,
  pr_event_id: row.pr_event_id,
  spec: row.spec,
  created_at: new Date(row.created_at).toISOString(),
  updated_at: new Date(row.updated_at).toISOString(),
});

/** Inserts an intent (once per pr-event) with its audit event; answers undefined when it already exists. */
export async function insertIntent(
  tx: Executor,
  input: NewIntent,
  actor: AuditActor,
  at: Date,
): Promise<WorklogIntentRecord | undefined> {
  const spec = input.spec ?? {};
  const content_hash = canonicalHash({
    kind: input.kind,
    purpose: input.purpose,
    scope: input.scope,
    constraints: input.constraints,
    success_criteria: input.success_criteria,
    spec,
  });
  const approval = input.requires_approval
    ? openApproval({
        creator_id: input.creator_id,
        content_hash,
        requirement: requirementFor(input.risk_level),
        at: at.toISOString(),
      })
    : null;
  const row = await storeIntent(tx, {
    id: newId(),
    tenant_id: input.tenant_id,
    kind: input.kind,
    creator_id: input.creator_id,
    purpose: input.purpose,
    scope: input.scope,
    constraints: input.constraints,
    success_criteria: input.success_criteria,
    risk_level: input.risk_level,
    risk_reasons: input.risk_reasons,
    requires_approval: input.requires_approval,
    status: approval ? approval.status : 'approved',
    content_hash,
    approval,
    pr_event_id: input.pr_event_id ?? null,
    spec,
    created_at: at,
    updated_at: at,
  });
  if (!row) return undefined;
  await appendAudit(tx, {
    tenant_id: input.tenant_id,
    actor,
    action: 'worklog.intent.created',
    occurred_at: at,
    decision: input.requires_approval ? 'require_approval' : 'allow',
    context: {
      intent_id: row.id,
      kind: input.kind,
      risk_level: input.risk_level,
      reasons: input.risk_reasons,
      content_hash,
    },
  });
  return row;
}

export async function loadIntent(
  tx: Executor,
  tenantId: string,
  id: string,
  lock = false,
): Promise<WorklogIntentRecord> {
  if (!isUuid(id)) throw notFound(`intent ${id}`);
  const row = await findIntent(tx, tenantId, id, lock);
  if (!row) throw notFound(`intent ${id}`);
  return row;
}

export type IntentWarrant = { ok: true; approval_id: string | null } | Extract<WarrantCheck, { ok: false }>;

/**
 * Whether the intent covers an action now: a Low review intent on its own, anything else only with an
 * approval valid at `at` for the intent's content. The approval id is the vote that completed the quorum.
 */
export async function intentWarrant(
  tx: Executor,
  intent: WorklogIntentRecord,
  at: Date,
): Promise<IntentWarrant> {
  if (!intent.requires_approval) return { ok: true, approval_id: null };
  if (!intent.approval) return { ok: false, reason_code: 'not_approved' };
  const check = isWarrantValid(intent.approval, at.toISOString(), intent.content_hash);
  if (!check.ok) return check;
  const vote = await latestApproval(tx, intent.id);
  return vote ? { ok: true, approval_id: vote } : { ok: false, reason_code: 'not_approved' };
}

const VOTE_REFUSAL: Record<string, 403 | 409> = { self_approval: 403, not_an_approver: 403 };

/** One vote through the approval state machine, with its audit events, in the caller's transaction. */
export async function voteOnIntent(
  tx: Executor,
  actor: Actor,
  intentId: string,
  input: {
    decision: 'approve' | 'deny' | 'send_back';
    comment?: string;
    template_answers?: Record<string, unknown>;
  },
  at: Date,
) {
  const intent = await loadIntent(tx, actor.tenant_id, intentId, true);
  if (!intent.approval) throw conflict('the intent needs no approval and takes no votes', 'not_pending');
  const result = reduceApproval(intent.approval, {
    type: 'vote',
    actor,
    decision: input.decision,
    at: at.toISOString(),
    source: 'api',
    ...(input.comment ? { comment: input.comment } : {}),
  });
  if (!result.ok) {
    throw VOTE_REFUSAL[result.code] === 403
      ? forbidden(result.message, result.code)
      : conflict(result.message, result.code);
  }
  const approvalId = newId();
  await insertIntentVote(tx, {
    id: approvalId,
    tenant_id: actor.tenant_id,
    intent_id: intentId,
    actor_id: actor.id,
    decision: input.decision,
    comment: input.comment ?? null,
    source: 'api',
    template_answers: input.template_answers ?? {},
    created_at: at,
  });
  const updated: WorklogIntentRecord = {
    ...intent,
    status: result.state.status,
    approval: result.state,
    updated_at: at,
  };
  await updateIntentApproval(tx, updated);
  await appendAudit(tx, ...result.events.map((event) => auditOf(intent, event, actor, approvalId)));
  return { approval_id: approvalId, intent: updated, approved: updated.status === 'approved' };
}

// The machine speaks of plans; here the subject is an intent. The vote's own actions keep their names.
const INTENT_ACTION = {
  'approval.granted': 'approval.granted',
  'approval.denied': 'approval.denied',
  'approval.sent_back': 'approval.sent_back',
  'plan.approved': 'worklog.intent.approved',
  'plan.denied': 'worklog.intent.denied',
  'plan.sent_back': 'worklog.intent.sent_back',
} as const satisfies Record<VoteAction, AuditAction>;

function auditOf(
  intent: WorklogIntentRecord,
  event: AuditDraft<VoteAction>,
  actor: AuditActor,
  approvalId: string,
): AuditInput {
  return {
    tenant_id: intent.tenant_id,
    actor,
    action: INTENT_ACTION[event.action],
    occurred_at: new Date(event.at),
    decision: event.action === 'plan.approved' ? 'allow' : event.action === 'plan.denied' ? 'deny' : null,
    context: {
      ...event.detail,
      intent_id: intent.id,
      approval_id: approvalId,
      content_hash: intent.content_hash,
    },
  };
}
