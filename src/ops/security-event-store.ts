import { and, desc, eq, sql } from 'drizzle-orm';
import type { Executor } from '../db/connect.ts';
import { type SecurityEventRecord, securityEvents } from './tables.ts';

export async function insertSecurityEvent(tx: Executor, row: SecurityEventRecord): Promise<void> {
  await tx.insert(securityEvents).values(row);
}

/** Newest first, `limit` rows after the cursor; without `tenantId`, every tenant's. */
export async function listSecurityEventRows(
  tx: Executor,
  query: {
    tenantId?: string;
    attack_type?: SecurityEventRecord['attack_type'];
    kind?: string;
    since?: string;
    after?: { at: string; id: string };
    limit: number;
  },
): Promise<SecurityEventRecord[]> {
  const { after } = query;
  return tx
    .select()
    .from(securityEvents)
    .where(
      and(
        query.tenantId === undefined ? undefined : eq(securityEvents.tenant_id, query.tenantId),
        query.attack_type ? eq(securityEvents.attack_type, query.attack_type) : undefined,
        query.kind ? eq(securityEvents.kind, query.kind) : undefined,
        // The text as given: PostgreSQL keeps the microseconds a JavaScript Date would drop.
        query.since ? sql`${securityEvents.occurred_at} >= ${query.since}::timestamptz` : undefined,
        after
          ? sql`(${securityEvents.occurred_at}, ${securityEvents.id}) < (${after.at}::timestamptz, ${after.id}::uuid)`
          : undefined,
      ),
    )
    .orderBy(desc(securityEvents.occurred_at), desc(securityEvents.id))
    .limit(query.limit);
}
