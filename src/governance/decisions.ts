import { z } from 'zod';
import type { AuditAction } from '../audit/actions.ts';
import { appendAudit } from '../audit/append.ts';
import type { Clock } from '../core/clock.ts';
import { newId } from '../core/ids.ts';
import { conflict, invalid, notFound, Problem } from '../core/problem.ts';
import type { Actor } from '../core/roles.ts';
import { iso } from '../core/time.ts';
import { visibleText } from '../core/visible-text.ts';
import type { Executor, Orm } from '../db/connect.ts';
import {
  type ApprovalState,
  openApproval,
  reduceApproval,
  type VoteAction,
} from '../plans/approvals/machine.ts';
import { SEVERITIES } from '../verification/report.ts';
import { requireCapability, targetTenant } from './entitlement.ts';
import { actorExists, exceptionExists, runReport } from './facts-store.ts';
import { insertDecision, listDecisions, loadDecision, updateDecision } from './store.ts';
import type { GovernanceDecisionRecord } from './tables.ts';
import { type DecisionStatus, deriveValidity } from './validity.ts';

const HOUR_MS = 3_600_000;
/** How long a decision request may wait for its votes. */
const REQUEST_TTL_HOURS = 7 * 24;

export const DecisionSourceSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('finding'),
    ref: z.string().min(1).max(500),
    summary: z.string().max(2000).optional(),
  }),
  z.strictObject({ kind: z.literal('exception_event'), exception_id: z.string().max(100) }),
  z.strictObject({
    kind: z.literal('failed_check'),
    run_id: z.string().max(100),
    check_key: z.string().min(1).max(64),
  }),
]);

export const DecisionInputSchema = z.strictObject({
  tenant: z.string().max(100).optional(),
  kind: z.enum(['accepted_risk', 'exception']),
  title: z.string().min(1).max(300),
  severity: z.enum(SEVERITIES),
  source: DecisionSourceSchema,
  owner_user_id: z.string().max(100).optional(),
  request_reason: visibleText(4000).trim(),
  review_due_at: z.iso.datetime({ offset: true }).optional(),
  effective_from: z.iso.datetime({ offset: true }).optional(),
  expires_at: z.iso.datetime({ offset: true }),
});
export type DecisionInput = z.infer<typeof DecisionInputSchema>;

/** A decision as stored, in the shape validity and the review sections read. */
export const decisionFacts = (row: GovernanceDecisionRecord) => ({
  id: row.id,
  tenant_id: row.tenant_id,
  kind: row.kind,
  title: row.title,
  severity: row.severity,
  source_kind: row.source_kind,
  source_ref: row.source_ref,
  status: row.status,
  owner_user_id: row.owner_user_id,
  requested_by: row.requested_by,
  approved_by_user_id: row.approved_by_user_id,
  request_reason: row.request_reason,
  review_due_at: iso(row.review_due_at),
  effective_from: iso(row.effective_from),
  expires_at: iso(row.expires_at),
});
export type DecisionFacts = ReturnType<typeof decisionFacts>;

export function decisionView(row: GovernanceDecisionRecord, now: Date) {
  const validity = deriveValidity(decisionFacts(row), now);
  return {
    ...decisionFacts(row),
    current_validity_state: validity.state,
    validity_reasons: validity.reasons,
    approval: {
      quorum: row.approval.requirement.quorum,
      approvers: row.approval.requirement.approvers,
      votes: row.approval.votes.map(({ actor_id, decision, at, comment }) => ({
        actor_id,
        decision,
        at,
        comment,
      })),
      request_expires_at: row.approval.expires_at,
    },
    revoked_at: iso(row.revoked_at),
    revoked_by: row.revoked_by,
    revoke_reason: row.revoke_reason,
    created_at: iso(row.created_at),
    updated_at: iso(row.updated_at),
  };
}

// The approval engine speaks of plans; a decision's audit trail names decisions.
const DECISION_ACTION = {
  'approval.granted': 'governance_decision.approval_granted',
  'approval.denied': 'governance_decision.approval_denied',
  'approval.sent_back': 'governance_decision.approval_sent_back',
  'plan.approved': 'governance_decision.approved',
  'plan.denied': 'governance_decision.denied',
  'plan.sent_back': 'governance_decision.sent_back',
} as const satisfies Record<VoteAction, AuditAction>;

const STATUS_OF: Partial<Record<ApprovalState['status'], DecisionStatus>> = {
  pending_approval: 'pending',
  approved: 'approved',
  denied: 'denied',
};

const REFUSAL_STATUS: Record<string, number> = { self_approval: 403, not_an_approver: 403 };

export class DecisionService {
  readonly #orm: Orm;
  readonly #clock: Clock;

  constructor(deps: { orm: Orm; clock: Clock }) {
    this.#orm = deps.orm;
    this.#clock = deps.clock;
  }

