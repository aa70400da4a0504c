// The witness tables (migration 0016). Only this file and tables.ts hold their SQL.
import { and, eq, sql } from 'drizzle-orm';
import type { Executor } from '../db/connect.ts';
import { type WitnessLogRecord, witnessCosigned, witnessLogs, witnessSubmissions } from './tables.ts';

// Any constant works; it only has to be the same in every Warrant process.
const ORIGIN_LOCK_SEED = 7_215_016;

/**
 * Serializes add-checkpoint requests for one origin until the transaction ends: the old-size check and the
 * update must be atomic (tlog-witness names the race that rolls a witness back otherwise). An advisory lock also
 * covers an origin's first request, when there is no row to lock yet.
 */
export async function lockOrigin(tx: Executor, origin: string): Promise<void> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended(${origin}, ${ORIGIN_LOCK_SEED}))`);
}

export async function readWitnessedLog(
  exec: Executor,
  origin: string,
): Promise<WitnessLogRecord | undefined> {
  const [row] = await exec.select().from(witnessLogs).where(eq(witnessLogs.origin, origin));
  return row && { ...row, root: new Uint8Array(row.root) };
}

/** The monitoring lookup of tlog-witness: a log by the SHA-256 (lowercase hex) of its origin. */
export async function witnessedLogByHash(
  exec: Executor,
  originHash: string,
): Promise<WitnessLogRecord | undefined> {
  const [row] = await exec
    .select()
    .from(witnessLogs)
    .where(sql`encode(sha256(convert_to(${witnessLogs.origin}, 'UTF8')), 'hex') = ${originHash}`);
  return row;
}

/** Records a cosigned checkpoint: the origin's latest, and a row of the history. */
export async function saveCosigned(tx: Executor, row: WitnessLogRecord): Promise<void> {
  await tx
    .insert(witnessLogs)
    .values(row)
    .onConflictDoUpdate({
      target: witnessLogs.origin,
      set: {
        size: sql`excluded.size`,
        root: sql`excluded.root`,
        note: sql`excluded.note`,
        updated_at: sql`excluded.updated_at`,
      },
    });
  await tx
    .insert(witnessCosigned)
    .values({ origin: row.origin, size: row.size, root: row.root, cosigned_at: row.updated_at })
    .onConflictDoNothing();
}

/** The size `witness` last cosigned for the tenant's log; 0 when it never did. */
export async function submittedSize(exec: Executor, tenantId: string, witness: string): Promise<number> {
  const [row] = await exec
    .select({ size: witnessSubmissions.size })
    .from(witnessSubmissions)
    .where(and(eq(witnessSubmissions.tenant_id, tenantId), eq(witnessSubmissions.witness, witness)));
  return row?.size ?? 0;
}

export async function saveSubmittedSize(
  exec: Executor,
  row: { tenant_id: string; witness: string; size: number; updated_at: Date },
): Promise<void> {
  await exec
    .insert(witnessSubmissions)
    .values(row)
    .onConflictDoUpdate({
      target: [witnessSubmissions.tenant_id, witnessSubmissions.witness],
      set: { size: sql`excluded.size`, updated_at: sql`excluded.updated_at` },
    });
}
