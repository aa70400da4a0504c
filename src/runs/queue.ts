import { fromPglite, PgBoss } from 'pg-boss';
import type { Logger } from '../core/logger.ts';
import type { Database } from '../db/connect.ts';

/**
 * The queue of runs to look at. Its policy keeps at most one waiting job per run (see sendRun); pg-boss cannot
 * change a queue's policy, so it is a queue of its own rather than the first one, 'warrant-runs', whose waiting
 * jobs an upgrade leaves behind: the reconciler sends their runs again here.
 */
export const RUN_QUEUE = 'warrant-runs-by-run';

export interface RunJob {
  run_id: string;
  /** The run's plan, so a worker has the authorizer read it while it claims the run (jobs of earlier versions lack it). */
  plan_id?: string;
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
    .createQueue(RUN_QUEUE, {
      policy: 'short',
      retryLimit: 20,
      retryDelay: 1,
      expireInSeconds: 3600,
      notify: true,
    })
    .catch(() => {});
  return boss;
}

/**
 * Asks a worker to look at a run. A run that already has a job waiting gets no second one (the queue's 'short'
 * policy, keyed by the run): the reconciler sends every run left queued a while, and in a backlog those are
 * runs whose job is only waiting its turn; each duplicate was a fetch, a read and a completion for nothing. A
 * job being worked on does not count, so a worker handing a run back can send it again.
 */
export async function sendRun(
  boss: Pick<PgBoss, 'send'>,
  run: { id: string; plan_id: string },
): Promise<void> {
  await boss.send(RUN_QUEUE, { run_id: run.id, plan_id: run.plan_id } satisfies RunJob, {
    singletonKey: run.id,
  });
}
