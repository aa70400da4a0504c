import { invalid } from '../core/problem.ts';

/** The longest period a KPI or report request may cover. */
export const MAX_PERIOD_DAYS = 366;
const DAY_MS = 86_400_000;
const DEFAULT_DAYS = 30;

// A date (2026-03-01: its midnight UTC) or an RFC 3339 time with its offset.
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

function parseBound(name: 'from' | 'to', value: string): Date {
  const text = value.trim();
  const at = DATE.test(text)
    ? new Date(`${text}T00:00:00Z`)
    : DATE_TIME.test(text)
      ? new Date(text)
      : undefined;
  if (!at || Number.isNaN(at.getTime()) || (DATE.test(text) && at.toISOString().slice(0, 10) !== text)) {
    throw invalid(
      `${name} must be a date (2026-03-01) or an RFC 3339 time, not ${JSON.stringify(value.slice(0, 40))}`,
      'invalid_period',
    );
  }
  return at;
}

/**
 * The period [from, to) of a request: both bounds optional (to: now; from: 30 days before to). Refused with 400
 * `invalid_period` when a bound does not parse, when from is not before to, or when it spans more than a year.
 */
export function parsePeriod(
  query: { from?: string | undefined; to?: string | undefined },
  now: Date,
): { from: Date; to: Date } {
  const to = query.to === undefined ? now : parseBound('to', query.to);
  const from =
    query.from === undefined
      ? new Date(to.getTime() - DEFAULT_DAYS * DAY_MS)
      : parseBound('from', query.from);
  if (from.getTime() >= to.getTime())
    throw invalid('the period must start before it ends (from < to)', 'invalid_period');
  if (to.getTime() - from.getTime() > MAX_PERIOD_DAYS * DAY_MS) {
    throw invalid(`the period may span at most ${MAX_PERIOD_DAYS} days`, 'invalid_period');
  }
  return { from, to };
}
