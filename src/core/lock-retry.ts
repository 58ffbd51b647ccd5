/**
 * The rules of running revision SQL on a live database: each unit (a segment, or one statement of
 * a `transaction: false` revision) waits for a lock only briefly per attempt, and is retried
 * after a jittered, growing pause until a budget runs out. Pure: the randomness comes in as a
 * function, and the caller keeps the time.
 */

/** How a unit of revision SQL waits and runs; every field in milliseconds. */
export interface UnitTimeouts {
  /** How long one attempt waits for a lock (PostgreSQL's `lock_timeout`); never 0, which would wait forever. */
  readonly lockTimeoutMs: number;
  /** The longest a statement may run (PostgreSQL's `statement_timeout`); 0 for no limit. */
  readonly statementTimeoutMs: number;
  /** How long the unit keeps retrying after lock timeouts and deadlocks, from its first attempt. */
  readonly retryBudgetMs: number;
}

/** What a revision's header sets for itself; the rest comes from the settings. */
export type TimeoutOverrides = Partial<UnitTimeouts>;

/** The timeouts of one revision: its header's overrides over the configured ones. */
export function revisionTimeouts(configured: UnitTimeouts, overrides: TimeoutOverrides | undefined): UnitTimeouts {
  return {
    lockTimeoutMs: overrides?.lockTimeoutMs ?? configured.lockTimeoutMs,
    statementTimeoutMs: overrides?.statementTimeoutMs ?? configured.statementTimeoutMs,
    retryBudgetMs: overrides?.retryBudgetMs ?? configured.retryBudgetMs,
  };
}

/**
 * The retry budget of a unit that runs several revisions (one transaction for the run): the
 * largest any of them asks for, since a revision that needs a long budget would otherwise get
 * less because of the company it keeps.
 */
export function unitRetryBudget(configured: UnitTimeouts, overrides: readonly (TimeoutOverrides | undefined)[]): number {
  return overrides.reduce((most, o) => Math.max(most, revisionTimeouts(configured, o).retryBudgetMs), overrides.length === 0 ? configured.retryBudgetMs : 0);
}

/** SQLSTATEs that mean "could not get a lock in time, try again": lock_not_available and deadlock_detected. */
export const RETRYABLE_SQLSTATES: ReadonlySet<string> = new Set(["55P03", "40P01"]);

/** The first pause, how much each pause grows, and the longest one. */
const FIRST_PAUSE_MS = 200;
const GROWTH = 1.5;
// Short enough that a unit runs again within a few seconds of the blocker ending.
const LONGEST_PAUSE_MS = 3_000;

/**
 * The pause after failed attempt `attempt` (1-based): growing geometrically up to a cap, then
 * jittered down by up to half with `random()` in [0, 1), so that replicas retrying together do
 * not stay in step.
 */
export function retryPauseMs(attempt: number, random: () => number): number {
  const ceiling = Math.min(LONGEST_PAUSE_MS, FIRST_PAUSE_MS * GROWTH ** Math.max(0, attempt - 1));
  return Math.round(ceiling * (0.5 + 0.5 * random()));
}