  /** Records a request for an accepted risk or exception; it counts once the approval engine approves it. */
  async create(actor: Actor, input: DecisionInput) {
    requireCapability(actor, 'decision.request');
    const now = this.#clock.now();
    const effectiveFrom = input.effective_from ?? now.toISOString();
    if (Date.parse(input.expires_at) <= Math.max(now.getTime(), Date.parse(effectiveFrom))) {
      throw invalid('expires_at must be after now and after effective_from');
    }
    return this.#orm.transaction(async (tx) => {
      const tenantId = await targetTenant(tx, actor, input.tenant);
      const sourceRef = await this.#checkSource(tx, tenantId, input.source);
      if (input.owner_user_id !== undefined && !(await actorExists(tx, tenantId, input.owner_user_id)))
        throw notFound(`actor ${input.owner_user_id}`);
      const approval = openApproval({
        creator_id: actor.id,
        // Decisions are not revised, so their approval binds to what is being accepted, not a plan hash.
        content_hash: `${input.kind}:${input.title}`,
        // Higher severities need two people to accept them, as destructive production plans do.
        requirement: {
          tier: 'governance',
          approvers: ['approver', 'admin'],
          quorum: input.severity === 'high' || input.severity === 'critical' ? 2 : 1,
          ttl_hours: (Date.parse(input.expires_at) - now.getTime()) / HOUR_MS,
        },
        at: now.toISOString(),
        request_ttl_hours: REQUEST_TTL_HOURS,
      });
      const id = newId();
      const row = await insertDecision(tx, {
        id,
        tenant_id: tenantId,
        kind: input.kind,
        title: input.title,
        severity: input.severity,
        source_kind: input.source.kind,
        source_ref: sourceRef,
        status: 'pending',
        owner_user_id: input.owner_user_id ?? null,
        requested_by: actor.id,
        request_reason: input.request_reason,
        review_due_at: input.review_due_at === undefined ? null : new Date(input.review_due_at),
        effective_from: new Date(effectiveFrom),
        expires_at: new Date(input.expires_at),
        approval,
        created_at: now,
        updated_at: now,
      });
      await appendAudit(tx, {
        tenant_id: tenantId,
        actor,
        action: 'governance_decision.requested',
        occurred_at: now,
        context: { decision_id: id, kind: input.kind, severity: input.severity, source: sourceRef },
      });
      return decisionView(row, now);
    });
  }

  /** The source must exist inside the tenant: a finding is free text, the others are checked rows. */
  async #checkSource(tx: Executor, tenantId: string, source: DecisionInput['source']) {
    if (source.kind === 'finding') return source;
    if (source.kind === 'exception_event') {
      if (!(await exceptionExists(tx, tenantId, source.exception_id)))
        throw notFound(`exception ${source.exception_id}`);
      return source;
    }
    const run = await runReport(tx, tenantId, source.run_id);
    if (!run) throw notFound(`run ${source.run_id}`);
    const check = run.report?.checks.find((c) => c.key === source.check_key);
    if (!check || (check.status !== 'fail' && check.status !== 'warn')) {
      throw invalid(
        `the run's verification report has no failed check ${source.check_key}`,
        'check_not_failed',
      );
    }
    return { ...source, status: check.status };
  }

  async #load(tx: Executor, actor: Actor, id: string, forUpdate = false): Promise<GovernanceDecisionRecord> {
    const row = await loadDecision(tx, actor, id, forUpdate);
    if (!row) throw notFound(`decision ${id}`);
    return row;
  }

  async get(actor: Actor, id: string) {
    requireCapability(actor, 'governance.read');
    return decisionView(await this.#load(this.#orm, actor, id), this.#clock.now());
  }

  async list(actor: Actor, filter: { tenant?: string; status?: DecisionStatus }) {
    requireCapability(actor, 'governance.read');
    const tenantId =
      filter.tenant === undefined ? undefined : await targetTenant(this.#orm, actor, filter.tenant);
    const rows = await listDecisions(this.#orm, actor, { tenantId, status: filter.status });
    const now = this.#clock.now();
    return rows.map((row) => decisionView(row, now));
  }

  /** A vote through the approval engine: no self-approval, one vote per person, quorum by severity. */
  async vote(actor: Actor, id: string, decision: 'approve' | 'deny', comment?: string) {
    return this.#orm.transaction(async (tx) => {
      const row = await this.#load(tx, actor, id, true);
      if (row.status === 'revoked') throw conflict('the decision was revoked', 'final_state');
      const now = this.#clock.now();
      const result = reduceApproval(row.approval, {
        type: 'vote',
        actor: { id: actor.id, roles: actor.roles },
        decision,
        at: now.toISOString(),
        source: 'api',
        ...(comment !== undefined ? { comment } : {}),
      });
      if (!result.ok) throw new Problem(REFUSAL_STATUS[result.code] ?? 409, result.code, result.message);
      const status = STATUS_OF[result.state.status] ?? row.status;
      const approvedBy =
        status === 'approved' && row.status !== 'approved' ? actor.id : row.approved_by_user_id;
      await updateDecision(tx, row.id, {
        status,
        approval: result.state,
        approved_by_user_id: approvedBy,
        updated_at: now,
      });
      await appendAudit(
        tx,
        ...result.events.map((event) => ({
          tenant_id: row.tenant_id,
          actor,
          action: DECISION_ACTION[event.action],
          occurred_at: now,
          context: { decision_id: row.id, ...event.detail },
        })),
      );
      // The answer keeps the row's updated_at as read, as it always has.
      return decisionView({ ...row, status, approval: result.state, approved_by_user_id: approvedBy }, now);
    });
  }

  async revoke(actor: Actor, id: string, reason: string) {
    requireCapability(actor, 'decision.revoke');
    return this.#orm.transaction(async (tx) => {
      const row = await this.#load(tx, actor, id, true);
      if (row.status === 'revoked' || row.status === 'denied') {
        throw conflict(`the decision is ${row.status} and can no longer be revoked`, 'final_state');
      }
      const now = this.#clock.now();
      const revoked = await updateDecision(tx, row.id, {
        status: 'revoked',
        revoked_at: now,
        revoked_by: actor.id,
        revoke_reason: reason,
        updated_at: now,
      });
      await appendAudit(tx, {
        tenant_id: row.tenant_id,
        actor,
        action: 'governance_decision.revoked',
        occurred_at: now,
        context: { decision_id: row.id, reason, previous_status: row.status },
      });
      return decisionView(revoked, now);
    });
  }
}
