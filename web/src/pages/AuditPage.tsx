import { useId, useState } from 'react';
import { shortId } from '../components/Badges.tsx';
import { Problem } from '../components/Problem.tsx';
import { ApiError, getJson, getText } from '../lib/api.ts';
import { useLoad } from '../lib/hooks.ts';
import { navigate, type Route } from '../lib/router.ts';
import type { AuditItem } from '../lib/types.ts';
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
        <label htmlFor={`${formId}-actor`}>Actor id</label>
        <input id={`${formId}-actor`} name="actor" defaultValue={query.get('actor') ?? ''} />
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
          Showing the events of {query.get('plan_id') ? 'plan' : 'run'}{' '}
          <code>{shortId(query.get('plan_id') ?? query.get('run_id')!)}</code> only.{' '}
          <a href="/audit">Show all</a>
        </p>
      )}
      <Problem error={error} />
      <div className="audit">
        <table>
          <caption className="muted">{data ? `${data.items.length} events` : 'Loading…'}</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Action</th>
              <th scope="col">Actor</th>
            </tr>
          </thead>
          <tbody>
            {data?.items.map((item) => (
              <tr key={item.event.event_id} className={open === item ? 'selected' : undefined}>
                <td>
                  <time dateTime={item.event.occurred_at}>
                    {new Date(item.event.occurred_at).toLocaleString()}
                  </time>
                </td>
                <td>
                  <button type="button" className="link" onClick={() => setOpen(item)}>
                    {item.event.action}
                  </button>
                </td>
                <td>
                  {item.event.actor.type} <code>{shortId(item.event.actor.id)}</code>
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
