import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import { EMBEDDED_START_PARAMS } from './embedded.ts';

export type Orm = PgDatabase<PgQueryResultHKT>;
export type Tx = Parameters<Parameters<Orm['transaction']>[0]>[0];
/** Anything queries can run on: the database or an open transaction. */
export type Executor = Orm | Tx;

export interface Database {
  readonly kind: 'embedded' | 'postgres';
  readonly orm: Orm;
  /** Connection settings for components that open their own PostgreSQL connections (pg-boss). */
  readonly pool?: pg.Pool;
  readonly pglite?: PGlite;
  /** The server URL and the schema first on the search path, for components with their own connections. */
  readonly url?: string;
  readonly schema?: string;
  close(): Promise<void>;
}

export interface ConnectOptions {
  /** PostgreSQL server URL; absent means the embedded database. */
  url?: string;
  /** PGlite data directory; absent means in memory (tests). */
  dataDir?: string;
  /** Schema to put first on the search path (tests give each file its own). */
  schema?: string;
  poolSize?: number;
}

export async function connect(options: ConnectOptions): Promise<Database> {
  if (options.url) {
    const pool = new pg.Pool({
      connectionString: options.url,
      max: options.poolSize ?? 10,
      // Names Warrant's connections in pg_stat_activity (and one installation's, by its schema).
      application_name: options.schema ? `warrant:${options.schema}` : 'warrant',
      // Warrant's named statements (db/prepared.ts: a run's transitions) are key lookups whose plan does not
      // depend on the values; PostgreSQL's default kept planning them anew at every bind (≈ 0.3 ms each, a third
      // of a transition's time in the server). Unnamed statements, all the others, are planned per call anyway.
      options: [
        ...(options.schema ? [`-c search_path=${options.schema}`] : []),
        '-c plan_cache_mode=force_generic_plan',
      ].join(' '),
    });
    // A dropped connection (a server restart) must not crash the process: idle clients report to the
    // pool, checked-out ones to themselves. The query in flight still fails (503 to the caller), the pool
    // discards the broken client on release, and the next query reconnects.
    pool.on('error', () => {});
    pool.on('connect', (client) => client.on('error', () => {}));
    await pool.query('SELECT 1');
    return {
      kind: 'postgres',
      orm: withReleasingTransactions(drizzlePg(pool) as unknown as Orm, pool),
      pool,
      url: options.url,
      ...(options.schema ? { schema: options.schema } : {}),
      close: () => pool.end(),
    };
  }
  const client = new PGlite({
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    startParams: EMBEDDED_START_PARAMS,
  });
  await client.waitReady;
  if (options.schema)
    await client.exec(`CREATE SCHEMA IF NOT EXISTS ${options.schema}; SET search_path = ${options.schema}`);
  return {
    kind: 'embedded',
    orm: drizzlePglite(client) as unknown as Orm,
    pglite: client,
    close: () => client.close(),
  };
}

/**
 * drizzle's pooled `transaction` sends BEGIN before its try/finally, so a connection that dies between
 * checkout and BEGIN (a server restart) is never released and the pool shrinks for good. Here the
 * client is checked out and released by us, always, and drizzle runs the transaction on that client.
 */
function withReleasingTransactions(orm: Orm, pool: pg.Pool): Orm {
  const transaction: Orm['transaction'] = async (work, config) => {
    const client = await pool.connect();
    try {
      return await (drizzlePg(client) as unknown as Orm).transaction(work, config);
    } finally {
      // The pool itself discards a client whose connection failed.
      client.release();
    }
  };
  return Object.assign(orm, { transaction });
}
