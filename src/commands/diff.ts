/** `retort diff --from A --to B`: the SQL that turns one schema into another. */
import type { Context } from "../project/context.ts";
import { bookkeepingTables, diffModels, type DiffResult } from "../project/schema-diff.ts";
import { loadSchemas, parseSchemaSource, withScratch } from "../project/schema-source.ts";

/** `retort diff --from A --to B`. */
export async function diff(ctx: Context, opts: { readonly from: string; readonly to: string }): Promise<DiffResult> {
  const from = parseSchemaSource(ctx, opts.from, "--from");
  const to = parseSchemaSource(ctx, opts.to, "--to");
  return withScratch(ctx, async (scratch) => {
    const [a, b] = await loadSchemas(ctx, scratch, from, to);
    return diffModels(a, b, bookkeepingTables(ctx));
  });
}
