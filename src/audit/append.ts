import type { SQL } from 'drizzle-orm';
import { newId } from '../core/ids.ts';
import type { Actor } from '../core/roles.ts';
import type { Executor } from '../db/connect.ts';
import type { Compiled } from '../db/prepared.ts';
import type { AuditAction } from './actions.ts';
import type { AuditDecision, AuditEventBody } from './event.ts';
import { signEvent } from './event-signer.ts';
import {
  auditInsertCompiled,
  auditInsertIfCompiled,
  insertAuditEvents,
  type NewAuditEvent,
} from './store.ts';

/** Hears `<tenant_id>:<event_id>` for each appended event, on commit. */
export const AUDIT_CREATED_CHANNEL = 'warrant_audit_created';

/** The actor as an audit event records it: the request's actor without what only the request needs. */
export type AuditActor = Pick<Actor, 'id' | 'type' | 'roles' | 'tenant_id'> & { display_name?: string };

export interface AuditInput {
  tenant_id: string;
  actor: AuditActor;
  action: AuditAction;
  occurred_at: Date;
  decision?: AuditDecision | null;
  context?: Record<string, unknown>;
  evidence_refs?: readonly string[];
  plan_id?: string;
  run_id?: string;
}

function toRow(input: AuditInput): NewAuditEvent {
  const context: Record<string, unknown> = { ...input.context };
  if (input.plan_id) context.plan_id = input.plan_id;
  if (input.run_id) context.run_id = input.run_id;
  // Signed by this process (event-signer.ts): the integrator refuses a row no listed signer signed.
  const body: AuditEventBody = signEvent({
    event_id: newId(),
    tenant_id: input.tenant_id,
    occurred_at: input.occurred_at.toISOString(),
    actor: {
      id: input.actor.id,
      type: input.actor.type,
      roles: [...input.actor.roles],
      tenant_id: input.actor.tenant_id,
      ...(input.actor.display_name ? { display_name: input.actor.display_name } : {}),
    },
    action: input.action,
    decision: input.decision ?? null,
    context,
    evidence_refs: [...(input.evidence_refs ?? [])],
  });
  return {
    event_id: body.event_id,
    tenant_id: body.tenant_id,
    occurred_at: input.occurred_at,
    action: body.action,
    actor_id: body.actor.id,
    plan_id: input.plan_id ?? null,
    run_id: input.run_id ?? null,
    body,
  };
}

/**
 * Appends audit events. Call it with the transaction that makes the change they record, so both
 * commit or neither does. The Merkle integrator later gives committed events their leaf index.
 */
export async function appendAudit(tx: Executor, ...inputs: AuditInput[]): Promise<AuditEventBody[]> {
  if (inputs.length === 0) return [];
  const rows = inputs.map(toRow);
  await insertAuditEvents(tx, rows);
  return rows.map((row) => row.body);
}

/**
 * The events' INSERT, signed, as a compiled part named `part` (db/prepared.ts: compiled once per number of
 * events) for a caller that puts it in the one statement making the change they record (a data-modifying CTE
 * commits all of its parts or none, without a transaction's extra round trips).
 */
export function auditStatementCompiled(part: string, ...inputs: [AuditInput, ...AuditInput[]]): Compiled {
  return auditInsertCompiled(part, inputs.map(toRow));
}

/**
 * The event's INSERT, signed, as a compiled part named `part` that takes place only if `condition` (fixed text,
 * named by its shape) holds, for a statement whose other parts decide it (a claim: only if it took place).
 */
export function auditStatementIfCompiled(
  part: string,
  condition: { shape: string; sql: SQL },
  input: AuditInput,
): Compiled {
  return auditInsertIfCompiled(part, toRow(input), condition);
}
