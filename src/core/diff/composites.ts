/**
 * Diff of composite types. Attributes are added at the end and dropped in place (PostgreSQL allows
 * both while columns use the type) and retyped in place while no column uses the type, even
 * through another composite. Otherwise a type that something uses is recreated beside the old one
 * and the columns converted: through text while the attributes keep their names and order, else
 * with a ROW(…) of the old value's attributes, new ones NULL (an array column of such a type has
 * no expression, since USING takes no subquery: it is refused, see `compositeRefusals`). A kept
 * composite that holds a type recreated beside (an enum, domain, range or composite) is recreated
 * beside too, so the old type can go. A type nothing uses is dropped and created again.
 */
import { columnsOfType, convertColumns, convertColumnsThroughText } from "./convert-columns.ts";
import { elementType, formattedTypeName } from "./enums.ts";
import { type CompositeTypeDef, type QualifiedName, type SchemaModel, type TableDef, qualifiedName, quoteIdent } from "./model.ts";
import { Phase, type PhasedStep, phased, sortedKeys } from "./step.ts";

type Tables = Readonly<Record<QualifiedName, TableDef>>;

/** The kept tables' two sides. */
export interface TablePair {
  readonly from: Tables;
  readonly to: Tables;
}

/** CREATE TYPE … AS (…) for `t`. */
export function compositeSql(key: QualifiedName, t: CompositeTypeDef): string {
  const attributes = t.attributes.map((a) => `${quoteIdent(a.name)} ${a.type}${a.collation !== null ? ` COLLATE ${a.collation}` : ""}`);
  return `CREATE TYPE ${key} AS (${attributes.join(", ")});`;
}

/** True when an attribute (or a domain) must be recreated: its collation is, so the old one can go. */
function onRecreatedCollation(collation: string | null, recreatedCollations: ReadonlySet<string>): boolean {
  return collation !== null && recreatedCollations.has(collation);
}

/** True when `a` and `b` have the same attributes, in order, and none is on a collation being recreated. */
export function sameComposite(a: CompositeTypeDef, b: CompositeTypeDef, recreatedCollations: ReadonlySet<string>): boolean {
  if (a.attributes.length !== b.attributes.length) return false;
  return a.attributes.every((x, i) => {
    const y = b.attributes[i]!;
    return x.name === y.name && x.type === y.type && x.collation === y.collation && !onRecreatedCollation(y.collation, recreatedCollations);
  });
}

/** True when the attributes keep their names and order, so a value converts through text. */
function sameAttributeNames(have: CompositeTypeDef, want: CompositeTypeDef): boolean {
  return have.attributes.map((a) => a.name).join("\u0000") === want.attributes.map((a) => a.name).join("\u0000");
}

/** The ALTER TYPE actions when the kept attributes stay in order and added ones go last, else undefined. */
function alterActions(have: CompositeTypeDef, want: CompositeTypeDef, recreatedCollations: ReadonlySet<string>): { actions: string[]; retypes: boolean } | undefined {
  const wanted = new Set(want.attributes.map((a) => a.name));
  const kept = have.attributes.filter((a) => wanted.has(a.name)).map((a) => a.name);
  const keptInWant = want.attributes.map((a) => a.name).filter((n) => kept.includes(n));
  if (kept.join("\u0000") !== keptInWant.join("\u0000")) return undefined;
  if (want.attributes.slice(0, kept.length).map((a) => a.name).join("\u0000") !== kept.join("\u0000")) return undefined;
  const actions: string[] = [];
  let retypes = false;
  for (const a of have.attributes) if (!wanted.has(a.name)) actions.push(`DROP ATTRIBUTE ${quoteIdent(a.name)}`);
  for (const a of want.attributes) {
    const prev = have.attributes.find((x) => x.name === a.name);
    const collate = a.collation !== null ? ` COLLATE ${a.collation}` : "";
    if (!prev) actions.push(`ADD ATTRIBUTE ${quoteIdent(a.name)} ${a.type}${collate}`);
    else if (prev.type !== a.type || prev.collation !== a.collation || onRecreatedCollation(a.collation, recreatedCollations)) {
      actions.push(`ALTER ATTRIBUTE ${quoteIdent(a.name)} TYPE ${a.type}${collate}`);
      retypes = true;
    }
  }
  return { actions, retypes };
}

