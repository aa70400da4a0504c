import { hostname } from 'node:os';
import { sql } from 'drizzle-orm';
import type { PgBoss } from 'pg-boss';
import { appendAudit } from '../audit/append.ts';
import type { Clock } from '../core/clock.ts';
import { newId } from '../core/ids.ts';
import { type Orm, rowsOf } from '../db/connect.ts';
import type { Logger } from '../ops/logger.ts';
import { type Lease, LeaseLost, type RunExecutor } from './executor.ts';
import { RUN_QUEUE, type RunJob, sendRun } from './queue.ts';
import { loadActor, type RunRow } from './store.ts';

export interface WorkerOptions {
  /** How long a claim lasts without a heartbeat; a dead worker's runs are taken over after it. */
  leaseSeconds?: number;
  /** How often queued runs without a worker, and runs whose lease lapsed, are sent to the queue again. */
  reconcileMs?: number;
  /** Runs worked on at once by this process. */
  concurrency?: number;
}

/**
 * Claims runs from the queue and drives them. Two workers never drive the same run: a run is driven
 * only under a lease in the runs table, renewed by heartbeats. SIGTERM hands runs back cleanly
 * (lease released, job re-sent); a killed worker's lease lapses and another worker takes over.
 */
export class RunWorker {
  readonly id = `${hostname()}:${process.pid}:${newId().slice(0, 8)}`;
  readonly #orm: Orm;
  readonly #boss: PgBoss;
  readonly #executor: RunExecutor;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #leaseMs: number;
  readonly #reconcileMs: number;
  readonly #concurrency: number;
  readonly #stopping = new AbortController();
  /** Fires after the shutdown grace period: calls still in flight are cut off (and resumed elsewhere). */
  readonly #abort = new AbortController();
  readonly #active = new Set<Promise<void>>();
  #reconciler: NodeJS.Timeout | undefined;
  #workId: string | undefined;
  /** Lease takeovers seen by this worker (for metrics). */
  takeovers = 0;

  constructor(
    deps: { orm: Orm; boss: PgBoss; executor: RunExecutor; clock: Clock; logger: Logger },
    options: WorkerOptions = {},
  ) {
    this.#orm = deps.orm;
    this.#boss = deps.boss;
    this.#executor = deps.executor;
    this.#clock = deps.clock;
    this.#logger = deps.logger;
    this.#leaseMs = (options.leaseSeconds ?? 15) * 1000;
    this.#reconcileMs = options.reconcileMs ?? 2000;
    this.#concurrency = options.concurrency ?? 2;
  }

  async start(): Promise<void> {
    this.#workId = await this.#boss.work<RunJob>(
      RUN_QUEUE,
      {
        batchSize: 1,
        pollingIntervalSeconds: 0.5,
        notifyPollingIntervalSeconds: 2,
        localConcurrency: this.#concurrency,
      },
      async ([job]) => {
        if (job) await this.#track(this.runOnce(job.data.run_id));
        // A slot that just finished looks for the next run at once rather than at its next poll.
        if (this.#workId && !this.#stopping.signal.aborted) this.#boss.notifyWorker(this.#workId);
      },
    );
    const reconcile = () => {
      this.#reconciler = setTimeout(() => {
        this.reconcile()
          .catch((error: unknown) =>
            this.#logger.warn({ message: 'run reconcile failed', error_message: (error as Error).message }),
          )
          .finally(() => {
            if (!this.#stopping.signal.aborted) reconcile();
          });
      }, this.#reconcileMs);
    };
    reconcile();
  }

