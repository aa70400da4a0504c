import type { Requirement, Vote } from '../lib/types.ts';
import { Person } from './Person.tsx';

/** The votes so far, and how many approvals are still needed from whom. */
export function Votes({
  votes,
  requirement,
  remaining,
  me,
  status = 'pending_approval',
}: {
  votes: Vote[];
  requirement?: Requirement;
  remaining: number;
  me: string;
  /** The subject's status: once decided, no approval is "still needed". */
  status?: string;
}) {
  const pending = status === 'pending_approval';
  return (
    <>
      <h3>
        Votes{' '}
        {requirement && (
          <span className="muted">
            (
            {remaining === 0
              ? `quorum of ${requirement.quorum} reached`
              : pending
                ? `${remaining} of ${requirement.quorum} approvals still needed, from ${requirement.approvers.join(' or ')}`
                : `${status.replace(/_/g, ' ')} before the quorum of ${requirement.quorum} was reached`}
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
              <Person id={vote.actor_id} me={me} />
              {vote.comment && <q>{vote.comment}</q>}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
