import { isUuid } from '../core/ids.ts';
import type { ChatDecision } from './vote.ts';

/**
 * Linear as an approval source. What maps to a vote (anything else is ignored):
 * - a comment created whose text starts with `/approve <plan id>`, `/deny <plan id>` or
 *   `/send-back <plan id>`; the rest of the comment is the vote's comment;
 * - an issue that names its plan (`warrant-plan: <plan id>` in its title or description) moved to a
 *   state of type `completed` (approve) or `canceled` (deny);
 * - a label `warrant:approve` or `warrant:deny` added to such an issue.
 * The voter is the Linear user who acted (the comment's author, the payload's actor).
 */
export interface LinearVote {
  user: string;
  plan_id: string;
  decision: ChatDecision;
  comment?: string;
  /** When the user acted (the comment's creation, the update): the vote is for the revision then. */
  acted_at?: string;
}

interface LinearPayload {
  action?: string;
  type?: string;
  actor?: { id?: string };
  data?: {
    createdAt?: string;
    updatedAt?: string;
    body?: string;
    userId?: string;
    user?: { id?: string };
    title?: string;
    description?: string;
    state?: { type?: string };
    labels?: { id?: string; name?: string }[];
  };
  updatedFrom?: { stateId?: string; labelIds?: string[] };
}

const COMMAND = /^\s*\/(approve|deny|send-back)\s+([0-9a-f-]{36})\b\s*([\s\S]*)$/i;
const PLAN_REF = /warrant-plan:\s*([0-9a-f-]{36})/i;
const LABEL_DECISIONS: Record<string, ChatDecision> = {
  'warrant:approve': 'approve',
  'warrant:deny': 'deny',
};
const STATE_DECISIONS: Record<string, ChatDecision> = { completed: 'approve', canceled: 'deny' };

export function linearVote(payload: LinearPayload): LinearVote | undefined {
  const data = payload.data ?? {};
  if (payload.type === 'Comment' && payload.action === 'create') {
    const match = COMMAND.exec(data.body ?? '');
    const user = data.userId ?? data.user?.id ?? payload.actor?.id;
    if (!match || !user || !isUuid(match[2]!)) return undefined;
    const decision =
      match[1]!.toLowerCase() === 'send-back' ? 'send_back' : (match[1]!.toLowerCase() as ChatDecision);
    const comment = match[3]!.trim();
    return {
      user,
      plan_id: match[2]!.toLowerCase(),
      decision,
      ...(comment ? { comment: comment.slice(0, 4000) } : {}),
      ...actedAt(data.createdAt),
    };
  }
  if (payload.type !== 'Issue' || payload.action !== 'update' || !payload.actor?.id) return undefined;
  const planId = PLAN_REF.exec(`${data.title ?? ''}\n${data.description ?? ''}`)?.[1];
  if (!planId || !isUuid(planId)) return undefined;
  const from = payload.updatedFrom ?? {};
  let decision: ChatDecision | undefined;
  if (from.stateId !== undefined) decision = STATE_DECISIONS[data.state?.type ?? ''];
  if (!decision && from.labelIds) {
    const added = (data.labels ?? []).filter((label) => label.id && !from.labelIds!.includes(label.id));
    decision = added.map((label) => LABEL_DECISIONS[label.name ?? '']).find(Boolean);
  }
  return decision
    ? { user: payload.actor.id, plan_id: planId.toLowerCase(), decision, ...actedAt(data.updatedAt) }
    : undefined;
}

const actedAt = (value: unknown) =>
  typeof value === 'string' && Number.isFinite(Date.parse(value)) ? { acted_at: value } : {};
