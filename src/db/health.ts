import { sql } from 'drizzle-orm';
import type { Executor } from './connect.ts';

/** Answers once the database does: the readiness probe's question. */
export async function ping(db: Executor): Promise<void> {
  await db.execute(sql`SELECT 1`);
}
