// Storage of the per-tenant Merkle trees: complete nodes, heads and checkpoints. Every read of nodes is one
// query over the primary key, whatever the plan, so proofs cost O(log n) index lookups.
import { sql } from 'drizzle-orm';
import { type Executor, rowsOf } from '../db/connect.ts';
import { EMPTY_ROOT, type NodeId, nodeKey, type StoredNode } from './merkle.ts';

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

/** The hashes of the given nodes, keyed by nodeKey, fetched in one query. */
export async function fetchNodes(
  exec: Executor,
  tenantId: string,
  ids: readonly NodeId[],
): Promise<Map<string, Uint8Array>> {
  const found = new Map<string, Uint8Array>();
  if (ids.length === 0) return found;
  const rows = rowsOf<{ level: number; idx: unknown; hash: Uint8Array }>(
    await exec.execute(sql`
      SELECT n.level, n.idx, n.hash
      FROM unnest(${pgArray(ids.map((id) => id.level))}::smallint[], ${pgArray(ids.map((id) => id.index))}::bigint[])
        AS w(level, idx)
      JOIN audit_nodes n ON n.tenant_id = ${tenantId} AND n.level = w.level AND n.idx = w.idx`),
  );
  for (const row of rows) found.set(nodeKey(row.level, Number(row.idx)), bytesOf(row.hash));
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
  const [row] = rowsOf<{ size: unknown; root: Uint8Array }>(
    await exec.execute(sql`SELECT size, root FROM audit_heads WHERE tenant_id = ${tenantId}`),
  );
  return row ? { size: Number(row.size), root: bytesOf(row.root) } : { size: 0, root: EMPTY_ROOT };
}

export async function writeHead(exec: Executor, tenantId: string, head: TreeHead, at: Date): Promise<void> {
  await exec.execute(sql`
    INSERT INTO audit_heads (tenant_id, size, root, updated_at)
    VALUES (${tenantId}, ${head.size}, decode(${toHex(head.root)}, 'hex'), ${at.toISOString()})
    ON CONFLICT (tenant_id) DO UPDATE SET size = excluded.size, root = excluded.root, updated_at = excluded.updated_at`);
}

interface CheckpointRow {
  size: unknown;
  root: Uint8Array;
  note: string;
  published_at: Date | string;
}

const toCheckpoint = (row: CheckpointRow): StoredCheckpoint => ({
  size: Number(row.size),
  root: bytesOf(row.root),
  note: row.note,
  published_at: new Date(row.published_at).toISOString(),
});

/** The latest checkpoint of a tenant, or the one of exactly `size` leaves. */
export async function readCheckpoint(
  exec: Executor,
  tenantId: string,
  size?: number,
): Promise<StoredCheckpoint | undefined> {
  const rows = rowsOf<CheckpointRow>(
    await exec.execute(sql`
      SELECT size, root, note, published_at FROM audit_checkpoints
      WHERE tenant_id = ${tenantId} ${size === undefined ? sql`` : sql`AND size = ${size}`}
      ORDER BY size DESC LIMIT 1`),
  );
  return rows[0] && toCheckpoint(rows[0]);
}

/** Checkpoints with from < size <= to, oldest first: the ones an export over that range carries. */
export async function checkpointsBetween(
  exec: Executor,
  tenantId: string,
  from: number,
  to: number,
): Promise<StoredCheckpoint[]> {
  return rowsOf<CheckpointRow>(
    await exec.execute(sql`
      SELECT size, root, note, published_at FROM audit_checkpoints
      WHERE tenant_id = ${tenantId} AND size > ${from} AND size <= ${to} ORDER BY size`),
  ).map(toCheckpoint);
}
