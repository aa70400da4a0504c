// Inclusion proofs of many events against one checkpoint, their nodes read in one query: what a document that
// cites hundreds of events (a review pack's claims) carries so a reader can check each against the signed root.
import { conflict, notFound } from '../core/problem.ts';
import type { Executor } from '../db/connect.ts';
import { canonicalEventJson } from './event.ts';
import { assemble, inclusionPlan, leafHash, planNodes } from './merkle.ts';
import { eventsById } from './subject-store.ts';
import { fetchNodes, toHex } from './tree-store.ts';

export interface ProvenEvent {
  event_id: string;
  leaf_index: number;
  /** The bytes the leaf commits to (RFC 8785 canonical JSON): a reader hashes this text as it is. */
  event: string;
  leaf_hash: string;
  /** Audit path from the leaf to the root of the checkpoint's tree, bottom-up (RFC 9162 §2.1.3.1), hex. */
  inclusion: string[];
}

/**
 * Proves each event (in the order given, duplicates once) against the tree of `size` leaves. Throws 404 when an
 * event is not the tenant's, and 409 not_integrated when one is not in that tree yet: a proof is never left out
 * silently, so a citation never counts fewer events than it names without saying so.
 */
export async function proveEvents(
  exec: Executor,
  tenantId: string,
  eventIds: readonly string[],
  size: number,
): Promise<ProvenEvent[]> {
  const ids = [...new Set(eventIds)];
  const rows = new Map((await eventsById(exec, tenantId, ids)).map((row) => [row.event_id, row]));
  const cited = ids.map((id) => {
    const row = rows.get(id);
    if (!row) throw notFound(`audit event ${id}`);
    if (row.leaf_index === null || row.leaf_index >= size)
      throw conflict(`audit event ${id} is not in the tree of ${size} yet; retry shortly`, 'not_integrated');
    return { ...row, leaf_index: row.leaf_index, plan: inclusionPlan(row.leaf_index, size) };
  });
  const leaves = cited.map((c) => [{ level: 0, index: c.leaf_index }]);
  const nodes = await fetchNodes(exec, tenantId, planNodes(leaves, ...cited.map((c) => c.plan)));
  return cited.map((c, i) => {
    const event = canonicalEventJson(c.body);
    const stored = assemble([leaves[i]!], nodes)[0]!;
    // The stored leaf must be this body's hash: otherwise the proof would vouch for other bytes than it shows.
    if (toHex(stored) !== toHex(leafHash(event)))
      throw conflict(`audit event ${c.event_id} does not match its leaf in the tree`, 'audit_mismatch');
    return {
      event_id: c.event_id,
      leaf_index: c.leaf_index,
      event,
      leaf_hash: toHex(stored),
      inclusion: assemble(c.plan, nodes).map(toHex),
    };
  });
}
