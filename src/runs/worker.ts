import { hostname } from 'node:os';
import type { Clock } from '../core/clock.ts';
import { newId } from '../core/ids.ts';
import type { Logger } from '../core/logger.ts';
import type { Actor } from '../core/roles.ts';
import type { Database } from '../db/connect.ts';
import { type Subscription, subscribe } from '../db/notify.ts';
import type { Claimed, Lease, RunExecutor } from './executor.ts';
import { announceRun, Doorbell, RUN_QUEUED_CHANNEL } from './queue.ts';
import {
  claimRun,
  findRunsToClaim,
  LeaseLost,
  releaseLease,
  releaseLeaseAfterError,
  renewLease,
} from './store.ts';
import type { RunRecord } from './tables.ts';

export interface WorkerOptions {
  /** How long a claim lasts without a heartbeat; a dead worker's runs are taken over after it. */
  leaseSeconds?: number;
  /**
   * How often an idle worker looks for runs by itself: runs whose lease lapsed (their worker died), and queued runs
   * whose announcement it did not hear. An announced run wakes it at once.
   */
  reconcileMs?: number;
  /** Runs worked on at once by this process. */
  concurrency?: number;
  /** LISTEN for announced runs (default true). Off, the worker only looks every `reconcileMs`: for tests. */
  listen?: boolean;
}

/** Looks in a row a slot makes at once while other workers take every run it read. */
export const MAX_CONTENDED_LOOKS = 3;

/** What a look for a run found: a run claimed, runs all taken by others first (look again), or none. */
type Found = { claimed: Claimed; owner: string; more: boolean } | 'contended' | undefined;

/**
 * Claims runs from the runs table and drives them. Two workers never drive the same run: a run is driven only under
 * a lease in the runs table, renewed by heartbeats, and a claim takes a run only if it is still as read. SIGTERM
 * hands runs back cleanly (lease released, announced); a killed worker's lease lapses and another worker takes
 * over at its next look.
 */
export class RunWorker {
  readonly id = `${hostname()}:${process.pid}:${newId().slice(0, 8)}`;
  readonly #db: Pick<Database, 'orm' | 'pglite' | 'pool'>;
  readonly #executor: Pick<RunExecutor, 'drive' | 'prepare'>;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #leaseMs: number;
  readonly #lookMs: number;
  readonly #concurrency: number;
  readonly #listen: boolean;
  readonly #stopping = new AbortController();
  /** Fires after the shutdown grace period: calls still in flight are cut off (and resumed elsewhere). */
  readonly #abort = new AbortController();
  readonly #doorbell = new Doorbell();
  /** Runs a slot of this process is claiming: the other slots pass them by. */
  readonly #claiming = new Set<string>();
  readonly #slots: Promise<void>[] = [];
  #subscription: Subscription | undefined;
  /** Lease takeovers seen by this worker (for metrics). */
  takeovers = 0;
  /** Drives started, numbering each drive's lease token. */
  #drives = 0;

  constructor(
    deps: WorkerOptions & {
      db: Pick<Database, 'orm' | 'pglite' | 'pool'>;
      executor: Pick<RunExecutor, 'drive' | 'prepare'>;
      clock: Clock;
      logger: Logger;
    },
  ) {
    this.#db = deps.db;
    this.#executor = deps.executor;
    this.#clock = deps.clock;
    this.#logger = deps.logger;
    this.#leaseMs = (deps.leaseSeconds ?? 15) * 1000;
    this.#lookMs = deps.reconcileMs ?? 2000;
    this.#concurrency = deps.concurrency ?? 2;
    this.#listen = deps.listen ?? true;
  }

  async start(): Promise<void> {
    if (this.#listen) {
      // One announcement, one slot: the slot that claims passes the bell on while runs remain. Where announcements
      // may have been missed (the listening connection was lost), every slot looks.
      this.#subscription = await subscribe(
        this.#db,
        RUN_QUEUED_CHANNEL,
        () => this.#doorbell.ring(),
        () => this.#doorbell.ring(true),
      );
    }
    for (let i = 0; i < this.#concurrency; i++) this.#slots.push(this.#slot());
  }

