import { useId } from 'react';
import type { Actors } from '../lib/actors.ts';
import { navigate, type Route } from '../lib/router.ts';

export const RISKS = ['high', 'medium', 'low', 'read'] as const;
export const ENVIRONMENTS = ['prod', 'stage', 'dev'] as const;
export const FILTER_NAMES = ['status', 'risk', 'environment', 'creator', 'q'] as const;

const words = (value: string) => value.replace(/_/g, ' ');

/**
 * Status, risk, environment and creator as selects, and a search box; each lives in the address, so a filtered
 * list can be bookmarked and the back button undoes a filter.
 */
export function ListFilters({
  route,
  statuses,
  actors,
  label,
}: {
  route: Route;
  statuses: readonly string[];
  actors: Actors;
  label: string;
}) {
  const id = useId();
  const query = route.query;
  const set = (name: string, value: string) => {
    const params = new URLSearchParams(query);
    if (value) params.set(name, value);
    else params.delete(name);
    const search = params.toString();
    // Typing replaces the entry; choosing a filter adds one.
    navigate(`${route.path}${search ? `?${search}` : ''}`, { replace: name === 'q' });
  };
  const creators = [...actors.values()].sort((a, b) => a.name.localeCompare(b.name));
  const select = (name: string, title: string, options: readonly (readonly [string, string])[]) => (
    <span className="field">
      <label htmlFor={`${id}-${name}`}>{title}</label>
      <select id={`${id}-${name}`} value={query.get(name) ?? ''} onChange={(e) => set(name, e.target.value)}>
        <option value="">any</option>
        {options.map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
    </span>
  );
  return (
    <search className="filters list-filters" aria-label={label}>
      <span className="field grow">
        <label htmlFor={`${id}-q`}>Search</label>
        <input
          id={`${id}-q`}
          type="search"
          value={query.get('q') ?? ''}
          placeholder="summary, intent or id"
          onChange={(e) => set('q', e.target.value)}
        />
      </span>
      {select(
        'status',
        'Status',
        statuses.map((status) => [status, words(status)]),
      )}
      {select(
        'risk',
        'Risk',
        RISKS.map((risk) => [risk, risk]),
      )}
      {select(
        'environment',
        'Environment',
        ENVIRONMENTS.map((env) => [env, env]),
      )}
      {select(
        'creator',
        'Creator',
        creators.map((actor) => [actor.id, actor.name]),
      )}
      {FILTER_NAMES.some((name) => query.get(name)) && (
        <button type="button" className="link" onClick={() => navigate(route.path)}>
          Clear filters
        </button>
      )}
    </search>
  );
}

/** Whether a plan's summary, intent or id holds every word of the search. */
export function matches(search: string, ...texts: (string | undefined)[]): boolean {
  const haystack = texts.join(' ').toLowerCase();
  return search
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((word) => haystack.includes(word));
}
