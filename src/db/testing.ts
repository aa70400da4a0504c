import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { connect, type Database } from './connect.ts';
import { migrate } from './migrate.ts';

/**
 * A migrated database of its own for one test file: an in-memory PGlite by default, or a fresh
 * schema on the PostgreSQL server named by WARRANT_TEST_DATABASE_URL (dropped on close). `migrations` is the
 * directory to migrate from (an upgrade test starts from an older set).
 */
export async function openTestDatabase(
  migrations?: string,
): Promise<Database & { url?: string; schema?: string }> {
  const url = process.env.WARRANT_TEST_DATABASE_URL;
  if (!url) {
    const db = await connect({});
    await migrate(db.orm, migrations);
    return db;
  }
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const db = await connect({ url, schema, poolSize: 20 });
  await migrate(db.orm, migrations);
  return {
    ...db,
    url,
    schema,
    async close() {
      await db.close();
      const cleanup = new pg.Client({ connectionString: url });
      await cleanup.connect();
      await cleanup.query(`DROP SCHEMA ${schema} CASCADE`);
      await cleanup.end();
    },
  };
}
