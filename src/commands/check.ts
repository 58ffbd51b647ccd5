/** `retort check [--database]`: whether the schema files (or the live database) agree with the revisions. */
import { withConnection } from "../db/connect.ts";
import { readHeads } from "../db/version-table.ts";
import type { Context } from "../project/context.ts";
import { connectOptions, requireDatabaseUrl, versionTableOf } from "../project/database.ts";
import { findings, type CheckResult } from "../project/schema-diff.ts";
import { readSchemaFiles } from "../project/schema-files.ts";
import { withScratch } from "../project/schema-source.ts";

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
  const { rows, live } = await withConnection(url, connectOptions(ctx), async (sql) => {
    const { introspect } = await import("../db/introspect.ts");
    return { rows: await readHeads(sql, versionTableOf(ctx)), live: await introspect(sql) };
  });
  return withScratch(ctx, async (scratch) => findings("database", live, await scratch.migrationsAt(rows)));
}
