import { useState } from 'react';
import { Hash, RiskBadge } from '../components/Badges.tsx';
import { Countdown } from '../components/Countdown.tsx';
import { Problem } from '../components/Problem.tsx';
import { type Decision, VoteBar } from '../components/VoteBar.tsx';
import { Votes } from '../components/Votes.tsx';
import { WorkLogKpiPanel } from '../components/WorkLogKpi.tsx';
import { getJson } from '../lib/api.ts';
import { useLoad } from '../lib/hooks.ts';
import type { Actor, WorkLogIntent } from '../lib/types.ts';

const waitsFor = (intent: WorkLogIntent, me: Actor) =>
  intent.status === 'pending_approval' &&
  intent.creatorId !== me.id &&
  !intent.approval?.votes.some((vote) => vote.actor_id === me.id) &&
  (intent.approval?.requirement.approvers ?? []).some((role) => me.roles.some((mine) => mine === role));

const soonestFirst = (a: WorkLogIntent, b: WorkLogIntent) =>
  Date.parse(a.approval?.expires_at ?? '') - Date.parse(b.approval?.expires_at ?? '');

const remaining = (intent: WorkLogIntent) => {
  const approval = intent.approval!;
  const approvals = approval.votes.filter((vote) => vote.decision === 'approve').length;
  return Math.max(0, approval.requirement.quorum - approvals);
};

/** What WorkLog asks approvers: AI reviews of pull requests and new project repositories, one at a time. */
export function WorkLogPage({ me }: { me: Actor }) {
  const { data, error, reload } = useLoad(
    () => getJson<{ items: WorkLogIntent[] }>('/v1/worklog/intents'),
    [],
    { ms: 5000, while: () => true },
  );
  const [recorded, setRecorded] = useState<string>();
  const waiting = (data?.items ?? []).filter((intent) => waitsFor(intent, me)).sort(soonestFirst);
  const current = waiting[0];
  const voted = (intent: WorkLogIntent) => (decision: Decision) => {
    setRecorded(`Your ${decision.replace('_', ' ')} of “${intent.purpose}” is recorded.`);
    void reload();
  };

  return (
    <div className="page">
      <h1>WorkLog approvals</h1>
      <p className="shortcuts">
        Keyboard: <kbd>a</kbd> approve · <kbd>d</kbd> deny · <kbd>s</kbd> send back
      </p>
      <Problem error={error} />
      <p className="ok" role="status">
        {recorded}
      </p>
      {data && waiting.length === 0 && <p className="empty">No WorkLog intent waits for you.</p>}
      {current?.approval && (
        <article className="inbox-detail" aria-labelledby="intent-title">
          <h2 id="intent-title">{current.purpose}</h2>
          <p className="meta">
            {current.kind === 'review' ? 'AI review of a pull request' : 'New project repository'} ·{' '}
            <RiskBadge level={current.riskLevel} />{' '}
            <Countdown until={current.approval.expires_at} label="Approval request expires in" />
          </p>
          <VoteBar path={`/v1/worklog/intents/${current.id}/approvals`} onVoted={voted(current)} />
          <dl className="facts">
            <dt>Scope</dt>
            <dd>{current.scope}</dd>
            {current.spec.pr_url && (
              <>
                <dt>Pull request</dt>
                <dd>
                  <a href={current.spec.pr_url} target="_blank" rel="noreferrer">
                    {current.spec.pr_url}
                  </a>
                </dd>
              </>
            )}
            {current.spec.repository && (
              <>
                <dt>Repository</dt>
                <dd>
                  {current.spec.repository.owner}/{current.spec.repository.name}
                  {current.spec.repository.private ? ' (private)' : ' (public)'}
                </dd>
              </>
            )}
            <dt>Success criteria</dt>
            <dd>{current.success_criteria.join('; ') || 'none given'}</dd>
            <dt>Constraints</dt>
            <dd>{current.constraints.join('; ') || 'none given'}</dd>
          </dl>
          <h3>Why this risk</h3>
          <ul>
            {current.risk_reasons.map((reason) => (
              <li key={reason}>{reason}</li>
            ))}
          </ul>
          <Votes
            votes={current.approval.votes}
            requirement={current.approval.requirement}
            remaining={remaining(current)}
            me={me.id}
          />
          <p>
            <Hash value={current.content_hash} label="Content hash" />
          </p>
          {waiting.length > 1 && <p className="muted">{waiting.length - 1} more after this one.</p>}
        </article>
      )}
      <WorkLogKpiPanel />
    </div>
  );
}
