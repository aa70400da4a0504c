import { sql } from 'drizzle-orm';
import { type AuditInput, appendAudit } from '../audit/append.ts';
import type { Clock } from '../core/clock.ts';
import { newId } from '../core/ids.ts';
import { conflict, forbidden } from '../core/problem.ts';
import { type Orm, rowsOf } from '../db/connect.ts';
import type { PlanEvents } from '../ops/plan-events.ts';
import { planView } from '../plans/service.ts';
import { loadPlan, type PlanRow, updatePlan } from '../plans/store.ts';
import type { Actor } from '../tenancy/roles.ts';
import { recordException } from './exception-store.ts';
import { type ApprovalErrorCode, type ApprovalSource, reduceApproval, type VoteDecision } from './machine.ts';
import type { AuditDraft } from './transition.ts';

export interface VoteInput {
  decision: VoteDecision;
  comment?: string;
  source: ApprovalSource;
  template_answers?: Record<string, unknown>;
}

// Refusals an approver can act on: who may not vote is 403, a vote that came too late or twice is 409.
const voteRefusal: Record<ApprovalErrorCode, 403 | 409> = {
  self_approval: 403,
  not_an_approver: 403,
  duplicate_vote: 409,
  not_pending: 409,
  request_expired: 409,
  final_state: 409,
  unchanged: 409,
};

/** The system itself, as the actor of what time does (expiry). */
const systemActor = (tenantId: string) => ({ id: 'system', type: 'service', roles: [], tenant_id: tenantId });

export class ApprovalService {
  readonly #orm: Orm;
  readonly #clock: Clock;
  readonly #events: PlanEvents | undefined;
  /** `events` hears of each vote once committed (metrics, traces). */
  constructor(orm: Orm, clock: Clock, events?: PlanEvents) {
    this.#orm = orm;
    this.#clock = clock;
    this.#events = events;
  }

  async vote(actor: Actor, planId: string, input: VoteInput) {
    const cast = await this.#orm.transaction(async (tx) => {
      const row = await loadPlan(tx, actor.tenant_id, planId, true);
      const now = this.#clock.now();
      if (!row.approval) {
        throw conflict(`the plan is ${row.status} by policy and takes no votes`, 'not_pending');
      }
      const result = reduceApproval(row.approval, {
        type: 'vote',
        actor,
        decision: input.decision,
        at: now.toISOString(),
        source: input.source,
        ...(input.comment ? { comment: input.comment } : {}),
      });
      if (!result.ok) {
        const status = voteRefusal[result.code];
        throw status === 403 ? forbidden(result.message, result.code) : conflict(result.message, result.code);
      }
      const approvalId = newId();
      await tx.execute(sql`
        INSERT INTO approvals (id, tenant_id, plan_id, revision, content_hash, actor_id, decision, comment, source,
                               template_answers, created_at)
        VALUES (${approvalId}, ${actor.tenant_id}, ${planId}, ${row.revision}, ${row.content_hash}, ${actor.id},
                ${input.decision}, ${input.comment ?? null}, ${input.source},
                ${JSON.stringify(input.template_answers ?? {})}::jsonb, ${now.toISOString()})`);
      const updated: PlanRow = {
        ...row,
        status: result.state.status,
        approval: result.state,
        updated_at: now,
      };
      await updatePlan(tx, updated);
      await appendAudit(
        tx,
        ...result.events.map((event) => this.#audit(row, event, actor, approvalId, input.source)),
      );
      return {
        approval: {
          id: approvalId,
          plan_id: planId,
          revision: row.revision,
          content_hash: row.content_hash,
          actor_id: actor.id,
          decision: input.decision,
          comment: input.comment ?? null,
          source: input.source,
          template_answers: input.template_answers ?? {},
          created_at: now.toISOString(),
        },
        plan: planView(updated),
      };
    });
    this.#events?.voted?.({
      tenant_id: actor.tenant_id,
      plan_id: planId,
      decision: input.decision,
      source: input.source,
      status: cast.plan.status,
      requested_at: cast.plan.approval?.requested_at,
      at: new Date(cast.approval.created_at),
    });
    return cast;
  }

  /**
   * Lets time do its work: pending requests past their window and approvals past valid_to expire.
   * Authorize checks the clock itself, so a late sweep never lets a lapsed approval through.
   */
  async expireDue(): Promise<number> {
    const now = this.#clock.now().toISOString();
    const due = rowsOf<{ id: string; tenant_id: string }>(
      await this.#orm.execute(sql`
        SELECT id, tenant_id FROM plans
        WHERE (status IN ('pending_approval', 'sent_back') AND (approval ->> 'expires_at')::timestamptz <= ${now}::timestamptz)
           OR (status = 'approved' AND (approval ->> 'valid_to')::timestamptz <= ${now}::timestamptz)
        LIMIT 500`),
    );
    for (const { id, tenant_id: tenantId } of due) {
      await this.#orm.transaction(async (tx) => {
        const row = await loadPlan(tx, tenantId, id, true);
        if (!row.approval) return;
        const result = reduceApproval(row.approval, { type: 'expire', at: now });
        if (!result.ok || result.events.length === 0) return;
        const at = new Date(now);
        await updatePlan(tx, { ...row, status: result.state.status, approval: result.state, updated_at: at });
        await appendAudit(
          tx,
          ...result.events.map((event) => this.#audit(row, event, systemActor(tenantId))),
        );
        if (row.status === 'approved') {
          await recordException(tx, {
            tenant_id: tenantId,
            type: 'approval_expired',
            actor: systemActor(tenantId),
            at,
            plan_id: id,
            reason: `the approval lapsed at ${row.approval.valid_to}`,
          });
        }
      });
    }
    return due.length;
  }

  #audit(
    row: PlanRow,
    event: AuditDraft,
    actor: AuditInput['actor'],
    approvalId?: string,
    source?: ApprovalSource,
  ): AuditInput {
    const decision =
      event.action === 'plan.approved' ? 'allow' : event.action === 'plan.denied' ? 'deny' : null;
    return {
      tenant_id: row.tenant_id,
      actor,
      action: event.action,
      occurred_at: new Date(event.at),
      decision,
      plan_id: row.id,
      context: {
        ...event.detail,
        revision: row.revision,
        content_hash: row.content_hash,
        ...(approvalId ? { approval_id: approvalId } : {}),
        ...(source ? { source } : {}),
      },
    };
  }
}
