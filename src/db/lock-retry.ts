/**
 * Running a unit of revision SQL again when it could not get a lock in time: the retry loop
 * around a segment or a `transaction: false` statement. The rules (which errors, how long a pause)
 * are in `core/lock-retry.ts`; the randomness, the clock and the sleep come from the caller.
 */
import { RETRYABLE_SQLSTATES, retryPauseMs } from "../core/lock-retry.ts";
import { AttemptWatch, type BlockerMonitor, type LockWait } from "./blockers.ts";
import { LockRetryBudgetError, SqlFileError } from "./errors.ts";
import { isServerError } from "./run-step.ts";

/** What the retry loop needs from the run. */
export interface LockRetryOptions {
  /** Monotonic milliseconds, for the budget. */
  readonly clock: () => number;
  /** A number in [0, 1), for the pauses' jitter. */
  readonly random: () => number;
  /** Waits `ms` (returns early when the run is interrupted: the checkpoint then stops it). */
  readonly sleep: (ms: number) => Promise<void>;
  /** Told of every lock timeout and deadlock, with who was in the way. */
  readonly onLockWait: (wait: LockWait) => void;
  /** Samples what a waiting statement waits for; without one, waits are reported without blockers. */
  readonly monitor: BlockerMonitor | undefined;
  /** Checked before every attempt: throws to stop the run (lost lock, interrupt). */
  readonly checkpoint: () => void;
}

/** One unit to run with retries: what to call it, its lock timeout per attempt, and its budget. */
export interface RetriedUnit {
  readonly unit: string;
  readonly lockTimeoutMs: number;
  readonly retryBudgetMs: number;
}

/** The SQLSTATE that makes `err` worth a retry (lock_not_available, deadlock_detected), looking through the errors that wrap it. */
export function retryableSqlstate(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e !== undefined && e !== null && depth < 8; e = (e as { cause?: unknown }).cause, depth++) {
    if (isServerError(e) && RETRYABLE_SQLSTATES.has(e.code)) return e.code;
    if (e instanceof SqlFileError && e.sqlstate !== undefined && RETRYABLE_SQLSTATES.has(e.sqlstate)) return e.sqlstate;
  }
  return undefined;
}

/**
 * Runs `attempt` until it succeeds, retrying only after a lock timeout or a deadlock, with a
 * jittered, growing pause, while the budget lasts. `attempt` must leave nothing behind when it
 * fails (a rolled-back transaction, a statement that did not commit); it tells the watch which
 * backend runs it, so that a wait can be seen while it lasts. Any other error is thrown at once.
 */
export async function withLockRetries<T>(u: RetriedUnit, opts: LockRetryOptions, attempt: (watch: AttemptWatch) => Promise<T>): Promise<T> {
  const started = opts.clock();
  const waits: LockWait[] = [];
  for (let n = 1; ; n++) {
    opts.checkpoint();
    // Sampled about every third of the lock timeout once stuck: a wait that lasts until the timeout is seen.
    const watch = new AttemptWatch(opts.monitor, u.lockTimeoutMs / 3);
    try {
      const result = await attempt(watch);
      await watch.stop();
      return result;
    } catch (err) {
      const seen = await watch.stop();
      const sqlstate = retryableSqlstate(err);
      if (sqlstate === undefined) throw err;
      const elapsedMs = Math.round(opts.clock() - started);
      const pause = retryPauseMs(n, opts.random);
      const last = elapsedMs + pause > u.retryBudgetMs;
      const wait: LockWait = { unit: u.unit, attempt: n, sqlstate, waitingFor: seen?.waitingFor ?? null, blockers: seen?.blockers ?? [], elapsedMs, pauseMs: last ? null : pause };
      waits.push(wait);
      opts.onLockWait(wait);
      if (last) throw new LockRetryBudgetError(u.unit, u.retryBudgetMs, waits, { cause: err });
      await opts.sleep(pause);
    }
  }
}
