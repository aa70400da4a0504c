import { hostname } from 'node:os';
import type { PgBoss } from 'pg-boss';
import type { Clock } from '../core/clock.ts';
import { newId } from '../core/ids.ts';
import type { Logger } from '../core/logger.ts';
import type { Orm } from '../db/connect.ts';
import type { Claimed, Lease, RunExecutor } from './executor.ts';
import { RUN_QUEUE, type RunJob, sendRun } from './queue.ts';
import {
  claimable,
  claimRun,
  findOrphanRuns,
  findRunToClaim,
  LeaseLost,
  releaseLease,
  renewLease,
} from './store.ts';
import type { RunRecord } from './tables.ts';

export interface WorkerOptions {
  /** How long a claim lasts without a heartbeat; a dead worker's runs are taken over after it. */
  leaseSeconds?: number;
  /** How often queued runs without a worker, and runs whose lease lapsed, are sent to the queue again. */
  reconcileMs?: number;
  /** Runs worked on at once by this process. */
  concurrency?: number;
  /**
   * How often an idle worker looks for sent runs by itself: every `notifyMissed` seconds while the queue's
   * LISTEN works (a sent run wakes it at once; the poll only catches a notification that was lost), every
   * `noListen` seconds while it does not.
   */
  pollSeconds?: { notifyMissed: number; noListen: number };
}

/** What the worker uses of the job queue. */
type WorkerQueue = Pick<PgBoss, 'work' | 'offWork' | 'notifyWorker' | 'send'>;

/** Which of these runs have a job waiting in the queue (runsWithWaitingJob). */
type WaitingJobs = (runIds: readonly string[]) => Promise<ReadonlySet<string>>;

/**
 * Claims runs from the queue and drives them. Two workers never drive the same run: a run is driven
 * only under a lease in the runs table, renewed by heartbeats. SIGTERM hands runs back cleanly
 * (lease released, job re-sent); a killed worker's lease lapses and another worker takes over.
 */
export class RunWorker {
  readonly id = `${hostname()}:${process.pid}:${newId().slice(0, 8)}`;
  readonly #orm: Orm;
  readonly #boss: WorkerQueue;
  readonly #executor: Pick<RunExecutor, 'drive' | 'prepare'>;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #leaseMs: number;
  readonly #reconcileMs: number;
  readonly #concurrency: number;
  readonly #poll: { notifyMissed: number; noListen: number };
  readonly #waitingJobs: WaitingJobs | undefined;
  readonly #stopping = new AbortController();
  /** Fires after the shutdown grace period: calls still in flight are cut off (and resumed elsewhere). */
  readonly #abort = new AbortController();
  readonly #active = new Set<Promise<void>>();
  #reconciler: NodeJS.Timeout | undefined;
  /** One queue registration per slot (see start). */
  readonly #slots: string[] = [];
  /** Lease takeovers seen by this worker (for metrics). */
  takeovers = 0;
  /** Drives started, numbering each drive's lease token. */
  #drives = 0;

  constructor(
    deps: WorkerOptions & {
      orm: Orm;
      boss: WorkerQueue;
      executor: Pick<RunExecutor, 'drive' | 'prepare'>;
      clock: Clock;
      logger: Logger;
      /** Without it, the reconciler sends every run it finds unattended, whether or not a job of it waits. */
      waitingJobs?: WaitingJobs;
    },
  ) {
    this.#orm = deps.orm;
    this.#boss = deps.boss;
    this.#executor = deps.executor;
    this.#clock = deps.clock;
    this.#logger = deps.logger;
    this.#leaseMs = (deps.leaseSeconds ?? 15) * 1000;
    this.#reconcileMs = deps.reconcileMs ?? 2000;
    this.#concurrency = deps.concurrency ?? 2;
    this.#poll = deps.pollSeconds ?? { notifyMissed: 2, noListen: 0.5 };
    this.#waitingJobs = deps.waitingJobs;
  }

