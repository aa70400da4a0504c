// Reads and writes of audit_unsigned_prefix: logs that began before writers signed events (unsigned-prefix.ts).
import { and, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Executor } from '../db/connect.ts';
import { auditEvents as e, auditUnsignedPrefix as p } from './tables.ts';

/** The unsigned rows the integrator may still take for a tenant: none once its prefix is sealed. */
export async function legacyPendingSeqs(exec: Executor, tenantId: string): Promise<ReadonlySet<number>> {
  const [row] = await exec
    .select({ seqs: p.pending_seqs })
    .from(p)
    .where(and(eq(p.tenant_id, tenantId), isNull(p.sealed_at)));
  // node-postgres gives int8 array members as strings.
  return new Set((row?.seqs ?? []).map(Number));
}

/** Tenants whose prefix is not sealed yet. */
export async function unsealedPrefixTenants(exec: Executor): Promise<string[]> {
  const rows = await exec.select({ tenant_id: p.tenant_id }).from(p).where(isNull(p.sealed_at));
  return rows.map((row) => row.tenant_id);
}

const counted = z.object({
  rows: z.array(z.object({ waiting: z.coerce.number(), size: z.coerce.number() })),
});

/**
 * For one unsealed tenant: how many of its legacy rows still wait for the integrator, and the size of the unsigned
 * prefix (one past the highest leaf holding an event without a signature; 0 when none does).
 */
export async function prefixState(
  exec: Executor,
  tenantId: string,
): Promise<{ waiting: number; size: number }> {
  const result = await exec.execute(sql`
    SELECT
      (SELECT count(*) FROM ${e}, ${p}
        WHERE ${p.tenant_id} = ${tenantId} AND ${e.seq} = ANY (${p.pending_seqs}) AND ${e.leaf_index} IS NULL) AS waiting,
      (SELECT coalesce(max(${e.leaf_index}) + 1, 0) FROM ${e}
        WHERE ${e.tenant_id} = ${tenantId} AND ${e.leaf_index} IS NOT NULL AND NOT (${e.body} ? 'signature')) AS size`);
  return counted.parse(result).rows[0]!;
}

export async function sealPrefix(
  exec: Executor,
  seal: { tenant_id: string; size: number; root: Uint8Array; signature: string; sealed_at: Date },
): Promise<void> {
  const { tenant_id, ...sealed } = seal;
  await exec
    .update(p)
    .set(sealed)
    .where(and(eq(p.tenant_id, tenant_id), isNull(p.sealed_at)));
}

/** The tenant's sealed prefix, as the export carries it; undefined when its log has none. */
export async function sealedPrefix(exec: Executor, tenantId: string) {
  const [row] = await exec
    .select({ size: p.size, root: p.root, signature: p.signature })
    .from(p)
    .where(and(eq(p.tenant_id, tenantId), isNotNull(p.sealed_at)));
  if (!row || row.size === null || row.root === null || row.signature === null) return undefined;
  return { size: Number(row.size), root: new Uint8Array(row.root), signature: row.signature };
}