  /**
   * Stops taking work and hands the runs in progress back: each finishes the step it is in (within
   * `graceMs`, after which the call is cut off and resumed by another worker with the same key).
   */
  async stop(graceMs = 10_000): Promise<void> {
    this.#stopping.abort();
    const cutOff = setTimeout(() => this.#abort.abort(), graceMs);
    clearTimeout(this.#reconciler);
    if (this.#workId) await this.#boss.offWork(RUN_QUEUE, { id: this.#workId, wait: false }).catch(() => {});
    await Promise.allSettled([...this.#active]);
    clearTimeout(cutOff);
  }

  async #track(work: Promise<void>): Promise<void> {
    this.#active.add(work);
    try {
      await work;
    } finally {
      this.#active.delete(work);
    }
  }

  /** Claims and drives one run if it is free; returns quietly when another worker holds it. */
  async runOnce(runId: string): Promise<void> {
    const run = await this.#claim(runId);
    if (!run) return;
    const lease: Lease = {
      stopping: this.#stopping.signal,
      signal: this.#abort.signal,
      renew: async () => {
        const renewed = rowsOf(
          await this.#orm.execute(sql`
            UPDATE runs SET lease_expires_at = ${new Date(this.#clock.now().getTime() + this.#leaseMs).toISOString()}
            WHERE id = ${runId} AND lease_owner = ${this.id} RETURNING id`),
        );
        if (renewed.length === 0) throw new LeaseLost(`run ${runId} was taken over by another worker`);
      },
    };
    try {
      await this.#executor.drive(run, lease);
    } catch (error) {
      if (!(error instanceof LeaseLost)) {
        this.#logger.error({
          message: `run ${runId} stopped on an error; it will be resumed`,
          error_message: (error as Error).message,
        });
      }
      await this.#handBack(run, error instanceof LeaseLost ? error.message : (error as Error).message);
    }
  }

  async #claim(runId: string): Promise<RunRow | undefined> {
    const now = this.#clock.now();
    return this.#orm.transaction(async (tx) => {
      const [current] = rowsOf<RunRow>(
        await tx.execute(sql`SELECT * FROM runs WHERE id = ${runId} FOR UPDATE`),
      );
      if (!current || (current.status !== 'queued' && current.status !== 'running')) return undefined;
      const leased =
        current.lease_owner && current.lease_expires_at && new Date(current.lease_expires_at) > now;
      if (leased) return undefined;
      const [claimed] = rowsOf<RunRow>(
        await tx.execute(sql`
          UPDATE runs SET lease_owner = ${this.id}, lease_expires_at = ${new Date(now.getTime() + this.#leaseMs).toISOString()},
            status = 'running', started_at = COALESCE(started_at, ${now.toISOString()}::timestamptz),
            attempts = attempts + 1, updated_at = ${now.toISOString()}
          WHERE id = ${runId} RETURNING *`),
      );
      const takeover = current.lease_owner !== null;
      if (takeover) this.takeovers++;
      await appendAudit(tx, {
        tenant_id: current.tenant_id,
        actor: await loadActor(tx, current.started_by),
        action: takeover ? 'run.taken_over' : current.status === 'queued' ? 'run.started' : 'run.resumed',
        occurred_at: now,
        plan_id: current.plan_id,
        run_id: runId,
        context: {
          worker: this.id,
          attempt: claimed!.attempts,
          ...(takeover ? { previous_worker: current.lease_owner } : {}),
        },
      });
      return claimed;
    });
  }

  /** Releases the lease so another worker can continue at once, and says so in the log. */
  async #handBack(run: RunRow, reason: string): Promise<void> {
    const released = rowsOf(
      await this.#orm.execute(sql`
        UPDATE runs SET lease_owner = NULL, lease_expires_at = NULL WHERE id = ${run.id} AND lease_owner = ${this.id}
        RETURNING id`),
    ).length;
    if (released) {
      this.#logger.info({ message: `handed run ${run.id} back: ${reason}` });
      await sendRun(this.#boss, run.id).catch(() => {});
    }
  }

  /** Re-sends runs nobody is driving: queued ones whose job was lost, running ones whose lease lapsed. */
  async reconcile(): Promise<number> {
    const now = this.#clock.now().toISOString();
    const orphans = rowsOf<{ id: string }>(
      await this.#orm.execute(sql`
        SELECT id FROM runs
        WHERE (status = 'queued' AND lease_owner IS NULL AND updated_at < ${now}::timestamptz - interval '2 seconds')
           OR (status = 'running' AND (lease_expires_at IS NULL OR lease_expires_at < ${now}::timestamptz))
        LIMIT 100`),
    );
    for (const { id } of orphans) await sendRun(this.#boss, id);
    return orphans.length;
  }
}
