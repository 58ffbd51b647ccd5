/**
 * Differences the diff cannot express yet. A diff that silently left them out would be wrong, so
 * commands refuse with this list instead (see `UnsupportedDiffError`).
 */
import type { SchemaModel } from "./model.ts";
import { NO_BOOKKEEPING, withoutBookkeeping, type BookkeepingTables } from "./bookkeeping.ts";
import { needsReplace } from "./columns.ts";
import { quoteIdent } from "./model.ts";
import { sortedKeys } from "./step.ts";
import { castPath, enumTypeNames } from "./type-cast.ts";
import { inheritNeedsRebuild } from "./inheritance.ts";
import { reinherited } from "./rebuild.ts";
import { recreatedCollations } from "./collations.ts";
import { compositeRefusals } from "./composites.ts";
import { generatedColumnsOnMovedTypes } from "./converted-columns.ts";
import { typesRecreatedBeside } from "./types.ts";

/** One difference the diff does not handle: what kind of change, and on which object. */
export interface UnsupportedDifference {
  readonly what: string;
  readonly object: string;
}

/** The differences between `from` and `to` that `diffSchemas` would leave out (the bookkeeping tables aside). */
export function unsupportedDifferences(fromModel: SchemaModel, toModel: SchemaModel, bookkeeping: BookkeepingTables = NO_BOOKKEEPING): UnsupportedDifference[] {
  const from = { ...fromModel, ...withoutBookkeeping(fromModel, bookkeeping) };
  const to = { ...toModel, ...withoutBookkeeping(toModel, bookkeeping) };
  const out: UnsupportedDifference[] = [];
  const enums = enumTypeNames(from, to);
  for (const key of sortedKeys(to.tables)) {
    const have = from.tables[key];
    const want = to.tables[key]!;
    if (!have) continue;
    // Partitioning changes are written: partitions detached and attached (see tables.ts), tables
    // whose partition key changes rebuilt with their rows (see rebuild.ts).
    // INHERITS changes are written (see inheritance.ts), rebuilding the table where INHERIT cannot
    // leave it as wanted; but not a parent's, whose children would have to go with it.
    if (inheritNeedsRebuild(have, want, from.tables, to.tables) && !reinherited(key, from.tables, to.tables)) {
      out.push({ what: "INHERITS change that needs the table rebuilt (columns or CHECK constraints that must come from its parents alone), while it has children of its own", object: key });
    }
    for (const c of want.columns) {
      const prev = have.columns.find((p) => p.name === c.name);
      if (!prev || prev.type === c.type || needsReplace(prev, c) || castPath(prev.type, c.type, enums) !== "none") continue;
      out.push({
        what: `type change from ${prev.type} to ${c.type}, which has no cast (no expression is right for every row: write ALTER COLUMN … TYPE … USING <expression> by hand)`,
        object: `${key}.${quoteIdent(c.name)}`,
      });
    }
  }
  const collations = recreatedCollations(from, to);
  out.push(...compositeRefusals(from, to, { from: from.tables, to: to.tables }, typesRecreatedBeside(from, to, collations, { from: from.tables, to: to.tables }), collations));
  for (const column of generatedColumnsOnMovedTypes(from, to, from.tables, to.tables)) {
    out.push({ what: "generated column on a type that is recreated (its expression gives the old type, which does not cast to the new one: drop and add the column by hand)", object: column });
  }
  // What the model leaves out, changed, added or removed: refused by name, never left out.
  for (const key of [...new Set([...sortedKeys(from.notModelled), ...sortedKeys(to.notModelled)])].sort()) {
    const have = from.notModelled[key];
    const want = to.notModelled[key];
    if (have?.definition === want?.definition) continue;
    const d = (want ?? have)!;
    const change = !have ? "added" : !want ? "removed" : "changed";
    out.push({ what: `${d.what} ${change}, which the diff does not write`, object: d.object });
  }
  return out;
}
