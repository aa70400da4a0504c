import type { Plan } from '../lib/types.ts';
import { Hash, RiskBadge, StatusBadge } from './Badges.tsx';
import { Person } from './Person.tsx';
import { PlanDiff } from './PlanDiff.tsx';
import { Votes } from './Votes.tsx';

const list = (items: string[]) => (items.length > 0 ? items.join(', ') : 'none known');

/** What an approver needs to decide: intent, steps, risk and why, blast radius, policy, votes so far. */
export function PlanDetail({
  plan,
  me,
  stepStatus,
}: {
  plan: Plan;
  me: string;
  stepStatus?: Map<string, string>;
}) {
  const { risk, requirement } = plan.decision;
  const radius = risk.blast_radius;
  return (
    <div className="plan-detail">
      <p className="intent">{plan.intent}</p>
      <p className="meta">
        <StatusBadge status={plan.status} /> <RiskBadge level={risk.level} />{' '}
        <span>
          {plan.context.environment}
          {plan.context.namespace ? ` · ${plan.context.namespace}` : ''}
          {plan.context.cluster_id ? ` · ${plan.context.cluster_id}` : ''}
        </span>{' '}
        {plan.creator_id === me ? (
          <span className="badge">created by you</span>
        ) : (
          <span className="creator">
            by <Person id={plan.creator_id} />
          </span>
        )}
      </p>

      {(plan.status === 'pending_approval' || plan.status === 'approved') && (
        <PlanDiff planId={plan.id} contentHash={plan.content_hash} />
      )}

      <h3>Steps</h3>
      <ol className="steps">
        {plan.steps.map((step) => (
          <li key={step.step_id}>
            <strong>{step.action}</strong> <code>{step.tool}</code>{' '}
            {stepStatus?.get(step.step_id) && <StatusBadge status={stepStatus.get(step.step_id)!} />}
            <pre className="input">{JSON.stringify(step.input)}</pre>
          </li>
        ))}
      </ol>

      <h3>Risk: {risk.level}</h3>
      <ul>
        {risk.reasons.map((reason) => (
          <li key={reason}>{reason}</li>
        ))}
      </ul>

      <h3>Blast radius</h3>
      <dl className="facts">
        <dt>Scope</dt>
        <dd>{radius.scope}</dd>
        <dt>Services</dt>
        <dd>{list(radius.services)}</dd>
        <dt>Teams</dt>
        <dd>{list(radius.teams)}</dd>
        <dt>Namespaces</dt>
        <dd>{list(radius.namespaces)}</dd>
      </dl>

      <h3>Policy decision: {plan.decision.effect.replace('_', ' ')}</h3>
      <ul>
        {plan.decision.reasons.map((reason) => (
          <li key={reason}>{reason}</li>
        ))}
      </ul>
      <p>
        Matching policies:{' '}
        {plan.decision.policy_ids.map((id) => (
          <code key={id} className="tag">
            {id}
          </code>
        ))}
      </p>

      {plan.approval && (
        <Votes
          votes={plan.approval.votes}
          requirement={requirement}
          remaining={plan.approval.quorum_remaining}
          status={plan.status}
          me={me}
        />
      )}
      <p>
        <Hash value={plan.content_hash} label="Content hash" />
      </p>
    </div>
  );
}
