import { useEffect, useState } from 'react';
import { RiskBadge } from '../components/Badges.tsx';
import { Countdown } from '../components/Countdown.tsx';
import { PlanDetail } from '../components/PlanDetail.tsx';
import { Problem } from '../components/Problem.tsx';
import {
  type Decision,
  keyboardConfirmation,
  planVoteExtra,
  planVotes,
  typing,
  VoteBar,
} from '../components/VoteBar.tsx';
import { getJson } from '../lib/api.ts';
import { useLoad } from '../lib/hooks.ts';
import type { Actor, Plan, RiskLevel } from '../lib/types.ts';

const RISK_ORDER: Record<RiskLevel, number> = { high: 0, medium: 1, low: 2, read: 3 };

/** Soonest expiry first; at the same expiry, the riskiest first. */
export function byUrgency(a: Plan, b: Plan): number {
  const expiry = Date.parse(a.approval?.expires_at ?? '') - Date.parse(b.approval?.expires_at ?? '');
  return expiry || RISK_ORDER[a.decision.risk.level] - RISK_ORDER[b.decision.risk.level];
}

const waitsFor = (plan: Plan, me: Actor) =>
  plan.creator_id !== me.id &&
  !plan.approval?.votes.some((vote) => vote.actor_id === me.id) &&
  (plan.decision.requirement?.approvers ?? []).some((role) => me.roles.some((mine) => mine === role));

export function Inbox({ me }: { me: Actor }) {
  const { data, error, reload } = useLoad(
    () => getJson<{ items: Plan[] }>('/v1/plans?status=pending_approval&limit=200'),
    [],
    { ms: 5000, while: () => true },
  );
  const [selected, setSelected] = useState(0);
  const [recorded, setRecorded] = useState<string>();
  const voted = (plan: Plan) => (decision: Decision) => {
    setRecorded(`Your ${decision.replace('_', ' ')} of “${plan.summary}” is recorded.`);
    void reload();
  };
  const waiting = (data?.items ?? []).filter((plan) => waitsFor(plan, me)).sort(byUrgency);
  const others = (data?.items.length ?? 0) - waiting.length;
  const current = waiting[Math.min(selected, waiting.length - 1)];

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (typing(event) || (event.key !== 'j' && event.key !== 'k')) return;
      event.preventDefault();
      setSelected((at) => Math.max(0, Math.min(waiting.length - 1, at + (event.key === 'j' ? 1 : -1))));
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [waiting.length]);

  const currentId = current?.id;
  useEffect(() => {
    if (currentId) document.getElementById(`plan-${currentId}`)?.focus();
  }, [currentId]);

  return (
    <div className="page">
      <h1>Approval inbox</h1>
      <p className="shortcuts">
        Keyboard:
        <kbd>j</kbd>/<kbd>k</kbd> move · <kbd>a</kbd> approve · <kbd>d</kbd> deny · <kbd>s</kbd> send back
      </p>
      <Problem error={error} />
      <p className="ok" role="status">
        {recorded}
      </p>
      {data && waiting.length === 0 && (
        <p className="empty">
          Nothing waits for you. Plans decided before are in the <a href="/plans">plans list</a>, their runs
          in the <a href="/runs">runs list</a>.
        </p>
      )}
      {others > 0 && (
        <p className="muted">
          {others === 1
            ? '1 more pending plan waits for others (yours, or already voted on).'
            : `${others} more pending plans wait for others (yours, or already voted on).`}{' '}
          <a href="/plans?status=pending_approval">See every pending plan</a>.
        </p>
      )}
      {current && (
        <div className="inbox">
          <ul className="inbox-list" aria-label="Plans waiting for you, most urgent first">
            {waiting.map((plan, index) => (
              <li key={plan.id}>
                <button
                  type="button"
                  id={`plan-${plan.id}`}
                  className={plan.id === current.id ? 'item selected' : 'item'}
                  aria-current={plan.id === current.id}
                  onClick={() => setSelected(index)}
                >
                  <span className="item-title">{plan.summary}</span>
                  <span className="item-meta">
                    <RiskBadge level={plan.decision.risk.level} />
                    {plan.approval && <Countdown until={plan.approval.expires_at} />}
                  </span>
                </button>
              </li>
            ))}
          </ul>
          <article className="inbox-detail" aria-labelledby="detail-title">
            <h2 id="detail-title">
              <a href={`/plans/${current.id}`}>{current.summary}</a>
            </h2>
            {current.approval && (
              <Countdown until={current.approval.expires_at} label="Approval request expires in" />
            )}
            <VoteBar
              path={planVotes(current.id)}
              extra={planVoteExtra(current)}
              onVoted={voted(current)}
              confirmKeyboardApproval={keyboardConfirmation(current)}
            />
            <PlanDetail plan={current} me={me.id} />
          </article>
        </div>
      )}
    </div>
  );
}
