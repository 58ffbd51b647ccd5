/**
 * Differences the diff cannot express yet. A diff that silently left them out would be wrong, so
 * commands refuse with this list instead (see `UnsupportedDiffError`).
 */
import type { Acl, SchemaModel } from "./model.ts";
import { withoutBookkeeping } from "./bookkeeping.ts";
import { sortedKeys } from "./step.ts";

/** One difference the diff does not handle: what kind of change, and on which object. */
export interface UnsupportedDifference {
  readonly what: string;
  readonly object: string;
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function aclChanges(
  kind: string,
  from: Readonly<Record<string, { readonly acl: Acl }>>,
  to: Readonly<Record<string, { readonly acl: Acl }>>,
  out: UnsupportedDifference[],
): void {
  for (const key of sortedKeys(to)) {
    const have = from[key];
    const want = to[key]!;
    // A new object with default privileges needs nothing; otherwise any difference counts.
    if ((have === undefined && want.acl !== null) || (have !== undefined && !sameJson(have.acl, want.acl))) {
      out.push({ what: `privileges of ${kind}`, object: key });
    }
  }
}

/** The differences between `from` and `to` that `diffSchemas` would leave out. */
export function unsupportedDifferences(fromModel: SchemaModel, toModel: SchemaModel): UnsupportedDifference[] {
  const from = { ...fromModel, ...withoutBookkeeping(fromModel) };
  const to = { ...toModel, ...withoutBookkeeping(toModel) };
  const out: UnsupportedDifference[] = [];
  aclChanges("schema", from.schemas, to.schemas, out);
  aclChanges("type", from.enums, to.enums, out);
  aclChanges("domain", from.domains, to.domains, out);
  aclChanges("type", from.compositeTypes, to.compositeTypes, out);
  aclChanges("sequence", from.sequences, to.sequences, out);
  aclChanges("table", from.tables, to.tables, out);
  aclChanges("view", from.views, to.views, out);
  aclChanges("materialized view", from.materializedViews, to.materializedViews, out);
  aclChanges("function", from.functions, to.functions, out);
  for (const key of sortedKeys(to.functions)) {
    if (to.functions[key]!.kind === "aggregate" && !sameJson(from.functions[key], to.functions[key])) out.push({ what: "aggregate", object: key });
  }
  for (const key of sortedKeys(to.tables)) {
    const have = from.tables[key];
    const want = to.tables[key]!;
    if (!have) continue;
    if (!sameJson(have.partitionKey, want.partitionKey)) out.push({ what: "partition key of an existing table", object: key });
    if (!sameJson(have.partitionOf, want.partitionOf)) out.push({ what: "partition parent or bounds of an existing table", object: key });
    if (!sameJson(have.inherits, want.inherits)) out.push({ what: "INHERITS of an existing table", object: key });
  }
  return out;
}
