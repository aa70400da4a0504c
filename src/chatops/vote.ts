import { isUuid } from '../core/ids.ts';
import { Problem } from '../core/problem.ts';
import type { Orm } from '../db/connect.ts';
import type { ApprovalService } from '../plans/approvals/service.ts';
import { findPlan } from '../plans/store.ts';
import { type ChatProvider, chatActor } from './identities.ts';

export type ChatDecision = 'approve' | 'deny' | 'send_back';

export interface ChatVote {
  provider: ChatProvider;
  external_user: string;
  plan_id: string;
  decision: ChatDecision;
  comment?: string;
  /** The revision the message the voter acted on showed; a vote without one is refused as stale. */
  content_hash: string | undefined;
}

export interface ChatOutcome {
  outcome: 'recorded' | 'refused' | 'unknown_plan' | 'unlinked_user';
  code?: string;
  text: string;
}

const verbs: Record<ChatDecision, string> = { approve: 'approved', deny: 'denied', send_back: 'sent back' };

/**
 * A vote from chat, through the same approval service as every other source: self-approval, duplicate
 * votes and missing roles are refused exactly as in the API, and the refusal is told back in words.
 */
export async function castChatVote(
  orm: Orm,
  approvals: Pick<ApprovalService, 'vote'>,
  vote: ChatVote,
): Promise<ChatOutcome> {
  const plan = isUuid(vote.plan_id) ? await findPlan(orm, vote.plan_id) : undefined;
  if (!plan) return { outcome: 'unknown_plan', text: `Warrant has no plan ${vote.plan_id}.` };
  const linked = await chatActor(orm, plan.tenant_id, vote.provider, vote.external_user);
  if (!linked) {
    return {
      outcome: 'unlinked_user',
      text:
        `Your ${vote.provider} user is not linked to a Warrant approver. An admin links it with ` +
        `PUT /v1/chatops/${vote.provider}-users/${vote.external_user}.`,
    };
  }
  const { actor, linked_by } = linked;
  if (vote.content_hash === undefined) {
    return {
      outcome: 'refused',
      code: 'stale_revision',
      text: `Your vote was not recorded: the message does not say which revision of plan ${plan.id} it showed. Vote on its current message or in the console.`,
    };
  }
  try {
    const result = await approvals.vote(actor, plan.id, {
      decision: vote.decision,
      source: vote.provider,
      content_hash: vote.content_hash,
      linked_by,
      ...(vote.comment ? { comment: vote.comment } : {}),
    });
    return {
      outcome: 'recorded',
      text: `You ${verbs[vote.decision]} plan ${plan.id} as ${actor.name}; the plan is now ${result.plan.status}.`,
    };
  } catch (error) {
    if (!(error instanceof Problem)) throw error;
    return { outcome: 'refused', code: error.code, text: `Your vote was not recorded: ${error.message}.` };
  }
}
