// Reads and writes of audit_signers: the processes allowed to sign events (see event-signers.ts).
import { asc } from 'drizzle-orm';
import type { Executor } from '../db/connect.ts';
import { type AuditSignerRecord, auditSigners as s } from './tables.ts';

/** Lists a signer; a listing already there is kept (the same key is listed once by each app of a process). */
export async function insertSigner(exec: Executor, row: AuditSignerRecord): Promise<void> {
  await exec.insert(s).values(row).onConflictDoNothing({ target: s.key_id });
}

/** Every listed signer, oldest first. */
export function listSigners(exec: Executor) {
  return exec
    .select({ key_id: s.key_id, public_key: s.public_key, registration: s.registration })
    .from(s)
    .orderBy(asc(s.registered_at), asc(s.key_id));
}
