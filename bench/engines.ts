// The two databases Warrant runs on, for the benches that measure one query on each: a fresh, migrated database
// per size (a PGlite instance, or a PostgreSQL schema of its own), dropped after.
import { connect, type Database } from '../src/db/connect.ts';
import { migrate } from '../src/db/migrate.ts';

export interface Engine {
  name: string;
  open(size: number): Promise<Database>;
  drop(db: Database, size: number): Promise<void>;
}

/** PGlite and the PostgreSQL at `url`, whose schemas are named `<prefix>_<pid>_<size>`. */
export function engines(url: string, prefix: string): Engine[] {
  const schema = (size: number) => `${prefix}_${process.pid}_${size}`;
  return [
    {
      name: 'PGlite (embedded)',
      open: async () => {
        const db = await connect({});
        await migrate(db.orm);
        return db;
      },
      drop: (db) => db.close(),
    },
    {
      name: 'PostgreSQL',
      async open(size) {
        const admin = await connect({ url });
        await admin.pool!.query(
          `DROP SCHEMA IF EXISTS ${schema(size)} CASCADE; CREATE SCHEMA ${schema(size)}`,
        );
        await admin.close();
        const db = await connect({ url, schema: schema(size), poolSize: 2 });
        await migrate(db.orm);
        return db;
      },
      async drop(db, size) {
        await db.pool!.query(`DROP SCHEMA ${schema(size)} CASCADE`);
        await db.close();
      },
    },
  ];
}
