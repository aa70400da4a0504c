import type { Executor } from '../db/connect.ts';
import { notify } from '../db/notify.ts';

/**
 * The run queue is the runs table: a worker claims the next run in turn that is queued, or running with its lease
 * lapsed (findRunsToClaim: fair between tenants, oldest first within one). Nothing else is sent: this channel only tells idle workers to look now rather than at their
 * next look, on commit of a run queued or handed back. A notification lost costs a wait, never a run.
 */
export const RUN_QUEUED_CHANNEL = 'warrant_run_queued';

/** Says a run may be claimed: in the transaction that queued it or handed it back, so it is heard on commit. */
export async function announceRun(tx: Executor): Promise<void> {
  await notify(tx, RUN_QUEUED_CHANNEL, '');
}

/**
 * Wakes a worker's idle slots. Each ring counts: a slot notes the count before it looks for a run and waits only
 * if nothing rang since, so a run announced between its look and its wait is not left to the next poll.
 */
export class Doorbell {
  #rings = 0;
  readonly #waiting = new Set<() => void>();

  /** How many times it has rung: what a slot notes before it looks. */
  get rings(): number {
    return this.#rings;
  }

  /** Wakes one waiting slot (one run to claim), or all of them (anything may have been missed, or stopping). */
  ring(everyone = false): void {
    this.#rings++;
    for (const wake of this.#waiting) {
      wake();
      if (!everyone) return;
    }
  }

  /** Waits for a ring after `since` (a count read from `rings`), or `ms`, whichever comes first. */
  wait(ms: number, since: number): Promise<void> {
    if (this.#rings !== since) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.#waiting.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.#waiting.add(wake);
    });
  }
}
