import { Problem } from '../core/problem.ts';
import type { Orm } from '../db/connect.ts';
import type { Logger } from '../ops/logger.ts';
import { type AuditInput, appendAudit } from './append.ts';

/**
 * Write-behind for records of decisions that change nothing else (authorize answers), so the hot
 * path does not wait for a commit per answer: events are flushed within milliseconds in large
 * multi-row INSERTs. The queue is bounded: past the high-water mark callers wait for the flush, and
 * when the database cannot take the records at all, answers are refused (503) rather than given
 * unrecorded. Shutdown flushes. What is at risk is a crash inside one flush window (a few ms).
 */
export class AuditBatcher {
  readonly #orm: Orm;
  readonly #logger: Logger;
  readonly #maxBatch: number;
  readonly #highWater: number;
  readonly #limit: number;
  #queue: AuditInput[] = [];
  #flushing: Promise<void> | undefined;
  #timer: NodeJS.Timeout | undefined;

  constructor(
    orm: Orm,
    logger: Logger,
    options: { maxBatch?: number; highWater?: number; limit?: number } = {},
  ) {
    this.#orm = orm;
    this.#logger = logger;
    this.#maxBatch = options.maxBatch ?? 1000;
    this.#highWater = options.highWater ?? 5_000;
    this.#limit = options.limit ?? 50_000;
  }

  /** Queues an event; resolves at once unless the queue is past its high-water mark. */
  async enqueue(input: AuditInput): Promise<void> {
    if (this.#queue.length >= this.#limit) {
      throw new Problem(
        503,
        'audit_unavailable',
        'the audit log cannot record answers right now; retry shortly',
      );
    }
    this.#queue.push(input);
    if (this.#queue.length >= this.#highWater) await this.flush();
    else this.#schedule();
  }

  /** Writes everything queued so far; resolves once it is committed. */
  async flush(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    while (this.#flushing) await this.#flushing;
    if (this.#queue.length === 0) return;
    this.#flushing = this.#drain();
    try {
      await this.#flushing;
    } finally {
      this.#flushing = undefined;
    }
  }

  #schedule(): void {
    if (this.#timer || this.#flushing) return;
    // A few milliseconds let concurrent answers share one INSERT.
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.flush().catch((error: unknown) => {
        this.#logger.error({
          message: 'audit write-behind failed; retrying',
          error_message: (error as Error).message,
        });
        this.#timer = setTimeout(() => {
          this.#timer = undefined;
          this.#schedule();
        }, 500);
      });
    }, 3);
  }

  async #drain(): Promise<void> {
    while (this.#queue.length > 0) {
      const batch = this.#queue.slice(0, this.#maxBatch);
      await this.#orm.transaction((tx) => appendAudit(tx, ...batch).then(() => {}));
      // Only what committed leaves the queue; a failure keeps it for the retry.
      this.#queue.splice(0, batch.length);
    }
    if (this.#queue.length > 0) this.#schedule();
  }
}
