/**
 * A plan of the project's revisions laid out as segments, and run. Online runs, scratch builds and
 * offline scripts all lay out through `layoutPlan`, so they cannot disagree on what commits together.
 */
import type { Plan } from "../core/plan.ts";
import { layoutSegments, type LayoutOptions, type Segment } from "../core/segments.ts";
import type { Sql } from "../db/connect.ts";
import { runSegments, type RunnableStep, type SegmentRunOptions, type StepResult } from "../db/run-segment.ts";
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

/** What a segment needs from the context to run and be recorded: the table, clocks, tool version and host. */
export function segmentRunOptions(ctx: Context, checkpoint: () => void, hooks: RunHooks = QUIET): SegmentRunOptions {
  return { table: versionTableOf(ctx), clock: ctx.clock, now: ctx.now, toolVersion: ctx.version, clientHost: ctx.clientHost, checkpoint, hooks };
}

/** Lays out and runs `plan` on `sql`; returns each finished step with its duration. */
export function runPlan(
  ctx: Context,
  sql: Sql,
  project: Project,
  plan: Plan,
  opts: PlanLayoutOptions & { readonly checkpoint: () => void; readonly hooks?: RunHooks },
): Promise<StepResult[]> {
  const segments = layoutPlan(project, plan, opts);
  return runSegments(sql, segments, segmentRunOptions(ctx, opts.checkpoint, opts.hooks));
}
