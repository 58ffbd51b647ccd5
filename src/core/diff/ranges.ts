/**
 * Diff of range types. PostgreSQL cannot alter what a range type means, so a changed one is
 * dropped and created again, which it refuses while columns use it (see unsupported.ts). The
 * multirange type comes and goes with its range type.
 */
import { columnsOfType } from "./convert-columns.ts";
import { formattedTypeName } from "./enums.ts";
import { type QualifiedName, type RangeTypeDef, type SchemaModel, type TableDef, qualifiedName, quoteIdent } from "./model.ts";
import { Phase, type PhasedStep, phased, sortedKeys } from "./step.ts";

type Tables = Readonly<Record<QualifiedName, TableDef>>;

/** CREATE TYPE … AS RANGE with the options that are not the defaults, and the multirange's name. */
export function createRangeSql(key: QualifiedName, r: RangeTypeDef): string {
  const options = [`SUBTYPE = ${r.subtype}`];
  if (r.subtypeOpclass !== null) options.push(`SUBTYPE_OPCLASS = ${r.subtypeOpclass}`);
  if (r.collation !== null) options.push(`COLLATION = ${r.collation}`);
  if (r.canonical !== null) options.push(`CANONICAL = ${r.canonical}`);
  if (r.subtypeDiff !== null) options.push(`SUBTYPE_DIFF = ${r.subtypeDiff}`);
  options.push(`MULTIRANGE_TYPE_NAME = ${qualifiedName(r.multirange.schema, r.multirange.name)}`);
  return `CREATE TYPE ${key} AS RANGE (${options.join(", ")});`;
}

/** True when the two definitions make the same range type (comments and grants aside). */
export function sameRange(a: RangeTypeDef, b: RangeTypeDef): boolean {
  return (
    a.subtype === b.subtype &&
    a.subtypeOpclass === b.subtypeOpclass &&
    a.collation === b.collation &&
    a.canonical === b.canonical &&
    a.subtypeDiff === b.subtypeDiff &&
    a.multirange.schema === b.multirange.schema &&
    a.multirange.name === b.multirange.name
  );
}

/** The kept columns that use range type `r` or its multirange, as `"s"."t"."c"`. */
export function rangeColumns(r: RangeTypeDef, fromTables: Tables, toTables: Tables): string[] {
  const multirange = formattedTypeName(r.multirange.schema, r.multirange.name);
  return [...columnsOfType(formattedTypeName(r.schema, r.name), fromTables, toTables), ...columnsOfType(multirange, fromTables, toTables)].map(
    ([t, c]) => `${t}.${quoteIdent(c)}`,
  );
}

/**
 * Steps for range types: created with the types, or once the functions they name exist (before the
 * tables that use them); dropped after the columns that use them are gone.
 */
export function diffRangeTypes(from: SchemaModel, to: SchemaModel): PhasedStep[] {
  const out: PhasedStep[] = [];
  const create = (key: QualifiedName, r: RangeTypeDef) =>
    phased(r.functionsUsed.length > 0 ? Phase.createTable : Phase.createType, { sql: createRangeSql(key, r), kind: "create-range", object: key, destructive: false });
  for (const key of sortedKeys(to.rangeTypes)) {
    const want = to.rangeTypes[key]!;
    const have = from.rangeTypes[key];
    if (have && sameRange(have, want)) continue;
    if (have) {
      const warning = `drops and recreates range type ${key} to change its definition`;
      out.push(phased(Phase.dropColumn, { sql: `DROP TYPE ${key};`, kind: "drop-range", object: key, destructive: true, warning }));
    }
    out.push(create(key, want));
  }
  for (const key of sortedKeys(from.rangeTypes).reverse()) {
    if (to.rangeTypes[key]) continue;
    const have = from.rangeTypes[key]!;
    const phase = have.functionsUsed.length > 0 ? Phase.dropFunction : Phase.dropType;
    out.push(phased(phase, { sql: `DROP TYPE ${key};`, kind: "drop-range", object: key, destructive: true, warning: `drops range type ${key}` }));
  }
  return out;
}
