import type { AuditAction } from '../../audit/actions.ts';
import type { PlanStatus } from '../plan-schema.ts';
import { addHours, instant } from './time.ts';
import { type AuditDraft, refuse, succeed, type Transition } from './transition.ts';

// The approval state machine of one plan, as a pure reducer. The state covers the plan's current revision only:
// a revision voids every vote, so nothing from an earlier revision can count towards a warrant.

export type VoteDecision = 'approve' | 'deny' | 'send_back';
export type ApprovalSource = 'ui' | 'cli' | 'api' | 'slack' | 'linear';

/** What policy asks for; structurally compatible with the policy engine's requirement. */
export interface ApprovalRequirement {
  tier: string;
  /** Roles, any one of which lets an actor vote. */
  approvers: readonly string[];
  /** Distinct approving actors needed. */
  quorum: number;
  /** How long an approval stays valid once granted. */
  ttl_hours: number;
}

export interface ApprovalActor {
  id: string;
  roles: readonly string[];
  /** The person this actor's votes count for (see voters.ts); the actor id when unknown. */
  voter?: string;
  /** Every identity the voter answers for; a writer's among them makes the vote a self-approval. */
  identities?: readonly string[];
}

export interface Vote {
  actor_id: string;
  /** The person the vote counts for; absent on votes cast before votes counted people (then the actor). */
  voter?: string;
  roles: readonly string[];
  decision: VoteDecision;
  at: string;
  source: ApprovalSource;
  comment?: string;
}

export interface ApprovalState {
  status: PlanStatus;
  creator_id: string;
  content_hash: string;
  /** 1 for the submitted plan, +1 per revision. */
  revision: number;
  requirement: ApprovalRequirement;
  /** Length of the window in which a revision may collect its votes. */
  request_ttl_hours: number;
  /** When the current revision was put up for approval. */
  requested_at: string;
  /** End of the current revision's request window: pending (or sent back) past it, the plan expires. */
  expires_at: string;
  votes: Vote[];
  approved_at?: string;
  valid_from?: string;
  valid_to?: string;
}

export interface VoteCommand {
  type: 'vote';
  actor: ApprovalActor;
  decision: VoteDecision;
  at: string;
  source: ApprovalSource;
  comment?: string;
  /** The content hash the voter was shown; a vote for another revision is refused. */
  content_hash?: string;
  /** Identities of everyone who wrote a revision of the subject, beyond its creator. */
  writers?: readonly string[];
}

export type ApprovalCommand =
  | VoteCommand
  | { type: 'revise'; content_hash: string; at: string; actor_id?: string }
  | { type: 'cancel'; at: string; actor_id?: string }
  | { type: 'expire'; at: string };

export type ApprovalErrorCode =
  | 'self_approval'
  | 'not_an_approver'
  | 'stale_revision'
  | 'duplicate_vote'
  | 'not_pending'
  | 'request_expired'
  | 'final_state'
  | 'unchanged';

export type ApprovalTransition = Transition<ApprovalState, ApprovalErrorCode>;

export const DEFAULT_REQUEST_TTL_HOURS = 24;

const FINAL: ReadonlySet<PlanStatus> = new Set(['denied', 'cancelled', 'expired']);

export function isFinal(status: PlanStatus): boolean {
  return FINAL.has(status);
}

export interface OpenApprovalInput {
  creator_id: string;
  content_hash: string;
  requirement: ApprovalRequirement;
  at: string;
  request_ttl_hours?: number;
}

/** The state of a plan that policy sent for approval. */
export function openApproval(input: OpenApprovalInput): ApprovalState {
  const { requirement } = input;
  const requestTtl = input.request_ttl_hours ?? DEFAULT_REQUEST_TTL_HOURS;
  // A malformed requirement would make the quorum rule vacuous; it is a policy bug, not a user error.
  if (!Number.isInteger(requirement.quorum) || requirement.quorum < 1) {
    throw new RangeError(`quorum must be a positive integer, got ${requirement.quorum}`);
  }
  if (requirement.approvers.length === 0)
    throw new RangeError('an approval requirement needs approver roles');
  if (!(requirement.ttl_hours > 0))
    throw new RangeError(`ttl_hours must be positive, got ${requirement.ttl_hours}`);
  if (!(requestTtl > 0)) throw new RangeError(`request_ttl_hours must be positive, got ${requestTtl}`);
  return {
    status: 'pending_approval',
    creator_id: input.creator_id,
    content_hash: input.content_hash,
    revision: 1,
    requirement,
    request_ttl_hours: requestTtl,
    requested_at: input.at,
    expires_at: addHours(input.at, requestTtl),
    votes: [],
  };
}

