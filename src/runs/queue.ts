import { fromPglite, PgBoss } from 'pg-boss';
import type { Logger } from '../core/logger.ts';
import type { Database } from '../db/connect.ts';

export const RUN_QUEUE = 'warrant-runs';

export interface RunJob {
  run_id: string;
}

/**
 * pg-boss on the same database as everything else: PostgreSQL through its own pool, or PGlite
 * in process through pg-boss's PGlite adapter. Jobs only say "look at this run"; the runs table,
 * with its lease, is the truth, so a duplicate or lost job is harmless (the reconciler re-sends).
 */
export async function openQueue(
  db: Database,
  logger: Logger,
  options: {
    /** Runs pg-boss's cron timekeeper (scheduled plans). */
    schedule?: boolean;
    /**
     * LISTEN for sent jobs (default true), so an idle worker starts a run as soon as it is sent rather than at
     * its next poll. Off, workers only poll: what a missed notification looks like, for tests.
     */
    listen?: boolean;
  } = {},
): Promise<PgBoss> {
  const schema = db.schema ? `${db.schema}_boss` : 'pgboss';
  const schedule = options.schedule ?? false;
  // pg-boss leaves LISTEN off unless asked: without it a queue's `notify` sends NOTIFYs nobody hears, and a
  // worker finds a new run only at its next poll (the 0.4-1 s execution start measured in issue 22).
  const useListenNotify = options.listen ?? true;
  const boss = db.pglite
    ? new PgBoss({
        db: fromPglite(db.pglite),
        backend: 'pglite',
        schema,
        supervise: false,
        schedule,
        useListenNotify,
      })
    : new PgBoss({ connectionString: db.url!, schema, max: 4, supervise: true, schedule, useListenNotify });
  boss.on('error', (error) => logger.warn({ message: 'job queue error', error_message: error.message }));
  await boss.start();
  // notify: a sent run wakes an idle worker at once instead of waiting for its next poll.
  await boss
    .createQueue(RUN_QUEUE, { retryLimit: 20, retryDelay: 1, expireInSeconds: 3600, notify: true })
    .catch(() => {});
  return boss;
}

export async function sendRun(boss: Pick<PgBoss, 'send'>, runId: string): Promise<void> {
  await boss.send(RUN_QUEUE, { run_id: runId } satisfies RunJob);
}