  /** One run at a time: claim the next claimable run in turn and drive it, else wait for a bell or the next look. */
  async #slot(): Promise<void> {
    let contended = 0;
    while (!this.#stopping.signal.aborted) {
      const since = this.#doorbell.rings;
      const found = await this.#find().catch((error: unknown) => {
        this.#logger.warn({
          message: 'looking for runs to claim failed',
          error_message: (error as Error).message,
        });
        return undefined;
      });
      // Others took what was read: look again at once, a few times. A claim refused for any other lasting reason
      // must not turn the slot into a loop of reads, so after that it waits like an idle slot.
      if (found === 'contended' && ++contended <= MAX_CONTENDED_LOOKS) continue;
      if (contended > MAX_CONTENDED_LOOKS)
        this.#logger.debug({
          message: 'claims lost on every look in a row; waiting for the next look',
          looks: contended,
        });
      contended = 0;
      if (found && found !== 'contended') {
        // Runs remain beyond this one: an idle slot of this process takes the next rather than at its next look.
        if (found.more) this.#doorbell.ring();
        await this.#drive(found.claimed, found.owner);
        continue;
      }
      await this.#doorbell.wait(this.#lookMs, since);
    }
  }

  /**
   * Stops taking work and hands the runs in progress back: each finishes the step it is in (within
   * `graceMs`, after which the call is cut off and resumed by another worker with the same key).
   */
  async stop(graceMs = 10_000): Promise<void> {
    this.#stopping.abort();
    const cutOff = setTimeout(() => this.#abort.abort(), graceMs);
    await this.#subscription?.close();
    this.#doorbell.ring(true);
    await Promise.allSettled(this.#slots);
    clearTimeout(cutOff);
  }

  /**
   * Looks for a run to claim: reads the claimable runs in their turn (findRunsToClaim) and claims the first that is still as read and that no
   * other slot of this process is claiming. When others took every one read first, says so (look again at once).
   */
  async #find(): Promise<Found> {
    const now = this.#clock.now();
    // A few more than this process's slots, so runs its other slots are claiming are passed by, not waited for.
    const candidates = await findRunsToClaim(this.#db.orm, now, this.#concurrency + 2);
    const free = candidates.filter(({ run }) => !this.#claiming.has(run.id));
    for (const [index, { run, actor }] of free.entries()) {
      this.#claiming.add(run.id);
      try {
        const claimed = await this.#claim(run, actor, now);
        if (claimed) return { ...claimed, more: index < free.length - 1 || candidates.length > free.length };
      } finally {
        this.#claiming.delete(run.id);
      }
    }
    return free.length > 0 ? 'contended' : undefined;
  }

  /**
   * Claims `seen` (as read) in one statement with its event (see claimRun), under a lease token of this claim's
   * own: the run as claimed, its steps, who started it. Nothing when another worker claimed it first.
   */
  async #claim(
    seen: RunRecord,
    actor: Actor,
    now: Date,
  ): Promise<{ claimed: Claimed; owner: string } | undefined> {
    // Each drive leases the run under a token of its own, not the worker's id: once its lease lapses, a drive
    // of this same worker that takes the run over must not pass for it (its writes are fenced by the token).
    const owner = `${this.id}/${++this.#drives}`;
    // Made ready (the authorizer reads the plan, the object store makes the run's folders) while the claim is made.
    this.#executor.prepare(seen);
    const takeover = seen.lease_owner !== null;
    const claimed = await claimRun(this.#db.orm, seen, owner, now, this.#leaseMs, {
      tenant_id: seen.tenant_id,
      actor,
      action: takeover ? 'run.taken_over' : seen.status === 'queued' ? 'run.started' : 'run.resumed',
      occurred_at: now,
      plan_id: seen.plan_id,
      run_id: seen.id,
      context: {
        worker: owner,
        attempt: seen.attempts + 1,
        ...(takeover ? { previous_worker: seen.lease_owner } : {}),
      },
    });
    if (!claimed) return undefined;
    if (takeover) this.takeovers++;
    return { claimed: { ...claimed, actor }, owner };
  }

  /** Drives a claimed run under its lease; a drive that stops short hands the run back. */
  async #drive(claimed: Claimed, owner: string): Promise<void> {
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
        const held = await renewLease(this.#db.orm, run.id, owner, new Date(now + this.#leaseMs));
        if (!held) throw new LeaseLost(`run ${run.id} was taken over by another worker`);
        renewedAt = now;
        return held;
      },
    };
    try {
      await this.#executor.drive(claimed, lease);
    } catch (error) {
      if (error instanceof LeaseLost) {
        this.#logger.info({ message: `drive ${owner} of run ${run.id} stopped: ${error.message}` });
        await this.#handBack(run, owner, error.message);
      } else {
        await this.#deferAfterError(run, owner, error as Error);
      }
    }
  }

  /**
   * A drive stopped on an error: the run is released to be resumed, not at once (the same error would be met
   * again at once, in a loop of claims) but after a wait that doubles with each such drive in a row. Not announced:
   * a slot's look finds it once the wait is over.
   */
  async #deferAfterError(run: RunRecord, owner: string, error: Error): Promise<void> {
    const deferred = await releaseLeaseAfterError(this.#db.orm, run.id, owner, this.#clock.now()).catch(
      () => undefined,
    );
    this.#logger.error({
      message: deferred
        ? `run ${run.id} stopped on an error; it will be resumed after ${deferred.resumeAfter.toISOString()} ` +
          `(drives stopped on an error in a row: ${deferred.failedDrives})`
        : `run ${run.id} stopped on an error; it will be resumed once its lease lapses`,
      error_message: error.message,
    });
  }

  /** Releases the lease and announces the run, so another worker continues at once; says so in the log. */
  async #handBack(run: RunRecord, owner: string, reason: string): Promise<void> {
    const released = await this.#db.orm
      .transaction(async (tx) => {
        if (!(await releaseLease(tx, run.id, owner))) return false;
        await announceRun(tx);
        return true;
      })
      .catch(() => false);
    if (released) this.#logger.info({ message: `handed run ${run.id} back: ${reason}` });
  }
}
