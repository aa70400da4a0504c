// The audit export of one tenant's log (format: export-format.ts), streamed page by page in leaf order.
import type { Executor } from '../db/connect.ts';
import type { CheckpointPublisher } from './checkpoints.ts';
import { eventLeafHash } from './event.ts';
import { storedListings } from './event-signers.ts';
import {
  formatCheckpointLine,
  formatEventLine,
  formatSignerLine,
  formatStartLine,
  formatUnsignedPrefixLine,
} from './export-format.ts';
import { exportPage } from './export-store.ts';
import { assemble, frontierPlan, planNodes } from './merkle.ts';
import { checkpointSizeAt, checkpointsBetween, fetchNodes, originOf } from './tree-store.ts';
import { sealedPrefix } from './unsigned-prefix-store.ts';

/** Leaves per query: large enough that round trips do not count, small enough to keep a page's rows in memory. */
export const EXPORT_PAGE = 4_096;

/**
 * The export as text chunks, each one or more whole lines ending in "\n" (a page of events and the checkpoints
 * they complete): a consumer writes chunks, not 200k separate lines, and pulls the next only when it wants more,
 * which is the HTTP reply's backpressure. The next page's query runs while this one is formatted, so on
 * PostgreSQL the database and the formatting overlap.
 *
 * The lines: integrated events up to the latest checkpoint, each published checkpoint right after the event that
 * completes it (so a verifier localizes a fault to one interval), the latest one last. Each event carries the leaf
 * hash stored in the tree, not one recomputed from its row, so a row changed after integration shows up as a hash
 * mismatch on its own line. An export `since` starts at a checkpoint, opened by the tree's frontier there.
 */
export async function* exportChunks(
  exec: Executor,
  publisher: Pick<CheckpointPublisher, 'latest'>,
  tenantId: string,
  since?: string,
  page = EXPORT_PAGE,
): AsyncGenerator<string> {
  const final = await publisher.latest(tenantId);
  // An export since a time starts at the last checkpoint published by then.
  const start = since === undefined ? 0 : Math.min(await checkpointSizeAt(exec, tenantId, since), final.size);
  // Every checkpoint of the range in one query; they are few (one per publishing interval) beside the events.
  const checkpoints = await checkpointsBetween(exec, tenantId, start - 1, final.size);
  let pending = 0;
  const lines: string[] = [];
  const flushUpTo = (size: number) => {
    while (pending < checkpoints.length && checkpoints[pending]!.size <= size)
      lines.push(formatCheckpointLine(checkpoints[pending++]!.note));
  };
  const chunk = () => {
    const text = `${lines.join('\n')}\n`;
    lines.length = 0;
    return text;
  };
  if (start > 0) {
    const plan = frontierPlan(start);
    lines.push(formatStartLine(start, assemble(plan, await fetchNodes(exec, tenantId, planNodes(plan)))));
  }
  flushUpTo(start);
  // The signers, before the events they signed: the verifier checks each listing with the installation key.
  for (const listing of await storedListings(exec)) lines.push(formatSignerLine(listing));
  // A log that began before writers signed: the statement that excuses its first events (unsigned-prefix.ts).
  const prefix = await sealedPrefix(exec, tenantId);
  if (prefix) {
    const root = Buffer.from(prefix.root).toString('hex');
    lines.push(formatUnsignedPrefixLine({ ...prefix, origin: originOf(tenantId), root }));
  }
  const fetchFrom = (from: number) => exportPage(exec, tenantId, from, Math.min(from + page, final.size));
  let next = start < final.size ? fetchFrom(start) : undefined;
  for (let from = start; next !== undefined; from += page) {
    const { events, hashes } = await next;
    next = from + page < final.size ? fetchFrom(from + page) : undefined;
    // Not awaited until the next turn; a failure then ends the export there, and must not go unhandled now.
    next?.catch(() => {});
    for (const row of events) {
      const stored = hashes.get(row.leaf_index);
      lines.push(formatEventLine(row.leaf_index, row.body, stored ?? eventLeafHash(row.body)));
      // A checkpoint follows the event that completes it; after a missing row it waits for the next event,
      // so the verifier reports the gap at that event rather than a size mismatch.
      flushUpTo(row.leaf_index + 1);
    }
    if (lines.length > 0) yield chunk();
  }
  flushUpTo(Number.POSITIVE_INFINITY);
  if (lines.length > 0) yield chunk();
}

/** The export line by line (without newlines), for callers that read lines rather than stream text. */
export async function* exportLines(
  exec: Executor,
  publisher: Pick<CheckpointPublisher, 'latest'>,
  tenantId: string,
  since?: string,
  page = EXPORT_PAGE,
): AsyncGenerator<string> {
  for await (const text of exportChunks(exec, publisher, tenantId, since, page))
    yield* text.slice(0, -1).split('\n');
}
