import { type AuditActor, type AuditInput, appendAudit } from '../../audit/append.ts';
import type { Clock } from '../../core/clock.ts';
import { newId } from '../../core/ids.ts';
import { conflict, forbidden, notFound, type Problem } from '../../core/problem.ts';
import type { Actor } from '../../core/roles.ts';
import type { Orm } from '../../db/connect.ts';
import type { PlanEvents } from '../plan-events.ts';
import { planView } from '../service.ts';
import { loadPlan, plansDueToExpire, updatePlan } from '../store.ts';
import type { PlanRecord } from '../tables.ts';
import { recordException } from './exception-store.ts';
import { type ApprovalErrorCode, type ApprovalSource, reduceApproval, type VoteDecision } from './machine.ts';
import { creationChain, insertVote, planWriters } from './store.ts';
import type { AuditDraft } from './transition.ts';
import { planWriterIdentities, voterIdentities, voterKey } from './voters.ts';

export interface VoteInput {
  decision: VoteDecision;
  comment?: string;
  source: ApprovalSource;
  template_answers?: Record<string, unknown>;
  /** The content hash of the revision the voter was shown; absent, the vote is for the current one. */
  content_hash?: string;
  /** For a chat vote: the actor who linked the chat user, whose identities the vote answers for too. */
  linked_by?: string;
}

// Refusals an approver can act on: who may not vote is 403, a vote that came too late or twice is 409.
const voteRefusal: Record<ApprovalErrorCode, 403 | 409> = {
  self_approval: 403,
  not_an_approver: 403,
  stale_revision: 409,
  duplicate_vote: 409,
  not_pending: 409,
  request_expired: 409,
  final_state: 409,
  unchanged: 409,
};

/** The system itself, as the actor of what time does (expiry). */
const systemActor = (tenantId: string): AuditActor => ({
  id: 'system',
  type: 'service',
  roles: [],
  tenant_id: tenantId,
});

export class ApprovalService {
  readonly #orm: Orm;
  readonly #clock: Clock;
  readonly #events: Pick<PlanEvents, 'voted'> | undefined;

  constructor(deps: {
    orm: Orm;
    clock: Clock;
    /** Hears of each vote once committed (metrics, traces). */
    events?: Pick<PlanEvents, 'voted'>;
  }) {
    this.#orm = deps.orm;
    this.#clock = deps.clock;
    this.#events = deps.events;
  }

  async vote(actor: Actor, planId: string, input: VoteInput) {
    let refused: { row: PlanRecord; refusal: Problem } | undefined;
    const cast = await this.#orm
      .transaction(async (tx) => {
        const row = await loadPlan(tx, actor.tenant_id, planId, true);
        const now = this.#clock.now();
        if (!row.approval) {
          throw conflict(`the plan is ${row.status} by policy and takes no votes`, 'not_pending');
        }
        const chains = await Promise.all(
          [actor.id, ...(input.linked_by ? [input.linked_by] : [])].map((id) =>
            creationChain(tx, actor.tenant_id, id),
          ),
        );
        const self = chains[0]?.[0];
        if (!self) throw notFound(`actor ${actor.id}`);
        const voter = voterKey(self);
        const result = reduceApproval(row.approval, {
          type: 'vote',
          actor: { id: actor.id, roles: actor.roles, voter, identities: voterIdentities(chains) },
          decision: input.decision,
          at: now.toISOString(),
          source: input.source,
          writers: planWriterIdentities(await planWriters(tx, planId)),
          ...(input.content_hash !== undefined ? { content_hash: input.content_hash } : {}),
          ...(input.comment ? { comment: input.comment } : {}),
        });
        if (!result.ok) {
          const status = voteRefusal[result.code];
          const refusal =
            status === 403
              ? forbidden(result.message, result.code)
              : conflict(
                  result.message,
                  result.code,
                  result.code === 'stale_revision'
                    ? { content_hash: row.content_hash, revision: row.revision }
                    : {},
                );
          refused = { row, refusal };
          throw refusal;
        }
        const approvalId = newId();
        await insertVote(tx, {
          id: approvalId,
          tenant_id: actor.tenant_id,
          plan_id: planId,
          revision: row.revision,
          content_hash: row.content_hash,
          actor_id: actor.id,
          voter,
          decision: input.decision,
          comment: input.comment ?? null,
          source: input.source,
          template_answers: input.template_answers ?? {},
          created_at: now,
        });
        const updated: PlanRecord = {
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
      })
      .catch(async (error: unknown) => {
        // A refused vote is recorded too, after its transaction rolled back.
        if (refused) await this.#recordRefusal(actor, refused.row, refused.refusal, input);
        throw error;
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
    const due = await plansDueToExpire(this.#orm, now, 500);
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

  async #recordRefusal(actor: Actor, row: PlanRecord, refusal: Problem, input: VoteInput): Promise<void> {
    await this.#orm.transaction((tx) =>
      appendAudit(tx, {
        tenant_id: row.tenant_id,
        actor,
        action: 'approval.refused',
        occurred_at: this.#clock.now(),
        decision: 'deny',
        plan_id: row.id,
        context: {
          code: refusal.code,
          reason: refusal.message,
          decision: input.decision,
          source: input.source,
          revision: row.revision,
          content_hash: row.content_hash,
          ...(input.content_hash !== undefined ? { voted_content_hash: input.content_hash } : {}),
        },
      }),
    );
  }

  #audit(
    row: PlanRecord,
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
