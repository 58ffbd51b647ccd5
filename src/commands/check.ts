/** `retort check [--database]`: whether the schema files (or the live database) agree with the revisions. */
import { withConnection } from "../db/connect.ts";
import { readHeads } from "../db/version-table.ts";
import type { Context } from "../project/context.ts";
import { connectOptions, requireDatabaseUrl, versionTableOf } from "../project/database.ts";
import { bookkeepingTables, findings, type CheckResult } from "../project/schema-diff.ts";
import { readSchemaFiles } from "../project/schema-files.ts";
import { withScratch } from "../project/schema-source.ts";
import { SchemaDriftError } from "./errors.ts";

/**
 * `retort check`: fails (exit 1) with its findings when they are not empty, as Alembic's `check`
 * raises with its diffs; a clean check returns them empty.
 */
export async function check(ctx: Context, opts: { readonly database: boolean }): Promise<CheckResult> {
  const result = await compare(ctx, opts);
  if (result.steps.length + result.unsupported.length > 0) throw new SchemaDriftError(result);
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
