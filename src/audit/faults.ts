// Faults of the audit log: rows the integrator refused and mismatches the self-check or a served proof found.
// Each is recorded once (while open) in audit_quarantine and handed to the listener app.ts wires to a security
// event and an alert metric: the audit folder sits below ops/ and cannot call it.
import { newId } from '../core/ids.ts';
import type { Executor } from '../db/connect.ts';
import { insertQuarantine } from './quarantine-store.ts';
import type { AuditQuarantineRecord } from './tables.ts';

export type IntegrityFault = Pick<
  AuditQuarantineRecord,
  'id' | 'tenant_id' | 'kind' | 'seq' | 'event_id' | 'leaf_index' | 'detail'
>;

/** Hears each new fault in the transaction (or on the connection) that records it. */
export type FaultListener = (exec: Executor, fault: IntegrityFault) => Promise<void>;

/** Records a fault unless the same one is open; returns it when it is new. */
export async function recordFault(
  exec: Executor,
  fault: Omit<IntegrityFault, 'id'>,
  body: Record<string, unknown> | null,
  at: Date,
  onFault: FaultListener | undefined,
): Promise<IntegrityFault | undefined> {
  const recorded: IntegrityFault = { id: newId(), ...fault };
  const isNew = await insertQuarantine(exec, {
    ...recorded,
    body,
    detected_at: at,
    resolved_at: null,
    resolved_by: null,
  });
  if (!isNew) return undefined;
  await onFault?.(exec, recorded);
  return recorded;
}
