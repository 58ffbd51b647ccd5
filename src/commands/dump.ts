/** `retort dump [--from A]`: SQL that recreates a schema in an empty database. */
import type { Context } from "../project/context.ts";
import { bookkeepingTables, diffModels, type DiffResult } from "../project/schema-diff.ts";
import { loadSchema, parseSchemaSource, withScratch } from "../project/schema-source.ts";

/** `retort dump [--from A]`: SQL that recreates the schema of A in an empty database. */
export async function dump(ctx: Context, opts: { readonly from: string }): Promise<DiffResult> {
  const from = parseSchemaSource(ctx, opts.from, "--from");
  return withScratch(ctx, async (scratch) => {
    const model = await loadSchema(ctx, scratch, from);
    return diffModels(await scratch.baseline(), model, bookkeepingTables(ctx));
  });
}
