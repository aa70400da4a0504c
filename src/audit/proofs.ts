// Inclusion and consistency proofs, each read from storage in one query (planNodes), O(log n) nodes.
import { conflict, invalid, notFound, Problem } from '../core/problem.ts';
import type { Executor } from '../db/connect.ts';
import type { CheckpointPublisher } from './checkpoints.ts';
import { eventLeafHash } from './event.ts';
import { assemble, consistencyPlan, inclusionPlan, planNodes, rootPlan } from './merkle.ts';
import { findEvent } from './store.ts';
import { fetchNodes, readCheckpoint, readHead, type StoredCheckpoint, toHex } from './tree-store.ts';

export interface InclusionProof {
  event_id: string;
  leaf_index: number;
  tree_size: number;
  leaf_hash: string;
  root: string;
  inclusion: string[];
  /** The signed checkpoint of tree_size, when one was published at that size. */
  checkpoint: string | null;
}

export interface ConsistencyProof {
  from: number;
  to: number;
  from_root: string;
  to_root: string;
  proof: string[];
  checkpoint: string | null;
}

/** The event's content no longer hashes to its stored leaf: it was changed after integration (a 409). */
export class AlteredEventError extends Problem {
  readonly fault: { event_id: string; leaf_index: number; detail: string };
  constructor(eventId: string, leafIndex: number) {
    const detail = `event ${eventId} at leaf ${leafIndex} no longer hashes to its stored leaf: it was changed after integration`;
    super(409, 'audit_event_altered', detail, { leaf_index: leafIndex });
    this.fault = { event_id: eventId, leaf_index: leafIndex, detail };
  }
}

/** The tree size a proof is for: the given one (checked against the head) or the latest checkpoint's. */
async function proofTarget(
  exec: Executor,
  publisher: Pick<CheckpointPublisher, 'latest'>,
  tenantId: string,
  size: number | undefined,
): Promise<{ size: number; checkpoint: StoredCheckpoint | undefined }> {
  if (size === undefined) {
    const checkpoint = await publisher.latest(tenantId);
    return { size: checkpoint.size, checkpoint };
  }
  const head = await readHead(exec, tenantId);
  if (size > head.size) throw invalid(`the tree has ${head.size} leaves, not ${size}`, 'size_beyond_tree');
  return { size, checkpoint: await readCheckpoint(exec, tenantId, size) };
}

export async function inclusionProof(
  exec: Executor,
  publisher: Pick<CheckpointPublisher, 'latest'>,
  tenantId: string,
  eventId: string,
  size: number | undefined,
  retryAfterMs: number,
): Promise<InclusionProof> {
  const event = await findEvent(exec, tenantId, eventId);
  if (!event) throw notFound('audit event');
  const leafIndex = event.leaf_index;
  if (leafIndex === null) {
    throw conflict('the event is not in the tree yet; retry shortly', 'not_integrated', {
      retry_after_ms: retryAfterMs,
    });
  }
  const target = await proofTarget(exec, publisher, tenantId, size);
  if (leafIndex >= target.size) {
    throw invalid(`leaf ${leafIndex} is not in a tree of size ${target.size}`, 'leaf_beyond_size');
  }
  const leaf = { level: 0, index: leafIndex };
  const plan = inclusionPlan(leafIndex, target.size);
  const root = rootPlan(target.size);
  const nodes = await fetchNodes(exec, tenantId, planNodes(plan, root, [[leaf]]));
  const storedLeaf = toHex(assemble([[leaf]], nodes)[0]!);
  // A proof vouches for the stored leaf: served with a changed event, it would vouch for content never signed.
  if (toHex(eventLeafHash(event.body)) !== storedLeaf) throw new AlteredEventError(eventId, leafIndex);
  return {
    event_id: eventId,
    leaf_index: leafIndex,
    tree_size: target.size,
    leaf_hash: storedLeaf,
    root: toHex(assemble(root, nodes)[0]!),
    inclusion: assemble(plan, nodes).map(toHex),
    checkpoint: target.checkpoint?.note ?? null,
  };
}

export async function consistencyProof(
  exec: Executor,
  publisher: Pick<CheckpointPublisher, 'latest'>,
  tenantId: string,
  from: number,
  to: number | undefined,
): Promise<ConsistencyProof> {
  const target = await proofTarget(exec, publisher, tenantId, to);
  if (from > target.size) throw invalid(`from (${from}) is beyond to (${target.size})`, 'from_beyond_to');
  const plan = consistencyPlan(from, target.size);
  const [fromRoot, toRoot] = [rootPlan(from), rootPlan(target.size)];
  const nodes = await fetchNodes(exec, tenantId, planNodes(plan, fromRoot, toRoot));
  return {
    from,
    to: target.size,
    from_root: toHex(assemble(fromRoot, nodes)[0]!),
    to_root: toHex(assemble(toRoot, nodes)[0]!),
    proof: assemble(plan, nodes).map(toHex),
    checkpoint: target.checkpoint?.note ?? null,
  };
}
