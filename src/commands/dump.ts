/** `retort dump [--from A]`: SQL that recreates a schema in an empty database. */
import { withConnection } from "../db/connect.ts";
import { emptyDatabaseModel } from "../db/empty-database.ts";
import { introspect } from "../db/introspect.ts";
import type { Context } from "../project/context.ts";
import { connectOptions } from "../project/database.ts";
import { bookkeepingTables, diffModels, type DiffResult } from "../project/schema-diff.ts";
import { loadSchema, parseSchemaSource, withScratch } from "../project/schema-source.ts";

/**
 * `retort dump [--from A]`: SQL that recreates the schema of A in an empty database. A database
 * source is only read: the empty database is described, not created, so no scratch database is.
 */
export async function dump(ctx: Context, opts: { readonly from: string }): Promise<DiffResult> {
  const from = parseSchemaSource(ctx, opts.from, "--from");
  if (from.kind === "database") {
    const { empty, model } = await withConnection(from.url, connectOptions(ctx), async (sql) => ({ empty: await emptyDatabaseModel(sql), model: await introspect(sql) }));
    return diffModels(empty, model, bookkeepingTables(ctx));
  }
  return withScratch(ctx, async (scratch) => {
    const model = await loadSchema(ctx, scratch, from);
    return diffModels(await scratch.baseline(), model, bookkeepingTables(ctx));
  });
}
