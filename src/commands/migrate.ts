/** The shared body of `upgrade` and `downgrade`: plan from the live heads, then apply. */
import { planDowngrade, planUpgrade } from "../core/plan.ts";
import { applyPlan } from "../db/apply-plan.ts";
import type { Context } from "./context.ts";
import { versionTableOf, withDatabase } from "./database.ts";
import { loadProject, stepBody, stepLabel } from "./project.ts";

export interface MigrateOptions {
  readonly direction: "upgrade" | "downgrade";
  readonly target: string;
}

export interface MigrateStepResult {
  readonly revision: string;
  readonly downRevisions: readonly string[];
  readonly message: string;
  readonly direction: "upgrade" | "downgrade";
  readonly file: string;
  readonly ms: number;
}

export interface MigrateResult {
  readonly direction: "upgrade" | "downgrade";
  readonly target: string;
  readonly headsBefore: readonly string[];
  readonly headsAfter: readonly string[];
  readonly steps: readonly MigrateStepResult[];
}

/** Moves the database to `target`, in one transaction. */
export async function migrate(ctx: Context, opts: MigrateOptions): Promise<MigrateResult> {
  const project = await loadProject(ctx);
  const plan = opts.direction === "upgrade" ? planUpgrade : planDowngrade;
  return withDatabase(ctx, async (sql) => {
    const { plan: done, results } = await applyPlan(sql, {
      table: versionTableOf(ctx),
      plan: (heads) => plan(project.graph, heads, opts.target),
      body: (step) => {
        const file = project.fileOf(step.revision.id);
        return { body: stepBody(file, step.direction), file: file.path };
      },
      hooks: {
        onStepStart: (index, total, step) => ctx.report({ kind: "step-start", index, total, label: stepLabel(step) }),
        onStepDone: (index, total, step, ms) => ctx.report({ kind: "step-done", index, total, label: stepLabel(step), ms }),
      },
      clock: ctx.clock,
    });
    return {
      direction: opts.direction,
      target: opts.target,
      headsBefore: done.headsBefore,
      headsAfter: done.headsAfter,
      steps: results.map(({ step, ms }) => ({
        revision: step.revision.id,
        downRevisions: step.revision.downRevisions,
        message: step.revision.message,
        direction: step.direction,
        file: project.fileOf(step.revision.id).path,
        ms,
      })),
    };
  });
}