/** What the diff does to each kept composite type that changes, or holds a type recreated beside. */
export interface CompositePlan {
  /** Altered in place with these actions. */
  readonly altered: ReadonlyMap<QualifiedName, readonly string[]>;
  /** Recreated beside the old one, their columns converted. */
  readonly beside: ReadonlySet<QualifiedName>;
  /** Of `beside`, those whose values convert through text (same attribute names and order, all the way down). */
  readonly throughText: ReadonlySet<QualifiedName>;
  /** Dropped and created again: nothing uses them. */
  readonly recreated: ReadonlySet<QualifiedName>;
}

/**
 * How each kept composite type moves from `from` to `to`. `recreatedTypes` are the other types
 * (enums, domains, ranges, as format_type names them) recreated beside their old selves, and
 * `recreatedCollations` the collations recreated, as columns name them.
 */
export function planComposites(from: SchemaModel, to: SchemaModel, tables: TablePair, recreatedTypes: ReadonlySet<string>, recreatedCollations: ReadonlySet<string>): CompositePlan {
  const kept = sortedKeys(to.compositeTypes).filter((k) => from.compositeTypes[k] !== undefined);
  const nameOf = (k: QualifiedName) => formattedTypeName(to.compositeTypes[k]!.schema, to.compositeTypes[k]!.name);
  const holders = (typeName: string) => kept.filter((k) => from.compositeTypes[k]!.attributes.some((a) => elementType(a.type) === typeName));
  const usedByColumns = (typeName: string) => columnsOfType(typeName, tables.from, tables.to).length > 0;
  const domainsOver = (typeName: string) => Object.values(from.domains).filter((d) => elementType(d.baseType) === typeName).map((d) => formattedTypeName(d.schema, d.name));
  const usedTransitively = (typeName: string, seen: Set<string> = new Set()): boolean => {
    if (seen.has(typeName)) return false;
    seen.add(typeName);
    return usedByColumns(typeName) || holders(typeName).some((h) => usedTransitively(nameOf(h), seen)) || domainsOver(typeName).some((d) => usedTransitively(d, seen));
  };
  const altered = new Map<QualifiedName, readonly string[]>();
  const beside = new Set<QualifiedName>();
  const recreated = new Set<QualifiedName>();
  for (const key of kept) {
    const have = from.compositeTypes[key]!;
    const want = to.compositeTypes[key]!;
    if (sameComposite(have, want, recreatedCollations)) continue;
    const alter = alterActions(have, want, recreatedCollations);
    // PostgreSQL refuses ALTER ATTRIBUTE … TYPE while a column uses the type, directly or not.
    if (alter && !(alter.retypes && usedTransitively(nameOf(key)))) altered.set(key, alter.actions);
    else if (usedByColumns(nameOf(key)) || holders(nameOf(key)).length > 0 || domainsOver(nameOf(key)).length > 0) beside.add(key);
    else recreated.add(key);
  }
  // A kept type holding a type recreated beside would keep the old one: it moves too.
  for (let grew = true; grew; ) {
    grew = false;
    const movedNames = new Set([...recreatedTypes, ...[...beside].map(nameOf)]);
    for (const key of kept) {
      if (beside.has(key) || recreated.has(key)) continue;
      const have = from.compositeTypes[key]!;
      const holdsMoved = to.compositeTypes[key]!.attributes.some((a) => movedNames.has(elementType(a.type)) && have.attributes.some((h) => h.name === a.name && h.type === a.type));
      if (holdsMoved) {
        beside.add(key);
        altered.delete(key);
        grew = true;
      }
    }
  }
  const throughText = new Set<QualifiedName>();
  const byName = new Map([...beside].map((k) => [nameOf(k), k]));
  const textSafe = (key: QualifiedName, seen: Set<string>): boolean => {
    if (seen.has(key)) return false;
    seen.add(key);
    if (!sameAttributeNames(from.compositeTypes[key]!, to.compositeTypes[key]!)) return false;
    return to.compositeTypes[key]!.attributes.every((a) => {
      const inner = byName.get(elementType(a.type));
      return inner === undefined || textSafe(inner, seen);
    });
  };
  for (const key of beside) if (textSafe(key, new Set())) throughText.add(key);
  return { altered, beside, throughText, recreated };
}

