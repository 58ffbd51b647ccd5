/**
 * A run under the transaction-level migration lock (`migration_lock = "transaction"`, for
 * transaction-pooling proxies; see `db/transaction-lock.ts`). No lock is held between
 * transactions, so each segment checks under the lock that the version table still holds the rows
 * it was planned from:
 * - a `transaction` segment (the whole run, or one revision per migration) takes the lock first in
 *   its own transaction, then reads the version table; the lock is released by its COMMIT;
 * - a `transaction: false` revision, whose statements commit one by one outside any transaction,
 *   runs while a lock transaction on a connection of its own holds the lock (from before its first
 *   statement until after its record is committed), so no other deployer can start it meanwhile.
 * When the rows have moved, another deployer applied something first: the segment rolls back
 * having done nothing, and the rest of the run is planned again from the rows found, which may
 * leave nothing to do. Nothing is applied twice and the run does not fail for it.
 */
import type { Plan } from "../core/plan.ts";
import { runSegment, type StepResult } from "../db/run-segment.ts";
import type { Session } from "../db/session.ts";
import type { RunHooks } from "../db/step-progress.ts";
import { lockThisTransaction, VersionTableMovedSignal } from "../db/transaction-lock.ts";
import type { Context } from "./context.ts";
import { versionTableOf } from "./database.ts";
import type { Project } from "./project.ts";
import { layoutPlan, segmentRunOptions, type LockWaitReporting } from "./run-plan.ts";

/** What a run under per-transaction locks did, and the version table's rows around it. */
export interface LockedRun {
  readonly results: StepResult[];
  /** The rows before the first segment this run committed (or as found last, when it committed none). */
  readonly headsBefore: readonly string[];
  readonly headsAfter: readonly string[];
}

export interface LockedRunOptions {
  readonly tablesExist: boolean;
  /** Where each `transaction: false` step starts (see PlanLayoutOptions). */
  readonly firstStatements?: ReadonlyMap<string, number>;
  /** How lock waits of revision SQL are watched and reported. */
  readonly lockWaits?: LockWaitReporting;
  readonly transactionPerMigration: boolean;
  readonly checkpoint: () => void;
  readonly hooks: RunHooks;
  /** The plan from other rows to the same target, for when another deployer moved the version table. */
  readonly replan: (heads: readonly string[]) => Plan;
}

/** Runs `plan` segment by segment, each under the transaction-level lock, planning again whenever another run got there first. */
export async function runLockedPerTransaction(ctx: Context, session: Session, project: Project, plan: Plan, opts: LockedRunOptions): Promise<LockedRun> {
  const table = versionTableOf(ctx);
  // Through a transaction-pooling proxy, a session-level SET could reach another client's connection.
  const runOptions = { ...segmentRunOptions(ctx, opts.checkpoint, opts.hooks, opts.lockWaits), sessionSettings: false };
  const done: StepResult[] = [];
  let current = plan;
  let headsBefore = plan.headsBefore;
  let tablesExist = opts.tablesExist;
  replanning: for (;;) {
    const segments = layoutPlan(project, current, { transactionPerMigration: opts.transactionPerMigration, tablesExist, ...(opts.firstStatements ? { firstStatements: opts.firstStatements } : {}) });
    const total = done.length + current.steps.length;
    let rows = current.headsBefore;
    for (const segment of segments) {
      const expected = rows;
      const numbering = { first: done.length, total };
      try {
        const results =
          segment.kind === "transaction"
            ? await session.pollWhileLockBusy(() => runSegment(session.sql, segment, { ...runOptions, startTransaction: (tx) => lockThisTransaction(tx, table, expected) }, numbering))
            : await session.underLockTransaction(expected, () => runSegment(session.sql, segment, runOptions, numbering));
        done.push(...results);
      } catch (err) {
        if (!(err instanceof VersionTableMovedSignal)) throw err;
        if (done.length === 0) headsBefore = err.heads;
        current = opts.replan(err.heads);
        tablesExist = true;
        continue replanning;
      }
      rows = segment.steps.at(-1)!.step.headsAfter;
      tablesExist = true;
    }
    return { results: done, headsBefore, headsAfter: current.headsAfter };
  }
}
