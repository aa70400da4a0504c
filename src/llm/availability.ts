// Drafting's degraded mode (seed 001): when the model provider is down, Warrant is read-only for drafting. Reads,
// approvals and runs of approved plans never call a model and go on; a draft answers 503 `model_unavailable` with
// Retry-After at once, rather than each caller waiting out the provider's timeout. Only an outage of the provider
// opens it (no connection, a 5xx or a 429): an answer a caller's own input provokes (a 4xx, a timeout on a huge
// prompt, a refusal) does not, so one tenant cannot shut drafting for the others.
import { ModelCallError, ModelUnavailableError } from './provider.ts';

export class ModelAvailability {
  readonly #retryAfterMs: number;
  readonly #now: () => number;
  #downUntil = 0;
  #why = '';

  constructor(options: { retryAfterMs?: number; now?: () => number } = {}) {
    this.#retryAfterMs = options.retryAfterMs ?? 30_000;
    this.#now = options.now ?? Date.now;
  }

  /** Throws 503 while the provider is held down; after Retry-After, the next call tries it again. */
  check(): void {
    const left = this.#downUntil - this.#now();
    if (left > 0) throw this.#unavailable(this.#why, left);
  }

  /** Runs one model call; an outage holds the provider down for Retry-After and answers 503. */
  async call<T>(run: () => Promise<T>): Promise<T> {
    this.check();
    try {
      const result = await run();
      this.#downUntil = 0;
      return result;
    } catch (error) {
      if (!(error instanceof ModelCallError) || !error.outage) throw error;
      this.#downUntil = this.#now() + this.#retryAfterMs;
      this.#why = error.message;
      throw this.#unavailable(error.message, this.#retryAfterMs);
    }
  }

  #unavailable(why: string, leftMs: number): ModelUnavailableError {
    return new ModelUnavailableError(
      `the model provider is unavailable (${why}); drafting is paused, everything else goes on`,
      Math.max(1, Math.ceil(leftMs / 1000)),
    );
  }
}
