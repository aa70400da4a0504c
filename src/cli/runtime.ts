import { join } from 'node:path';
import { connect, type Database } from '../db/connect.ts';
import { seedFromTemplate } from '../db/data-template.ts';
import { lockHome } from '../db/home-lock.ts';
import { migrate } from '../db/migrate.ts';
import { warrantHome } from './home.ts';

export interface Runtime {
  db: Database;
  home: string;
  close(): Promise<void>;
}

/**
 * The database of a server-side command: the PostgreSQL server in DATABASE_URL, or the embedded
 * one under WARRANT_HOME (locked to this process). Migrations are applied before anything else.
 */
export async function openRuntime(env: NodeJS.ProcessEnv = process.env): Promise<Runtime> {
  const home = warrantHome(env);
  const url = env.DATABASE_URL;
  const release = url ? () => {} : lockHome(home);
  let db: Database;
  try {
    // WARRANT_DATABASE_SCHEMA puts one installation in its own schema of a shared database (tests use it).
    const schema = env.WARRANT_DATABASE_SCHEMA;
    db = url
      ? await connect({ url, ...(schema ? { schema } : {}) })
      : await connect({ dataDir: embeddedDataDir(home) });
    await migrate(db.orm);
  } catch (error) {
    release();
    throw error;
  }
  return {
    db,
    home,
    async close() {
      await db.close();
      release();
    },
  };
}

/** The embedded database's directory in `home`; a first start copies the installed template there (fast). */
function embeddedDataDir(home: string): string {
  const dataDir = join(home, 'pgdata');
  seedFromTemplate(dataDir);
  return dataDir;
}
