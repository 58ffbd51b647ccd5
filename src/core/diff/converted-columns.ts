/**
 * The columns of kept tables that keep their type's name while the type under it is recreated (an
 * enum, domain, composite or range type rebuilt beside the old one) or changes in place (a
 * composite gaining or losing attributes), or whose collation is recreated. PostgreSQL refuses to
 * convert them while a view, rule, trigger, policy or SQL-standard body reads them, so those are
 * dropped around the conversion as they are around any column type change (see views.ts).
 */
import { recreatedCollations } from "./collations.ts";
import { planComposites, type TablePair } from "./composites.ts";
import { elementType, formattedTypeName } from "./enums.ts";
import { type QualifiedName, type SchemaModel, type TableDef, quoteIdent } from "./model.ts";
import { sortedKeys } from "./step.ts";
import { typesRecreatedBeside } from "./types.ts";

type Tables = Readonly<Record<QualifiedName, TableDef>>;

/** The type names (format_type's spelling) whose type `to` recreates or alters under the same name. */
export function typesChangedUnderTheirName(from: SchemaModel, to: SchemaModel, tables: TablePair): Set<string> {
  const collations = recreatedCollations(from, to);
  const out = typesRecreatedBeside(from, to, collations, tables);
  const composites = planComposites(from, to, tables, out, collations);
  for (const key of [...composites.beside, ...composites.altered.keys()]) out.add(formattedTypeName(to.compositeTypes[key]!.schema, to.compositeTypes[key]!.name));
  return out;
}

/**
 * The columns of tables both sides have, by table, that keep their type and collation by name
 * while `from`→`to` recreates or alters what the name stands for.
 */
export function columnsConvertedUnderTheirType(from: SchemaModel, to: SchemaModel, fromTables: Tables, toTables: Tables): Map<QualifiedName, Set<string>> {
  const types = typesChangedUnderTheirName(from, to, { from: fromTables, to: toTables });
  const collations = recreatedCollations(from, to);
  const out = new Map<QualifiedName, Set<string>>();
  for (const tableKey of sortedKeys(toTables)) {
    const have = fromTables[tableKey];
    if (!have) continue;
    for (const c of toTables[tableKey]!.columns) {
      const prev = have.columns.find((p) => p.name === c.name);
      if (!prev || prev.type !== c.type || prev.collation !== c.collation) continue;
      if (!types.has(elementType(c.type)) && !(c.collation !== null && collations.has(c.collation))) continue;
      if (!out.has(tableKey)) out.set(tableKey, new Set());
      out.get(tableKey)!.add(c.name);
    }
  }
  return out;
}

/**
 * Kept generated columns on a type recreated beside the old one, other than a domain over a
 * changed base type, as `"schema"."table"."column"`: PostgreSQL computes them again from their
 * expression, which still gives the old type, and the old type has no cast to the new one.
 */
export function generatedColumnsOnMovedTypes(from: SchemaModel, to: SchemaModel, fromTables: Tables, toTables: Tables): string[] {
  const collations = recreatedCollations(from, to);
  const types = typesRecreatedBeside(from, to, collations, { from: fromTables, to: toTables });
  for (const [key, d] of Object.entries(to.domains)) {
    const have = from.domains[key];
    if (have && (have.baseType !== d.baseType || have.collation !== d.collation)) types.delete(formattedTypeName(d.schema, d.name));
  }
  const composites = planComposites(from, to, { from: fromTables, to: toTables }, types, collations);
  for (const key of composites.beside) types.add(formattedTypeName(to.compositeTypes[key]!.schema, to.compositeTypes[key]!.name));
  const out: string[] = [];
  for (const tableKey of sortedKeys(toTables)) {
    const have = fromTables[tableKey];
    for (const c of toTables[tableKey]!.columns) {
      const prev = have?.columns.find((p) => p.name === c.name);
      if (c.generated !== null && prev?.generated === c.generated && prev.type === c.type && types.has(elementType(c.type))) out.push(`${tableKey}.${quoteIdent(c.name)}`);
    }
  }
  return out;
}

/**
 * The keys of the kept enums, domains, range and composite types that `from`→`to` recreates or
 * alters under their names: a function that takes, returns or reads one holds on to the old type.
 */
export function typeKeysChangedUnderTheirName(from: SchemaModel, to: SchemaModel, tables: TablePair): Set<QualifiedName> {
  const names = typesChangedUnderTheirName(from, to, tables);
  const out = new Set<QualifiedName>();
  const kinds = ["enums", "domains", "compositeTypes", "rangeTypes"] as const;
  for (const kind of kinds) {
    for (const [key, t] of Object.entries(to[kind])) if (from[kind][key] !== undefined && names.has(formattedTypeName(t.schema, t.name))) out.add(key);
  }
  return out;
}
