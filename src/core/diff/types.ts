/**
 * Diff of domains, and the entry point of composite types (see composites.ts). Domains keep their
 * base type; its default, NOT NULL and CHECK constraints are altered in place. A domain whose base
 * type or collation changes (or whose collation is recreated) is dropped and created again; while
 * columns or composite types use it, it is recreated beside the old one and the columns converted
 * onto it (see convert-columns.ts); so is a kept domain on a rebuilt enum or range, a recreated
 * collation or such a domain (`domainsRebuiltUnder`).
 */
import { typesAfterFunctions } from "./code-order.ts";
import { diffComposites, planComposites } from "./composites.ts";
import { columnsOfType, convertColumnsThroughText } from "./convert-columns.ts";
import { elementType, formattedTypeName, rebuildsEnum } from "./enums.ts";
import { changedRanges } from "./ranges.ts";
import { type DomainDef, type QualifiedName, type SchemaModel, type TableDef, qualifiedName, quoteIdent } from "./model.ts";
import { Phase, type PhasedStep, phased, sortedKeys } from "./step.ts";

/**
 * Where a domain or composite type is created or altered: with the types, or, when it waits for
 * functions (its CHECK or default calls one, or it rests on a type that does), once the functions
 * exist and before the tables that use it.
 */
function createPhase(late: boolean): Phase {
  return late ? Phase.createTable : Phase.createType;
}

function domainSql(key: QualifiedName, d: DomainDef, late: boolean): PhasedStep[] {
  let sql = `CREATE DOMAIN ${key} AS ${d.baseType}`;
  if (d.collation !== null) sql += ` COLLATE ${d.collation}`;
  if (d.default !== null) sql += ` DEFAULT ${d.default}`;
  if (d.notNull) sql += " NOT NULL";
  const inline = d.constraints.filter((c) => !c.notValid);
  for (const c of inline) sql += ` CONSTRAINT ${quoteIdent(c.name)} ${c.definition}`;
  const out = [phased(createPhase(late), { sql: `${sql};`, kind: "create-domain", object: key, destructive: false })];
  for (const c of d.constraints.filter((c) => c.notValid)) {
    out.push(phased(late ? Phase.createTable : Phase.alterType, { sql: `ALTER DOMAIN ${key} ADD CONSTRAINT ${quoteIdent(c.name)} ${c.definition};`, kind: "alter-domain", object: key, destructive: false }));
  }
  return out;
}

function dropDomain(key: QualifiedName, replaced: boolean, late: boolean): PhasedStep {
  // A replaced domain goes once the tables and columns being dropped no longer use it; one that
  // waits for functions goes before them.
  return phased(replaced ? Phase.dropColumn : late ? Phase.dropFunction : Phase.dropType, {
    sql: `DROP DOMAIN ${key};`,
    kind: "drop-domain",
    object: key,
    destructive: true,
    warning: replaced ? `drops and recreates domain ${key} to change its base type or collation; fails while columns use it` : `drops domain ${key}`,
  });
}

function alterDomain(key: QualifiedName, have: DomainDef, want: DomainDef, late: boolean): PhasedStep[] {
  const out: PhasedStep[] = [];
  const alter = (action: string, warning?: string) => out.push(phased(late ? Phase.createTable : Phase.alterType, { sql: `ALTER DOMAIN ${key} ${action};`, kind: "alter-domain", object: key, destructive: false, warning }));
  if (have.default !== want.default) alter(want.default === null ? "DROP DEFAULT" : `SET DEFAULT ${want.default}`);
  if (have.notNull !== want.notNull) alter(want.notNull ? "SET NOT NULL" : "DROP NOT NULL", want.notNull ? `checks every column of type ${key}` : undefined);
  const before = new Map(have.constraints.map((c) => [c.name, c]));
  const after = new Map(want.constraints.map((c) => [c.name, c]));
  for (const [name, c] of before) {
    const next = after.get(name);
    if (next && (next.definition === c.definition || (c.notValid && !next.notValid && c.definition === `${next.definition} NOT VALID`))) continue;
    out.push(phased(Phase.dropConstraint, { sql: `ALTER DOMAIN ${key} DROP CONSTRAINT ${quoteIdent(name)};`, kind: "alter-domain", object: key, destructive: false }));
  }
  for (const [name, c] of after) {
    const prev = before.get(name);
    if (prev?.definition === c.definition) continue;
    if (prev && prev.notValid && !c.notValid && prev.definition === `${c.definition} NOT VALID`) {
      alter(`VALIDATE CONSTRAINT ${quoteIdent(name)}`, `checks every column of type ${key}`);
      continue;
    }
    alter(`ADD CONSTRAINT ${quoteIdent(name)} ${c.definition}`, c.notValid ? undefined : `checks every column of type ${key}`);
  }
  return out;
}