/**
 * The USING expression that turns `value`, of the old type `key`, into the new one: a ROW(…) of
 * the kept attributes (each converted in turn when its own type moves), NULL for added ones; a
 * NULL value stays NULL rather than becoming a row of NULLs.
 */
function rowConversion(value: string, key: QualifiedName, from: SchemaModel, to: SchemaModel, plan: CompositePlan, recreatedTypes: ReadonlySet<string>): string {
  const have = from.compositeTypes[key]!;
  const want = to.compositeTypes[key]!;
  const byName = new Map([...plan.beside].map((k) => [formattedTypeName(to.compositeTypes[k]!.schema, to.compositeTypes[k]!.name), k]));
  const parts = want.attributes.map((a) => {
    const prev = have.attributes.find((p) => p.name === a.name);
    if (!prev) return "NULL";
    const source = `(${value}).${quoteIdent(a.name)}`;
    const inner = byName.get(a.type);
    if (inner !== undefined && !plan.throughText.has(inner)) return rowConversion(source, inner, from, to, plan, recreatedTypes);
    const moved = prev.type !== a.type || prev.collation !== a.collation || inner !== undefined || recreatedTypes.has(elementType(a.type));
    return moved ? `${source}::text::${a.type}` : source;
  });
  return `CASE WHEN (${value})::text IS NULL THEN NULL ELSE ROW(${parts.join(", ")})::${formattedTypeName(want.schema, want.name)} END`;
}

/**
 * Composite type steps. `lateBefore`/`lateAfter` are the types created once functions exist on
 * each side (see `typesAfterFunctions`); `recreatedTypes` and `recreatedCollations` as for
 * `planComposites`.
 */
export function diffComposites(
  from: SchemaModel,
  to: SchemaModel,
  tables: TablePair,
  recreatedTypes: ReadonlySet<string>,
  recreatedCollations: ReadonlySet<string>,
  late: { readonly before: ReadonlySet<QualifiedName>; readonly after: ReadonlySet<QualifiedName> },
): PhasedStep[] {
  const out: PhasedStep[] = [];
  const plan = planComposites(from, to, tables, recreatedTypes, recreatedCollations);
  const createPhase = (key: QualifiedName) => (late.after.has(key) ? Phase.createTable : Phase.createType);
  const dropPhase = (key: QualifiedName) => (late.before.has(key) ? Phase.dropFunction : Phase.dropType);
  for (const key of sortedKeys(to.compositeTypes)) {
    const want = to.compositeTypes[key]!;
    const have = from.compositeTypes[key];
    const create = phased(createPhase(key), { sql: compositeSql(key, want), kind: "create-type", object: key, destructive: false });
    if (!have) out.push(create);
    else if (plan.beside.has(key)) out.push(...recreateBeside(key, have, want, create, dropPhase(key), tables, (column) => rowConversion(column, key, from, to, plan, recreatedTypes), plan.throughText.has(key)));
    else if (plan.recreated.has(key)) {
      out.push(phased(Phase.dropColumn, { sql: `DROP TYPE ${key};`, kind: "drop-type", object: key, destructive: true, warning: `drops and recreates type ${key} to reorder its attributes` }), create);
    } else if (plan.altered.has(key)) {
      const drops = have.attributes.some((a) => !want.attributes.some((w) => w.name === a.name));
      const sql = `ALTER TYPE ${key} ${plan.altered.get(key)!.join(", ")};`;
      out.push(phased(Phase.alterType, { sql, kind: "alter-type", object: key, destructive: drops, warning: drops ? `drops attributes of ${key}` : undefined }));
    }
  }
  for (const key of sortedKeys(from.compositeTypes).reverse()) {
    if (!to.compositeTypes[key]) out.push(phased(dropPhase(key), { sql: `DROP TYPE ${key};`, kind: "drop-type", object: key, destructive: true, warning: `drops type ${key}` }));
  }
  return out;
}

