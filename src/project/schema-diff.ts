/**
 * Comparing two schema models with the pure diff, for `diff`, `dump`, `check` and autogenerate.
 * Nothing here prints; results carry the steps and their SQL.
 */
import { diffSchemas, unsupportedDifferences, type BookkeepingTables, type DiffStep, type UnsupportedDifference } from "../core/diff/diff.ts";
import type { SchemaModel } from "../core/diff/model.ts";
import { renderSteps } from "../core/diff/render.ts";
import { HISTORY_TABLE } from "../db/history-table.ts";
import type { Context } from "./context.ts";
import { UnsupportedDiffError } from "./errors.ts";

export interface DiffResult {
  readonly steps: readonly DiffStep[];
  /** The steps as a script, warnings as comments; "" when there are none. */
  readonly sql: string;
}

/** The configured version table and the history table beside it, which no diff touches. */
export function bookkeepingTables(ctx: Context): BookkeepingTables {
  return { schema: ctx.config.versionTableSchema, names: [ctx.config.versionTable, HISTORY_TABLE] };
}

/** The diff from `from` to `to`, refusing differences it cannot express. */
export function diffModels(from: SchemaModel, to: SchemaModel, bookkeeping: BookkeepingTables): DiffResult {
  const unsupported = unsupportedDifferences(from, to, bookkeeping);
  if (unsupported.length > 0) throw new UnsupportedDiffError(unsupported);
  const steps = diffSchemas(from, to, bookkeeping);
  return { steps, sql: renderSteps(steps) };
}

export interface CheckResult extends DiffResult {
  /** What was compared, for the message: `schema` or `database`. */
  readonly against: "schema" | "database";
  /** Differences found that the diff cannot write as SQL yet; they count as differences too. */
  readonly unsupported: readonly UnsupportedDifference[];
}

/** A check's findings: the SQL for what the diff can write, and the rest listed (and as comments). */
export function findings(against: CheckResult["against"], from: SchemaModel, to: SchemaModel, bookkeeping: BookkeepingTables): CheckResult {
  const unsupported = unsupportedDifferences(from, to, bookkeeping);
  const steps = diffSchemas(from, to, bookkeeping);
  const notes = unsupported.map((d) => `-- not written as SQL yet: ${d.what}: ${d.object}\n`).join("");
  return { against, steps, unsupported, sql: notes + renderSteps(steps) };
}
