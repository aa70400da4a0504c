// The audit export of one tenant's log (format: export-format.ts), streamed page by page in leaf order.
import type { Executor } from '../db/connect.ts';
import type { CheckpointPublisher } from './checkpoints.ts';
import { eventLeafHash } from './event.ts';
import { storedListings } from './event-signers.ts';
import { formatCheckpointLine, formatEventLine, formatSignerLine, formatStartLine } from './export-format.ts';
import { assemble, frontierPlan, planNodes } from './merkle.ts';
import { leavesBetween } from './store.ts';
import { checkpointSizeAt, checkpointsBetween, fetchNodes } from './tree-store.ts';

const PAGE = 1_000;

/**
 * Lines of the export: integrated events up to the latest checkpoint, each published checkpoint right after
 * the event that completes it (so a verifier localizes a fault to one interval), the latest one last. Each
 * event carries the leaf hash stored in the tree, not one recomputed from its row, so a row changed after
 * integration shows up as a hash mismatch on its own line. An export `since` starts at a checkpoint, opened by
 * the tree's frontier there.
 */
export async function* exportLines(
  exec: Executor,
  publisher: Pick<CheckpointPublisher, 'latest'>,
  tenantId: string,
  since?: string,
): AsyncGenerator<string> {
  const final = await publisher.latest(tenantId);
  // An export since a time starts at the last checkpoint published by then.
  const start = since === undefined ? 0 : Math.min(await checkpointSizeAt(exec, tenantId, since), final.size);
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
  // The signers, before the events they signed: the verifier checks each listing with the installation key.
  for (const listing of await storedListings(exec)) yield formatSignerLine(listing);
  while (next < final.size) {
    const rows = await leavesBetween(exec, tenantId, next, final.size, PAGE);
    if (rows.length === 0) break;
    for (const row of rows) {
      const leafIndex = row.leaf_index;
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
