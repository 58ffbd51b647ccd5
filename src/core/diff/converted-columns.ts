/**
 * The columns of kept tables that keep their type's name while the type under it is recreated (an
 * enum, domain, composite or range type rebuilt beside the old one) or changes in place (a
 * composite gaining or losing attributes), or whose collation is recreated. PostgreSQL refuses to
 * convert them while a view, rule, trigger, policy or SQL-standard body reads them, so those are
 * dropped around the conversion as they are around any column type change (see views.ts).
 */
import { recreatedCollations } from "./collations.ts";
import { formattedTypeName, rebuildsEnum } from "./enums.ts";
import { type QualifiedName, type SchemaModel, type TableDef, quoteIdent } from "./model.ts";
import { sameRange } from "./ranges.ts";
import { sortedKeys } from "./step.ts";
import { domainsRebuiltUnder, sameComposite } from "./types.ts";

type Tables = Readonly<Record<QualifiedName, TableDef>>;

/** The type names (format_type's spelling) whose type `to` recreates or alters under the same name. */
export function typesChangedUnderTheirName(from: SchemaModel, to: SchemaModel): Set<string> {
  const out = new Set<string>();
  for (const [key, e] of Object.entries(to.enums)) if (from.enums[key] && rebuildsEnum(from.enums[key]!, e)) out.add(formattedTypeName(e.schema, e.name));
  const collations = recreatedCollations(from, to);
  const under = domainsRebuiltUnder(from, to, collations);
  for (const [key, d] of Object.entries(to.domains)) {
    const have = from.domains[key];
    if (have && (under.has(key) || have.baseType !== d.baseType || have.collation !== d.collation)) out.add(formattedTypeName(d.schema, d.name));
  }
  for (const [key, t] of Object.entries(to.compositeTypes)) {
    const have = from.compositeTypes[key];
    if (have && !sameComposite(have, t, collations)) out.add(formattedTypeName(t.schema, t.name));
  }
  for (const [key, r] of Object.entries(to.rangeTypes)) {
    const have = from.rangeTypes[key];
    if (have && !sameRange(have, r)) {
      out.add(formattedTypeName(r.schema, r.name));
      out.add(formattedTypeName(r.multirange.schema, r.multirange.name));
    }
  }
  return out;
}

/** A column type without its array brackets. */
function elementType(type: string): string {
  const bracket = type.indexOf("[");
  return bracket < 0 ? type : type.slice(0, bracket);
}

/**
 * The columns, as `"schema"."table"."column"`, of tables both sides have that keep their type and
 * collation by name while `from`→`to` recreates or alters what the name stands for.
 */
export function columnsConvertedUnderTheirType(from: SchemaModel, to: SchemaModel, fromTables: Tables, toTables: Tables): Set<string> {
  const types = typesChangedUnderTheirName(from, to);
  const collations = recreatedCollations(from, to);
  const out = new Set<string>();
  for (const tableKey of sortedKeys(toTables)) {
    const have = fromTables[tableKey];
    if (!have) continue;
    for (const c of toTables[tableKey]!.columns) {
      const prev = have.columns.find((p) => p.name === c.name);
      if (!prev || prev.type !== c.type || prev.collation !== c.collation) continue;
      if (types.has(elementType(c.type)) || (c.collation !== null && collations.has(c.collation))) out.add(`${tableKey}.${quoteIdent(c.name)}`);
    }
  }
  return out;
}
