// Storage of the per-tenant Merkle trees: complete nodes, heads and checkpoints. Every read of nodes is one
// query over the primary key, whatever the plan, so proofs cost O(log n) index lookups.
import { and, asc, desc, eq, gt, lte, max, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Executor } from '../db/connect.ts';
import { EMPTY_ROOT, type NodeId, nodeKey, type StoredNode } from './merkle.ts';
import { type AuditCheckpointRecord, auditCheckpoints as c, auditHeads as h } from './tables.ts';

export interface TreeHead {
  readonly size: number;
  readonly root: Uint8Array;
}

export interface StoredCheckpoint {
  readonly size: number;
  readonly root: Uint8Array;
  readonly note: string;
  readonly published_at: string;
}

/** The log's origin line in its checkpoints: one log per tenant. */
export const originOf = (tenantId: string): string => `warrant.dev/audit/${tenantId}`;

/**
 * A PostgreSQL array literal for one parameter: drizzle would expand a JS array into a list of parameters,
 * and a literal keeps batches of thousands of rows at three parameters. Only numbers and hex go in.
 */
export const pgArray = (values: readonly (number | string)[]): string => `{${values.join(',')}}`;

export const toHex = (bytes: Uint8Array): string =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');

const bytesOf = (value: Uint8Array): Uint8Array => new Uint8Array(value);

// node-postgres returns int8 as a string, PGlite as a number.
const fetchedNodes = z.object({
  rows: z.array(z.object({ level: z.number(), idx: z.coerce.number(), hash: z.instanceof(Uint8Array) })),
});

/** The hashes of the given nodes, keyed by nodeKey, fetched in one query. */
export async function fetchNodes(
  exec: Executor,
  tenantId: string,
  ids: readonly NodeId[],
): Promise<Map<string, Uint8Array>> {
  const found = new Map<string, Uint8Array>();
  if (ids.length === 0) return found;
  const result = await exec.execute(sql`
    SELECT n.level, n.idx, n.hash
    FROM unnest(${pgArray(ids.map((id) => id.level))}::smallint[], ${pgArray(ids.map((id) => id.index))}::bigint[])
      AS w(level, idx)
    JOIN audit_nodes n ON n.tenant_id = ${tenantId} AND n.level = w.level AND n.idx = w.idx`);
  for (const row of fetchedNodes.parse(result).rows)
    found.set(nodeKey(row.level, row.idx), bytesOf(row.hash));
  return found;
}

export async function insertNodes(
  exec: Executor,
  tenantId: string,
  nodes: readonly StoredNode[],
): Promise<void> {
  if (nodes.length === 0) return;
  await exec.execute(sql`
    INSERT INTO audit_nodes (tenant_id, level, idx, hash)
    SELECT ${tenantId}, level, idx, decode(hash, 'hex')
    FROM unnest(${pgArray(nodes.map((n) => n.level))}::smallint[], ${pgArray(nodes.map((n) => n.index))}::bigint[],
                ${pgArray(nodes.map((n) => toHex(n.hash)))}::text[]) AS u(level, idx, hash)`);
}

export async function readHead(exec: Executor, tenantId: string): Promise<TreeHead> {
  const [row] = await exec.select({ size: h.size, root: h.root }).from(h).where(eq(h.tenant_id, tenantId));
  return row ? { size: row.size, root: bytesOf(row.root) } : { size: 0, root: EMPTY_ROOT };
}

export async function writeHead(exec: Executor, tenantId: string, head: TreeHead, at: Date): Promise<void> {
  await exec
    .insert(h)
    .values({ tenant_id: tenantId, size: head.size, root: head.root, updated_at: at })
    .onConflictDoUpdate({
      target: h.tenant_id,
      set: { size: sql`excluded.size`, root: sql`excluded.root`, updated_at: sql`excluded.updated_at` },
    });
}

/** The heads of trees that grew since their tenant's last checkpoint (or have none yet). */
export function headsAheadOfCheckpoints(exec: Executor) {
  const lastCheckpoint = sql`(SELECT max(${c.size}) FROM ${c} WHERE ${c.tenant_id} = ${h.tenant_id})`;
  return exec
    .select({ tenant_id: h.tenant_id, size: h.size, root: h.root })
    .from(h)
    .where(gt(h.size, sql`COALESCE(${lastCheckpoint}, -1)`));
}

/** Stores a checkpoint; one already stored for that size is kept. */
export async function insertCheckpoint(exec: Executor, checkpoint: AuditCheckpointRecord): Promise<void> {
  await exec
    .insert(c)
    .values(checkpoint)
    .onConflictDoNothing({ target: [c.tenant_id, c.size] });
}

const checkpointFields = { size: c.size, root: c.root, note: c.note, published_at: c.published_at };

const toCheckpoint = (row: Pick<AuditCheckpointRecord, keyof typeof checkpointFields>): StoredCheckpoint => ({
  size: row.size,
  root: bytesOf(row.root),
  note: row.note,
  published_at: row.published_at.toISOString(),
});

/** The latest checkpoint of a tenant, or the one of exactly `size` leaves. */
export async function readCheckpoint(
  exec: Executor,
  tenantId: string,
  size?: number,
): Promise<StoredCheckpoint | undefined> {
  const [row] = await exec
    .select(checkpointFields)
    .from(c)
    .where(and(eq(c.tenant_id, tenantId), size === undefined ? undefined : eq(c.size, size)))
    .orderBy(desc(c.size))
    .limit(1);
  return row && toCheckpoint(row);
}

/** Checkpoints with from < size <= to, oldest first: the ones an export over that range carries. */
export async function checkpointsBetween(
  exec: Executor,
  tenantId: string,
  from: number,
  to: number,
): Promise<StoredCheckpoint[]> {
  const rows = await exec
    .select(checkpointFields)
    .from(c)
    .where(and(eq(c.tenant_id, tenantId), gt(c.size, from), lte(c.size, to)))
    .orderBy(asc(c.size));
  return rows.map(toCheckpoint);
}

/** The size of the last checkpoint published at or before `at` (an ISO timestamp, bound as given); 0 without one. */
export async function checkpointSizeAt(exec: Executor, tenantId: string, at: string): Promise<number> {
  const [row] = await exec
    .select({ size: max(c.size) })
    .from(c)
    .where(and(eq(c.tenant_id, tenantId), sql`${c.published_at} <= ${at}`));
  return row?.size ?? 0;
}

/** Each tenant's newest checkpoint: what is sent to witnesses. */
export async function newestCheckpoints(
  exec: Executor,
): Promise<{ tenant_id: string; size: number; note: string }[]> {
  return exec
    .selectDistinctOn([c.tenant_id], { tenant_id: c.tenant_id, size: c.size, note: c.note })
    .from(c)
    .orderBy(c.tenant_id, desc(c.size));
}

/**
 * Appends a witness's cosignature line to a stored checkpoint, once per witness name: the note stays a valid signed
 * note (readers skip signatures by keys they do not know), so every route and export serving it carries it.
 */
export async function appendCosignature(
  exec: Executor,
  tenantId: string,
  size: number,
  witnessName: string,
  line: string,
): Promise<void> {
  await exec
    .update(c)
    .set({ note: sql`${c.note} || ${`${line}\n`}` })
    .where(
      and(
        eq(c.tenant_id, tenantId),
        eq(c.size, size),
        sql`strpos(${c.note}, ${`\n\u2014 ${witnessName} `}) = 0`,
      ),
    );
}
