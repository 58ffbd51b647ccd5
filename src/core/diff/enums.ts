/** Diff of enum types: create, drop, ADD VALUE in place, or rebuild when labels go away or move. */
import { type EnumDef, type QualifiedName, type TableDef, qualifiedName, quoteIdent } from "./model.ts";
import { convertColumnsThroughText } from "./convert-columns.ts";
import { Phase, type PhasedStep, phased, quoteLiteral, sortedKeys } from "./step.ts";

/** CREATE TYPE … AS ENUM for `e`. */
export function createEnumSql(key: QualifiedName, e: EnumDef): string {
  return `CREATE TYPE ${key} AS ENUM (${e.labels.map(quoteLiteral).join(", ")});`;
}

/** True when `from` appears in `to` in the same order, so ADD VALUE alone can reach `to`. */
function isOrderedSubset(from: readonly string[], to: readonly string[]): boolean {
  let i = 0;
  for (const label of to) if (label === from[i]) i++;
  return i === from.length;
}

/**
 * ADD VALUE steps that turn `have` into `want`, each placed AFTER its predecessor (or BEFORE the
 * old first label) so the sort order matches, since enum comparison follows declaration order.
 */
function addValueSteps(key: QualifiedName, have: readonly string[], want: readonly string[]): PhasedStep[] {
  const existing = new Set(have);
  const out: PhasedStep[] = [];
  want.forEach((label, i) => {
    if (existing.has(label)) return;
    // The previous label exists by now (old, or added by the step before); the first goes before the old first.
    const place = i > 0 ? `AFTER ${quoteLiteral(want[i - 1]!)}` : have[0] !== undefined ? `BEFORE ${quoteLiteral(have[0])}` : "";
    const sql = `ALTER TYPE ${key} ADD VALUE ${quoteLiteral(label)}${place ? ` ${place}` : ""};`;
    // PostgreSQL: a label added in a transaction cannot be used until that transaction commits.
    const warning = `adds label ${quoteLiteral(label)} to ${key}; it cannot be used in the same transaction`;
    out.push(phased(Phase.createType, { sql, kind: "add-enum-value", object: key, destructive: false, warning }));
  });
  return out;
}

/** True when `want` drops or reorders labels of `have`, so the type is rebuilt rather than altered. */
export function rebuildsEnum(have: EnumDef, want: EnumDef): boolean {
  return !isOrderedSubset(have.labels, want.labels);
}

type Tables = Readonly<Record<QualifiedName, TableDef>>;

/**
 * How format_type prints the type under `search_path = pg_catalog`: each part quoted only when
 * it is not a plain lower-case identifier (PostgreSQL also quotes keywords, which this misses).
 */
export function formattedTypeName(schema: string, name: string): string {
  const part = (p: string) => (/^[a-z_][a-z0-9_$]*$/.test(p) ? p : quoteIdent(p));
  return `${part(schema)}.${part(name)}`;
}

/** A format_type text without its array brackets: the element type's name. */
export function elementType(type: string): string {
  const bracket = type.indexOf("[");
  return bracket < 0 ? type : type.slice(0, bracket);
}

/**
 * PostgreSQL cannot remove or reorder enum labels, so the type is rebuilt: rename the old one,
 * create the new one, convert the columns of kept tables through text, drop the old one.
 */
function recreateSteps(key: QualifiedName, want: EnumDef, fromTables: Tables, toTables: Tables): PhasedStep[] {
  const oldName = `${want.name}__retort_old`;
  const typeName = formattedTypeName(want.schema, want.name);
  const out: PhasedStep[] = [
    phased(Phase.createType, {
      sql: `ALTER TYPE ${key} RENAME TO ${quoteIdent(oldName)};`,
      kind: "alter-enum",
      object: key,
      destructive: true,
      warning: `recreates type ${key} because labels were removed or reordered; converting a column fails if a row holds a removed label`,
    }),
    phased(Phase.createType, { sql: createEnumSql(key, want), kind: "create-enum", object: key, destructive: false }),
  ];
  out.push(...convertColumnsThroughText(typeName, fromTables, toTables));
  const sql = `DROP TYPE ${qualifiedName(want.schema, oldName)};`;
  out.push(phased(Phase.dropType, { sql, kind: "drop-enum", object: key, destructive: false }));
  return out;
}

/** Steps that turn the enums of `from` into those of `to`, converting the columns of kept tables that use a rebuilt one. */
export function diffEnums(
  from: Readonly<Record<QualifiedName, EnumDef>>,
  to: Readonly<Record<QualifiedName, EnumDef>>,
  fromTables: Tables,
  toTables: Tables,
): PhasedStep[] {
  const out: PhasedStep[] = [];
  for (const key of sortedKeys(to)) {
    const want = to[key]!;
    const have = from[key];
    if (!have) {
      out.push(phased(Phase.createType, { sql: createEnumSql(key, want), kind: "create-enum", object: key, destructive: false }));
    } else if (!rebuildsEnum(have, want)) {
      out.push(...addValueSteps(key, have.labels, want.labels));
    } else {
      out.push(...recreateSteps(key, want, fromTables, toTables));
    }
  }
  for (const key of sortedKeys(from).reverse()) {
    if (to[key]) continue;
    const warning = `drops type ${key}`;
    out.push(phased(Phase.dropType, { sql: `DROP TYPE ${key};`, kind: "drop-enum", object: key, destructive: true, warning }));
  }
  return out;
}
