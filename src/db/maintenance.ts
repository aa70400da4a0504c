import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Logger } from '../core/logger.ts';
import type { Database } from './connect.ts';

/**
 * What PostgreSQL's autovacuum weighs for one table (its relation_needs_vacanalyze): the rows the table held at
 * its last VACUUM or ANALYZE (`reltuples`, 0 before either), the dead row versions and the rows inserted or
 * changed since, and the thresholds in force for it (the server's settings, or the table's own storage options).
 */
export interface TableActivity {
  schema: string;
  table: string;
  reltuples: number;
  dead: number;
  insertedSinceVacuum: number;
  modifiedSinceAnalyze: number;
  vacuumThreshold: number;
  vacuumScaleFactor: number;
  insertThreshold: number;
  insertScaleFactor: number;
  analyzeThreshold: number;
  analyzeScaleFactor: number;
}

/** A VACUUM (with ANALYZE, which it makes as cheap as it will ever be), an ANALYZE alone, or nothing. */
export type Upkeep = 'vacuum' | 'analyze' | undefined;

/** autovacuum's rule: past its threshold plus its share of the table, dead rows call for a VACUUM, changes for an ANALYZE. */
export function upkeepDue(table: TableActivity): Upkeep {
  const rows = Math.max(table.reltuples, 0);
  if (
    table.dead > table.vacuumThreshold + table.vacuumScaleFactor * rows ||
    (table.insertThreshold >= 0 &&
      table.insertedSinceVacuum > table.insertThreshold + table.insertScaleFactor * rows)
  )
    return 'vacuum';
  if (table.modifiedSinceAnalyze > table.analyzeThreshold + table.analyzeScaleFactor * rows) return 'analyze';
  return undefined;
}

const number = z.coerce.number();
const activityRows = z.object({
  rows: z.array(
    z.object({
      schema: z.string(),
      table: z.string(),
      reltuples: number,
      dead: number,
      insertedSinceVacuum: number,
      modifiedSinceAnalyze: number,
      vacuumThreshold: number,
      vacuumScaleFactor: number,
      insertThreshold: number,
      insertScaleFactor: number,
      analyzeThreshold: number,
      analyzeScaleFactor: number,
    }),
  ),
});

/** A table's storage option if it sets one, else the server's setting of the same name. */
const setting = (name: string) =>
  sql.raw(
    `coalesce((SELECT option_value FROM pg_options_to_table(c.reloptions) WHERE option_name = '${name}'), current_setting('${name}'))::float8`,
  );

/** The activity of every table of Warrant's schema, as the statistics hold it now. */
export async function readTableActivity(db: Pick<Database, 'orm'>): Promise<TableActivity[]> {
  // The embedded engine reports its statistics only when asked to: they would stay in the backend otherwise.
  await db.orm.execute(sql`SELECT pg_stat_force_next_flush()`);
  const result = await db.orm.execute(sql`
    SELECT s.schemaname AS schema, s.relname AS "table", c.reltuples, s.n_dead_tup AS dead, s.n_ins_since_vacuum AS "insertedSinceVacuum",
           s.n_mod_since_analyze AS "modifiedSinceAnalyze",
           ${setting('autovacuum_vacuum_threshold')} AS "vacuumThreshold",
           ${setting('autovacuum_vacuum_scale_factor')} AS "vacuumScaleFactor",
           ${setting('autovacuum_vacuum_insert_threshold')} AS "insertThreshold",
           ${setting('autovacuum_vacuum_insert_scale_factor')} AS "insertScaleFactor",
           ${setting('autovacuum_analyze_threshold')} AS "analyzeThreshold",
           ${setting('autovacuum_analyze_scale_factor')} AS "analyzeScaleFactor"
      FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid
     WHERE s.schemaname = current_schema()
     ORDER BY s.relname`);
  return activityRows.parse(result).rows;
}

/**
 * The embedded engine's autovacuum. PGlite runs PostgreSQL without its background workers, so nothing ever removed
 * dead row versions or gathered statistics: each run a worker ends leaves its earlier versions in the run queue's
 * index, which every look for a run walks (`npm run bench upkeep`: at 100,000 runs ended, about 3,800 buffers and
 * 5–6 ms a look where a fresh queue reads 51 in 1.8 ms; kept up, 77 in 1.7–1.8 ms). Each table past autovacuum's
 * thresholds is vacuumed or analyzed, one at a time: the embedded database has one connection, so each pass waits
 * for the statements before it and holds those after.
 */
export async function keepUp(
  db: Pick<Database, 'orm'>,
  logger: Logger,
): Promise<{ table: string; upkeep: NonNullable<Upkeep> }[]> {
  const done: { table: string; upkeep: NonNullable<Upkeep> }[] = [];
  for (const table of await readTableActivity(db)) {
    const upkeep = upkeepDue(table);
    if (!upkeep) continue;
    const started = performance.now();
    const name = sql`${sql.identifier(table.schema)}.${sql.identifier(table.table)}`;
    try {
      await db.orm.execute(upkeep === 'vacuum' ? sql`VACUUM (ANALYZE) ${name}` : sql`ANALYZE ${name}`);
    } catch (error) {
      // One table that cannot be kept up must not keep the tables after it from being kept up.
      logger.warn({
        message: `${upkeep === 'vacuum' ? 'vacuuming' : 'analyzing'} ${table.table} failed; tried again next pass`,
        table: table.table,
        error_message: (error as Error).message,
      });
      continue;
    }
    logger.info({
      message: `${upkeep === 'vacuum' ? 'vacuumed' : 'analyzed'} ${table.table}`,
      table: table.table,
      dead_rows: table.dead,
      changed_rows: table.modifiedSinceAnalyze,
      duration_ms: Math.round(performance.now() - started),
    });
    done.push({ table: table.table, upkeep });
  }
  return done;
}
