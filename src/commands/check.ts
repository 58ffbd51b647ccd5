/** `retort check [--database]`: whether the schema files (or the live database) agree with the revisions. */
import { withConnection } from "../db/connect.ts";
import { readHeads } from "../db/version-table.ts";
import type { Context } from "../project/context.ts";
import { connectOptions, requireDatabaseUrl, versionTableOf } from "../project/database.ts";
import { bookkeepingTables, findings, type CheckResult } from "../project/schema-diff.ts";
import { readSchemaFiles } from "../project/schema-files.ts";
import { withScratch } from "../project/schema-source.ts";
import { LintFindingsError } from "../project/errors-lint.ts";
import type { LintReport } from "../project/lint.ts";
import { SchemaDriftError } from "./errors.ts";

/**
 * `retort check`: fails (exit 1) with its findings when they are not empty, as Alembic's `check`
 * raises with its diffs; a clean check returns them empty.
 */
export async function check(ctx: Context, opts: { readonly database: boolean; readonly lint?: boolean }): Promise<CheckResult & { readonly lint?: LintReport }> {
  const compared = await compare(ctx, opts);
  // With --lint, every revision is linted as deployed on top of the ones before it.
  const result: CheckResult & { readonly lint?: LintReport } = opts.lint === true ? { ...compared, lint: await (await import("./lint.ts")).lintReport(ctx, { all: true }) } : compared;
  if (result.steps.length + result.unsupported.length > 0) throw new SchemaDriftError(result);
  if (result.lint?.findings.some((f) => f.severity === "error")) throw new LintFindingsError(result.lint, "check", compared);
  return result;
}

/**
 * The diff from the revisions at head to the schema files (empty when they agree). With
 * `database`, the drift of the live database from what its applied revisions produce, as the SQL
 * that would bring it back.
 */
async function compare(ctx: Context, opts: { readonly database: boolean }): Promise<CheckResult> {
  if (!opts.database) {
    const files = readSchemaFiles(ctx.config.schema, ctx.config.projectDir);
    return withScratch(ctx, async (scratch) => findings("schema", await scratch.migrations("heads"), await scratch.files(files), bookkeepingTables(ctx)));
  }
  const url = requireDatabaseUrl(ctx);
  const { rows, live } = await withConnection(url, connectOptions(ctx), async (sql) => {
    const { introspect } = await import("../db/introspect.ts");
    return { rows: await readHeads(sql, versionTableOf(ctx)), live: await introspect(sql) };
  });
  return withScratch(ctx, async (scratch) => findings("database", live, await scratch.migrationsAt(rows), bookkeepingTables(ctx)));
}