type Tables = Readonly<Record<QualifiedName, TableDef>>;

/**
 * Renames `key` aside, creates `create` under its name, converts the kept columns of the type onto
 * it and drops the old one in `dropPhase`.
 */
function recreateBeside(key: QualifiedName, schema: string, name: string, create: PhasedStep[], dropPhase: Phase, tables: { from: Tables; to: Tables }): PhasedStep[] {
  const oldName = `${name}__retort_old`;
  const warning = `recreates domain ${key} and converts the columns that use it through text: rewrites their tables under an ACCESS EXCLUSIVE lock and fails on a value the new type refuses`;
  return [
    phased(Phase.createType, { sql: `ALTER DOMAIN ${key} RENAME TO ${quoteIdent(oldName)};`, kind: "alter-domain", object: key, destructive: true, warning }),
    ...create,
    ...convertColumnsThroughText(formattedTypeName(schema, name), tables.from, tables.to),
    phased(dropPhase, { sql: `DROP DOMAIN ${qualifiedName(schema, oldName)};`, kind: "drop-domain", object: key, destructive: false }),
  ];
}

/**
 * Kept domains that keep their definition but rest on something this diff recreates under the same
 * name: a rebuilt enum or range type, a composite recreated beside the old one (`movedComposites`,
 * as format_type names them), a recreated collation (`recreatedCollations`, as columns name them), a
 * domain whose base type or collation changes, or another such domain. PostgreSQL keeps them on
 * the old type or collation, which could then not be dropped, so they are recreated too.
 */
export function domainsRebuiltUnder(from: SchemaModel, to: SchemaModel, recreatedCollations: ReadonlySet<string>, movedComposites: ReadonlySet<string> = new Set()): Set<QualifiedName> {
  const rebuilt = new Set<string>(movedComposites);
  for (const [key, e] of Object.entries(to.enums)) if (from.enums[key] && rebuildsEnum(from.enums[key]!, e)) rebuilt.add(formattedTypeName(e.schema, e.name));
  for (const [key, d] of Object.entries(to.domains)) {
    const have = from.domains[key];
    if (have && (have.baseType !== d.baseType || have.collation !== d.collation)) rebuilt.add(formattedTypeName(d.schema, d.name));
  }
  for (const key of changedRanges(from, to)) {
    const r = to.rangeTypes[key]!;
    rebuilt.add(formattedTypeName(r.schema, r.name)).add(formattedTypeName(r.multirange.schema, r.multirange.name));
  }
  const out = new Set<QualifiedName>();
  for (let grew = true; grew; ) {
    grew = false;
    for (const key of sortedKeys(to.domains)) {
      const want = to.domains[key]!;
      const have = from.domains[key];
      if (out.has(key) || !have || have.baseType !== want.baseType || have.collation !== want.collation) continue;
      if (rebuilt.has(elementType(want.baseType)) || (want.collation !== null && recreatedCollations.has(want.collation))) {
        out.add(key);
        rebuilt.add(formattedTypeName(want.schema, want.name));
        grew = true;
      }
    }
  }
  return out;
}

/** True when an attribute of a composite type of `m` has type `typeName` or an array of it. */
function heldByComposite(m: SchemaModel, typeName: string): boolean {
  return Object.values(m.compositeTypes).some((t) => t.attributes.some((a) => elementType(a.type) === typeName));
}

/** What `from`→`to` recreates beside the old types: see `typeMoves`. */
export interface TypeMoves {
  /** The enums, domains and range types (with their multiranges), as format_type names them. */
  readonly types: Set<string>;
  /** The kept domains recreated because something under them is (see `domainsRebuiltUnder`). */
  readonly under: Set<QualifiedName>;
}

/**
 * The enums, domains and range types that `from`→`to` recreates beside their old selves: what a
 * composite type holding one must move off. A domain over a composite that moves moves too, and a
 * composite holding such a domain: the two are worked out together until neither grows.
 */
