import { eq, inArray, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Executor } from '../../db/connect.ts';
import { actors } from '../../tenancy/tables.ts';
import { planRevisions, plans } from '../tables.ts';
import { approvals } from './tables.ts';
import type { PersonRecord } from './voters.ts';

/** Stores one vote; the table's unique keys refuse a second one by the same actor or person. */
export async function insertVote(tx: Executor, vote: typeof approvals.$inferInsert): Promise<void> {
  await tx.insert(approvals).values(vote);
}

/** Creation chains are short (an admin's keys); the bound only guards against a cycle written by hand. */
const MAX_CHAIN = 32;

const chainRows = z.object({
  rows: z.array(z.object({ id: z.string(), person: z.string(), created_by: z.string().nullable() })),
});

/** The actor and every actor up its `created_by` chain, nearest first; empty when not in the tenant. */
export async function creationChain(
  tx: Executor,
  tenantId: string,
  actorId: string,
): Promise<PersonRecord[]> {
  // A recursive query, which the query builder does not write.
  const result = await tx.execute(sql`
    WITH RECURSIVE chain AS (
      SELECT id, person, created_by, 0 AS depth FROM actors WHERE id = ${actorId} AND tenant_id = ${tenantId}
      UNION ALL
      SELECT a.id, a.person, a.created_by, chain.depth + 1
      FROM actors a JOIN chain ON a.id = chain.created_by
      WHERE chain.depth < ${MAX_CHAIN} AND a.tenant_id = ${tenantId}
    )
    SELECT id, person, created_by FROM chain ORDER BY depth`);
  return chainRows.parse(result).rows;
}

/** Everyone who wrote a revision of the plan, its creator included. */
export async function planWriters(tx: Executor, planId: string): Promise<PersonRecord[]> {
  return tx
    .select({ id: actors.id, person: actors.person, created_by: actors.created_by })
    .from(actors)
    .where(
      or(
        inArray(
          actors.id,
          tx
            .select({ id: planRevisions.author_id })
            .from(planRevisions)
            .where(eq(planRevisions.plan_id, planId)),
        ),
        inArray(actors.id, tx.select({ id: plans.creator_id }).from(plans).where(eq(plans.id, planId))),
      ),
    );
}
