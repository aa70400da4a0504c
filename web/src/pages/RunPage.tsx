import { useState } from 'react';
import { Hash, StatusBadge } from '../components/Badges.tsx';
import { Person } from '../components/Person.tsx';
import { Problem } from '../components/Problem.tsx';
import { Rollback } from '../components/Rollback.tsx';
import { getJson, post } from '../lib/api.ts';
import { useLoad } from '../lib/hooks.ts';
import type { ExceptionEvent, Plan, Run, RunLog, ToolCall } from '../lib/types.ts';
import { ExceptionList } from './ExceptionsPage.tsx';

const ACTIVE = new Set(['queued', 'running']);
const objectId = (ref: string) => ref.split('/')[2]!.replace(/\.json$/, '');

/** A stored (redacted) tool input, output or evidence body, fetched with the session's key on demand. */
function StoredObject({ runId, kind, reference }: { runId: string; kind: string; reference: string }) {
  const [body, setBody] = useState<string>();
  const [error, setError] = useState<unknown>();
  const open = async () => {
    try {
      setBody(JSON.stringify(await getJson(`/v1/runs/${runId}/${kind}/${objectId(reference)}`), null, 2));
    } catch (caught) {
      setError(caught);
    }
  };
  return (
    <>
      <button type="button" className="link" onClick={() => void open()}>
        view {kind}
      </button>
      {body && <pre className="input">{body}</pre>}
      <Problem error={error} />
    </>
  );
}

const duration = (call: ToolCall) =>
  call.started_at && call.completed_at
    ? `${Date.parse(call.completed_at) - Date.parse(call.started_at)} ms`
    : '';

