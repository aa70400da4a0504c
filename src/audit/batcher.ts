import type { Orm } from '../db/connect.ts';
import { type AuditInput, appendAudit } from './append.ts';

/**
 * Group commit for records of decisions that change nothing else (authorize answers): callers
 * wait until their event is committed, but concurrent callers share one multi-row INSERT.
 */
export class AuditBatcher {
  readonly #orm: Orm;
  readonly #maxBatch: number;
  #queue: Array<{ input: AuditInput; done: (error?: unknown) => void }> = [];
  #flushing: Promise<void> | undefined;

  constructor(orm: Orm, maxBatch = 500) {
    this.#orm = orm;
    this.#maxBatch = maxBatch;
  }

  append(input: AuditInput): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ input, done: (error) => (error ? reject(error) : resolve()) });
      if (!this.#flushing) this.#flushing = this.#drain();
    });
  }

  async #drain(): Promise<void> {
    // Let the requests already in flight join the first batch.
    await new Promise((resolve) => setImmediate(resolve));
    while (this.#queue.length > 0) {
      const batch = this.#queue.splice(0, this.#maxBatch);
      try {
        await this.#orm.transaction((tx) =>
          appendAudit(tx, ...batch.map((entry) => entry.input)).then(() => {}),
        );
        for (const entry of batch) entry.done();
      } catch (error) {
        for (const entry of batch) entry.done(error);
      }
    }
    this.#flushing = undefined;
  }
}