export function reduceApproval(state: ApprovalState, command: VoteCommand): VoteTransition;
export function reduceApproval(state: ApprovalState, command: ApprovalCommand): ApprovalTransition;
export function reduceApproval(state: ApprovalState, command: ApprovalCommand): ApprovalTransition {
  switch (command.type) {
    case 'vote':
      return vote(state, command);
    case 'revise':
      return revise(state, command.content_hash, command.at, command.actor_id);
    case 'cancel':
      return cancel(state, command.at, command.actor_id);
    case 'expire':
      return expire(state, command.at);
  }
}

const VOTE_ACTION = {
  approve: 'approval.granted',
  deny: 'approval.denied',
  send_back: 'approval.sent_back',
} as const satisfies Record<VoteDecision, AuditAction>;

/** The actions a vote drafts: the vote itself, then the plan's outcome when it decides one. */
export type VoteAction =
  | (typeof VOTE_ACTION)[VoteDecision]
  | 'plan.approved'
  | 'plan.denied'
  | 'plan.sent_back';
export type VoteTransition = Transition<ApprovalState, ApprovalErrorCode, VoteAction>;

function vote(state: ApprovalState, cmd: VoteCommand): VoteTransition {
  const { actor, decision, at } = cmd;
  const voter = actor.voter ?? actor.id;
  // Authorization first: writers (and identities of theirs) and non-approvers are refused whatever the state.
  if (actor.id === state.creator_id) {
    return refuse('self_approval', 'the creator of a plan cannot vote on it');
  }
  const writers = new Set(cmd.writers ?? []);
  if (actor.identities?.some((identity) => writers.has(identity))) {
    return refuse(
      'self_approval',
      'a writer of a revision of this plan, or an actor they created or linked, cannot vote on it',
    );
  }
  if (!actor.roles.some((role) => state.requirement.approvers.includes(role))) {
    return refuse(
      'not_an_approver',
      `voting needs one of the roles ${state.requirement.approvers.join(', ')}; actor has ${actor.roles.join(', ') || 'none'}`,
    );
  }
  if (cmd.content_hash !== undefined && cmd.content_hash !== state.content_hash) {
    return refuse(
      'stale_revision',
      `the vote is for content ${cmd.content_hash}, but the plan is now revision ${state.revision} (${state.content_hash})`,
    );
  }
  if (state.votes.some((v) => (v.voter ?? v.actor_id) === voter)) {
    return refuse('duplicate_vote', `${voter} already voted on revision ${state.revision}`);
  }
  if (state.status !== 'pending_approval') {
    return refuse('not_pending', `the plan is ${state.status}, not pending_approval`);
  }
  if (instant(at) >= instant(state.expires_at)) {
    return refuse('request_expired', `the approval request expired at ${state.expires_at}`);
  }

  const cast: Vote = {
    actor_id: actor.id,
    ...(actor.voter !== undefined && { voter: actor.voter }),
    roles: [...actor.roles],
    decision,
    at,
    source: cmd.source,
    ...(cmd.comment !== undefined && { comment: cmd.comment }),
  };
  const votes = [...state.votes, cast];
  const events: AuditDraft<VoteAction>[] = [
    {
      action: VOTE_ACTION[decision],
      at,
      actor_id: actor.id,
      detail: {
        revision: state.revision,
        source: cmd.source,
        roles: cast.roles,
        comment: cmd.comment,
        voter,
      },
    },
  ];

  if (decision === 'deny') {
    events.push({ action: 'plan.denied', at, actor_id: actor.id, detail: { revision: state.revision } });
    return succeed({ ...state, status: 'denied', votes }, events);
  }
  if (decision === 'send_back') {
    events.push({ action: 'plan.sent_back', at, actor_id: actor.id, detail: { revision: state.revision } });
    return succeed({ ...state, status: 'sent_back', votes }, events);
  }

  // Quorum counts people: several keys of one person were refused above as one voter's second vote.
  const approving = votes.filter((v) => v.decision === 'approve');
  const people = new Set(approving.map((v) => v.voter ?? v.actor_id));
  if (people.size < state.requirement.quorum) return succeed({ ...state, votes }, events);
  const approvers = approving.map((v) => v.actor_id);

  const valid_to = addHours(at, state.requirement.ttl_hours);
  events.push({
    action: 'plan.approved',
    at,
    detail: {
      revision: state.revision,
      content_hash: state.content_hash,
      approvers,
      valid_from: at,
      valid_to,
    },
  });
  return succeed({ ...state, status: 'approved', votes, approved_at: at, valid_from: at, valid_to }, events);
}

