// The integrator: gives committed audit rows their leaf index, in commit order, and grows each tenant's tree.
// Writers only INSERT (appendAudit) and never wait on it; one integrator runs at a time across processes.
// A row whose signature does not verify (event-signer.ts) never enters the tree: it is quarantined, and its
// tenant's integration halts until an admin resolves it, while the other tenants go on. The one exception: the
// unsigned rows migration 0017 found pending at the upgrade (unsigned-prefix.ts).
import type { Clock } from '../core/clock.ts';
import type { Executor, Orm } from '../db/connect.ts';
import { notify } from '../db/notify.ts';
import { AUDIT_CREATED_CHANNEL } from './append.ts';
import { eventLeafHash } from './event.ts';
import { checkEventSignature, type SignatureFault, signedByThisProcess } from './event-signer.ts';
import type { EventSigners } from './event-signers.ts';
import { type FaultListener, recordFault } from './faults.ts';
import { appendLeaves, assemble, frontierPlan, planNodes } from './merkle.ts';
import {
  lockIntegrator,
  movePendingFloor,
  pendingEvents,
  readPendingFloor,
  setLeafIndexes,
} from './store.ts';
import { fetchNodes, insertNodes, readHead, writeHead } from './tree-store.ts';
import { legacyPendingSeqs } from './unsigned-prefix-store.ts';

export const INTEGRATE_BATCH = 2_000;

type PendingEvent = Awaited<ReturnType<typeof pendingEvents>>[number];

export interface IntegrationTrust {
  signers: EventSigners;
  onFault?: FaultListener | undefined;
}

const FAULT_DETAIL: Record<SignatureFault, string> = {
  unsigned: 'the event carries no valid signature',
  unknown_signer: 'the event is signed by a key no listing of this installation vouches for',
  bad_signature: 'the event’s signature does not match its content',
};

/**
 * Integrates up to `batch` pending rows in one transaction and returns how many were read. Rows are visible here
 * only once committed, so a row with a lower seq that commits later simply gets a later leaf index: leaf order is
 * commit order across batches (within one, the order of the writers' transactions), and leaf indexes stay gap-free.
 */
export async function integrate(
  orm: Orm,
  clock: Clock,
  trust: IntegrationTrust,
  batch = INTEGRATE_BATCH,
): Promise<number> {
  return orm.transaction(async (tx) => {
    await lockIntegrator(tx);
    const { floor, horizon } = await readPendingFloor(tx);
    const pending = await pendingEvents(tx, floor, batch);
    const byTenant = Map.groupBy(pending, (row) => row.tenant_id);
    const now = clock.now();
    let reloaded = false;
    for (const [tenantId, rows] of byTenant) {
      const leaves = rows.map((row) => eventLeafHash(row.body));
      let refused = firstRefused(rows, leaves, trust.signers);
      let legacy: ReadonlySet<number> | undefined;
      while (refused) {
        // A signer listed since the cache was filled (another process started): read the listings once, again.
        if (refused.fault === 'unknown_signer' && !reloaded) {
          await trust.signers.reload(tx);
          reloaded = true;
        } else if (refused.fault === 'unsigned') {
          // Written before writers signed, and pending at the upgrade (unsigned-prefix.ts): taken as it is.
          legacy ??= await legacyPendingSeqs(tx, tenantId);
          if (!legacy.has(rows[refused.index]!.seq)) break;
          refused = firstRefused(rows, leaves, trust.signers, refused.index + 1);
          continue;
        } else break;
        refused = firstRefused(rows, leaves, trust.signers, refused.index);
      }
      const taken = refused === undefined ? rows.length : refused.index;
      if (taken > 0) await integrateTenant(tx, tenantId, rows.slice(0, taken), leaves.slice(0, taken), now);
      if (refused) await quarantine(tx, rows[refused.index]!, refused.fault, now, trust.onFault);
    }
    // Only beside a batch's writes: an idle integrator commits nothing.
    if (pending.length > 0) {
      const next = nextPendingFloor(floor, horizon, pending, batch);
      if (next !== floor) await movePendingFloor(tx, next);
    }
    return pending.length;
  });
}

/**
 * Where the next pending read may start. Below the horizon every transaction had ended before this read, so
 * each of its rows was read here: taken, refused, or of a halted tenant. A full batch may have left rows, all at
 * or above the last one read (the read's order). Never lower than `floor`.
 */
export function nextPendingFloor(
  floor: string,
  horizon: string,
  read: readonly { txid: string }[],
  batch: number,
): string {
  let next = BigInt(horizon);
  const last = read.length === batch ? BigInt(read.at(-1)!.txid) : next;
  if (last < next) next = last;
  return next > BigInt(floor) ? next.toString() : floor;
}

/** The first row (in the read's order) whose signature does not hold; the rows before it are integrated. */
function firstRefused(
  rows: readonly PendingEvent[],
  leaves: readonly Uint8Array[],
  signers: EventSigners,
  from = 0,
): { index: number; fault: SignatureFault } | undefined {
  const lookup = (keyId: string) => signers.lookup(keyId);
  for (let i = from; i < rows.length; i++) {
    const body = rows[i]!.body;
    // The bytes this process signed need no Ed25519 check: equal leaf hashes mean equal bytes.
    if (signedByThisProcess(body.event_id, leaves[i]!)) continue;
    const fault = checkEventSignature(body, lookup);
    if (fault) return { index: i, fault };
  }
  return undefined;
}

async function quarantine(
  tx: Executor,
  row: PendingEvent,
  kind: SignatureFault,
  now: Date,
  onFault: FaultListener | undefined,
): Promise<void> {
  // The column, not the body: the body of a forged row may hold anything.
  const eventId = row.event_id;
  const fault = {
    tenant_id: row.tenant_id,
    kind,
    seq: row.seq,
    event_id: eventId,
    leaf_index: null,
    detail: `${FAULT_DETAIL[kind]} (event ${eventId}, action ${String(row.body.action)}); the tenant's integration is halted`,
  };
  await recordFault(tx, fault, row.body, now, onFault);
}

async function integrateTenant(
  tx: Executor,
  tenantId: string,
  rows: PendingEvent[],
  leaves: Uint8Array[],
  now: Date,
): Promise<void> {
  const head = await readHead(tx, tenantId);
  const plan = frontierPlan(head.size);
  const frontier = assemble(plan, await fetchNodes(tx, tenantId, planNodes(plan)));
  const grown = appendLeaves(head.size, frontier, leaves);
  await insertNodes(tx, tenantId, grown.nodes);
  await setLeafIndexes(
    tx,
    rows.map((row) => row.seq),
    head.size,
  );
  await writeHead(tx, tenantId, grown, now);
  // Live streams hear of events once they are in the tree. Notifying here, once per batch, rather than
  // from every writer's commit: PostgreSQL serializes commits that NOTIFY, which halved concurrent appends.
  const ids = rows.map((row) => row.body.event_id);
  for (let i = 0; i < ids.length; i += NOTIFY_CHUNK) {
    await notify(tx, AUDIT_CREATED_CHANNEL, `${tenantId}:${ids.slice(i, i + NOTIFY_CHUNK).join(',')}`);
  }
}

// 150 ids of 36 characters keep a notification under PostgreSQL's 8,000-byte payload limit.
const NOTIFY_CHUNK = 150;
