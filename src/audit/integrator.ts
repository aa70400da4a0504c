// The integrator: gives committed audit rows their leaf index, in commit order, and grows each tenant's tree.
// Writers only INSERT (appendAudit) and never wait on it; one integrator runs at a time across processes.
import type { Clock } from '../core/clock.ts';
import type { Executor, Orm } from '../db/connect.ts';
import { notify } from '../db/notify.ts';
import { AUDIT_CREATED_CHANNEL } from './append.ts';
import { eventLeafHash } from './event.ts';
import { appendLeaves, assemble, frontierPlan, planNodes } from './merkle.ts';
import { lockIntegrator, pendingEvents, setLeafIndexes } from './store.ts';
import { fetchNodes, insertNodes, readHead, writeHead } from './tree-store.ts';

export const INTEGRATE_BATCH = 2_000;

type PendingEvent = Awaited<ReturnType<typeof pendingEvents>>[number];

/**
 * Integrates up to `batch` pending rows in one transaction and returns how many. Rows are visible here only
 * once committed, so a row with a lower seq that commits later simply gets a later leaf index: leaf order is
 * commit order, and leaf indexes stay gap-free.
 */
export async function integrate(orm: Orm, clock: Clock, batch = INTEGRATE_BATCH): Promise<number> {
  return orm.transaction(async (tx) => {
    await lockIntegrator(tx);
    const pending = await pendingEvents(tx, batch);
    const byTenant = Map.groupBy(pending, (row) => row.tenant_id);
    const now = clock.now();
    for (const [tenantId, rows] of byTenant) await integrateTenant(tx, tenantId, rows, now);
    return pending.length;
  });
}

async function integrateTenant(
  tx: Executor,
  tenantId: string,
  rows: PendingEvent[],
  now: Date,
): Promise<void> {
  const head = await readHead(tx, tenantId);
  const plan = frontierPlan(head.size);
  const frontier = assemble(plan, await fetchNodes(tx, tenantId, planNodes(plan)));
  const grown = appendLeaves(
    head.size,
    frontier,
    rows.map((row) => eventLeafHash(row.body)),
  );
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
