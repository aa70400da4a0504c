// What live streams read of plans and runs when they are notified of a change: a few columns by id.
import { eq } from 'drizzle-orm';
import type { Executor } from '../db/connect.ts';
import { plans } from '../plans/tables.ts';
import { runs } from '../runs/tables.ts';

export async function planUpdate(exec: Executor, id: string) {
  const [row] = await exec
    .select({
      tenant_id: plans.tenant_id,
      status: plans.status,
      revision: plans.revision,
      updated_at: plans.updated_at,
    })
    .from(plans)
    .where(eq(plans.id, id));
  return row;
}

export async function runUpdate(exec: Executor, id: string) {
  const [row] = await exec
    .select({
      tenant_id: runs.tenant_id,
      plan_id: runs.plan_id,
      status: runs.status,
      updated_at: runs.updated_at,
    })
    .from(runs)
    .where(eq(runs.id, id));
  return row;
}
