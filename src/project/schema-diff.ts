/**
 * Comparing two schema models with the pure diff, for `diff`, `dump`, `check` and autogenerate.
 * Nothing here prints; results carry the steps and their SQL.
 */
import { diffSchemas, unsupportedDifferences, type BookkeepingTables, type DiffStep, type UnsupportedDifference } from "../core/diff/diff.ts";
import type { SchemaModel } from "../core/diff/model.ts";
import { splitOnline } from "../core/diff/online.ts";
import { renderScript, renderSteps } from "../core/diff/render.ts";
import type { Context } from "./context.ts";
import { UnsupportedDiffError } from "./errors.ts";

export interface DiffResult {
  readonly steps: readonly DiffStep[];
  /**
   * The steps as SQL, warnings as comments; "" when there are none. For `diff`, `dump` and `check`
   * a script that applies as printed (in a transaction); in a revision, its body.
   */
  readonly sql: string;
}

/** The configured version table and the history table beside it, which no diff touches. */
export function bookkeepingTables(ctx: Context): BookkeepingTables {
  return { schema: ctx.config.versionTableSchema, names: [ctx.config.versionTable, ctx.config.historyTable] };
}

/** The diff from `from` to `to` as a script that applies as printed, refusing differences it cannot express. */
export function diffModels(from: SchemaModel, to: SchemaModel, bookkeeping: BookkeepingTables): DiffResult {
  const steps = diffSteps(from, to, bookkeeping);
  return { steps, sql: renderScript(steps) };
}

/** The diff's steps, refusing differences it cannot express. */
function diffSteps(from: SchemaModel, to: SchemaModel, bookkeeping: BookkeepingTables): readonly DiffStep[] {
  const unsupported = unsupportedDifferences(from, to, bookkeeping);
  if (unsupported.length > 0) throw new UnsupportedDiffError(unsupported);
  return diffSchemas(from, to, bookkeeping);
}

/** The SQL of one revision to write: its upgrade and downgrade. */
export interface RevisionSql {
  readonly up: DiffResult;
  readonly down: DiffResult;
}

/**
 * What `revision --autogenerate` writes, from the schema at the parents to the schema files: one
 * transactional revision, and with `online` (see core/diff/online.ts) a `transaction: false`
 * revision after it when a table that already exists needs the online-safe form. Either may be
 * empty (no steps).
 */
export function revisionDiffs(from: SchemaModel, to: SchemaModel, bookkeeping: BookkeepingTables, online: boolean): { readonly transactional: RevisionSql; readonly online: RevisionSql | null } {
  const unsupported = unsupportedDifferences(from, to, bookkeeping);
  if (unsupported.length > 0) throw new UnsupportedDiffError(unsupported);
  const split = online ? splitOnline(from, to, bookkeeping) : null;
  const middle = split?.intermediate ?? to;
  // Revision bodies: retort runs them in its own transaction.
  const result = (steps: readonly DiffStep[]): DiffResult => ({ steps, sql: renderSteps(steps) });
  const transactional = { up: result(diffSteps(from, middle, bookkeeping)), down: result(diffSteps(middle, from, bookkeeping)) };
  if (split === null) return { transactional, online: null };
  return { transactional, online: { up: result(split.upgrade), down: result(split.downgrade) } };
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
  return { against, steps, unsupported, sql: notes + renderScript(steps) };
}
