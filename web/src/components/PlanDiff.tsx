import { getJson } from '../lib/api.ts';
import { useLoad } from '../lib/hooks.ts';
import { Problem } from './Problem.tsx';

// not in the contract yet: getPlansIdDiff (GET /v1/plans/{id}/diff)
interface StateChange {
  resource: string;
  field: string;
  before: unknown;
  after: unknown;
}
interface StepDiff {
  step_id: string;
  tool: string;
  action: string;
  status: 'previewed' | 'unavailable';
  connector: string | null;
  method: 'dry_run' | 'computed' | 'read_only' | null;
  changes: StateChange[];
  notes: string[];
  reason: string | null;
  rollback: string;
}
export interface PlanDiffAnswer {
  plan_id: string;
  revision: number;
  content_hash: string;
  steps: StepDiff[];
  summary: string[];
  rollback: string;
  on_failure: string;
}

const shown = (value: unknown) =>
  value === null || value === undefined ? 'none' : typeof value === 'string' ? value : JSON.stringify(value);

const HOW: Record<NonNullable<StepDiff['method']>, string> = {
  dry_run: 'server-side dry run',
  computed: 'computed from the live state',
  read_only: 'reads only',
};

/**
 * What the plan will change, read live when it is shown: per step the state now and after it, then the rollback
 * and what a failure runs. Read again when the plan is revised (its content hash changes).
 */
export function PlanDiff({ planId, contentHash }: { planId: string; contentHash: string }) {
  const { data, error } = useLoad(
    () => getJson<PlanDiffAnswer>(`/v1/plans/${planId}/diff`),
    [planId, contentHash],
  );
  return (
    <section className="diff" aria-labelledby={`diff-${planId}`}>
      <h3 id={`diff-${planId}`}>What will change</h3>
      <Problem error={error} />
      {!data && !error && <p className="muted">Reading the current state…</p>}
      {data && (
        <>
          <ol className="diff-steps">
            {data.steps.map((step) => (
              <li key={step.step_id}>
                <strong>{step.action}</strong>{' '}
                {step.method && <span className="muted small">({HOW[step.method]})</span>}
                {step.status === 'unavailable' ? (
                  <p className="muted">Cannot be shown: {step.reason}</p>
                ) : step.changes.length === 0 ? (
                  <p className="muted">Changes nothing.</p>
                ) : (
                  <ul className="changes">
                    {step.changes.map((change) => (
                      <li key={`${change.resource}.${change.field}`}>
                        <code>{change.resource}</code> {change.field}{' '}
                        <span className="before">{shown(change.before)}</span> →{' '}
                        <span className="after">{shown(change.after)}</span>
                      </li>
                    ))}
                  </ul>
                )}
                {step.notes.map((note) => (
                  <p key={note} className="muted small">
                    {note}
                  </p>
                ))}
                <p className="small">Rollback: {step.rollback}</p>
              </li>
            ))}
          </ol>
          <p>
            <strong>If the run fails:</strong> {data.rollback}
          </p>
          <p className="muted small">{data.on_failure}</p>
        </>
      )}
    </section>
  );
}
