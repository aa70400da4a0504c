// The audit export of one tenant's log (format: export-format.ts), streamed page by page in leaf order.
import { sql } from 'drizzle-orm';
import { type Executor, rowsOf } from '../db/connect.ts';
import type { CheckpointPublisher } from './checkpoints.ts';
import { eventLeafHash } from './event.ts';
import { formatCheckpointLine, formatEventLine, formatStartLine } from './export-format.ts';
import { assemble, frontierPlan, planNodes } from './merkle.ts';
import { checkpointsBetween, fetchNodes } from './tree-store.ts';

const PAGE = 1_000;

interface ExportRow {
  leaf_index: unknown;
  body: Record<string, unknown>;
  hash: Uint8Array | null;
}

/** Where an export since `since` starts: the last checkpoint published at or before then (0 without one). */
async function startFor(exec: Executor, tenantId: string, since: string | undefined): Promise<number> {
  if (since === undefined) return 0;
  const [row] = rowsOf<{ size: unknown }>(
    await exec.execute(sql`
      SELECT max(size) AS size FROM audit_checkpoints WHERE tenant_id = ${tenantId} AND published_at <= ${since}`),
  );
  return Number(row?.size ?? 0);
}

/**
 * Lines of the export: integrated events up to the latest checkpoint, each published checkpoint right after
 * the event that completes it (so a verifier localizes a fault to one interval), the latest one last. Each
 * event carries the leaf hash stored in the tree, not one recomputed from its row, so a row changed after
 * integration shows up as a hash mismatch on its own line. An export `since` starts at a checkpoint, opened by
 * the tree's frontier there.
 */
export async function* exportLines(
  exec: Executor,
  publisher: CheckpointPublisher,
  tenantId: string,
  since?: string,
): AsyncGenerator<string> {
  const final = await publisher.latest(tenantId);
  const start = Math.min(await startFor(exec, tenantId, since), final.size);
  const checkpoints = await checkpointsBetween(exec, tenantId, start - 1, final.size);
  if (start > 0) {
    const plan = frontierPlan(start);
    yield formatStartLine(start, assemble(plan, await fetchNodes(exec, tenantId, planNodes(plan))));
  }
  let next = start;
  const flushUpTo = function* (size: number) {
    while (checkpoints[0] && checkpoints[0].size <= size)
      yield formatCheckpointLine(checkpoints.shift()!.note);
  };
  yield* flushUpTo(start);
  while (next < final.size) {
    const rows = rowsOf<ExportRow>(
      await exec.execute(sql`
        SELECT e.leaf_index, e.body, n.hash FROM audit_events e
        LEFT JOIN audit_nodes n ON n.tenant_id = e.tenant_id AND n.level = 0 AND n.idx = e.leaf_index
        WHERE e.tenant_id = ${tenantId} AND e.leaf_index >= ${next} AND e.leaf_index < ${final.size}
        ORDER BY e.leaf_index LIMIT ${PAGE}`),
    );
    if (rows.length === 0) break;
    for (const row of rows) {
      const leafIndex = Number(row.leaf_index);
      yield formatEventLine(
        leafIndex,
        row.body,
        row.hash ? new Uint8Array(row.hash) : eventLeafHash(row.body),
      );
      // A checkpoint follows the event that completes it; after a missing row it waits for the next event,
      // so the verifier reports the gap at that event rather than a size mismatch.
      yield* flushUpTo(leafIndex + 1);
      next = leafIndex + 1;
    }
  }
  yield* flushUpTo(Number.POSITIVE_INFINITY);
}