/** Renames `have` aside, creates `want` under its name, converts the kept columns of the type and drops the old one in `dropPhase`. */
function recreateBeside(
  key: QualifiedName,
  have: CompositeTypeDef,
  want: CompositeTypeDef,
  create: PhasedStep,
  dropPhase: Phase,
  tables: TablePair,
  byRow: (column: string) => string,
  throughText: boolean,
): PhasedStep[] {
  const oldName = `${have.name}__retort_old`;
  const typeName = formattedTypeName(want.schema, want.name);
  const how = throughText ? "through text" : "attribute by attribute (a dropped attribute's values are lost)";
  const warning = `recreates type ${key} and converts the columns that use it ${how}: rewrites their tables under an ACCESS EXCLUSIVE lock and fails on a value the new type refuses`;
  // An array column of a type that does not convert through text is refused (see compositeRefusals); through text is written for it all the same.
  const convert = throughText ? convertColumnsThroughText(typeName, tables.from, tables.to) : convertColumns(typeName, tables.from, tables.to, (column, type) => (type.endsWith("]") ? `${column}::text::${type}` : byRow(column)));
  return [
    phased(Phase.createType, { sql: `ALTER TYPE ${key} RENAME TO ${quoteIdent(oldName)};`, kind: "alter-type", object: key, destructive: true, warning }),
    create,
    ...convert,
    phased(dropPhase, { sql: `DROP TYPE ${qualifiedName(want.schema, oldName)};`, kind: "drop-type", object: key, destructive: false }),
  ];
}

/**
 * Composite changes with no correct SQL: an array column, or an array attribute of another type,
 * of a composite whose attributes are reordered, added in the middle or renamed while it is
 * recreated beside the old one (a ROW(…) per element would need a subquery, which USING refuses;
 * text would put values in the wrong attributes); a domain over such a composite, whose columns
 * convert through text; and a composite that a typed table is of.
 */
export function compositeRefusals(from: SchemaModel, to: SchemaModel, tables: TablePair, recreatedTypes: ReadonlySet<string>, recreatedCollations: ReadonlySet<string>): { what: string; object: string }[] {
  const plan = planComposites(from, to, tables, recreatedTypes, recreatedCollations);
  const out: { what: string; object: string }[] = [];
  // A domain recreated over a moved composite converts its columns through text.
  for (const key of [...plan.beside].filter((k) => !plan.throughText.has(k)).sort()) {
    const t = to.compositeTypes[key]!;
    const typeName = formattedTypeName(t.schema, t.name);
    for (const domain of sortedKeys(from.domains)) {
      if (elementType(from.domains[domain]!.baseType) !== typeName) continue;
      out.push({ what: `composite type ${key} is reordered, gains an attribute before others or loses one while the domain rests on it (recreate the domain over the new type by hand)`, object: domain });
    }
  }
  // A typed table's columns are its type's attributes: PostgreSQL changes them only with ALTER TYPE
  // … CASCADE, and the model does not know which tables are typed (see `SchemaModel.notModelled`).
  const changed = new Set([...plan.beside, ...plan.recreated, ...plan.altered.keys()].map((k) => formattedTypeName(to.compositeTypes[k]!.schema, to.compositeTypes[k]!.name)));
  for (const d of Object.values(from.notModelled)) {
    if (d.what === "typed table" && changed.has(d.definition)) out.push({ what: `composite type ${d.definition} changes while the typed table is of it (alter the type with CASCADE by hand)`, object: d.object });
  }
  for (const key of [...plan.beside].sort()) {
    if (plan.throughText.has(key)) continue;
    const t = to.compositeTypes[key]!;
    const typeName = formattedTypeName(t.schema, t.name);
    const what = `array of composite type ${key}, whose attributes are reordered, added before others or removed while it is in use (convert the column by hand)`;
    for (const [table, column] of columnsOfType(typeName, tables.from, tables.to)) {
      const c = tables.to[table]!.columns.find((x) => x.name === column)!;
      if (c.type.endsWith("]")) out.push({ what, object: `${table}.${quoteIdent(column)}` });
    }
    for (const holder of [...plan.beside].sort()) {
      if (to.compositeTypes[holder]!.attributes.some((a) => a.type === `${typeName}[]`)) out.push({ what, object: holder });
    }
  }
  return out;
}
