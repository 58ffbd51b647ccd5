/**
 * Runs a plan against the database in one transaction: the heads are read inside it, the plan is
 * made from them, and every step and version-table change commits together or not at all.
 */
import type { Plan, Step } from "../core/plan.ts";
import type { Sql } from "./connect.ts";
import { runStepBody, type StepBody } from "./run-step.ts";
import { applyVersionChanges, ensureVersionTable, readHeads, type VersionTableName } from "./version-table.ts";

export interface ApplyHooks {
  readonly onStepStart: (index: number, total: number, step: Step) => void;
  readonly onStepDone: (index: number, total: number, step: Step, ms: number) => void;
}

export interface StepResult {
  readonly step: Step;
  readonly ms: number;
}

export interface ApplyOptions {
  readonly table: VersionTableName;
  /** Makes the plan from the heads read inside the transaction. */
  readonly plan: (heads: readonly string[]) => Plan;
  /** What each step runs, with the file it comes from. Called for every step before any runs. */
  readonly body: (step: Step) => { readonly body: StepBody; readonly file: string };
  readonly hooks: ApplyHooks;
  readonly clock: () => number;
}

/** Applies the plan; returns it with each step's duration. */
export async function applyPlan(sql: Sql, opts: ApplyOptions): Promise<{ plan: Plan; results: StepResult[] }> {
  return sql.begin(async (tx) => {
    const heads = await readHeads(tx, opts.table);
    const plan = opts.plan(heads);
    if (plan.steps.length === 0) return { plan, results: [] };
    // Resolve every body first, so a missing downgrade stops the run before anything executes.
    const bodies = plan.steps.map((step) => opts.body(step));
    await ensureVersionTable(tx, opts.table);
    const results: StepResult[] = [];
    const total = plan.steps.length;
    for (const [i, step] of plan.steps.entries()) {
      const { body, file } = bodies[i]!;
      opts.hooks.onStepStart(i, total, step);
      const started = opts.clock();
      await runStepBody(tx, body, { revision: step.revision.id, file, direction: step.direction });
      await applyVersionChanges(tx, opts.table, step.versionChanges);
      const ms = opts.clock() - started;
      opts.hooks.onStepDone(i, total, step, ms);
      results.push({ step, ms });
    }
    return { plan, results };
  }) as Promise<{ plan: Plan; results: StepResult[] }>;
}
