import { isIP } from 'node:net';
import { sql } from 'drizzle-orm';
import { isUuid, newId } from '../core/ids.ts';
import { forbidden, invalid } from '../core/problem.ts';
import { type Executor, rowsOf } from '../db/connect.ts';
import { createRedactor } from '../evidence/redact.ts';
import { type Actor, hasRole } from '../tenancy/roles.ts';
import { currentOrigin, type RequestOrigin } from './request-context.ts';

// Seed 003's SecurityEvent enums.
export const attackTypes = [
  'sql_injection',
  'xss',
  'command_injection',
  'rate_limit_exceeded',
  'invalid_input',
] as const;
export type AttackType = (typeof attackTypes)[number];
/** `rejected_400` stands for any refusal with a 4xx other than 429; `status_code` has the exact one. */
export const actionsTaken = ['rejected_400', 'rejected_429', 'sanitized', 'logged_only'] as const;
export type ActionTaken = (typeof actionsTaken)[number];

export const MAX_PAYLOAD = 1000;

export interface SecurityEventInput {
  attack_type: AttackType;
  /** Warrant's finer reason: injection, rate_limit, bad_signature, replay, unapproved_attempt, … */
  kind: string;
  /** What was refused; redacted, then cut to 1000 characters, before it is stored. */
  payload: string;
  action_taken: ActionTaken;
  status_code?: number;
  at: Date;
  tenant_id?: string | null;
  actor_id?: string | null;
  /** The request; default: the request being served, if any (see request-context.ts). */
  origin?: RequestOrigin;
}

export interface SecurityEventView {
  id: string;
  timestamp: string;
  request_id: string;
  ip_address: string | null;
  attack_type: AttackType;
  kind: string;
  blocked_payload: string;
  endpoint_targeted: string;
  method: string;
  user_agent: string | null;
  action_taken: ActionTaken;
  status_code: number | null;
  tenant_id: string | null;
  actor_id: string | null;
}

// Built-in secret shapes only: a payload must never carry a key or token into the table.
const redactor = createRedactor();

export const safePayload = (payload: string): string => redactor.text(payload).slice(0, MAX_PAYLOAD);

/**
 * Records a blocked or suspicious request. Webhooks (bad signatures), the request guards and authorize
 * (unapproved attempts) call it; it is a record of what was refused, not a state change of its own.
 */
export async function recordSecurityEvent(db: Executor, input: SecurityEventInput): Promise<string> {
  const origin = input.origin ??
    currentOrigin() ?? {
      request_id: newId(),
      ip_address: null,
      user_agent: null,
      method: 'INTERNAL',
      endpoint: 'worker',
    };
  const id = newId();
  const ip = origin.ip_address && isIP(origin.ip_address) ? origin.ip_address : null;
  await db.execute(sql`
    INSERT INTO security_events (id, tenant_id, occurred_at, request_id, ip_address, attack_type, kind, blocked_payload,
                                 endpoint_targeted, method, user_agent, action_taken, status_code, actor_id)
    VALUES (${id}, ${input.tenant_id ?? null}, ${input.at.toISOString()}, ${origin.request_id}, ${ip},
            ${input.attack_type}, ${input.kind}, ${safePayload(input.payload)}, ${origin.endpoint.slice(0, 500)},
            ${origin.method}, ${origin.user_agent?.slice(0, 500) ?? null}, ${input.action_taken},
            ${input.status_code ?? null}, ${input.actor_id ?? null})`);
  return id;
}

export interface SecurityEventFilter {
  attack_type?: AttackType;
  kind?: string;
  since?: string;
  cursor?: string;
  limit?: number;
}

/** A stored row: the view's fields, with the time as the database returns it. */
type Row = Omit<SecurityEventView, 'timestamp'> & { occurred_at: Date | string };

const toView = (row: Row): SecurityEventView => ({
  id: row.id,
  timestamp: new Date(row.occurred_at).toISOString(),
  request_id: row.request_id,
  ip_address: row.ip_address,
  attack_type: row.attack_type,
  kind: row.kind,
  blocked_payload: row.blocked_payload,
  endpoint_targeted: row.endpoint_targeted,
  method: row.method,
  user_agent: row.user_agent,
  action_taken: row.action_taken,
  status_code: row.status_code,
  tenant_id: row.tenant_id,
  actor_id: row.actor_id,
});

const encodeCursor = (at: string, id: string) => Buffer.from(`${at}|${id}`).toString('base64url');
function decodeCursor(cursor: string): { at: string; id: string } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  if (!at || !id || !isUuid(id) || Number.isNaN(Date.parse(at))) throw invalid('the cursor is not valid');
  return { at, id };
}

/** Newest first. Admins and auditors see their tenant's events; the root admin sees every event. */
export async function listSecurityEvents(
  db: Executor,
  actor: Actor,
  filter: SecurityEventFilter,
): Promise<{ items: SecurityEventView[]; next_cursor: string | null }> {
  if (!hasRole(actor, 'admin', 'auditor')) throw forbidden('security events need the admin or auditor role');
  const limit = Math.min(Math.max(filter.limit ?? 100, 1), 500);
  const after = filter.cursor ? decodeCursor(filter.cursor) : undefined;
  const rows = rowsOf<Row>(
    await db.execute(sql`
      SELECT * FROM security_events WHERE TRUE
        ${actor.is_root ? sql`` : sql`AND tenant_id = ${actor.tenant_id}`}
        ${filter.attack_type ? sql`AND attack_type = ${filter.attack_type}` : sql``}
        ${filter.kind ? sql`AND kind = ${filter.kind}` : sql``}
        ${filter.since ? sql`AND occurred_at >= ${filter.since}::timestamptz` : sql``}
        ${after ? sql`AND (occurred_at, id) < (${after.at}::timestamptz, ${after.id}::uuid)` : sql``}
      ORDER BY occurred_at DESC, id DESC LIMIT ${limit + 1}`),
  );
  const page = rows.slice(0, limit).map(toView);
  const last = page.at(-1);
  return {
    items: page,
    next_cursor: rows.length > limit && last ? encodeCursor(last.timestamp, last.id) : null,
  };
}
