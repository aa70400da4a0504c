import { fromPglite, PgBoss } from 'pg-boss';
import type { Logger } from '../core/logger.ts';
import type { Database } from '../db/connect.ts';

/** The schema pg-boss keeps its tables in, beside Warrant's. */
export const queueSchema = (db: Pick<Database, 'schema'>): string =>
  db.schema ? `${db.schema}_boss` : 'pgboss';

/**
 * pg-boss on the same database as everything else, for scheduled plans: its cron sends a job per occurrence and a
 * process works them (schedules.ts). PostgreSQL through its own pool, or PGlite in process through pg-boss's PGlite
 * adapter. Runs do not go through it: the runs table is their queue (runs/queue.ts).
 */
export async function openQueue(db: Database, logger: Logger): Promise<PgBoss> {
  const schema = queueSchema(db);
  const boss = db.pglite
    ? new PgBoss({ db: fromPglite(db.pglite), backend: 'pglite', schema, supervise: false, schedule: true })
    : new PgBoss({ connectionString: db.url!, schema, max: 4, supervise: true, schedule: true });
  boss.on('error', (error) => logger.warn({ message: 'job queue error', error_message: error.message }));
  await boss.start();
  return boss;
}
