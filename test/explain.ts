import { fillPlaceholders } from 'drizzle-orm';
import type { PgDialect } from 'drizzle-orm/pg-core';
import type { Database } from '../src/db/connect.ts';
import type { Compiled } from '../src/db/prepared.ts';

/**
 * EXPLAIN (`options`) of a compiled statement (db/prepared.ts) as its caller sends it, its values bound: the
 * rows each engine answers, for tests and benchmarks that look at what a statement reads.
 */
export async function explainCompiled(
  db: Pick<Database, 'orm' | 'pool' | 'pglite'>,
  statement: Compiled,
  options: string,
): Promise<Record<string, unknown>[]> {
  const { dialect } = db.orm as unknown as { dialect: PgDialect };
  const query = dialect.sqlToQuery(statement.build());
  const text = `EXPLAIN (${options}) ${query.sql}`;
  const params = fillPlaceholders(query.params, statement.values);
  const result = db.pool ? await db.pool.query(text, params) : await db.pglite!.query(text, params);
  return result.rows as Record<string, unknown>[];
}

/** The buffers (hit and read) a compiled statement touches, as EXPLAIN (ANALYZE, BUFFERS) counts them. */
export async function buffersOf(
  db: Pick<Database, 'orm' | 'pool' | 'pglite'>,
  statement: Compiled,
): Promise<number> {
  const [row] = await explainCompiled(db, statement, 'ANALYZE, BUFFERS, COSTS OFF, FORMAT JSON');
  const [{ Plan: plan }] = row!['QUERY PLAN'] as [{ Plan: Record<string, number> }];
  return plan['Shared Hit Blocks']! + plan['Shared Read Blocks']!;
}