export function typeMoves(from: SchemaModel, to: SchemaModel, recreatedCollations: ReadonlySet<string>, tables: { readonly from: Tables; readonly to: Tables }): TypeMoves {
  let moved = new Set<string>();
  for (;;) {
    const under = domainsRebuiltUnder(from, to, recreatedCollations, moved);
    const types = typesRecreatedGiven(from, to, under);
    const plan = planComposites(from, to, tables, types, recreatedCollations);
    const names = new Set([...plan.beside].map((k) => formattedTypeName(to.compositeTypes[k]!.schema, to.compositeTypes[k]!.name)));
    if ([...names].every((n) => moved.has(n))) return { types, under };
    moved = new Set([...moved, ...names]);
  }
}

/** `typeMoves(…).types`. */
export function typesRecreatedBeside(from: SchemaModel, to: SchemaModel, recreatedCollations: ReadonlySet<string>, tables: { readonly from: Tables; readonly to: Tables }): Set<string> {
  return typeMoves(from, to, recreatedCollations, tables).types;
}

/** The enums, domains (those whose base changes, and `under`) and range types recreated beside the old ones. */
function typesRecreatedGiven(from: SchemaModel, to: SchemaModel, under: ReadonlySet<QualifiedName>): Set<string> {
  const out = new Set<string>();
  for (const [key, e] of Object.entries(to.enums)) if (from.enums[key] && rebuildsEnum(from.enums[key]!, e)) out.add(formattedTypeName(e.schema, e.name));
  for (const [key, d] of Object.entries(to.domains)) {
    const have = from.domains[key];
    if (have && (under.has(key) || have.baseType !== d.baseType || have.collation !== d.collation)) out.add(formattedTypeName(d.schema, d.name));
  }
  for (const key of changedRanges(from, to)) {
    const r = to.rangeTypes[key]!;
    out.add(formattedTypeName(r.schema, r.name)).add(formattedTypeName(r.multirange.schema, r.multirange.name));
  }
  return out;
}

/**
 * Steps for domains and composite types. `tables` are the kept tables' two sides, for the columns
 * a recreated type converts; `recreatedCollations` the collations (as columns name them) that
 * collations.ts recreates, whose users are recreated with them.
 */
export function diffDomainsAndComposites(
  from: SchemaModel,
  to: SchemaModel,
  tables: { readonly from: Tables; readonly to: Tables } = { from: from.tables, to: to.tables },
  recreatedCollations: ReadonlySet<string> = new Set(),
): PhasedStep[] {
  const out: PhasedStep[] = [];
  const lateBefore = typesAfterFunctions(from);
  const lateAfter = typesAfterFunctions(to);
  const moves = typeMoves(from, to, recreatedCollations, tables);
  const under = moves.under;
  const used = (schema: string, name: string) => columnsOfType(formattedTypeName(schema, name), tables.from, tables.to).length > 0 || heldByComposite(from, formattedTypeName(schema, name));
  // A changed domain that a domain recreated under it rests on is recreated beside too, so that
  // domain can move off the old one.
  const holdsRebuilt = (schema: string, name: string) => [...under].some((k) => elementType(to.domains[k]!.baseType) === formattedTypeName(schema, name));
  for (const key of sortedKeys(to.domains)) {
    const want = to.domains[key]!;
    const have = from.domains[key];
    const late = lateAfter.has(key);
    if (!have) out.push(...domainSql(key, want, late));
    else if (under.has(key) || have.baseType !== want.baseType || have.collation !== want.collation) {
      if (under.has(key) || used(want.schema, want.name) || holdsRebuilt(want.schema, want.name)) {
        const dropPhase = lateBefore.has(key) ? Phase.dropFunction : Phase.dropType;
        out.push(...recreateBeside(key, want.schema, want.name, domainSql(key, want, late), dropPhase, tables));
      } else out.push(dropDomain(key, true, false), ...domainSql(key, want, late));
    } else out.push(...alterDomain(key, have, want, late));
  }
  for (const key of sortedKeys(from.domains).reverse()) if (!to.domains[key]) out.push(dropDomain(key, false, lateBefore.has(key)));
  out.push(...diffComposites(from, to, tables, moves.types, recreatedCollations, { before: lateBefore, after: lateAfter }));
  return out;
}