export function RunPage({ id }: { id: string }) {
  const run = useLoad(() => getJson<Run>(`/v1/runs/${id}`), [id], {
    ms: 1000,
    while: (data) => ACTIVE.has(data.status),
  });
  const exceptions = useLoad(
    () =>
      run.data
        ? getJson<{ items: ExceptionEvent[] }>(`/v1/exceptions?plan_id=${run.data.plan_id}`)
        : Promise.resolve(undefined),
    [run.data?.plan_id, run.data?.status],
  );
  const plan = useLoad(
    () => (run.data ? getJson<Plan>(`/v1/plans/${run.data.plan_id}`) : Promise.resolve(undefined)),
    [run.data?.plan_id],
  );
  // The log, read again as the run moves: how far it has come and what each call answered (redacted).
  const log = useLoad(
    () => (run.data ? getJson<RunLog>(`/v1/runs/${id}/logs`) : Promise.resolve(undefined)),
    [id, run.data?.status, run.data?.steps.map((step) => step.status).join()],
  );
  const excerpts = new Map(
    (log.data?.steps ?? []).flatMap((step) =>
      step.tool_calls.map((call) => [call.tool_call_id, call] as const),
    ),
  );
  const [cancelError, setCancelError] = useState<unknown>();
  if (run.error) {
    return (
      <div className="page">
        <h1>Run</h1>
        <Problem error={run.error} />
      </div>
    );
  }
  if (!run.data) return <p className="page">Loading…</p>;
  const r = run.data;
  const timeline = r.steps
    .flatMap((step) => step.tool_calls.map((call) => ({ step: step.step_id, call })))
    .sort((a, b) => (a.call.started_at ?? '').localeCompare(b.call.started_at ?? ''));
  const cancel = async () => {
    try {
      await post(`/v1/runs/${id}/cancel`);
      await run.reload();
    } catch (caught) {
      setCancelError(caught);
    }
  };

  return (
    <div className="page">
      <h1>
        Run <code>{r.id.slice(0, 8)}</code> <StatusBadge status={r.status} />
      </h1>
      {plan.data && (
        <p className="lead">
          Of the plan <a href={`/plans/${r.plan_id}`}>{plan.data.summary}</a>
        </p>
      )}
      <p className="meta">
        Started by <Person id={r.started_by} />
        {r.started_at && (
          <>
            {' '}
            at <time dateTime={r.started_at}>{new Date(r.started_at).toLocaleString()}</time>
          </>
        )}
      </p>
      <p className="actions">
        <a href={`/plans/${r.plan_id}`}>Its plan</a>
        <a href={`/audit?run_id=${r.id}`}>Audit trail</a>
        {ACTIVE.has(r.status) && (
          <>
            <span className="live" role="status">
              Live: updating every second
            </span>
            <button type="button" onClick={() => void cancel()}>
              Cancel run
            </button>
          </>
        )}
      </p>
      <Problem error={cancelError} />
      {log.data && (
        <p className="progress" role="status">
          {log.data.progress.done} of {log.data.progress.steps} steps done
          {log.data.progress.current_step_id && (
            <>
              ; now <strong>{log.data.progress.current_step_id}</strong>
            </>
          )}
        </p>
      )}
      {r.resume_after && ACTIVE.has(r.status) && (
        <p className="problem" role="status">
          Waiting: {r.failed_drives === 1 ? 'its last drive' : `its last ${r.failed_drives} drives`} stopped
          on an error (the worker's log says which); it resumes after{' '}
          <time dateTime={r.resume_after}>{new Date(r.resume_after).toLocaleString()}</time>.
        </p>
      )}
      {r.error && (
        <p className="problem">
          {r.error.code}: {r.error.message}
        </p>
      )}

      <h2>Steps</h2>
      <ol className="steps">
        {r.steps.map((step) => (
          <li key={step.step_id}>
            <p>
              <strong>{step.action}</strong> <code>{step.tool}</code> <StatusBadge status={step.status} />
            </p>
            {step.error && <p className="problem">{step.error.message}</p>}
            <Rollback spec={step.rollback} />
            {step.evidence.length > 0 && (
              <ul className="evidence" aria-label={`Evidence of ${step.step_id}`}>
                {step.evidence.map((item) => (
                  <li key={item.evidence_id}>
                    Evidence <strong>{item.type}</strong> {item.query && <code>{item.query}</code>}{' '}
                    {item.link && (
                      <a href={item.link} rel="noreferrer noopener" target="_blank">
                        source
                      </a>
                    )}{' '}
                    <StoredObject runId={r.id} kind="evidence" reference={item.result_ref} />
                    <br />
                    <Hash value={item.sha256} />
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ol>

      <h2>Timeline of tool calls</h2>
      {timeline.length === 0 ? (
        <p className="muted">No tool calls yet.</p>
      ) : (
        <ol className="timeline">
          {timeline.map(({ step, call }) => (
            <li key={call.tool_call_id} className={`phase-${call.phase}`}>
              <p>
                <time dateTime={call.started_at ?? undefined}>
                  {call.started_at ? new Date(call.started_at).toLocaleTimeString() : 'pending'}
                </time>{' '}
                <strong>{call.phase === 'undo' ? 'rollback' : call.phase}</strong> {step} ·{' '}
                <code>{call.tool_name}</code> <StatusBadge status={call.status} />{' '}
                <span className="muted">{duration(call)}</span>
              </p>
              {call.error && <p className="problem">{call.error.message}</p>}
              {excerpts.get(call.tool_call_id)?.output_excerpt && (
                <div className="excerpt">
                  <span className="muted small">Output (redacted excerpt)</span>
                  <pre className="input">
                    {excerpts.get(call.tool_call_id)!.output_excerpt}
                    {excerpts.get(call.tool_call_id)!.output_truncated ? '…' : ''}
                  </pre>
                </div>
              )}
              <Hash value={call.input_sha256} label="input SHA-256" />
              <Hash value={call.output_sha256} label="output SHA-256" />
              {call.output_ref && (
                <StoredObject runId={r.id} kind="tool-output" reference={call.output_ref} />
              )}
              {call.link && (
                <a href={call.link} rel="noreferrer noopener" target="_blank">
                  {call.tool_name} in its system (external)
                </a>
              )}
            </li>
          ))}
        </ol>
      )}

      <h2>Exception events</h2>
      {exceptions.data && (
        <ExceptionList items={exceptions.data.items.filter((item) => !item.run_id || item.run_id === r.id)} />
      )}
    </div>
  );
}
