import { useId, useState } from 'react';
import { StatusBadge, shortId } from '../components/Badges.tsx';
import { Person } from '../components/Person.tsx';
import { Problem } from '../components/Problem.tsx';
import { getJson, post } from '../lib/api.ts';
import { useLoad } from '../lib/hooks.ts';
import type { ExceptionEvent } from '../lib/types.ts';

function ResolveForm({ id, onResolved }: { id: string; onResolved: () => void }) {
  const [text, setText] = useState('');
  const [error, setError] = useState<unknown>();
  const fieldId = useId();
  const resolve = async (event: React.FormEvent) => {
    event.preventDefault();
    try {
      await post(`/v1/exceptions/${id}/resolve`, { resolution: text });
      onResolved();
    } catch (caught) {
      setError(caught);
    }
  };
  return (
    <form className="resolve" onSubmit={(event) => void resolve(event)}>
      <label htmlFor={fieldId}>Resolution</label>
      <textarea id={fieldId} required rows={2} value={text} onChange={(e) => setText(e.target.value)} />
      <button type="submit">Resolve</button>
      <Problem error={error} />
    </form>
  );
}

/** Exception events, each with what raised it and, while open, a way to resolve it. */
export function ExceptionList({ items, onResolved }: { items: ExceptionEvent[]; onResolved?: () => void }) {
  if (items.length === 0) return <p className="muted">No exceptions.</p>;
  return (
    <ul className="cards">
      {items.map((item) => (
        <li key={item.id} className="card">
          <p>
            <strong>{item.type.replace(/_/g, ' ')}</strong> <StatusBadge status={item.status} />{' '}
            <time dateTime={item.raised_at}>{new Date(item.raised_at).toLocaleString()}</time>
          </p>
          {item.reason && <p>{item.reason}</p>}
          <p className="muted">
            Raised by <Person id={item.actor_id} />
            {item.plan_id && (
              <>
                {' '}
                · <a href={`/plans/${item.plan_id}`}>plan {shortId(item.plan_id)}</a>
              </>
            )}
            {item.run_id && (
              <>
                {' '}
                · <a href={`/runs/${item.run_id}`}>run {shortId(item.run_id)}</a>
              </>
            )}
          </p>
          <pre className="input">{JSON.stringify(item.details)}</pre>
          {item.resolution && (
            <p>
              Resolved by <Person id={item.resolution.reviewer_id} />: {item.resolution.text}
            </p>
          )}
          {item.status === 'open' && onResolved && <ResolveForm id={item.id} onResolved={onResolved} />}
        </li>
      ))}
    </ul>
  );
}

export function ExceptionsPage() {
  const [status, setStatus] = useState<'open' | 'resolved'>('open');
  const { data, error, reload } = useLoad(
    () => getJson<{ items: ExceptionEvent[] }>(`/v1/exceptions?status=${status}`),
    [status],
  );
  const statusId = useId();
  return (
    <div className="page">
      <h1>Exceptions</h1>
      <p>
        <label htmlFor={statusId}>Show </label>
        <select
          id={statusId}
          value={status}
          onChange={(e) => setStatus(e.target.value as 'open' | 'resolved')}
        >
          <option value="open">open</option>
          <option value="resolved">resolved</option>
        </select>
      </p>
      <Problem error={error} />
      {data && <ExceptionList items={data.items} onResolved={() => void reload()} />}
    </div>
  );
}
