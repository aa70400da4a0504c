/**
 * Seed 000's intents and their approvals. An intent is not a Warrant plan: its riskLevel comes from the
 * WorkLog risk engine (paths, size, repository sensitivity) rather than from tool effects and environments,
 * so it keeps its own small table, and reuses the approval state machine as it is (no self-approval, one
 * vote per person, quorum, validity window, bound to the intent's content hash).
 */
import { sql } from 'drizzle-orm';
import {
  type ApprovalRequirement,
  type ApprovalState,
  isWarrantValid,
  openApproval,
  reduceApproval,
  type WarrantCheck,
} from '../approvals/machine.ts';
import type { AuditDraft } from '../approvals/transition.ts';
import { type AuditActor, type AuditInput, appendAudit } from '../audit/append.ts';
import { isUuid, newId } from '../core/ids.ts';
import { conflict, forbidden, notFound } from '../core/problem.ts';
import { type Executor, rowsOf } from '../db/connect.ts';
import { canonicalHash } from '../plans/content-hash.ts';
import type { Actor } from '../tenancy/roles.ts';
import type { RiskLevel } from './schemas.ts';

export interface IntentRow {
  id: string;
  tenant_id: string;
  kind: 'review' | 'project';
  creator_id: string;
  purpose: string;
  scope: string;
  constraints: string[];
  success_criteria: string[];
  risk_level: RiskLevel;
  risk_reasons: string[];
  requires_approval: boolean;
  status: string;
  content_hash: string;
  approval: ApprovalState | null;
  pr_event_id: string | null;
  spec: Record<string, unknown>;
  created_at: Date | string;
  updated_at: Date | string;
}

export interface NewIntent {
  tenant_id: string;
  kind: IntentRow['kind'];
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

export const intentView = (row: IntentRow) => ({
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
): Promise<IntentRow | undefined> {
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
  const [row] = rowsOf<IntentRow>(
    await tx.execute(sql`
      INSERT INTO worklog_intents (id, tenant_id, kind, creator_id, purpose, scope, constraints, success_criteria,
        risk_level, risk_reasons, requires_approval, status, content_hash, approval, pr_event_id, spec, created_at,
        updated_at)
      VALUES (${newId()}, ${input.tenant_id}, ${input.kind}, ${input.creator_id}, ${input.purpose}, ${input.scope},
        ${JSON.stringify(input.constraints)}::jsonb, ${JSON.stringify(input.success_criteria)}::jsonb,
        ${input.risk_level}, ${JSON.stringify(input.risk_reasons)}::jsonb, ${input.requires_approval},
        ${approval ? approval.status : 'approved'}, ${content_hash},
        ${approval ? JSON.stringify(approval) : null}::jsonb, ${input.pr_event_id ?? null},
        ${JSON.stringify(spec)}::jsonb, ${at.toISOString()}, ${at.toISOString()})
      ON CONFLICT (pr_event_id) DO NOTHING RETURNING *`),
  );
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
): Promise<IntentRow> {
  if (!isUuid(id)) throw notFound(`intent ${id}`);
  const [row] = rowsOf<IntentRow>(
    await tx.execute(sql`
      SELECT * FROM worklog_intents WHERE id = ${id} AND tenant_id = ${tenantId} ${lock ? sql`FOR UPDATE` : sql``}`),
  );
  if (!row) throw notFound(`intent ${id}`);
  return row;
}

export type IntentWarrant = { ok: true; approval_id: string | null } | Extract<WarrantCheck, { ok: false }>;

/**
 * Whether the intent covers an action now: a Low review intent on its own, anything else only with an
 * approval valid at `at` for the intent's content. The approval id is the vote that completed the quorum.
 */
export async function intentWarrant(tx: Executor, intent: IntentRow, at: Date): Promise<IntentWarrant> {
  if (!intent.requires_approval) return { ok: true, approval_id: null };
  if (!intent.approval) return { ok: false, reason_code: 'not_approved' };
  const check = isWarrantValid(intent.approval, at.toISOString(), intent.content_hash);
  if (!check.ok) return check;
  const [vote] = rowsOf<{ id: string }>(
    await tx.execute(sql`
      SELECT id FROM worklog_approvals WHERE intent_id = ${intent.id} AND decision = 'approve'
      ORDER BY created_at DESC, id LIMIT 1`),
  );
  return vote ? { ok: true, approval_id: vote.id } : { ok: false, reason_code: 'not_approved' };
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
  await tx.execute(sql`
    INSERT INTO worklog_approvals (id, tenant_id, intent_id, actor_id, decision, comment, source, template_answers,
                                   created_at)
    VALUES (${approvalId}, ${actor.tenant_id}, ${intentId}, ${actor.id}, ${input.decision}, ${input.comment ?? null},
            'api', ${JSON.stringify(input.template_answers ?? {})}::jsonb, ${at.toISOString()})`);
  const updated: IntentRow = {
    ...intent,
    status: result.state.status,
    approval: result.state,
    updated_at: at,
  };
  await tx.execute(sql`
    UPDATE worklog_intents SET status = ${updated.status}, approval = ${JSON.stringify(result.state)}::jsonb,
      updated_at = ${at.toISOString()} WHERE id = ${intentId}`);
  await appendAudit(tx, ...result.events.map((event) => auditOf(intent, event, actor, approvalId)));
  return { approval_id: approvalId, intent: updated, approved: updated.status === 'approved' };
}

// The machine speaks of plans; here the subject is an intent.
function auditOf(intent: IntentRow, event: AuditDraft, actor: AuditActor, approvalId: string): AuditInput {
  return {
    tenant_id: intent.tenant_id,
    actor,
    action: event.action.replace(/^plan\./, 'worklog.intent.'),
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
