/**
 * Diff of range types. PostgreSQL cannot alter what a range type means, so a changed one is
 * dropped and created again; while columns, domains or composite types use it (or its multirange),
 * it is recreated beside the old one instead and the columns converted through text, as domains
 * are (see convert-columns.ts). A range with a CANONICAL function is made in three steps: a shell
 * type, the function (which takes the range), then the range; the old one is dropped with CASCADE,
 * taking its function, since each depends on the other, and a CANONICAL function both sides have
 * is made again for the new type. The multirange type comes and goes with its range type.
 */
import { convertColumnsThroughText } from "./convert-columns.ts";
import { elementType, formattedTypeName } from "./enums.ts";
import { type FunctionDef, type FunctionKey, type QualifiedName, type RangeTypeDef, type SchemaModel, type TableDef, qualifiedName, quoteIdent } from "./model.ts";
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

/** True when a domain or composite type of `m` is built on range type `r` or its multirange. */
function typesUse(r: RangeTypeDef, m: SchemaModel): boolean {
  const names = new Set([formattedTypeName(r.schema, r.name), formattedTypeName(r.multirange.schema, r.multirange.name)]);
  const types = [...Object.values(m.domains).map((d) => d.baseType), ...Object.values(m.compositeTypes).flatMap((t) => t.attributes.map((a) => a.type))];
  return types.some((t) => names.has(elementType(t)));
}

/** True when a column of `m` (kept, dropped or added again, as a generated one is) has range type `r` or its multirange. */
function columnsUse(r: RangeTypeDef, m: SchemaModel): boolean {
  const names = new Set([formattedTypeName(r.schema, r.name), formattedTypeName(r.multirange.schema, r.multirange.name)]);
  return Object.values(m.tables).some((t) => t.columns.some((c) => names.has(elementType(c.type))));
}

/** Ranges of both sides whose definition changes, keyed as the model keys them. */
export function changedRanges(from: SchemaModel, to: SchemaModel): QualifiedName[] {
  return sortedKeys(to.rangeTypes).filter((k) => from.rangeTypes[k] !== undefined && !sameRange(from.rangeTypes[k]!, to.rangeTypes[k]!));
}

/**
 * Kept ranges that change while something uses them: renamed aside with their multirange, the new
 * one created under the names, the columns of kept tables converted through text, and the old one
 * dropped once nothing uses it.
 */
function recreateBeside(key: QualifiedName, have: RangeTypeDef, want: RangeTypeDef, create: PhasedStep[], tables: { from: Tables; to: Tables }, oldCanonical: FunctionDef | undefined): PhasedStep[] {
  const rename = (object: string, name: string, warning?: string) =>
    phased(Phase.createType, { sql: `ALTER TYPE ${object} RENAME TO ${quoteIdent(`${name}__retort_old`)};`, kind: "alter-range", object: key, destructive: warning !== undefined, warning });
  const warning = `recreates range type ${key} and converts the columns that use it through text: rewrites their tables under an ACCESS EXCLUSIVE lock and fails on a value the new type refuses`;
  // The constructor functions keep their names when their types are renamed, and the new ones
  // would clash with them (the multirange's without arguments always does): they go aside too.
  const multirange = qualifiedName(have.multirange.schema, have.multirange.name);
  const constructors = [
    [qualifiedName(have.schema, have.name), have.name, `${have.subtype}, ${have.subtype}`],
    [qualifiedName(have.schema, have.name), have.name, `${have.subtype}, ${have.subtype}, text`],
    [multirange, have.multirange.name, ""],
    [multirange, have.multirange.name, key],
    [multirange, have.multirange.name, `${key}[]`],
  ] as const;
  // So does the old CANONICAL function, which takes the old type and goes with it.
  const renamedFunctions: [string, string, string][] = constructors.map(([fn, name, args]) => [fn, name, args]);
  if (oldCanonical) renamedFunctions.push([qualifiedName(oldCanonical.schema, oldCanonical.name), oldCanonical.name, oldCanonical.argumentTypes]);
  return [
    ...renamedFunctions.map(([fn, name, args]) =>
      phased(Phase.createType, { sql: `ALTER FUNCTION ${fn}(${args}) RENAME TO ${quoteIdent(`${name}__retort_old`)};`, kind: "alter-range", object: key, destructive: false }),
    ),
    rename(key, have.name, warning),
    rename(multirange, have.multirange.name),
    ...create,
    ...convertColumnsThroughText(formattedTypeName(want.schema, want.name), tables.from, tables.to),
    ...convertColumnsThroughText(formattedTypeName(want.multirange.schema, want.multirange.name), tables.from, tables.to),
    phased(have.functionsUsed.length > 0 ? Phase.dropFunction : Phase.dropType, {
      sql: `DROP TYPE ${qualifiedName(have.schema, `${have.name}__retort_old`)}${have.canonical !== null ? " CASCADE" : ""};`,
      kind: "drop-range",
      object: key,
      destructive: false,
    }),
  ];
}

