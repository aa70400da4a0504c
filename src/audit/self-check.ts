// The self-check (issue 17): the server re-reads what it stored and compares it with what it signed. Per tenant:
// - a window of events, the newest ones and a rotating window of older ones, rehashed against the stored leaves;
// - the head's root against the stored tree;
// - each checkpoint published since the last run, consistent (RFC 9162 §2.1.4) with the one before, which catches
//   a history rewritten with its nodes; and the checkpoint seen last still stored as it was (a fork or a cut tail).
// What it remembers is kept in memory: a restart re-anchors on the newest checkpoint, whose signature is checked.
import type { Clock } from '../core/clock.ts';
import type { Database, Executor } from '../db/connect.ts';
import {
  CheckpointError,
  parseAndVerifyCheckpoint,
  parseVerifierKey,
  type VerifierKey,
} from './checkpoint.ts';
import { eventLeafHash } from './event.ts';
import { type FaultListener, type IntegrityFault, recordFault } from './faults.ts';
import {
  assemble,
  consistencyPlan,
  MissingNodeError,
  type NodeId,
  nodeHash,
  nodeKey,
  planNodes,
  rootPlan,
  verifyConsistency,
} from './merkle.ts';
import { listHeads } from './self-check-store.ts';
import { leavesBetween } from './store.ts';
import { checkpointsBetween, fetchNodes, readCheckpoint } from './tree-store.ts';

export interface SelfCheckDeps {
  db: Pick<Database, 'orm'>;
  verifierKey: string;
  clock: Clock;
  /** Events re-read per window (two windows per tenant and run). */
  window: number;
  onFault?: FaultListener | undefined;
}

type Fault = Omit<IntegrityFault, 'id' | 'tenant_id'>;

interface TenantState {
  /** Where the rotating window of older events starts next. */
  cursor: number;
  /** The newest checkpoint verified so far, with the root its signature vouches for. */
  checkpoint?: { size: number; root: Buffer };
}

const same = (a: Uint8Array, b: Uint8Array) => Buffer.compare(a, b) === 0;

export class SelfCheck {
  readonly #db: Pick<Database, 'orm'>;
  readonly #key: VerifierKey;
  readonly #clock: Clock;
  readonly #window: number;
  readonly #onFault: FaultListener | undefined;
  readonly #tenants = new Map<string, TenantState>();

  constructor(deps: SelfCheckDeps) {
    this.#db = deps.db;
    this.#key = parseVerifierKey(deps.verifierKey);
    this.#clock = deps.clock;
    this.#window = Math.max(1, deps.window);
    this.#onFault = deps.onFault;
  }

  /** Checks every tenant's log once; returns the faults recorded by this run (one already open is not again). */
  async run(): Promise<IntegrityFault[]> {
    const orm = this.#db.orm;
    const recorded: IntegrityFault[] = [];
    for (const head of await listHeads(orm)) {
      const faults = await this.#checkTenant(orm, head.tenant_id, head.size, new Uint8Array(head.root));
      for (const fault of faults) {
        const isNew = await recordFault(
          orm,
          { ...fault, tenant_id: head.tenant_id },
          null,
          this.#clock.now(),
          this.#onFault,
        );
        if (isNew) recorded.push(isNew);
      }
    }
    return recorded;
  }