function revise(
  state: ApprovalState,
  content_hash: string,
  at: string,
  actor_id?: string,
): ApprovalTransition {
  if (isFinal(state.status)) return refuseFinal(state);
  if (content_hash === state.content_hash) {
    return refuse('unchanged', 'the revision has the same content hash as the current one');
  }
  const { approved_at: _a, valid_from: _f, valid_to: _t, ...rest } = state;
  const next: ApprovalState = {
    ...rest,
    status: 'pending_approval',
    content_hash,
    revision: state.revision + 1,
    requested_at: at,
    expires_at: addHours(at, state.request_ttl_hours),
    votes: [],
  };
  const event: AuditDraft = {
    action: 'plan.revised',
    at,
    actor_id,
    detail: {
      revision: next.revision,
      previous_content_hash: state.content_hash,
      content_hash,
      previous_status: state.status,
      voided_votes: state.votes.length,
    },
  };
  return succeed(next, [event]);
}

function cancel(state: ApprovalState, at: string, actor_id?: string): ApprovalTransition {
  if (isFinal(state.status)) return refuseFinal(state);
  return succeed({ ...state, status: 'cancelled' }, [
    { action: 'plan.cancelled', at, actor_id, detail: { previous_status: state.status } },
  ]);
}

function refuseFinal(state: ApprovalState): ApprovalTransition {
  return refuse('final_state', `the plan is ${state.status} and can no longer change`);
}

/** Time passing: a no-op unless a window lapsed, so a sweeper may call it on any plan at any time. */
function expire(state: ApprovalState, at: string): ApprovalTransition {
  const now = instant(at);
  const awaiting = state.status === 'pending_approval' || state.status === 'sent_back';
  if (awaiting && now >= instant(state.expires_at)) {
    return succeed({ ...state, status: 'expired' }, [
      { action: 'plan.expired', at, detail: { revision: state.revision, expires_at: state.expires_at } },
    ]);
  }
  if (state.status === 'approved' && state.valid_to !== undefined && now >= instant(state.valid_to)) {
    return succeed({ ...state, status: 'expired' }, [
      { action: 'approval.expired', at, detail: { revision: state.revision, valid_to: state.valid_to } },
      { action: 'plan.expired', at, detail: { revision: state.revision } },
    ]);
  }
  return succeed(state, []);
}

export type WarrantReason = 'approval_expired' | 'not_approved' | 'input_mismatch' | 'denied' | 'cancelled';
export type WarrantCheck = { ok: true } | { ok: false; reason_code: WarrantReason };

/** Whether the plan's approval covers an action at `at` on content hashing to `content_hash`. */
export function isWarrantValid(state: ApprovalState, at: string, content_hash: string): WarrantCheck {
  if (state.status === 'denied' || state.status === 'cancelled')
    return { ok: false, reason_code: state.status };
  if (state.valid_from === undefined || state.valid_to === undefined)
    return { ok: false, reason_code: 'not_approved' };
  const now = instant(at);
  if (now < instant(state.valid_from)) return { ok: false, reason_code: 'not_approved' };
  // Also covers a plan the sweeper already expired: its approval lapsed, whatever `at` says.
  if (now >= instant(state.valid_to) || state.status !== 'approved') {
    return { ok: false, reason_code: 'approval_expired' };
  }
  if (content_hash !== state.content_hash) return { ok: false, reason_code: 'input_mismatch' };
  return { ok: true };
}