  async start(): Promise<void> {
    // One registration per slot rather than one with localConcurrency: a slot that finishes a run must wake
    // itself to fetch the next, and pg-boss can wake only a registration's first worker by id; the others
    // would wait out their poll (2 s) after every run, so a worker drove about one run at a time.
    for (let i = 0; i < this.#concurrency; i++) {
      let slot: string | undefined;
      slot = await this.#boss.work<RunJob>(
        RUN_QUEUE,
        {
          batchSize: 1,
          pollingIntervalSeconds: this.#poll.noListen,
          notifyPollingIntervalSeconds: this.#poll.notifyMissed,
        },
        async ([job]) => {
          if (job) await this.#track(this.runOnce(job.data.run_id, job.data.plan_id));
          // A slot that just finished looks for the next run at once rather than at its next poll.
          if (slot && !this.#stopping.signal.aborted) this.#boss.notifyWorker(slot);
        },
      );
      this.#slots.push(slot);
    }
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
    await Promise.all(
      this.#slots.map((id) => this.#boss.offWork(RUN_QUEUE, { id, wait: false }).catch(() => {})),
    );
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

  /**
   * Claims and drives one run if it is free; returns quietly when another worker holds it. `planId`, the job's word
   * for the run's plan, only lets the authorizer start reading it sooner.
   */
  async runOnce(runId: string, planId?: string): Promise<void> {
    if (planId) this.#executor.prepare({ id: runId, plan_id: planId });
    // Each drive leases the run under a token of its own, not the worker's id: once its lease lapses, a drive
    // of this same worker that takes the run over must not pass for it (its writes are fenced by the token).
    const owner = `${this.id}/${++this.#drives}`;
    const claimed = await this.#claim(runId, owner, planId === undefined);
    if (!claimed) return;
    const { run } = claimed;
    let renewedAt = this.#clock.now().getTime();
    const lease: Lease = {
      stopping: this.#stopping.signal,
      signal: this.#abort.signal,
      renewIfDue: async () => {
        const now = this.#clock.now().getTime();
        // Extended once a third of it has passed (a write, and a commit). Until then nothing is read: each of the
        // drive's writes is fenced by the lease and answers the cancel flag.
        if (now - renewedAt < this.#leaseMs / 3) return undefined;
        const held = await renewLease(this.#orm, runId, owner, new Date(now + this.#leaseMs));
        if (!held) throw new LeaseLost(`run ${runId} was taken over by another worker`);
        renewedAt = now;
        return held;
      },
    };
    try {
      await this.#executor.drive(claimed, lease);
    } catch (error) {
      if (error instanceof LeaseLost) {
        this.#logger.info({ message: `drive ${owner} of run ${runId} stopped: ${error.message}` });
      } else {
        this.#logger.error({
          message: `run ${runId} stopped on an error; it will be resumed`,
          error_message: (error as Error).message,
        });
      }
      await this.#handBack(run, owner, error instanceof LeaseLost ? error.message : (error as Error).message);
    }
  }

  /** Claims the run in one statement with its event (see claimRun): the run as claimed, its steps, who started it. */
  async #claim(runId: string, owner: string, prepare: boolean): Promise<Claimed | undefined> {
    const now = this.#clock.now();
    const found = await findRunToClaim(this.#orm, runId);
    if (!found || !claimable(found.run, now)) return undefined;
    const { run: seen, actor } = found;
    // Made ready while the claim is made, unless the job named the plan and that began already.
    if (prepare) this.#executor.prepare(seen);
    const takeover = seen.lease_owner !== null;
    const claimed = await claimRun(this.#orm, seen, owner, now, this.#leaseMs, {
      tenant_id: seen.tenant_id,
      actor,
      action: takeover ? 'run.taken_over' : seen.status === 'queued' ? 'run.started' : 'run.resumed',
      occurred_at: now,
      plan_id: seen.plan_id,
      run_id: runId,
      context: {
        worker: owner,
        attempt: seen.attempts + 1,
        ...(takeover ? { previous_worker: seen.lease_owner } : {}),
      },
    });
    if (!claimed) return undefined;
    if (takeover) this.takeovers++;
    return { ...claimed, actor };
  }

  /** Releases the lease so another worker can continue at once, and says so in the log. */
  async #handBack(run: RunRecord, owner: string, reason: string): Promise<void> {
    if (await releaseLease(this.#orm, run.id, owner)) {
      this.#logger.info({ message: `handed run ${run.id} back: ${reason}` });
      await sendRun(this.#boss, run).catch(() => {});
    }
  }

  /**
   * Re-sends runs nobody is driving (queued ones whose job was lost, running ones whose lease lapsed) unless a job
   * of theirs is waiting its turn. Answers how many it sent.
   */
  async reconcile(): Promise<number> {
    const orphans = await findOrphanRuns(this.#orm, this.#clock.now(), 100);
    const waiting = await this.#waiting(orphans.map((run) => run.id));
    const lost = orphans.filter((run) => !waiting.has(run.id));
    for (const run of lost) await sendRun(this.#boss, run);
    return lost.length;
  }

  /** The runs among `runIds` whose job waits; none when that cannot be read (then every one is sent: harmless). */
  async #waiting(runIds: string[]): Promise<ReadonlySet<string>> {
    if (!this.#waitingJobs || runIds.length === 0) return new Set();
    try {
      return await this.#waitingJobs(runIds);
    } catch (error) {
      this.#logger.warn({
        message: "run reconcile could not read the queue's waiting jobs; sending every run found",
        error_message: (error as Error).message,
      });
      return new Set();
    }
  }
}