  async #checkTenant(exec: Executor, tenantId: string, size: number, headRoot: Uint8Array): Promise<Fault[]> {
    const state = this.#tenants.get(tenantId) ?? { cursor: 0 };
    this.#tenants.set(tenantId, state);
    const newest = Math.max(0, size - this.#window);
    const older = Math.min(state.cursor, newest);
    const olderEnd = Math.min(older + this.#window, newest);
    state.cursor = olderEnd >= newest ? 0 : olderEnd;
    const faults = [
      ...(await this.#checkLeaves(exec, tenantId, newest, size)),
      ...(await this.#checkLeaves(exec, tenantId, older, olderEnd)),
    ];
    try {
      if (!same(await this.#rootAt(exec, tenantId, size), headRoot)) {
        faults.push(checkpointFault(size, `the tree head of size ${size} does not match the stored tree`));
      }
      faults.push(...(await this.#checkCheckpoints(exec, tenantId, size, state)));
    } catch (error) {
      if (!(error instanceof MissingNodeError)) throw error;
      faults.push(checkpointFault(size, `the stored tree lacks a node: ${error.message}`));
    }
    return faults;
  }

  /** Rehashes the events of leaves [from, to) and compares each with its stored leaf. */
  async #checkLeaves(exec: Executor, tenantId: string, from: number, to: number): Promise<Fault[]> {
    if (to <= from) return [];
    const rows = await leavesBetween(exec, tenantId, from, to, to - from);
    const byLeaf = new Map(rows.map((row) => [row.leaf_index, row]));
    const faults: Fault[] = [];
    // The window's leaves as its events hash now, then its complete subtrees built from them.
    const computed = new Map<string, Uint8Array>();
    for (let leaf = from; leaf < to; leaf++) {
      const row = byLeaf.get(leaf);
      if (!row?.hash) {
        faults.push({
          kind: 'missing_leaf',
          seq: null,
          event_id: row ? String(row.body.event_id) : null,
          leaf_index: leaf,
          detail: row ? `leaf ${leaf} has an event but no stored leaf hash` : `no event holds leaf ${leaf}`,
        });
        continue;
      }
      const hash = eventLeafHash(row.body);
      computed.set(nodeKey(0, leaf), hash);
      if (!same(hash, row.hash)) {
        faults.push({
          kind: 'leaf_mismatch',
          seq: null,
          event_id: String(row.body.event_id),
          leaf_index: leaf,
          detail: `event ${String(row.body.event_id)} at leaf ${leaf} no longer hashes to its stored leaf: it was changed after integration`,
        });
      }
    }
    if (faults.length === 0) faults.push(...(await this.#checkSubtrees(exec, tenantId, from, to, computed)));
    return faults;
  }

  /**
   * Compares the stored nodes of the complete subtrees inside [from, to) with the ones built from the events: an
   * event changed together with its stored leaf still differs from its stored parent, and the nodes above are
   * held to the signed roots by the checkpoint checks. The first difference is reported.
   */
  async #checkSubtrees(
    exec: Executor,
    tenantId: string,
    from: number,
    to: number,
    computed: Map<string, Uint8Array>,
  ): Promise<Fault[]> {
    const ids: NodeId[] = [];
    for (let level = 1; 2 ** level <= to - from; level++) {
      const width = 2 ** level;
      for (let index = Math.ceil(from / width); (index + 1) * width <= to; index++)
        ids.push({ level, index });
    }
    const stored = await fetchNodes(exec, tenantId, ids);
    for (const { level, index } of ids) {
      const left = computed.get(nodeKey(level - 1, 2 * index));
      const right = computed.get(nodeKey(level - 1, 2 * index + 1));
      if (!left || !right) continue;
      const hash = nodeHash(left, right);
      computed.set(nodeKey(level, index), hash);
      const kept = stored.get(nodeKey(level, index));
      if (!kept || !same(kept, hash)) {
        const [first, last] = [index * 2 ** level, (index + 1) * 2 ** level - 1];
        return [
          {
            kind: 'leaf_mismatch',
            seq: null,
            event_id: null,
            leaf_index: first,
            detail: `the stored tree node over leaves ${first}..${last} does not match their events: an event and its leaf were changed`,
          },
        ];
      }
    }
    return [];
  }

  async #checkCheckpoints(
    exec: Executor,
    tenantId: string,
    size: number,
    state: TenantState,
  ): Promise<Fault[]> {
    const seen = state.checkpoint;
    if (seen === undefined) {
      const latest = await readCheckpoint(exec, tenantId);
      if (!latest) return [];
      const verified = this.#verifyNote(latest.note, latest.size);
      if (typeof verified === 'string') return [checkpointFault(latest.size, verified)];
      if (!same(await this.#rootAt(exec, tenantId, latest.size), verified)) {
        return [
          checkpointFault(
            latest.size,
            `the stored tree does not match the checkpoint of size ${latest.size}`,
          ),
        ];
      }
      state.checkpoint = { size: latest.size, root: verified };
      return [];
    }
    if (size < seen.size) {
      return [checkpointFault(seen.size, `the tree shrank from ${seen.size} to ${size} leaves`)];
    }
    // The checkpoint seen last must still be there as signed: a replaced one is a fork of the history.
    const again = await readCheckpoint(exec, tenantId, seen.size);
    const againRoot = again && this.#verifyNote(again.note, seen.size);
    if (!(againRoot instanceof Buffer) || !same(againRoot, seen.root)) {
      return [checkpointFault(seen.size, `the checkpoint of size ${seen.size} was removed or replaced`)];
    }
    if (!same(await this.#rootAt(exec, tenantId, seen.size), seen.root)) {
      return [
        checkpointFault(seen.size, `the stored tree no longer matches the checkpoint of size ${seen.size}`),
      ];
    }
    for (const next of await checkpointsBetween(exec, tenantId, seen.size, size)) {
      const root = this.#verifyNote(next.note, next.size);
      if (typeof root === 'string') return [checkpointFault(next.size, root)];
      const plan = consistencyPlan(seen.size, next.size);
      const [fromPlan, toPlan] = [rootPlan(seen.size), rootPlan(next.size)];
      const nodes = await fetchNodes(exec, tenantId, planNodes(plan, fromPlan, toPlan));
      const consistent =
        same(assemble(fromPlan, nodes)[0]!, seen.root) &&
        same(assemble(toPlan, nodes)[0]!, root) &&
        verifyConsistency(seen.size, next.size, assemble(plan, nodes), seen.root, root);
      if (!consistent) {
        return [
          checkpointFault(
            next.size,
            `the checkpoint of size ${next.size} is not consistent with the one of size ${seen.size}`,
          ),
        ];
      }
      seen.size = next.size;
      seen.root = root;
    }
    return [];
  }

  /** The root a note's signature vouches for, or why it does not verify. */
  #verifyNote(note: string, size: number): Buffer | string {
    try {
      const checkpoint = parseAndVerifyCheckpoint(note, this.#key);
      if (checkpoint.size !== size)
        return `the checkpoint stored for size ${size} is signed for ${checkpoint.size}`;
      return Buffer.from(checkpoint.rootHash);
    } catch (error) {
      if (!(error instanceof CheckpointError)) throw error;
      return `the checkpoint of size ${size} does not verify: ${error.message}`;
    }
  }

  async #rootAt(exec: Executor, tenantId: string, size: number): Promise<Uint8Array> {
    const plan = rootPlan(size);
    return assemble(plan, await fetchNodes(exec, tenantId, planNodes(plan)))[0]!;
  }
}

const checkpointFault = (size: number, detail: string): Fault => ({
  kind: 'checkpoint_mismatch',
  seq: null,
  event_id: null,
  leaf_index: size,
  detail,
});
