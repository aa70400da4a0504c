import type { Requirement, Vote } from '../lib/types.ts';
import { shortId } from './Badges.tsx';

/** The votes so far, and how many approvals are still needed from whom. */
export function Votes({
  votes,
  requirement,
  remaining,
  me,
}: {
  votes: Vote[];
  requirement?: Requirement;
  remaining: number;
  me: string;
}) {
  return (
    <>
      <h3>
        Votes{' '}
        {requirement && (
          <span className="muted">
            (
            {remaining === 0
              ? `quorum of ${requirement.quorum} reached`
              : `${remaining} of ${requirement.quorum} approvals still needed, from ${requirement.approvers.join(' or ')}`}
            )
          </span>
        )}
      </h3>
      {votes.length === 0 ? (
        <p className="muted">No votes yet.</p>
      ) : (
        <ul className="votes">
          {votes.map((vote) => (
            <li key={vote.actor_id}>
              <span className={`vote vote-${vote.decision}`}>{vote.decision.replace('_', ' ')}</span> by{' '}
              {vote.actor_id === me ? 'you' : <code>{shortId(vote.actor_id)}</code>}
              {vote.comment && <q>{vote.comment}</q>}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
