import { useState } from 'react';
import { getJson } from '../lib/api.ts';
import { useLoad } from '../lib/hooks.ts';
import type { WorkLogKpi } from '../lib/types.ts';
import { Problem } from './Problem.tsx';

const PERIODS = [7, 30, 90] as const;

const percent = (rate: number | null) => (rate === null ? '—' : `${(rate * 100).toFixed(1)}%`);

/** The day `days` before today (UTC), as the API's from= takes it. */
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);

type Deficit = 'run_without_intent' | 'approval_missing' | 'approval_after_the_fact' | 'evidence_missing';
const DEFICITS: [Deficit, string][] = [
  ['run_without_intent', 'AI runs without an intent'],
  ['approval_missing', 'actions without a required approval'],
  ['approval_after_the_fact', 'approvals given after the action'],
  ['evidence_missing', 'actions missing their evidence'],
];

/** Seed 000's KPIs for a period: each rate with the counts behind it, and the deficits the audit report lists. */
export function WorkLogKpiPanel() {
  const [days, setDays] = useState<(typeof PERIODS)[number]>(30);
  const { data, error } = useLoad(() => getJson<WorkLogKpi>(`/v1/worklog/kpi?from=${daysAgo(days)}`), [days]);
  const rates: [string, WorkLogKpi['link_rate'], string][] = data
    ? [
        ['Link rate', data.link_rate, 'pull requests linked to an intent'],
        ['Approval rate', data.approval_rate, 'decided intents that were approved'],
        ['Audit success rate', data.audit_success_rate, 'actions with intent, approval in time and evidence'],
      ]
    : [];
  return (
    <section className="kpi" aria-labelledby="kpi-title">
      <h2 id="kpi-title">WorkLog KPIs</h2>
      <fieldset className="kpi-period">
        <legend>Period</legend>
        {PERIODS.map((period) => (
          <label key={period}>
            <input
              type="radio"
              name="kpi-period"
              checked={days === period}
              onChange={() => setDays(period)}
            />{' '}
            last {period} days
          </label>
        ))}
      </fieldset>
      <Problem error={error} />
      {data && (
        <>
          <dl className="kpi-rates">
            {rates.map(([name, rate, what]) => (
              <div key={name} className="kpi-rate" data-kpi={name}>
                <dt>{name}</dt>
                <dd>
                  <strong>{percent(rate.rate)}</strong>
                  <span className="muted">
                    {' '}
                    {rate.numerator} of {rate.denominator} {what}
                  </span>
                </dd>
              </div>
            ))}
          </dl>
          <h3>Deficits</h3>
          <ul className="kpi-deficits">
            {DEFICITS.map(([key, label]) => {
              const count: number = data.deficits[key];
              return (
                <li key={key} data-deficit={key} className={count > 0 ? 'bad' : undefined}>
                  {count} {label}
                </li>
              );
            })}
          </ul>
          <p className="muted">
            Behind the rates: {data.counts.pull_requests} pull requests, {data.counts.ai_runs} AI runs (
            {data.counts.ai_runs_acted} acted), repositories created: {data.counts.repository_creations}.
            Period {data.from.slice(0, 10)} until {data.to.slice(0, 16).replace('T', ' ')} UTC. Every record
            and deficit is in the audit report: <code>warrant worklog report</code>.
          </p>
        </>
      )}
    </section>
  );
}
