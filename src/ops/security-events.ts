import { isIP } from 'node:net';
import { isUuid, newId } from '../core/ids.ts';
import { forbidden, invalid } from '../core/problem.ts';
import { currentOrigin, type RequestOrigin } from '../core/request-context.ts';
import { type Actor, hasRole } from '../core/roles.ts';
import type { Executor } from '../db/connect.ts';
import { createRedactor } from '../redaction/redact.ts';
import { insertSecurityEvent, listSecurityEventRows } from './security-event-store.ts';
import type { SecurityEventRecord } from './tables.ts';

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

// What was refused may be the very text PostgreSQL cannot store (NUL, a lone surrogate, or one made by the
// cut): replaced, so that the refusal is still recorded.
export const safePayload = (payload: string): string =>
  redactor.text(payload.replaceAll('\0', '\uFFFD')).slice(0, MAX_PAYLOAD).toWellFormed();

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
  await insertSecurityEvent(db, {
    id,
    tenant_id: input.tenant_id ?? null,
    occurred_at: input.at,
    request_id: origin.request_id,
    ip_address: ip,
    attack_type: input.attack_type,
    kind: input.kind,
    blocked_payload: safePayload(input.payload),
    endpoint_targeted: origin.endpoint.slice(0, 500),
    method: origin.method,
    user_agent: origin.user_agent?.slice(0, 500) ?? null,
    action_taken: input.action_taken,
    status_code: input.status_code ?? null,
    actor_id: input.actor_id ?? null,
  });
  return id;
}

export interface SecurityEventFilter {
  attack_type?: AttackType;
  kind?: string;
  since?: string;
  cursor?: string;
  limit?: number;
}

const toView = (row: SecurityEventRecord): SecurityEventView => ({
  id: row.id,
  timestamp: row.occurred_at.toISOString(),
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
  const rows = await listSecurityEventRows(db, {
    ...(actor.is_root ? {} : { tenantId: actor.tenant_id }),
    ...(filter.attack_type ? { attack_type: filter.attack_type } : {}),
    ...(filter.kind ? { kind: filter.kind } : {}),
    ...(filter.since ? { since: filter.since } : {}),
    ...(after ? { after } : {}),
    limit: limit + 1,
  });
  const page = rows.slice(0, limit).map(toView);
  const last = page.at(-1);
  return {
    items: page,
    next_cursor: rows.length > limit && last ? encodeCursor(last.timestamp, last.id) : null,
  };
}
