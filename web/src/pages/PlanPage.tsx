import { useState } from 'react';
import { StatusBadge } from '../components/Badges.tsx';
import { Countdown } from '../components/Countdown.tsx';
import { PlanDetail } from '../components/PlanDetail.tsx';
import { Problem } from '../components/Problem.tsx';
import { keyboardConfirmation, planVoteExtra, planVotes, VoteBar } from '../components/VoteBar.tsx';
import { getJson, post } from '../lib/api.ts';
import { useLoad } from '../lib/hooks.ts';
import { navigate } from '../lib/router.ts';
import type { Actor, ExceptionEvent, Plan, Run } from '../lib/types.ts';
import { ExceptionList } from './ExceptionsPage.tsx';

type RunSummary = Pick<Run, 'id' | 'status' | 'created_at' | 'completed_at' | 'error'>;

export function PlanPage({ id, me }: { id: string; me: Actor }) {
  const plan = useLoad(() => getJson<Plan>(`/v1/plans/${id}`), [id]);
  const runs = useLoad(() => getJson<{ items: RunSummary[] }>(`/v1/runs?plan_id=${id}`), [id]);
  const latest = runs.data?.items[0];
  const run = useLoad(
    () => (latest ? getJson<Run>(`/v1/runs/${latest.id}`) : Promise.resolve(undefined)),
    [latest?.id],
  );
  const exceptions = useLoad(
    () => getJson<{ items: ExceptionEvent[] }>(`/v1/exceptions?plan_id=${id}`),
    [id],
  );
  const [startError, setStartError] = useState<unknown>();

  if (plan.error) {
    return (
      <div className="page">
        <h1>Plan</h1>
        <Problem error={plan.error} />
      </div>
    );
  }
  if (!plan.data) return <p className="page">Loading…</p>;
  const p = plan.data;
  const start = async () => {
    setStartError(undefined);
    try {
      const started = await post<{ id: string }>(`/v1/plans/${id}/runs`);
      navigate(`/runs/${started.id}`);
    } catch (caught) {
      setStartError(caught);
    }
  };
  const stepStatus = new Map(run.data?.steps.map((step) => [step.step_id, step.status]));

  return (
    <div className="page">
      <h1>{p.summary}</h1>
      <p className="actions">
        {p.status === 'pending_approval' && p.approval && <Countdown until={p.approval.expires_at} />}
        {p.status === 'approved' && p.approval?.valid_to && (
          <Countdown until={p.approval.valid_to} label="approval valid for" />
        )}
        {p.status === 'approved' && (
          <button type="button" className="primary" onClick={() => void start()}>
            Start a run
          </button>
        )}
        <a href={`/graph?plan=${p.id}`}>Show on the context graph</a>
        <a href={`/audit?plan_id=${p.id}`}>Audit trail</a>
      </p>
      <Problem error={startError} />
      {p.status === 'pending_approval' && (
        <VoteBar
          path={planVotes(p.id)}
          extra={planVoteExtra(p)}
          confirmKeyboardApproval={keyboardConfirmation(p)}
          onVoted={() => {
            void plan.reload();
          }}
        />
      )}
      <PlanDetail plan={p} me={me.id} stepStatus={stepStatus} />

      <h2>Runs</h2>
      {runs.data?.items.length ? (
        <ul>
          {runs.data.items.map((r) => (
            <li key={r.id}>
              <a href={`/runs/${r.id}`}>Run {r.id.slice(0, 8)}</a> <StatusBadge status={r.status} />{' '}
              <time dateTime={r.created_at}>{new Date(r.created_at).toLocaleString()}</time>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">No runs yet.</p>
      )}

      <h2>Exceptions</h2>
      {exceptions.data && <ExceptionList items={exceptions.data.items} />}
    </div>
  );
}
