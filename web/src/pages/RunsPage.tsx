import { RiskBadge, StatusBadge, shortId } from '../components/Badges.tsx';
import { ListFilters, matches } from '../components/ListFilters.tsx';
import { Person } from '../components/Person.tsx';
import { Problem } from '../components/Problem.tsx';
import { useActors } from '../lib/actors.ts';
import { getJson } from '../lib/api.ts';
import { useLoad } from '../lib/hooks.ts';
import type { Route } from '../lib/router.ts';
import type { Actor, Plan, Run } from '../lib/types.ts';

const RUN_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'rolled_back', 'cancelled'] as const;
const ACTIVE = new Set(['queued', 'running']);

type RunSummary = Pick<Run, 'id' | 'status' | 'plan_id' | 'created_at' | 'completed_at' | 'error'>;

/**
 * Runs with their plans: the server filters runs by status; risk, environment and creator are the plan's, so
 * they and the search filter here, on the plans the runs belong to.
 */
async function loadRuns(status: string | null): Promise<{ runs: RunSummary[]; plans: Map<string, Plan> }> {
  const [runs, recent] = await Promise.all([
    getJson<{ items: RunSummary[] }>(`/v1/runs?limit=200${status ? `&status=${status}` : ''}`),
    getJson<{ items: Plan[] }>('/v1/plans?limit=200'),
  ]);
  const plans = new Map(recent.items.map((plan) => [plan.id, plan]));
  const older = [...new Set(runs.items.map((run) => run.plan_id))].filter((id) => !plans.has(id));
  for (const plan of await Promise.all(older.slice(0, 50).map((id) => getJson<Plan>(`/v1/plans/${id}`))))
    plans.set(plan.id, plan);
  return { runs: runs.items, plans };
}

export function RunsPage({ route, me }: { route: Route; me: Actor }) {
  const actors = useActors();
  const query = route.query;
  const status = query.get('status');
  const { data, error } = useLoad(() => loadRuns(status), [status], {
    ms: 3000,
    while: (loaded) => loaded.runs.some((run) => ACTIVE.has(run.status)),
  });
  const wanted = (name: string, value: string | undefined) => !query.get(name) || query.get(name) === value;
  const items = (data?.runs ?? []).filter((run) => {
    const plan = data?.plans.get(run.plan_id);
    return (
      wanted('risk', plan?.decision.risk.level) &&
      wanted('environment', plan?.context.environment) &&
      wanted('creator', plan?.creator_id) &&
      matches(query.get('q') ?? '', plan?.summary, plan?.intent, run.id, run.plan_id)
    );
  });
  const filtered = ['status', 'risk', 'environment', 'creator', 'q'].some((name) => query.get(name));

  return (
    <div className="page">
      <h1>Runs</h1>
      <p className="muted">
        Every run of an approved plan, newest first. Filters other than status are the plan's.
      </p>
      <ListFilters route={route} statuses={RUN_STATUSES} actors={actors} label="Filter the runs" />
      <Problem error={error} />
      {!data && !error && <p>Loading…</p>}
      {data && items.length === 0 && (
        <div className="empty">
          {filtered ? (
            <p>
              No run matches these filters. <a href="/runs">Clear the filters</a> to see every run.
            </p>
          ) : (
            <p>
              No runs yet. Open an approved plan from the <a href="/plans?status=approved">plans list</a> and
              start it, or run <code>warrant run start PLAN_ID</code>.
            </p>
          )}
        </div>
      )}
      {items.length > 0 && (
        <table className="list">
          <caption className="muted">
            {items.length} {items.length === 1 ? 'run' : 'runs'}
          </caption>
          <thead>
            <tr>
              <th scope="col">Run</th>
              <th scope="col">Status</th>
              <th scope="col">Plan</th>
              <th scope="col">Risk</th>
              <th scope="col">Environment</th>
              <th scope="col">Creator</th>
              <th scope="col">Started</th>
            </tr>
          </thead>
          <tbody>
            {items.map((run) => {
              const plan = data?.plans.get(run.plan_id);
              return (
                <tr key={run.id}>
                  <td data-label="Run">
                    <a
                      href={`/runs/${run.id}`}
                      aria-label={`Run of ${plan?.summary ?? 'its plan'}, ${run.status}`}
                    >
                      Run {shortId(run.id)}
                    </a>
                  </td>
                  <td data-label="Status">
                    <StatusBadge status={run.status} />
                  </td>
                  <td data-label="Plan">
                    <a href={`/plans/${run.plan_id}`}>{plan?.summary ?? `plan ${shortId(run.plan_id)}`}</a>
                  </td>
                  <td data-label="Risk">{plan && <RiskBadge level={plan.decision.risk.level} />}</td>
                  <td data-label="Environment">{plan?.context.environment}</td>
                  <td data-label="Creator">
                    <Person id={plan?.creator_id} me={me.id} actors={actors} />
                  </td>
                  <td data-label="Started">
                    <time dateTime={run.created_at}>{new Date(run.created_at).toLocaleString()}</time>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </div>
  );
}
