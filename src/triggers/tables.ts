import { jsonb, pgTable, primaryKey, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import type { z } from 'zod';
import type { PlanSubmissionSchema } from '../plans/plan-schema.ts';

// As migrations 0007 and 0009 build them; src/db/tables.test.ts holds every tables.ts to the database.

/** One row per alert occurrence and status seen; startsAt is kept as sent (text) so the key is exact. */
export const alertNotifications = pgTable(
  'alert_notifications',
  {
    id: uuid().primaryKey(),
    tenant_id: uuid().notNull(),
    fingerprint: text().notNull(),
    starts_at: text().notNull(),
    status: text({ enum: ['firing', 'resolved'] }).notNull(),
    alertname: text(),
    /** The alert's labels, redacted. */
    labels: jsonb().$type<Record<string, string>>().notNull().default({}),
    group_key: text(),
    plan_id: uuid(),
    received_by: uuid().notNull(),
    received_at: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    unique('alert_notifications_tenant_id_fingerprint_starts_at_status_key').on(
      t.tenant_id,
      t.fingerprint,
      t.starts_at,
      t.status,
    ),
  ],
);

/** A plan submitted on a cron; pg-boss's cron fires it, this row is the truth. */
export const schedules = pgTable(
  'schedules',
  {
    id: uuid().primaryKey(),
    tenant_id: uuid().notNull(),
    name: text().notNull(),
    cron: text().notNull(),
    timezone: text().notNull(),
    /** The redacted plan submission, submitted anew at each firing. */
    plan: jsonb().$type<z.input<typeof PlanSubmissionSchema>>().notNull(),
    created_by: uuid().notNull(),
    created_at: timestamp({ withTimezone: true }).notNull(),
    last_fired_at: timestamp({ withTimezone: true }),
    last_plan_id: uuid(),
    /** Why the last firing's plan was refused; cleared by a firing that submits. */
    last_error: jsonb().$type<{ code: string; detail: string }>(),
  },
  (t) => [unique('schedules_tenant_id_name_key').on(t.tenant_id, t.name)],
);

/** Occurrences that came due while no process ran the cron: reported, never replayed. */
export const scheduleMissedFirings = pgTable(
  'schedule_missed_firings',
  {
    schedule_id: uuid().notNull(),
    tenant_id: uuid().notNull(),
    due_at: timestamp({ withTimezone: true }).notNull(),
    reported_at: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.schedule_id, t.due_at] })],
);

export type AlertNotificationRecord = typeof alertNotifications.$inferSelect;
export type ScheduleRecord = typeof schedules.$inferSelect;
export type ScheduleMissedFiringRecord = typeof scheduleMissedFirings.$inferSelect;
