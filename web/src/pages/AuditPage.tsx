import { useId, useState } from 'react';
import { shortId } from '../components/Badges.tsx';
import { Person } from '../components/Person.tsx';
import { Problem } from '../components/Problem.tsx';
import { useActors } from '../lib/actors.ts';
import { ApiError, getJson, getText } from '../lib/api.ts';
import { useLoad } from '../lib/hooks.ts';
import { navigate, type Route } from '../lib/router.ts';
import type { AuditItem, Plan } from '../lib/types.ts';
import { type Checkpoint, type InclusionProof, toHex, verifyEventInclusion } from '../lib/verify.ts';

const FILTERS = ['action', 'actor', 'since', 'until', 'plan_id', 'run_id'] as const;

type Verdict = { ok: true; checkpoint: Checkpoint } | { ok: false; reason: string } | { pending: true };

/** Fetches the proof, the signed checkpoint and the public key, and checks them here, not on the server. */
async function verifyInBrowser(item: AuditItem): Promise<Verdict> {
  const id = item.event.event_id;
  try {
    const publicKey = await getText('/v1/audit/public-key');
    let proof = await getJson<InclusionProof>(`/v1/audit/events/${id}/proof`);
    let note = proof.checkpoint;
    if (note === null) {
      note = await getText('/v1/audit/checkpoint');
      const size = Number(note.split('\n')[1]);
      proof = await getJson<InclusionProof>(`/v1/audit/events/${id}/proof?size=${size}`);
    }
    return { ok: true, checkpoint: await verifyEventInclusion(item.event, proof, note, publicKey) };
  } catch (error) {
    if (error instanceof ApiError && error.code === 'not_integrated')
      return { ok: false, reason: 'The event is not in the tree yet; try again in a moment.' };
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
}

function EventDetail({ item }: { item: AuditItem }) {
  const [verdict, setVerdict] = useState<Verdict>();
  const verify = async () => {
    setVerdict({ pending: true });
    setVerdict(await verifyInBrowser(item));
  };
  return (
    <article className="card" aria-labelledby="event-title">
      <h2 id="event-title">
        {item.event.action} <code>{shortId(item.event.event_id)}</code>
      </h2>
      <p>
        Leaf index {item.leaf_index ?? 'not yet integrated'} ·{' '}
        <time dateTime={item.event.occurred_at}>{new Date(item.event.occurred_at).toLocaleString()}</time>
      </p>
      <button type="button" className="primary" onClick={() => void verify()}>
        Verify inclusion in this browser
      </button>
      <div role="status" aria-live="polite">
        {verdict && 'pending' in verdict && <p>Verifying…</p>}
        {verdict && 'ok' in verdict && verdict.ok && (
          <p className="verdict verified">
            <strong>Verified</strong>: the checkpoint's Ed25519 signature is valid and the event is leaf{' '}
            {item.leaf_index} of the {verdict.checkpoint.size} it commits to (root{' '}
            <code>{toHex(verdict.checkpoint.rootHash).slice(0, 16)}…</code>, log {verdict.checkpoint.origin}).
          </p>
        )}
        {verdict && 'ok' in verdict && !verdict.ok && (
          <p className="verdict failed">
            <strong>Does not verify</strong>: {verdict.reason}
          </p>
        )}
      </div>
      <pre className="input">{JSON.stringify(item.event, null, 2)}</pre>
    </article>
  );
}

const planOf = (item: AuditItem): string | undefined => {
  const id = item.event.context.plan_id;
  return typeof id === 'string' ? id : undefined;
};

/** Summaries by plan id: the newest 200 in one call, then each other plan the events name. */
async function planSummaries(ids: string[]): Promise<Map<string, string>> {
  const summaries = new Map<string, string>();
  if (ids.length === 0) return summaries;
  const recent = await getJson<{ items: Plan[] }>('/v1/plans?limit=200');
  for (const plan of recent.items) summaries.set(plan.id, plan.summary);
  const older = ids.filter((id) => !summaries.has(id)).slice(0, 50);
  const found = await Promise.all(older.map((id) => getJson<Plan>(`/v1/plans/${id}`).catch(() => undefined)));
  for (const plan of found) if (plan) summaries.set(plan.id, plan.summary);
  return summaries;
}

export function AuditPage({ route }: { route: Route }) {
  const query = route.query;
  const search = FILTERS.filter((name) => query.get(name))
    .map((name) => `${name}=${encodeURIComponent(query.get(name)!)}`)
    .join('&');
  const { data, error } = useLoad(
    () => getJson<{ items: AuditItem[]; next_cursor: string | null }>(`/v1/audit/events?limit=200&${search}`),
    [search],
  );
  const [open, setOpen] = useState<AuditItem>();
  const formId = useId();
  const actors = useActors();
  // The plans' summaries for the plan column: the newest 200, and any other the events name.
  const planIds = [...new Set(data?.items.map(planOf).filter((id): id is string => Boolean(id)))].sort();
  const plans = useLoad(() => planSummaries(planIds), [planIds.join(',')]);

  const submit = (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const params = new URLSearchParams();
    for (const name of FILTERS) {
      const value = String(form.get(name) ?? '').trim();
      // datetime-local has no zone: read it as the browser's local time, send UTC.
      if (value)
        params.set(name, name === 'since' || name === 'until' ? new Date(value).toISOString() : value);
    }
    setOpen(undefined);
    navigate(`/audit?${params}`);
  };
  const local = (iso: string | null) =>
    iso ? new Date(Date.parse(iso) - new Date().getTimezoneOffset() * 60_000).toISOString().slice(0, 16) : '';

  return (
    <div className="page">
      <h1>Audit explorer</h1>
      <form className="filters" onSubmit={submit} key={search} aria-label="Search the audit log">
        <label htmlFor={`${formId}-action`}>Action</label>
        <input
          id={`${formId}-action`}
          name="action"
          defaultValue={query.get('action') ?? ''}
          placeholder="plan.submitted"
        />
        <label htmlFor={`${formId}-actor`}>Person</label>
        <select id={`${formId}-actor`} name="actor" defaultValue={query.get('actor') ?? ''}>
          <option value="">anyone</option>
          {[...actors.values()]
            .sort((a, b) => a.name.localeCompare(b.name))
            .map((actor) => (
              <option key={actor.id} value={actor.id}>
                {actor.name}
              </option>
            ))}
          {query.get('actor') && !actors.has(query.get('actor')!) && (
            <option value={query.get('actor')!}>{query.get('actor')}</option>
          )}
        </select>
        <label htmlFor={`${formId}-since`}>Since</label>
        <input
          id={`${formId}-since`}
          name="since"
          type="datetime-local"
          defaultValue={local(query.get('since'))}
        />
        <label htmlFor={`${formId}-until`}>Until</label>
        <input
          id={`${formId}-until`}
          name="until"
          type="datetime-local"
          defaultValue={local(query.get('until'))}
        />
        <input type="hidden" name="plan_id" defaultValue={query.get('plan_id') ?? ''} />
        <input type="hidden" name="run_id" defaultValue={query.get('run_id') ?? ''} />
        <button type="submit">Search</button>
      </form>
      {(query.get('plan_id') || query.get('run_id')) && (
        <p>
          Showing the events of{' '}
          {query.get('plan_id') ? (
            <a href={`/plans/${query.get('plan_id')}`}>
              {plans.data?.get(query.get('plan_id')!) ?? `plan ${shortId(query.get('plan_id')!)}`}
            </a>
          ) : (
            <a href={`/runs/${query.get('run_id')}`}>run {shortId(query.get('run_id')!)}</a>
          )}{' '}
          only. <a href="/audit">Show all</a>
        </p>
      )}
      <Problem error={error} />
      <div className="audit">
        <table className="list">
          <caption className="muted">{data ? `${data.items.length} events` : 'Loading…'}</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Action</th>
              <th scope="col">Person</th>
              <th scope="col">Plan</th>
            </tr>
          </thead>
          <tbody>
            {data?.items.map((item) => (
              <tr key={item.event.event_id} className={open === item ? 'selected' : undefined}>
                <td data-label="When">
                  <time dateTime={item.event.occurred_at}>
                    {new Date(item.event.occurred_at).toLocaleString()}
                  </time>
                </td>
                <td data-label="Action">
                  <button type="button" className="link" onClick={() => setOpen(item)}>
                    {item.event.action}
                  </button>
                </td>
                <td data-label="Person">
                  <Person id={item.event.actor.id} actors={actors} />
                </td>
                <td data-label="Plan">
                  {planOf(item) && (
                    <a href={`/plans/${planOf(item)}`}>
                      {plans.data?.get(planOf(item)!) ?? `plan ${shortId(planOf(item)!)}`}
                    </a>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {open && <EventDetail key={open.event.event_id} item={open} />}
      </div>
    </div>
  );
}
