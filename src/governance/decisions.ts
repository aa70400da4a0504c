import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { type ApprovalState, openApproval, reduceApproval } from '../approvals/machine.ts';
import { appendAudit } from '../audit/append.ts';
import type { Clock } from '../core/clock.ts';
import { isUuid, newId } from '../core/ids.ts';
import { conflict, invalid, notFound, Problem } from '../core/problem.ts';
import { iso } from '../core/time.ts';
import { type Executor, type Orm, rowsOf } from '../db/connect.ts';
import type { Actor } from '../tenancy/roles.ts';
import { SEVERITIES } from '../verification/report.ts';
import { inScope, requireCapability, targetTenant } from './entitlement.ts';
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
  request_reason: z.string().trim().min(1).max(4000),
  review_due_at: z.iso.datetime({ offset: true }).optional(),
  effective_from: z.iso.datetime({ offset: true }).optional(),
  expires_at: z.iso.datetime({ offset: true }),
});
export type DecisionInput = z.infer<typeof DecisionInputSchema>;

export interface DecisionRow {
  id: string;
  tenant_id: string;
  kind: 'accepted_risk' | 'exception';
  title: string;
  severity: (typeof SEVERITIES)[number];
  source_kind: string;
  source_ref: Record<string, unknown>;
  status: DecisionStatus;
  owner_user_id: string | null;
  requested_by: string;
  approved_by_user_id: string | null;
  request_reason: string;
  review_due_at: Date | string | null;
  effective_from: Date | string;
  expires_at: Date | string;
  approval: ApprovalState;
  revoked_at: Date | string | null;
  revoked_by: string | null;
  revoke_reason: string | null;
  created_at: Date | string;
  updated_at: Date | string;
}

/** A decision as stored, in the shape validity and the review sections read. */
export const decisionFacts = (row: DecisionRow) => ({
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
  effective_from: iso(row.effective_from)!,
  expires_at: iso(row.expires_at)!,
});
export type DecisionFacts = ReturnType<typeof decisionFacts>;

export function decisionView(row: DecisionRow, now: Date) {
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
const auditAction = (action: string) =>
  `governance_decision.${action.replace(/^plan\./, '').replace(/^approval\./, 'approval_')}`;

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
      if (input.owner_user_id !== undefined) await this.#checkActor(tx, tenantId, input.owner_user_id);
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
      await tx.execute(sql`
        INSERT INTO governance_decisions (id, tenant_id, kind, title, severity, source_kind, source_ref, status,
          owner_user_id, requested_by, request_reason, review_due_at, effective_from, expires_at, approval,
          created_at, updated_at)
        VALUES (${id}, ${tenantId}, ${input.kind}, ${input.title}, ${input.severity}, ${input.source.kind},
          ${JSON.stringify(sourceRef)}::jsonb, 'pending', ${input.owner_user_id ?? null}, ${actor.id},
          ${input.request_reason}, ${input.review_due_at ?? null}, ${effectiveFrom}, ${input.expires_at},
          ${JSON.stringify(approval)}::jsonb, ${now.toISOString()}, ${now.toISOString()})`);
      await appendAudit(tx, {
        tenant_id: tenantId,
        actor,
        action: 'governance_decision.requested',
        occurred_at: now,
        context: { decision_id: id, kind: input.kind, severity: input.severity, source: sourceRef },
      });
      return decisionView(await this.#load(tx, actor, id), now);
    });
  }

  /** The source must exist inside the tenant: a finding is free text, the others are checked rows. */
  async #checkSource(tx: Executor, tenantId: string, source: DecisionInput['source']) {
    if (source.kind === 'finding') return source;
    if (source.kind === 'exception_event') {
      const found = isUuid(source.exception_id)
        ? rowsOf(
            await tx.execute(
              sql`SELECT 1 FROM exception_events WHERE id = ${source.exception_id} AND tenant_id = ${tenantId}`,
            ),
          )
        : [];
      if (found.length === 0) throw notFound(`exception ${source.exception_id}`);
      return source;
    }
    const [run] = isUuid(source.run_id)
      ? rowsOf<{ report: { checks?: { key: string; status: string }[] } | null }>(
          await tx.execute(
            sql`SELECT context->'verification_report' AS report FROM runs WHERE id = ${source.run_id} AND tenant_id = ${tenantId}`,
          ),
        )
      : [];
    if (!run) throw notFound(`run ${source.run_id}`);
    const check = run.report?.checks?.find((c) => c.key === source.check_key);
    if (!check || (check.status !== 'fail' && check.status !== 'warn')) {
      throw invalid(
        `the run's verification report has no failed check ${source.check_key}`,
        'check_not_failed',
      );
    }
    return { ...source, status: check.status };
  }

  async #checkActor(tx: Executor, tenantId: string, actorId: string) {
    const found = isUuid(actorId)
      ? rowsOf(await tx.execute(sql`SELECT 1 FROM actors WHERE id = ${actorId} AND tenant_id = ${tenantId}`))
      : [];
    if (found.length === 0) throw notFound(`actor ${actorId}`);
  }

  async #load(tx: Executor, actor: Actor, id: string, forUpdate = false): Promise<DecisionRow> {
    const [row] = isUuid(id)
      ? rowsOf<DecisionRow>(
          await tx.execute(
            sql`SELECT * FROM governance_decisions WHERE id = ${id} AND ${inScope(actor)} ${forUpdate ? sql`FOR UPDATE` : sql``}`,
          ),
        )
      : [];
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
    const rows = rowsOf<DecisionRow>(
      await this.#orm.execute(sql`
        SELECT * FROM governance_decisions WHERE ${inScope(actor)}
          ${tenantId ? sql`AND tenant_id = ${tenantId}` : sql``}
          ${filter.status ? sql`AND status = ${filter.status}` : sql``}
        ORDER BY created_at DESC, id LIMIT 500`),
    );
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
      await tx.execute(sql`
        UPDATE governance_decisions SET status = ${status}, approval = ${JSON.stringify(result.state)}::jsonb,
          approved_by_user_id = ${approvedBy}, updated_at = ${now.toISOString()}
        WHERE id = ${row.id}`);
      await appendAudit(
        tx,
        ...result.events.map((event) => ({
          tenant_id: row.tenant_id,
          actor,
          action: auditAction(event.action),
          occurred_at: now,
          context: { decision_id: row.id, ...event.detail },
        })),
      );
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
      await tx.execute(sql`
        UPDATE governance_decisions SET status = 'revoked', revoked_at = ${now.toISOString()}, revoked_by = ${actor.id},
          revoke_reason = ${reason}, updated_at = ${now.toISOString()}
        WHERE id = ${row.id}`);
      await appendAudit(tx, {
        tenant_id: row.tenant_id,
        actor,
        action: 'governance_decision.revoked',
        occurred_at: now,
        context: { decision_id: row.id, reason, previous_status: row.status },
      });
      return decisionView(await this.#load(tx, actor, id), now);
    });
  }
}
