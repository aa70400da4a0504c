/**
 * Firings a schedule missed while no process ran its cron. pg-boss skips them by default, which is right:
 * replaying a day of hourly changes at once is not what anyone approved. They are reported instead, each
 * occurrence recorded once with a `schedule.missed` audit event in the same transaction.
 */
import type { PgBoss } from 'pg-boss';
import { appendAudit } from '../audit/append.ts';
import type { Clock } from '../core/clock.ts';
import { iso } from '../core/time.ts';
import type { Orm } from '../db/connect.ts';
import { loadActor } from '../tenancy/store.ts';
import { insertMissedFirings, listMissedFirings, schedulesWithSince } from './store.ts';

/** pg-boss still sends an occurrence up to a minute old, so only older ones count as missed. */
const DUE_WINDOW_MS = 60_000;
/** At most this many occurrences are listed per schedule and pass; a sparse cron never gets near it. */
const MAX_REPORTED = 1000;

/** The occurrences of `cron` in (from, until], oldest first, at most `max`. */
export function occurrencesBetween(
  boss: Pick<PgBoss, 'previewSchedule'>,
  cron: string,
  timezone: string,
  from: Date,
  until: Date,
  max = MAX_REPORTED,
): Date[] {
  if (from >= until) return [];
  return boss
    .previewSchedule(cron, { tz: timezone, from, count: max })
    .filter((at) => at.getTime() <= until.getTime());
}

/** Records every schedule's missed occurrences since it last fired (or was created, or last reported). */
export async function reportMissedFirings(deps: {
  orm: Orm;
  clock: Clock;
  boss: Pick<PgBoss, 'previewSchedule'>;
}): Promise<number> {
  const { orm, clock, boss } = deps;
  const now = clock.now();
  const until = new Date(now.getTime() - DUE_WINDOW_MS);
  const schedules = await schedulesWithSince(orm);
  let reported = 0;
  for (const schedule of schedules) {
    const missed = occurrencesBetween(boss, schedule.cron, schedule.timezone, schedule.since, until);
    if (missed.length === 0) continue;
    const actor = await loadActor(orm, schedule.created_by);
    await orm.transaction(async (tx) => {
      const inserted = await insertMissedFirings(
        tx,
        missed.map((due_at) => ({
          schedule_id: schedule.id,
          tenant_id: schedule.tenant_id,
          due_at,
          reported_at: now,
        })),
      );
      if (inserted.length === 0) return;
      reported += inserted.length;
      await appendAudit(tx, {
        tenant_id: schedule.tenant_id,
        actor,
        action: 'schedule.missed',
        occurred_at: now,
        context: {
          schedule_id: schedule.id,
          name: schedule.name,
          cron: schedule.cron,
          timezone: schedule.timezone,
          count: inserted.length,
          due_at: inserted.map((row) => iso(row.due_at)).sort(),
        },
      });
    });
  }
  return reported;
}

/** The missed occurrences of some schedules, by schedule id, oldest first. */
export async function missedFiringsOf(
  orm: Orm,
  scheduleIds: readonly string[],
): Promise<Map<string, string[]>> {
  const byId = new Map<string, string[]>(scheduleIds.map((id) => [id, []]));
  if (scheduleIds.length === 0) return byId;
  const rows = await listMissedFirings(orm, scheduleIds);
  for (const row of rows) byId.get(row.schedule_id)?.push(iso(row.due_at));
  return byId;
}
