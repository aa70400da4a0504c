/**
 * Every query of the triggers tables: Alertmanager notifications, schedules and their missed firings. Each
 * function takes the orm or the caller's open transaction.
 */
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../db/connect.ts';
import {
  type AlertNotificationRecord,
  alertNotifications,
  type ScheduleMissedFiringRecord,
  type ScheduleRecord,
  scheduleMissedFirings,
  schedules,
} from './tables.ts';

// --- Alertmanager notifications

/** Records an alert occurrence; answers its id, or nothing when the occurrence was already recorded. */
export async function claimAlert(tx: Executor, row: AlertNotificationRecord): Promise<string | undefined> {
  const [claimed] = await tx
    .insert(alertNotifications)
    .values(row)
    .onConflictDoNothing()
    .returning({ id: alertNotifications.id });
  return claimed?.id;
}

/** The firing occurrence recorded before, and the plan it made (if any). */
export async function findFiringAlert(
  db: Executor,
  tenantId: string,
  occurrence: { fingerprint: string; starts_at: string },
): Promise<Pick<AlertNotificationRecord, 'plan_id'> | undefined> {
  const [row] = await db
    .select({ plan_id: alertNotifications.plan_id })
    .from(alertNotifications)
    .where(
      and(
        eq(alertNotifications.tenant_id, tenantId),
        eq(alertNotifications.fingerprint, occurrence.fingerprint),
        eq(alertNotifications.starts_at, occurrence.starts_at),
        eq(alertNotifications.status, 'firing'),
      ),
    );
  return row;
}

export async function setAlertPlan(db: Executor, id: string, planId: string): Promise<void> {
  await db.update(alertNotifications).set({ plan_id: planId }).where(eq(alertNotifications.id, id));
}

export async function deleteAlert(tx: Executor, id: string): Promise<void> {
  await tx.delete(alertNotifications).where(eq(alertNotifications.id, id));
}

// --- schedules

/** Every schedule of every tenant, for the cron. */
export function scheduleTimings(db: Executor): Promise<Pick<ScheduleRecord, 'id' | 'cron' | 'timezone'>[]> {
  return db.select({ id: schedules.id, cron: schedules.cron, timezone: schedules.timezone }).from(schedules);
}

/** Stores a schedule; answers false when the tenant has one of that name. */
export async function insertSchedule(tx: Executor, row: ScheduleRecord): Promise<boolean> {
  const inserted = await tx
    .insert(schedules)
    .values(row)
    .onConflictDoNothing()
    .returning({ id: schedules.id });
  return inserted.length > 0;
}

export function listSchedules(db: Executor, tenantId: string): Promise<ScheduleRecord[]> {
  return db
    .select()
    .from(schedules)
    .where(eq(schedules.tenant_id, tenantId))
    .orderBy(asc(schedules.name), asc(schedules.id));
}

/** A schedule by id; with `tenantId`, only that tenant's. */
export async function findSchedule(
  db: Executor,
  id: string,
  tenantId?: string,
): Promise<ScheduleRecord | undefined> {
  const [row] = await db
    .select()
    .from(schedules)
    .where(and(eq(schedules.id, id), tenantId === undefined ? undefined : eq(schedules.tenant_id, tenantId)));
  return row;
}

export async function deleteSchedule(tx: Executor, id: string): Promise<void> {
  await tx.delete(schedules).where(eq(schedules.id, id));
}

/** Records a firing's outcome on its schedule. */
export async function recordFiring(
  db: Executor,
  id: string,
  outcome: Pick<ScheduleRecord, 'last_fired_at' | 'last_error'> &
    Partial<Pick<ScheduleRecord, 'last_plan_id'>>,
): Promise<void> {
  await db.update(schedules).set(outcome).where(eq(schedules.id, id));
}

// --- missed firings

/**
 * Every schedule with the time from which its missed firings are counted: the latest of its creation, its
 * last firing and its last reported missed occurrence.
 */
export function schedulesWithSince(db: Executor) {
  return db
    .select({
      id: schedules.id,
      tenant_id: schedules.tenant_id,
      name: schedules.name,
      cron: schedules.cron,
      timezone: schedules.timezone,
      created_by: schedules.created_by,
      since:
        sql<Date>`GREATEST(${schedules.created_at}, COALESCE(${schedules.last_fired_at}, ${schedules.created_at}),
        COALESCE((SELECT max(${scheduleMissedFirings.due_at}) FROM ${scheduleMissedFirings}
                  WHERE ${scheduleMissedFirings.schedule_id} = ${schedules.id}), ${schedules.created_at}))`.mapWith(
          schedules.created_at,
        ),
    })
    .from(schedules);
}

/** Records missed occurrences once each; answers the ones that were new. */
export async function insertMissedFirings(
  tx: Executor,
  rows: ScheduleMissedFiringRecord[],
): Promise<Pick<ScheduleMissedFiringRecord, 'due_at'>[]> {
  if (rows.length === 0) return [];
  return tx
    .insert(scheduleMissedFirings)
    .values(rows)
    .onConflictDoNothing()
    .returning({ due_at: scheduleMissedFirings.due_at });
}

/** The missed occurrences of some schedules, oldest first. */
export function listMissedFirings(
  db: Executor,
  scheduleIds: readonly string[],
): Promise<Pick<ScheduleMissedFiringRecord, 'schedule_id' | 'due_at'>[]> {
  return db
    .select({ schedule_id: scheduleMissedFirings.schedule_id, due_at: scheduleMissedFirings.due_at })
    .from(scheduleMissedFirings)
    .where(inArray(scheduleMissedFirings.schedule_id, [...scheduleIds]))
    .orderBy(asc(scheduleMissedFirings.due_at));
}
