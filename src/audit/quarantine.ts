// The audit log's quarantine as admins see it: what the integrator refused and what the self-check found, and
// the one way out. Resolving a refused row moves it out of audit_events (its body stays in audit_quarantine),
// which lets the tenant's integration resume; resolving a fault of the stored tree acknowledges it. Either way the
// resolution is an audit event of the same transaction.
import type { Clock } from '../core/clock.ts';
import { conflict, notFound } from '../core/problem.ts';
import type { Actor } from '../core/roles.ts';
import type { Orm } from '../db/connect.ts';
import { appendAudit } from './append.ts';
import {
  findQuarantine,
  HALTING_KINDS,
  listQuarantine,
  markResolved,
  openCounts,
  removePendingRow,
} from './quarantine-store.ts';
import { lockIntegrator, lowerPendingFloorFor } from './store.ts';
import type { AuditQuarantineRecord } from './tables.ts';

export interface QuarantineView {
  id: string;
  kind: AuditQuarantineRecord['kind'];
  /** Whether it halts the tenant's integration while open. */
  halts_integration: boolean;
  event_id: string | null;
  leaf_index: number | null;
  detail: string;
  /** The refused row's body as it was found (refused rows only). */
  body: Record<string, unknown> | null;
  detected_at: string;
  resolved_at: string | null;
  resolved_by: string | null;
}

const halting: ReadonlySet<string> = new Set(HALTING_KINDS);

const toView = (row: AuditQuarantineRecord): QuarantineView => ({
  id: row.id,
  kind: row.kind,
  halts_integration: halting.has(row.kind),
  event_id: row.event_id,
  leaf_index: row.leaf_index,
  detail: row.detail,
  body: row.body,
  detected_at: row.detected_at.toISOString(),
  resolved_at: row.resolved_at?.toISOString() ?? null,
  resolved_by: row.resolved_by,
});

export async function listQuarantined(orm: Orm, tenantId: string, all: boolean): Promise<QuarantineView[]> {
  return (await listQuarantine(orm, tenantId, all, 500)).map(toView);
}

export async function resolveQuarantined(
  orm: Orm,
  clock: Clock,
  actor: Actor,
  id: string,
  comment: string | undefined,
): Promise<QuarantineView> {
  return orm.transaction(async (tx) => {
    const row = await findQuarantine(tx, actor.tenant_id, id);
    if (!row) throw notFound('quarantine entry');
    if (row.resolved_at) throw conflict('the entry is resolved already', 'already_resolved');
    const now = clock.now();
    if (halting.has(row.kind) && row.seq !== null) {
      await removePendingRow(tx, row.tenant_id, row.seq);
      // After any integration in progress, which must not raise the floor past the rows lowered to here.
      await lockIntegrator(tx);
      await lowerPendingFloorFor(tx, row.tenant_id);
    }
    await markResolved(tx, row.id, now, actor.id);
    await appendAudit(tx, {
      tenant_id: actor.tenant_id,
      actor,
      action: 'audit.quarantine.resolved',
      occurred_at: now,
      context: {
        quarantine_id: row.id,
        kind: row.kind,
        event_id: row.event_id,
        leaf_index: row.leaf_index,
        removed_from_log: halting.has(row.kind),
        ...(comment ? { comment } : {}),
      },
    });
    return toView({ ...row, resolved_at: now, resolved_by: actor.id });
  });
}

/** Open entries of every tenant: the log is degraded while there is one. */
export async function openQuarantine(orm: Orm): Promise<{ open: number; kinds: Record<string, number> }> {
  const counts = await openCounts(orm);
  return { open: [...counts.values()].reduce((a, b) => a + b, 0), kinds: Object.fromEntries(counts) };
}
