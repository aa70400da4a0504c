import type { Logger } from './logger.ts';

/**
 * A background task run at a fixed pause between runs (never overlapping itself). Errors are logged
 * and the loop goes on: a database restart must not end expiry or integration for good.
 */
export class Every {
  readonly #name: string;
  readonly #ms: number;
  readonly #task: () => Promise<unknown>;
  readonly #logger: Logger;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #stopped = true;

  constructor(name: string, ms: number, task: () => Promise<unknown>, logger: Logger) {
    this.#name = name;
    this.#ms = ms;
    this.#task = task;
    this.#logger = logger;
  }

  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.#schedule();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.#running;
  }

  #schedule(): void {
    if (this.#stopped) return;
    this.#timer = setTimeout(() => {
      this.#running = this.#task()
        .then(
          () => {},
          (error: unknown) =>
            this.#logger.warn({
              message: `${this.#name} failed; will retry`,
              error_message: (error as Error).message,
            }),
        )
        .finally(() => {
          this.#running = undefined;
          this.#schedule();
        });
    }, this.#ms);
  }
}
