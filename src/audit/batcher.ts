import { Problem } from '../core/problem.ts';
import type { Orm } from '../db/connect.ts';
import type { Logger } from '../ops/logger.ts';
import { type AuditInput, appendAudit } from './append.ts';

/**
 * Write-behind for records of decisions that change nothing else (authorize answers), so the hot
 * path does not wait for a commit per answer: events are flushed within milliseconds in large
 * multi-row INSERTs. Answers that share a digest key (same tenant, actor, plan and outcome) within one
 * flush become ONE event listing each answer with its own time and details, so a burst of identical
 * questions costs one row, not thousands, and every answer is still in the tamper-evident log. The queue is
 * bounded: past the high-water mark callers wait for the flush, and when the database cannot take the
 * records at all, answers are refused (503) rather than given unrecorded. Shutdown flushes. What is at
 * risk is a crash inside one flush window (a few ms).
 */
// Long enough for a burst to share one transaction, short enough that a crash loses little.
const FLUSH_DELAY_MS = 20;

export class AuditBatcher {
  readonly #orm: Orm;
  readonly #logger: Logger;
  readonly #maxBatch: number;
  readonly #highWater: number;
  readonly #limit: number;
  #queue: QueuedAnswer[] = [];
  #flushing: Promise<void> | undefined;
  #timer: NodeJS.Timeout | undefined;

  constructor(
    orm: Orm,
    logger: Logger,
    options: { maxBatch?: number; highWater?: number; limit?: number } = {},
  ) {
    this.#orm = orm;
    this.#logger = logger;
    this.#maxBatch = options.maxBatch ?? 5000;
    this.#highWater = options.highWater ?? 5_000;
    this.#limit = options.limit ?? 50_000;
  }

  /**
   * Queues an event; resolves at once unless the queue is past its high-water mark. Events with the same
   * `digestKey` in one flush are written as one event whose `context.answers` lists each one's context.
   */
  async enqueue(input: AuditInput, digestKey?: string): Promise<void> {
    if (this.#queue.length >= this.#limit) {
      throw new Problem(
        503,
        'audit_unavailable',
        'the audit log cannot record answers right now; retry shortly',
      );
    }
    this.#queue.push({ input, digestKey });
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
    while (this.#queue.length > 0) {
      const batch = this.#queue.slice(0, this.#maxBatch);
      await this.#orm.transaction((tx) => appendAudit(tx, ...digest(batch)).then(() => {}));
      // Only what committed leaves the queue; a failure keeps it for the retry.
      this.#queue.splice(0, batch.length);
    }
    if (this.#queue.length > 0) this.#schedule();
  }
}

interface QueuedAnswer {
  input: AuditInput;
  digestKey: string | undefined;
}

/** Folds events sharing a digest key into one event listing each one's time and context, in order. */
export function digest(batch: readonly QueuedAnswer[]): AuditInput[] {
  const out: AuditInput[] = [];
  const groups = new Map<string, { event: AuditInput; answers: Record<string, unknown>[] }>();
  for (const { input, digestKey } of batch) {
    const answer = { at: input.occurred_at.toISOString(), ...input.context };
    const group = digestKey === undefined ? undefined : groups.get(digestKey);
    if (group) {
      group.answers.push(answer);
      continue;
    }
    const answers = [answer];
    const event: AuditInput = { ...input, context: { answers } };
    out.push(event);
    if (digestKey !== undefined) groups.set(digestKey, { event, answers });
  }
  for (const group of groups.values())
    group.event.context = { count: group.answers.length, answers: group.answers };
  return out;
}
