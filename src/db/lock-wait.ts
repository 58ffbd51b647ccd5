/**
 * Waiting for the migration lock by polling, never by a blocking statement. A statement that waits
 * for a lock holds a snapshot for as long as it waits, and `CREATE INDEX CONCURRENTLY` waits for
 * every transaction with an older snapshot: a deployer blocked in `pg_advisory_lock` while the
 * lock holder builds an index concurrently is a deadlock the server cannot see (each waits on a
 * different backend), the hang Flyway and others are known for. Between two polls the waiter has
 * no transaction and no snapshot, so the holder's index build never waits for it.
 */
import { InterruptedError, LockTimeoutError, type LockHolder } from "./errors.ts";

/** The clock, pause and randomness a wait reads, given by the caller so that nothing here is global. */
export interface LockWaitTiming {
  /** Monotonic milliseconds. */
  readonly clock: () => number;
  readonly sleep: (ms: number) => Promise<void>;
  /** A number in [0, 1), for the jitter that keeps deployers from polling in step. */
  readonly random: () => number;
}

/** What one wait for the migration lock needs. */
export interface LockWaitOptions {
  readonly timeoutMs: number;
  readonly timing: LockWaitTiming;
  /** Called once, on the first poll that finds the lock taken, with whoever holds it. */
  readonly onWait: (holder: LockHolder | undefined) => void;
  /** Aborted on Ctrl-C / SIGTERM: the wait stops at the next pause. */
  readonly signal?: AbortSignal | undefined;
}

/** The first pause between polls, and the longest: short enough to follow a quick holder, long enough to cost the server nothing. */
const FIRST_PAUSE_MS = 50;
const LONGEST_PAUSE_MS = 1_000;

/** The pause before poll `n + 1` (n counts from 0): growing by half each time up to the bound, then jittered down by up to half. */
export function lockPollPause(n: number, random: number): number {
  const grown = Math.min(LONGEST_PAUSE_MS, FIRST_PAUSE_MS * 1.5 ** n);
  return Math.round(grown * (0.5 + random / 2));
}

/**
 * One wait for the migration lock: the caller polls, and calls `pause` after each poll that found
 * the lock taken. The first pause reports the holder; a pause past the deadline throws
 * `LockTimeoutError` naming the holder as it is then.
 */
export class LockWait {
  readonly #opts: LockWaitOptions;
  readonly #deadline: number;
  #polls = 0;

  constructor(opts: LockWaitOptions) {
    this.#opts = opts;
    this.#deadline = opts.timing.clock() + opts.timeoutMs;
  }

  /** Sleeps before the next poll; `holder` looks up who holds the lock now (called only to report it). */
  async pause(holder: () => Promise<LockHolder | undefined>): Promise<void> {
    const { timing, signal } = this.#opts;
    if (this.#polls === 0) this.#opts.onWait(await holder());
    const left = this.#deadline - timing.clock();
    if (left <= 0) throw new LockTimeoutError(this.#opts.timeoutMs, await holder());
    await timing.sleep(Math.min(left, lockPollPause(this.#polls++, timing.random())));
    if (signal?.aborted) throw new InterruptedError(String(signal.reason ?? "SIGINT"));
  }
}
