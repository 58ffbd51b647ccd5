/**
 * A plan of the project's revisions laid out as segments, and run. Online runs, scratch builds and
 * offline scripts all lay out through `layoutPlan`, so they cannot disagree on what commits together.
 */
import type { Plan } from "../core/plan.ts";
import { layoutSegments, type LayoutOptions, type Segment } from "../core/segments.ts";
import type { UnitTimeouts } from "../core/lock-retry.ts";
import { describeLockWait, type BlockerMonitor, type LockWait } from "../db/blockers.ts";
import type { Sql } from "../db/connect.ts";
import { runSegments, type RunAlongside, type RunnableStep, type SegmentRunOptions, type StepResult } from "../db/run-segment.ts";
import type { RunHooks } from "../db/step-progress.ts";
import type { Context } from "./context.ts";
import { versionTableOf } from "./database.ts";
import { runnableStep, type Project } from "./project.ts";

/** How a plan is laid out: the layout's options, and for an online run where its `transaction: false` steps start. */
export type PlanLayoutOptions = Omit<LayoutOptions, "headsBefore"> & {
  /** Set for an online run, which records the progress of `transaction: false` steps: the first statement of each (0 unless resumed). */
  readonly firstStatements?: ReadonlyMap<string, number>;
};

/** The plan's steps, with their files and bodies, laid out as segments. */
export function layoutPlan(project: Project, plan: Plan, opts: PlanLayoutOptions): Segment<RunnableStep>[] {
  return layoutSegments(plan.steps.map((step) => runnableStep(project, step, opts.firstStatements)), { ...opts, headsBefore: plan.headsBefore });
}

/** Hooks that report nothing, for runs nobody watches (scratch builds, a stamp). */
export const QUIET: RunHooks = { onStepStart: () => undefined, onStepDone: () => undefined };

/** The configured timeouts of revision SQL. */
export function configuredTimeouts(ctx: Context): UnitTimeouts {
  return { lockTimeoutMs: ctx.config.revisionLockTimeoutMs, statementTimeoutMs: ctx.config.revisionStatementTimeoutMs, retryBudgetMs: ctx.config.lockRetryBudgetMs };
}

/** How a run watches and reports lock waits: a monitor that names the blockers, and who hears of each wait (by default, a progress line). */
export interface LockWaitReporting {
  readonly monitor?: BlockerMonitor | undefined;
  readonly onLockWait?: (wait: LockWait) => void;
}

/** What a segment needs from the context to run and be recorded: the table, clocks, tool version and host, timeouts and retries. */
export function segmentRunOptions(ctx: Context, checkpoint: () => void, hooks: RunHooks = QUIET, waits: LockWaitReporting = {}): SegmentRunOptions {
  return {
    table: versionTableOf(ctx),
    clock: ctx.clock,
    now: ctx.now,
    toolVersion: ctx.version,
    clientHost: ctx.clientHost,
    checkpoint,
    hooks,
    timeouts: configuredTimeouts(ctx),
    retry: {
      clock: ctx.clock,
      random: ctx.random,
      sleep: ctx.sleep,
      monitor: waits.monitor,
      onLockWait: waits.onLockWait ?? ((wait) => ctx.report({ kind: "info", message: describeLockWait(wait) })),
    },
  };
}

/**
 * Lays out and runs `plan` on `sql`; returns each finished step with its duration. `alongside`
 * runs beside the statements when the plan commits once; otherwise it is finished before the first.
 * `prepare` reads the steps' files (prepareSteps): an upgrade that commits once does without it,
 * each file read as its step is reached, since a file failing then rolls everything back; other
 * runs call it first, so that such a file (or a revision without a downgrade) stops them before
 * anything runs.
 */
export async function runPlan(
  ctx: Context,
  sql: Sql,
  project: Project,
  plan: Plan,
  opts: PlanLayoutOptions & {
    readonly checkpoint: () => void;
    readonly hooks?: RunHooks;
    readonly lockWaits?: LockWaitReporting;
    readonly alongside?: RunAlongside;
    readonly prepare?: () => Promise<void>;
  },
): Promise<StepResult[]> {
  const segments = layoutPlan(project, plan, opts);
  const run = segmentRunOptions(ctx, opts.checkpoint, opts.hooks, opts.lockWaits);
  const commitsOnce = segments.length === 1 && segments[0]!.kind === "transaction";
  if (!commitsOnce || plan.direction === "downgrade") await opts.prepare?.();
  // Work beside the statements is finished before a COMMIT, so it needs the run to be that one COMMIT.
  if (opts.alongside === undefined) return runSegments(sql, segments, run);
  if (commitsOnce) return runSegments(sql, segments, { ...run, alongside: opts.alongside });
  await opts.alongside.finish();
  return runSegments(sql, segments, run);
}
