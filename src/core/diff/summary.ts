/**
 * A one-line account of what differs between two schema models, for people: `+table users`,
 * `-column orders.note`, `~column orders.total numeric(12,2)→numeric(14,2)`, `+index orders_at`.
 * Watch mode prints it after every run.
 */
import { withoutBookkeeping, type BookkeepingTables } from "./bookkeeping.ts";
import type { SchemaModel } from "./model.ts";
import { quoteIdent } from "../sql-quote.ts";
import { sameJson } from "./same-json.ts";
import { sortedKeys } from "./step.ts";

/** `"public"."t"` → `t`, `"s"."t"` → `s.t`; quotes stay only where a name needs them. */
export function displayName(key: string): string {
  const plain = key.replace(/"((?:[^"]|"")*)"/g, (whole, inner: string) => (/^[a-z_][a-z0-9_$]*$/.test(inner) ? inner : whole));
  return plain.startsWith("public.") ? plain.slice("public.".length) : plain;
}

/** How `compare` words an item: what a change says after its name, and the table its items belong to. */
interface Wording<T> {
  readonly detail?: (a: T, b: T) => string;
  /** The table's display name, when the items are a table's columns, constraints and so on (keyed by their bare names). */
  readonly table?: string;
}

/** Added (+), removed (-) and changed (~) objects of one kind, keyed alike in both records. */
function compare<T>(out: string[], kind: string, from: Readonly<Record<string, T>>, to: Readonly<Record<string, T>>, { detail, table }: Wording<T> = {}): void {
  const name = (key: string): string => displayName(table === undefined ? key : `${table}.${quoteIdent(key)}`);
  for (const key of sortedKeys(to)) {
    if (from[key] === undefined) out.push(`+${kind} ${name(key)}`);
    else if (!sameJson(from[key], to[key])) out.push(`~${kind} ${name(key)}${detail ? detail(from[key]!, to[key]!) : ""}`);
  }
  for (const key of sortedKeys(from)) if (to[key] === undefined) out.push(`-${kind} ${name(key)}`);
}

/** What differs from `from` to `to`, one item per object (the bookkeeping tables aside); empty when they are alike. */
export function describeChanges(fromModel: SchemaModel, toModel: SchemaModel, bookkeeping: BookkeepingTables): string[] {
  const from = { ...fromModel, ...withoutBookkeeping(fromModel, bookkeeping) };
  const to = { ...toModel, ...withoutBookkeeping(toModel, bookkeeping) };
  const out: string[] = [];
  compare(out, "schema", from.schemas, to.schemas);
  compare(out, "extension", from.extensions, to.extensions);
  compare(out, "collation", from.collations, to.collations);
  compare(out, "type", from.enums, to.enums, { detail: (a, b) => ` (${a.labels.join(", ")})→(${b.labels.join(", ")})` });
  compare(out, "domain", from.domains, to.domains);
  compare(out, "type", from.compositeTypes, to.compositeTypes);
  compare(out, "range type", from.rangeTypes, to.rangeTypes);
  compare(out, "statistics", from.statistics, to.statistics);
  compare(out, "rule", from.rules, to.rules);
  compare(out, "sequence", from.sequences, to.sequences);
  for (const key of sortedKeys(to.tables)) {
    const have = from.tables[key];
    const want = to.tables[key]!;
    if (!have) {
      out.push(`+table ${displayName(key)}`);
      continue;
    }
    const name = displayName(key);
    const before = Object.fromEntries(have.columns.map((c) => [c.name, c]));
    const after = Object.fromEntries(want.columns.map((c) => [c.name, c]));
    compare(out, "column", before, after, { detail: (a, b) => (a.type !== b.type ? ` ${a.type}→${b.type}` : ""), table: name });
    compare(out, "constraint", have.constraints, want.constraints, { table: name });
    compare(out, "index", have.indexes, want.indexes);
    compare(out, "trigger", have.triggers, want.triggers, { table: name });
    compare(out, "policy", have.policies, want.policies, { table: name });
    const { columns: _c, constraints: _k, indexes: _i, triggers: _t, policies: _p, ...rest } = want;
    const { columns: _c2, constraints: _k2, indexes: _i2, triggers: _t2, policies: _p2, ...restBefore } = have;
    if (!sameJson(restBefore, rest)) out.push(`~table ${name}`);
  }
  for (const key of sortedKeys(from.tables)) if (!to.tables[key]) out.push(`-table ${displayName(key)}`);
  compare(out, "view", from.views, to.views);
  compare(out, "materialized view", from.materializedViews, to.materializedViews);
  compare(out, "function", from.functions, to.functions);
  compare(out, "event trigger", from.eventTriggers, to.eventTriggers);
  compare(out, "default privileges", from.defaultPrivileges, to.defaultPrivileges);
  return out;
}
