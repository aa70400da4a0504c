import { useState } from 'react';
import { RiskBadge, StatusBadge } from '../components/Badges.tsx';
import { ListFilters, matches } from '../components/ListFilters.tsx';
import { Person } from '../components/Person.tsx';
import { Problem } from '../components/Problem.tsx';
import { useActors } from '../lib/actors.ts';
import { getJson } from '../lib/api.ts';
import { useLoad } from '../lib/hooks.ts';
import type { Route } from '../lib/router.ts';
import type { Actor, Plan } from '../lib/types.ts';

export const PLAN_STATUSES = [
  'pending_approval',
  'approved',
  'denied',
  'sent_back',
  'cancelled',
  'expired',
] as const;

/** The server filters by status, risk, environment and creator; the search box filters what came back. */
export function planQuery(query: URLSearchParams): string {
  // `limit` (1-200) is the page size; the address may name a smaller one.
  const limit = Number(query.get('limit'));
  const params = new URLSearchParams({ limit: String(limit >= 1 && limit <= 200 ? Math.floor(limit) : 200) });
  for (const name of ['status', 'risk', 'environment', 'creator']) {
    const value = query.get(name);
    if (value) params.set(name, value);
  }
  return params.toString();
}

export function PlansPage({ route, me }: { route: Route; me: Actor }) {
  const actors = useActors();
  const search = planQuery(route.query);
  const { data, error } = useLoad(
    () => getJson<{ items: Plan[]; next_cursor: string | null }>(`/v1/plans?${search}`),
    [search],
  );
  // Older pages, fetched on demand after the first; a new filter starts from the newest again.
  const [older, setOlder] = useState<{ search: string; items: Plan[]; next: string | null }>();
  const [olderError, setOlderError] = useState<unknown>();
  const more = older?.search === search ? older : undefined;
  const next = more ? more.next : (data?.next_cursor ?? null);
  const loadOlder = async () => {
    if (!next) return;
    try {
      const page = await getJson<{ items: Plan[]; next_cursor: string | null }>(
        `/v1/plans?${search}&cursor=${encodeURIComponent(next)}`,
      );
      setOlder({ search, items: [...(more?.items ?? []), ...page.items], next: page.next_cursor });
      setOlderError(undefined);
    } catch (caught) {
      setOlderError(caught);
    }
  };
  const q = route.query.get('q') ?? '';
  const items = [...(data?.items ?? []), ...(more?.items ?? [])].filter((plan) =>
    matches(q, plan.summary, plan.intent, plan.id),
  );
  const filtered = ['status', 'risk', 'environment', 'creator', 'q'].some((name) => route.query.get(name));

  return (
    <div className="page">
      <h1>Plans</h1>
      <p className="muted">Every plan of the tenant, newest first: pending, decided and expired.</p>
      <ListFilters route={route} statuses={PLAN_STATUSES} actors={actors} label="Filter the plans" />
      <Problem error={error} />
      {!data && !error && <p>Loading…</p>}
      {data && items.length === 0 && (
        <div className="empty">
          {filtered ? (
            <p>
              No plan matches these filters. <a href="/plans">Clear the filters</a> to see every plan.
            </p>
          ) : (
            <p>
              No plans yet. An agent submits one with <code>warrant plan submit plan.yaml</code> or{' '}
              <code>POST /v1/plans</code>; the ones that need you then wait in the <a href="/">inbox</a>.
            </p>
          )}
        </div>
      )}
      {items.length > 0 && (
        <table className="list">
          <caption className="muted">
            {items.length} {items.length === 1 ? 'plan' : 'plans'}
            {next ? ', the newest first; older ones below' : ''}
          </caption>
          <thead>
            <tr>
              <th scope="col">Plan</th>
              <th scope="col">Status</th>
              <th scope="col">Risk</th>
              <th scope="col">Environment</th>
              <th scope="col">Creator</th>
              <th scope="col">Submitted</th>
            </tr>
          </thead>
          <tbody>
            {items.map((plan) => (
              <tr key={plan.id}>
                <td data-label="Plan">
                  <a href={`/plans/${plan.id}`}>{plan.summary}</a>
                </td>
                <td data-label="Status">
                  <StatusBadge status={plan.status} />
                </td>
                <td data-label="Risk">
                  <RiskBadge level={plan.decision.risk.level} />
                </td>
                <td data-label="Environment">
                  {plan.context.environment}
                  {plan.context.namespace ? ` · ${plan.context.namespace}` : ''}
                </td>
                <td data-label="Creator">
                  <Person id={plan.creator_id} me={me.id} actors={actors} />
                </td>
                <td data-label="Submitted">
                  <time dateTime={plan.created_at}>{new Date(plan.created_at).toLocaleString()}</time>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {next && (
        <p>
          <button type="button" onClick={() => void loadOlder()}>
            Show older plans
          </button>
        </p>
      )}
      <Problem error={olderError} />
    </div>
  );
}
