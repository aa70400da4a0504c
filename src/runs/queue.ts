import { sql } from 'drizzle-orm';
import { fromPglite, PgBoss } from 'pg-boss';
import { z } from 'zod';
import type { Logger } from '../core/logger.ts';
import type { Database, Executor } from '../db/connect.ts';

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

/** The schema pg-boss keeps its tables in, beside Warrant's. */
export const queueSchema = (db: Pick<Database, 'schema'>): string =>
  db.schema ? `${db.schema}_boss` : 'pgboss';

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
  const schema = queueSchema(db);
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

const waitingRows = z.object({ rows: z.array(z.object({ run_id: z.string() })) });

/**
 * Which of `runIds` have a job waiting in the run queue (sent, not yet fetched by a worker), in one read. The
 * reconciler sends only the others: in a backlog, the runs left queued a while are mostly runs whose job is only
 * waiting its turn, and each send of one was a statement for nothing. pg-boss answers this one key at a time, so
 * this reads its job table (the columns its own fetch reads); queue.test.ts holds the read to the pg-boss installed.
 */
export async function runsWithWaitingJob(
  exec: Executor,
  schema: string,
  runIds: readonly string[],
): Promise<Set<string>> {
  if (runIds.length === 0) return new Set();
  const result = await exec.execute(
    sql`SELECT singleton_key AS run_id FROM ${sql.identifier(schema)}.job
         WHERE name = ${RUN_QUEUE} AND singleton_key = ANY(${`{${runIds.join(',')}}`}::text[]) AND state < 'active'`,
  );
  return new Set(waitingRows.parse(result).rows.map((row) => row.run_id));
}
