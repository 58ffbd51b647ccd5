/**
 * Diff of domains and composite types. Domains keep their base type; its default, NOT NULL and
 * CHECK constraints are altered in place. Composite types gain, lose and retype attributes in
 * place while the attributes keep their order; otherwise, and for a domain whose base type or
 * collation changes, the type is dropped and created again (which fails while columns use it).
 */
import { type CompositeTypeDef, type DomainDef, type QualifiedName, type SchemaModel, qualifiedName, quoteIdent } from "./model.ts";
import { typesAfterFunctions } from "./code-order.ts";
import { sameCollation } from "./collations.ts";
import { columnsThroughText, formattedTypeName, rebuildsEnum } from "./enums.ts";
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

function compositeSql(key: QualifiedName, t: CompositeTypeDef): string {
  const attributes = t.attributes.map((a) => `${quoteIdent(a.name)} ${a.type}${a.collation !== null ? ` COLLATE ${a.collation}` : ""}`);
  return `CREATE TYPE ${key} AS (${attributes.join(", ")});`;
}

/** ALTER TYPE steps when the kept attributes stay in order, else undefined (recreate). */
function alterComposite(key: QualifiedName, have: CompositeTypeDef, want: CompositeTypeDef): PhasedStep[] | undefined {
  const wanted = new Set(want.attributes.map((a) => a.name));
  const kept = have.attributes.filter((a) => wanted.has(a.name)).map((a) => a.name);
  const keptInWant = want.attributes.map((a) => a.name).filter((n) => kept.includes(n));
  // Kept attributes must keep their order, and added ones can only go last.
  if (kept.join("\u0000") !== keptInWant.join("\u0000")) return undefined;
  if (want.attributes.slice(0, kept.length).map((a) => a.name).join("\u0000") !== kept.join("\u0000")) return undefined;
  const actions: string[] = [];
  for (const a of have.attributes) if (!wanted.has(a.name)) actions.push(`DROP ATTRIBUTE ${quoteIdent(a.name)}`);
  for (const a of want.attributes) {
    const prev = have.attributes.find((x) => x.name === a.name);
    const collate = a.collation !== null ? ` COLLATE ${a.collation}` : "";
    if (!prev) actions.push(`ADD ATTRIBUTE ${quoteIdent(a.name)} ${a.type}${collate}`);
    else if (prev.type !== a.type || prev.collation !== a.collation) actions.push(`ALTER ATTRIBUTE ${quoteIdent(a.name)} TYPE ${a.type}${collate}`);
  }
  if (actions.length === 0) return [];
  const drops = have.attributes.some((a) => !wanted.has(a.name));
  return [
    phased(Phase.alterType, {
      sql: `ALTER TYPE ${key} ${actions.join(", ")};`,
      kind: "alter-type",
      object: key,
      destructive: drops,
      warning: drops ? `drops attributes of ${key}` : undefined,
    }),
  ];
}

/**
 * Kept domains whose base enum or collation this diff rebuilds under the same name (or that rest
 * on such a domain): PostgreSQL keeps them on the old type or collation, which could then not be
 * dropped, so they are rebuilt too.
 */
export function domainsRebuiltUnder(from: SchemaModel, to: SchemaModel): Set<QualifiedName> {
  const rebuilt = new Set<string>();
  for (const [key, e] of Object.entries(to.enums)) if (from.enums[key] && rebuildsEnum(from.enums[key]!, e)) rebuilt.add(formattedTypeName(e.schema, e.name));
  const collations = new Set<string>();
  for (const [key, c] of Object.entries(to.collations)) if (from.collations[key] && !sameCollation(from.collations[key]!, c)) collations.add(formattedTypeName(c.schema, c.name));
  const out = new Set<QualifiedName>();
  for (let grew = true; grew; ) {
    grew = false;
    for (const key of sortedKeys(to.domains)) {
      const want = to.domains[key]!;
      const have = from.domains[key];
      if (out.has(key) || !have || have.baseType !== want.baseType || have.collation !== want.collation) continue;
      const base = want.baseType.endsWith("[]") ? want.baseType.slice(0, want.baseType.indexOf("[")) : want.baseType;
      if (rebuilt.has(base) || (want.collation !== null && collations.has(want.collation))) {
        out.add(key);
        rebuilt.add(formattedTypeName(want.schema, want.name));
        grew = true;
      }
    }
  }
  return out;
}

/**
 * A domain rebuilt as enums are: the old one renamed, the new one created under the name, the
 * columns of kept tables that use it converted through text (every collatable or enum type reads
 * back from its text), the old one dropped once nothing uses it.
 */
function rebuildDomain(key: QualifiedName, want: DomainDef, late: boolean, from: SchemaModel, to: SchemaModel): PhasedStep[] {
  const oldName = `${want.name}__retort_old`;
  const typeName = formattedTypeName(want.schema, want.name);
  const out: PhasedStep[] = [
    phased(Phase.createType, {
      sql: `ALTER DOMAIN ${key} RENAME TO ${quoteIdent(oldName)};`,
      kind: "alter-domain",
      object: key,
      destructive: false,
      warning: `recreates domain ${key} on its rebuilt type or collation: the columns that use it are converted, rewriting their tables`,
    }),
    ...domainSql(key, want, late),
  ];
  out.push(...columnsThroughText(typeName, from.tables, to.tables));
  out.push(phased(Phase.dropType, { sql: `DROP DOMAIN ${qualifiedName(want.schema, oldName)};`, kind: "drop-domain", object: key, destructive: false }));
  return out;
}

/** Steps for domains and composite types. */
export function diffDomainsAndComposites(from: SchemaModel, to: SchemaModel): PhasedStep[] {
  const out: PhasedStep[] = [];
  const lateBefore = typesAfterFunctions(from);
  const lateAfter = typesAfterFunctions(to);
  const rebuilt = domainsRebuiltUnder(from, to);
  for (const key of sortedKeys(to.domains)) {
    const want = to.domains[key]!;
    const have = from.domains[key];
    const late = lateAfter.has(key);
    if (!have) out.push(...domainSql(key, want, late));
    else if (rebuilt.has(key)) out.push(...rebuildDomain(key, want, late, from, to));
    else if (have.baseType !== want.baseType || have.collation !== want.collation) out.push(dropDomain(key, true, false), ...domainSql(key, want, late));
    else out.push(...alterDomain(key, have, want, late));
  }
  for (const key of sortedKeys(from.domains).reverse()) if (!to.domains[key]) out.push(dropDomain(key, false, lateBefore.has(key)));
  for (const key of sortedKeys(to.compositeTypes)) {
    const want = to.compositeTypes[key]!;
    const have = from.compositeTypes[key];
    const altered = have ? alterComposite(key, have, want) : undefined;
    if (altered) {
      out.push(...altered);
      continue;
    }
    if (have) {
      out.push(phased(Phase.dropColumn, { sql: `DROP TYPE ${key};`, kind: "drop-type", object: key, destructive: true, warning: `drops and recreates type ${key} to reorder its attributes; fails while columns use it` }));
    }
    out.push(phased(createPhase(lateAfter.has(key)), { sql: compositeSql(key, want), kind: "create-type", object: key, destructive: false }));
  }
  for (const key of sortedKeys(from.compositeTypes).reverse()) {
    if (!to.compositeTypes[key]) out.push(phased(lateBefore.has(key) ? Phase.dropFunction : Phase.dropType, { sql: `DROP TYPE ${key};`, kind: "drop-type", object: key, destructive: true, warning: `drops type ${key}` }));
  }
  return out;
}
