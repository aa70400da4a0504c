/**
 * Runs a task every `intervalMs`, never overlapping itself. A task that returns true has more to do and runs
 * again at once (a backlog drains without waiting out intervals). Errors go to `onError`; the loop goes on.
 */
export class Periodic {
  readonly #task: () => Promise<boolean>;
  readonly #intervalMs: number;
  readonly #onError: (error: unknown) => void;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #stopped = true;

  constructor(task: () => Promise<boolean>, intervalMs: number, onError: (error: unknown) => void) {
    this.#task = task;
    this.#intervalMs = intervalMs;
    this.#onError = onError;
  }

  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.#schedule(this.#intervalMs);
  }

  /** Stops the loop and waits for a run in progress. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.#running;
  }

  #schedule(delay: number): void {
    if (this.#stopped) return;
    this.#timer = setTimeout(() => {
      this.#running = this.#task().then(
        (more) => this.#schedule(more ? 0 : this.#intervalMs),
        (error) => {
          this.#onError(error);
          this.#schedule(this.#intervalMs);
        },
      );
    }, delay);
    // A pending tick alone must not keep a process alive.
    this.#timer.unref();
  }
}
