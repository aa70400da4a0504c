import { bigint, index, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

// As migrations 0011 and 0014 build them; src/db/tables.test.ts holds every tables.ts to the database.

/** Security events; tenant_id is null when no tenant was known. */
export const securityEvents = pgTable(
  'security_events',
  {
    id: uuid().primaryKey(),
    tenant_id: uuid(),
    occurred_at: timestamp({ withTimezone: true }).notNull(),
    request_id: text().notNull(),
    ip_address: text(),
    attack_type: text({
      enum: ['sql_injection', 'xss', 'command_injection', 'rate_limit_exceeded', 'invalid_input'],
    }).notNull(),
    kind: text().notNull(),
    blocked_payload: text().notNull(),
    endpoint_targeted: text().notNull(),
    method: text().notNull(),
    user_agent: text(),
    action_taken: text({ enum: ['rejected_400', 'rejected_429', 'sanitized', 'logged_only'] }).notNull(),
    status_code: integer(),
    actor_id: uuid(),
  },
  (t) => [
    index('security_events_tenant_time').on(t.tenant_id, t.occurred_at.desc(), t.id.desc()),
    index('security_events_time').on(t.occurred_at.desc(), t.id.desc()),
  ],
);

/** Requests per minute from every process, added together: the SLOs' source. */
export const requestMinutes = pgTable('request_minutes', {
  minute: timestamp({ withTimezone: true }).primaryKey(),
  requests: bigint({ mode: 'number' }).notNull().default(0),
  errors: bigint({ mode: 'number' }).notNull().default(0),
  latency_buckets: bigint({ mode: 'number' }).array().notNull(),
});

/** The same per tenant; no foreign key, so a metrics row never makes a flush fail. */
export const tenantRequestMinutes = pgTable(
  'tenant_request_minutes',
  {
    tenant_id: uuid().notNull(),
    minute: timestamp({ withTimezone: true }).notNull(),
    requests: bigint({ mode: 'number' }).notNull().default(0),
    errors: bigint({ mode: 'number' }).notNull().default(0),
    latency_buckets: bigint({ mode: 'number' }).array().notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenant_id, t.minute] })],
);

export type SecurityEventRecord = typeof securityEvents.$inferSelect;
export type RequestMinuteRecord = typeof requestMinutes.$inferSelect;
export type TenantRequestMinuteRecord = typeof tenantRequestMinutes.$inferSelect;
