/**
 * `diff`, `dump` and `check`: schema sources compared with the pure diff. Nothing here prints;
 * results carry the steps and their SQL.
 */
import { ScriptError, ExitCode, RetortError } from "../core/errors.ts";
import { diffSchemas, unsupportedDifferences, type DiffStep, type UnsupportedDifference } from "../core/diff/diff.ts";
import type { SchemaModel } from "../core/diff/model.ts";
import { renderSteps } from "../core/diff/render.ts";
import { readHeads } from "../db/version-table.ts";
import { withConnection } from "../db/connect.ts";
import type { Context } from "./context.ts";
import { requireDatabaseUrl, versionTableOf } from "./database.ts";
import { readSchemaFiles } from "./schema-files.ts";
import { loadSchema, parseSchemaSource, withScratch } from "./schema-source.ts";

/** Differences the diff cannot write yet: refusing beats a script that silently leaves them out. */
export class UnsupportedDiffError extends ScriptError {
  readonly code = "unsupported-diff";
  constructor(readonly differences: readonly UnsupportedDifference[]) {
    super(
      `retort cannot write SQL for ${differences.length === 1 ? "this difference" : "these differences"} yet:\n${differences.map((d) => `  ${d.what}: ${d.object}`).join("\n")}`,
      "Write that part of the change by hand in a revision; the rest can still be generated once the two sides agree on it",
    );
  }
}

/** `check` found differences (exit 1); the result with the SQL was printed first. */
export class SchemaDriftError extends RetortError {
  readonly code = "schema-drift";
  readonly exitCode = ExitCode.checkFailed;
  /** The check's own JSON document already says so: no error document follows it. */
  readonly documented = true;
  constructor(message: string, hint: string) {
    super(message, hint);
  }
}

export interface DiffResult {
  readonly steps: readonly DiffStep[];
  /** The steps as a script, warnings as comments; "" when there are none. */
  readonly sql: string;
}

/** The diff from `from` to `to`, refusing differences it cannot express. */
export function diffModels(from: SchemaModel, to: SchemaModel): DiffResult {
  const unsupported = unsupportedDifferences(from, to);
  if (unsupported.length > 0) throw new UnsupportedDiffError(unsupported);
  const steps = diffSchemas(from, to);
  return { steps, sql: renderSteps(steps) };
}

/** `retort diff --from A --to B`. */
export async function diff(ctx: Context, opts: { readonly from: string; readonly to: string }): Promise<DiffResult> {
  const from = parseSchemaSource(ctx, opts.from, "--from");
  const to = parseSchemaSource(ctx, opts.to, "--to");
  return withScratch(ctx, async (scratch) => diffModels(await loadSchema(ctx, scratch, from), await loadSchema(ctx, scratch, to)));
}

/** `retort dump [--from A]`: SQL that recreates the schema of A in an empty database. */
export async function dump(ctx: Context, opts: { readonly from: string }): Promise<DiffResult> {
  const from = parseSchemaSource(ctx, opts.from, "--from");
  return withScratch(ctx, async (scratch) => {
    const model = await loadSchema(ctx, scratch, from);
    return diffModels(await scratch.baseline(), model);
  });
}

export interface CheckResult extends DiffResult {
  /** What was compared, for the message: `schema` or `database`. */
  readonly against: "schema" | "database";
  /** Differences found that the diff cannot write as SQL yet; they count as differences too. */
  readonly unsupported: readonly UnsupportedDifference[];
}

/** A check's findings: the SQL for what the diff can write, and the rest listed (and as comments). */
function findings(against: CheckResult["against"], from: SchemaModel, to: SchemaModel): CheckResult {
  const unsupported = unsupportedDifferences(from, to);
  const steps = diffSchemas(from, to);
  const notes = unsupported.map((d) => `-- not written as SQL yet: ${d.what}: ${d.object}\n`).join("");
  return { against, steps, unsupported, sql: notes + renderSteps(steps) };
}

/**
 * `retort check`: the diff from the revisions at head to the schema files (empty when they
 * agree). With `database`, the drift of the live database from what its applied revisions
 * produce, as the SQL that would bring it back.
 */
export async function check(ctx: Context, opts: { readonly database: boolean }): Promise<CheckResult> {
  if (!opts.database) {
    const files = readSchemaFiles(ctx.config.schema, ctx.config.projectDir);
    return withScratch(ctx, async (scratch) => findings("schema", await scratch.migrations("heads"), await scratch.files(files)));
  }
  const url = requireDatabaseUrl(ctx);
  const { rows, live } = await withConnection(url, { applicationName: ctx.applicationName, onNotice: () => undefined }, async (sql) => {
    const { introspect } = await import("../db/introspect.ts");
    return { rows: await readHeads(sql, versionTableOf(ctx)), live: await introspect(sql) };
  });
  return withScratch(ctx, async (scratch) => findings("database", live, await scratch.migrationsAt(rows)));
}
