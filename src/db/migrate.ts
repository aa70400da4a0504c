import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { eq, sql } from 'drizzle-orm';
import type { Orm } from './connect.ts';
import { splitStatements } from './sql-script.ts';
import { warrantMigrations } from './tables.ts';

export const migrationsDir = new URL('../../migrations/', import.meta.url).pathname;

// Any constant works; it only has to be the same in every Warrant process.
const MIGRATION_LOCK = 7_215_001;

export interface MigrationResult {
  applied: string[];
  current: string[];
}

/**
 * Applies pending migrations in name order, each in its own transaction with its bookkeeping row,
 * so a failing migration leaves the database exactly as it was. An advisory lock makes concurrent
 * starts (API replicas, workers) take turns.
 */
export async function migrate(orm: Orm, dir: string = migrationsDir): Promise<MigrationResult> {
  const files = (await readdir(dir)).filter((name) => name.endsWith('.sql')).sort();
  const ids = files.map((file) => file.replace(/\.sql$/, ''));
  // One transaction reads what is applied, so an up-to-date database (every start but the first) costs one
  // round of statements, not one transaction per file. A file seen as pending is checked again under the lock
  // in its own transaction: another process may apply it in between, and the set of applied files only grows.
  const seen = await orm.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`);
    await tx.execute(
      sql`CREATE TABLE IF NOT EXISTS warrant_migrations (id text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    return new Set(
      (await tx.select({ id: warrantMigrations.id }).from(warrantMigrations)).map((row) => row.id),
    );
  });
  const applied: string[] = [];
  for (const [index, file] of files.entries()) {
    const id = ids[index]!;
    if (seen.has(id)) continue;
    const script = await readFile(join(dir, file), 'utf8');
    await orm.transaction(async (tx) => {
      await tx.execute(sql`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`);
      const done = await tx
        .select({ id: warrantMigrations.id })
        .from(warrantMigrations)
        .where(eq(warrantMigrations.id, id));
      if (done.length > 0) return;
      for (const statement of splitStatements(script)) {
        try {
          await tx.execute(sql.raw(statement));
        } catch (error) {
          throw new Error(
            `migration ${file} failed: ${(error as Error).message}\n  in: ${statement.slice(0, 200)}`,
            {
              cause: error,
            },
          );
        }
      }
      await tx.insert(warrantMigrations).values({ id });
      applied.push(id);
    });
  }
  return { applied, current: ids };
}
