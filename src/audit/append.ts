import { sql } from 'drizzle-orm';
import { newId } from '../core/ids.ts';
import type { Executor } from '../db/connect.ts';

/** Hears `<tenant_id>:<event_id>` for each appended event, on commit. */
export const AUDIT_CREATED_CHANNEL = 'warrant_audit_created';

export interface AuditActor {
  id: string;
  type: string;
  roles: readonly string[];
  tenant_id: string;
  display_name?: string;
}

export type AuditDecision = 'allow' | 'deny' | 'require_approval';

export interface AuditInput {
  tenant_id: string;
  actor: AuditActor;
  /** Stable action id, e.g. `plan.submitted`. */
  action: string;
  occurred_at: Date;
  decision?: AuditDecision | null;
  context?: Record<string, unknown>;
  evidence_refs?: readonly string[];
  plan_id?: string;
  run_id?: string;
}

/** The event as it is hashed into the log (seed 001's AuditEvent). */
export interface AuditEventBody {
  event_id: string;
  tenant_id: string;
  occurred_at: string;
  actor: AuditActor;
  action: string;
  decision: AuditDecision | null;
  context: Record<string, unknown>;
  evidence_refs: string[];
}

interface AuditRow {
  body: AuditEventBody;
  plan_id: string | null;
  run_id: string | null;
}

function toRow(input: AuditInput): AuditRow {
  const context: Record<string, unknown> = { ...input.context };
  if (input.plan_id) context.plan_id = input.plan_id;
  if (input.run_id) context.run_id = input.run_id;
  return {
    body: {
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
    },
    plan_id: input.plan_id ?? null,
    run_id: input.run_id ?? null,
  };
}

/**
 * Appends audit events. Call it with the transaction that makes the change they record, so both
 * commit or neither does. The Merkle integrator later gives committed events their leaf index.
 */
export async function appendAudit(tx: Executor, ...inputs: AuditInput[]): Promise<AuditEventBody[]> {
  if (inputs.length === 0) return [];
  const rows = inputs.map(toRow);
  const values = rows.map(
    ({ body, plan_id, run_id }) =>
      sql`(${body.event_id}, ${body.tenant_id}, ${body.occurred_at}, ${body.action}, ${body.actor.id}, ${plan_id}, ${run_id}, ${JSON.stringify(body)}::jsonb)`,
  );
  await tx.execute(sql`
    INSERT INTO audit_events (event_id, tenant_id, occurred_at, action, actor_id, plan_id, run_id, body)
    VALUES ${sql.join(values, sql`, `)}`);
  return rows.map((row) => row.body);
}
