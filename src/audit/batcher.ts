import type { Logger } from '../core/logger.ts';
import { Problem } from '../core/problem.ts';
import type { Database } from '../db/connect.ts';
import { AnswerFold, type FoldedEvent } from './answer-fold.ts';
import { type AuditInput, appendAudit } from './append.ts';

/**
 * Write-behind for records of decisions that change nothing else (authorize answers), so the hot
 * path does not wait for a commit per answer: answers are folded as they arrive (see AnswerFold) and
 * flushed within milliseconds in multi-row INSERTs. The queue is bounded in answers: past the
 * high-water mark callers wait for the flush, and when the database cannot take the records at all,
 * answers are refused (503) rather than given unrecorded. Shutdown flushes. What is at risk is a crash
 * inside one flush window (a few ms).
 */
// Long enough for a burst to share one transaction, short enough that a crash loses little.
const FLUSH_DELAY_MS = 20;

export class AuditBatcher {
  readonly #db: Pick<Database, 'orm'>;
  readonly #logger: Logger;
  readonly #maxBatch: number;
  readonly #highWater: number;
  readonly #limit: number;
  readonly #fold = new AnswerFold();
  /** Events taken from the fold and not yet committed, oldest first; a failed flush leaves them here. */
  #unwritten: FoldedEvent[] = [];
  #unwrittenAnswers = 0;
  #flushing: Promise<void> | undefined;
  #timer: NodeJS.Timeout | undefined;

  constructor(deps: {
    db: Pick<Database, 'orm'>;
    logger: Logger;
    maxBatch?: number;
    highWater?: number;
    limit?: number;
  }) {
    this.#db = deps.db;
    this.#logger = deps.logger;
    this.#maxBatch = deps.maxBatch ?? 5000;
    this.#highWater = deps.highWater ?? 5_000;
    this.#limit = deps.limit ?? 50_000;
  }

  /** Answers recorded and not yet committed. */
  get pending(): number {
    return this.#fold.size + this.#unwrittenAnswers;
  }

  /**
   * Queues an event; resolves at once unless the queue is past its high-water mark. Events with the same
   * `digestKey` in one flush are written as one event (see AnswerFold).
   */
  async enqueue(input: AuditInput, digestKey?: string): Promise<void> {
    if (this.pending >= this.#limit) {
      throw new Problem(
        503,
        'audit_unavailable',
        'the audit log cannot record answers right now; retry shortly',
      );
    }
    this.#fold.add(input, digestKey);
    if (this.pending >= this.#highWater) await this.flush();
    else this.#schedule();
  }

  /** Writes everything queued so far; resolves once it is committed. */
  async flush(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    while (this.#flushing) await this.#flushing;
    if (this.pending === 0) return;
    this.#flushing = this.#drain();
    try {
      await this.#flushing;
    } finally {
      this.#flushing = undefined;
    }
  }

  #schedule(): void {
    if (this.#timer || this.#flushing) return;
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
    }, FLUSH_DELAY_MS);
  }

  async #drain(): Promise<void> {
    for (const taken of this.#fold.take()) {
      this.#unwritten.push(taken);
      this.#unwrittenAnswers += taken.answers;
    }
    while (this.#unwritten.length > 0) {
      const batch = this.#unwritten.slice(0, this.#maxBatch);
      // One INSERT is atomic by itself: a transaction around it would only add BEGIN and COMMIT.
      await appendAudit(this.#db.orm, ...batch.map((u) => u.event));
      // Only what committed leaves; a failure keeps it for the retry.
      this.#unwritten.splice(0, batch.length);
      for (const written of batch) this.#unwrittenAnswers -= written.answers;
    }
    if (this.pending > 0) this.#schedule();
  }
}
