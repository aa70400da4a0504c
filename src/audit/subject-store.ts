// Reads of audit_events by what they concern, for statements that cite the log (a review's claims): the latest
// event of one action for each of a set of runs, plans, exceptions or decisions, and events read back by id.
import { and, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import { isUuid } from '../core/ids.ts';
import type { Executor } from '../db/connect.ts';
import { auditEvents as e } from './tables.ts';

/** What an event is about: a column of its own (runs, plans) or a key of its context (exceptions, decisions). */
export type EventSubject = 'run_id' | 'plan_id' | 'exception_id' | 'decision_id';

const subjectOf = (subject: EventSubject): SQL<string> =>
  subject === 'run_id'
    ? sql<string>`${e.run_id}::text`
    : subject === 'plan_id'
      ? sql<string>`${e.plan_id}::text`
      : // A literal key, not a parameter: DISTINCT ON and ORDER BY must be the same expression, and two
        // parameters are two expressions to PostgreSQL. The key comes from the closed EventSubject union.
        sql<string>`${e.body}->'context'->>${sql.raw(`'${subject}'`)}`;

/**
 * For each id, the newest event of `action` about it, as { subject id, event id }; ids without one are left
 * out. Malformed ids match nothing. Runs on the (tenant, action) index, then filters by subject.
 */
export async function latestEventsAbout(
  exec: Executor,
  tenantId: string,
  action: string,
  subject: EventSubject,
  ids: readonly string[],
): Promise<{ subject: string; event_id: string }[]> {
  const wanted = [...new Set(ids.filter(isUuid))];
  if (wanted.length === 0) return [];
  const about = subjectOf(subject);
  const rows = await exec
    .selectDistinctOn([about], { subject: about, event_id: e.event_id })
    .from(e)
    .where(and(eq(e.tenant_id, tenantId), eq(e.action, action), inArray(about, wanted)))
    .orderBy(about, desc(e.seq));
  return rows;
}

/** The tenant's events with these ids: leaf index (null until integrated) and the stored body. */
export function eventsById(exec: Executor, tenantId: string, eventIds: readonly string[]) {
  const wanted = [...new Set(eventIds.filter(isUuid))];
  if (wanted.length === 0) return Promise.resolve([]);
  return exec
    .select({ event_id: e.event_id, leaf_index: e.leaf_index, body: e.body })
    .from(e)
    .where(and(eq(e.tenant_id, tenantId), inArray(e.event_id, wanted)));
}