/** The key of range `r`'s CANONICAL function in `m`: the function of its own that takes the range. */
function canonicalKey(r: RangeTypeDef, m: SchemaModel): FunctionKey | undefined {
  if (r.canonical === null) return undefined;
  return r.functionsUsed.find((f) => m.functions[f]?.argumentTypes === formattedTypeName(r.schema, r.name));
}

/**
 * The functions the range steps drop and create themselves, as `FunctionKey`s: the CANONICAL
 * functions of the ranges `to` changes or drops (they go with the old type's DROP … CASCADE), and
 * those of the changed ranges that `to` keeps (made again for the new type once its shell exists).
 */
export function functionsHandledWithRanges(from: SchemaModel, to: SchemaModel): Set<FunctionKey> {
  const out = new Set<FunctionKey>();
  for (const [key, have] of Object.entries(from.rangeTypes)) {
    const want = to.rangeTypes[key];
    if (want !== undefined && sameRange(have, want)) continue;
    const old = canonicalKey(have, from);
    if (old !== undefined) out.add(old);
    for (const f of keptCanonicals(have, want, from, to)) out.add(f);
  }
  return out;
}

/** The functions of both sides that the new range `want` takes as CANONICAL, or that took `have` as such. */
function keptCanonicals(have: RangeTypeDef, want: RangeTypeDef | undefined, from: SchemaModel, to: SchemaModel): FunctionKey[] {
  if (want === undefined) return [];
  const keys = [canonicalKey(have, from), canonicalKey(want, to)].filter((k): k is FunctionKey => k !== undefined && from.functions[k] !== undefined && to.functions[k] !== undefined);
  return [...new Set(keys)];
}

/** The CREATE FUNCTION step for `f`, keyed `key`, made again for a recreated range type. */
function createFunction(key: FunctionKey, f: FunctionDef): PhasedStep {
  const text = f.definition.trimEnd();
  return phased(Phase.createFunction, { sql: text.endsWith(";") ? text : `${text};`, kind: "create-function", object: key, destructive: false });
}

/**
 * Steps for range types: created with the types, or once the functions they name exist (before the
 * tables that use them); dropped after the columns that use them are gone. `tables` are the kept
 * tables' two sides, for the columns a recreated range converts.
 */
export function diffRangeTypes(from: SchemaModel, to: SchemaModel, tables: { readonly from: Tables; readonly to: Tables } = { from: from.tables, to: to.tables }): PhasedStep[] {
  const out: PhasedStep[] = [];
  const create = (key: QualifiedName, r: RangeTypeDef): PhasedStep[] => {
    const range = phased(r.functionsUsed.length > 0 ? Phase.createTable : Phase.createType, { sql: createRangeSql(key, r), kind: "create-range", object: key, destructive: false });
    // The CANONICAL function takes and returns the range type: a shell type stands in for it until the range is defined.
    if (r.canonical === null) return [range];
    return [phased(Phase.createType, { sql: `CREATE TYPE ${key};`, kind: "create-shell-type", object: key, destructive: false }), range];
  };
  const drop = (key: QualifiedName, r: RangeTypeDef, phase: Phase, warning: string) =>
    phased(phase, { sql: `DROP TYPE ${key}${r.canonical !== null ? " CASCADE" : ""};`, kind: "drop-range", object: key, destructive: true, warning });
  for (const key of sortedKeys(to.rangeTypes)) {
    const want = to.rangeTypes[key]!;
    const have = from.rangeTypes[key];
    if (have && sameRange(have, want)) continue;
    // A CANONICAL function that both sides have takes the old type: it is made again for the new one.
    const functions = have ? keptCanonicals(have, want, from, to).map((f) => createFunction(f, to.functions[f]!)) : [];
    if (have && (columnsUse(have, from) || typesUse(have, from))) {
      const oldCanonical = canonicalKey(have, from);
      out.push(...recreateBeside(key, have, want, [...create(key, want), ...functions], { from: tables.from, to: tables.to }, oldCanonical === undefined ? undefined : from.functions[oldCanonical]));
      continue;
    }
    if (have) out.push(drop(key, have, Phase.dropColumn, `drops and recreates range type ${key} to change its definition`));
    out.push(...create(key, want), ...functions);
  }
  for (const key of sortedKeys(from.rangeTypes).reverse()) {
    if (to.rangeTypes[key]) continue;
    const have = from.rangeTypes[key]!;
    const phase = have.functionsUsed.length > 0 ? Phase.dropFunction : Phase.dropType;
    out.push(drop(key, have, phase, have.canonical !== null ? `drops range type ${key} with its CANONICAL function` : `drops range type ${key}`));
  }
  if (out.some((s) => s.step.kind === "create-shell-type" || s.step.sql.endsWith(" CASCADE;"))) {
    // The function on a shell type and the DROP … CASCADE each raise a NOTICE that says only what
    // is intended; a script that applies cleanly prints nothing.
    out.unshift(phased(Phase.setup, { sql: "SET LOCAL client_min_messages = warning;", kind: "set", object: "client_min_messages", destructive: false }));
  }
  return out;
}
