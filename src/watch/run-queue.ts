/**
 * Runs one job at a time. A request during a run queues exactly one more run (which sees the
 * latest files when it starts); further requests before it starts are folded into it.
 */
export class RunQueue {
  #running: Promise<void> | undefined;
  #pending = false;
  private readonly job: () => Promise<void>;
  private readonly onError: (err: unknown) => void;

  /** `onError` receives what a run throws; the queue goes on. */
  constructor(job: () => Promise<void>, onError: (err: unknown) => void) {
    this.job = job;
    this.onError = onError;
  }

  /** Asks for a run: now when idle, else once after the current one. */
  request(): void {
    if (this.#running) {
      this.#pending = true;
      return;
    }
    this.#running = this.#loop();
  }

  /** Resolves when no run is in progress or queued. */
  async idle(): Promise<void> {
    while (this.#running) await this.#running;
  }

  async #loop(): Promise<void> {
    try {
      do {
        this.#pending = false;
        await this.job().catch(this.onError);
      } while (this.#pending);
    } finally {
      this.#running = undefined;
    }
  }
}
