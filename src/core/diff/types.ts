/**
 * Diff of domains and composite types. Domains keep their base type; its default, NOT NULL and
 * CHECK constraints are altered in place. Composite types gain, lose and retype attributes in
 * place while the attributes keep their order; otherwise, and for a domain whose base type or
 * collation changes, the type is dropped and created again (which fails while columns use it).
 */
import { type CompositeTypeDef, type DomainDef, type QualifiedName, type SchemaModel, quoteIdent } from "./model.ts";
import { Phase, type PhasedStep, phased, sortedKeys } from "./step.ts";

/**
 * Where a domain is created or altered: with the types, or, when its CHECK or default calls a user
 * function, once the functions exist (and before the tables that use it).
 */
function domainPhase(d: DomainDef): Phase {
  return d.functionsUsed.length > 0 ? Phase.createTable : Phase.createType;
}

function domainSql(key: QualifiedName, d: DomainDef): PhasedStep[] {
  let sql = `CREATE DOMAIN ${key} AS ${d.baseType}`;
  if (d.collation !== null) sql += ` COLLATE ${d.collation}`;
  if (d.default !== null) sql += ` DEFAULT ${d.default}`;
  if (d.notNull) sql += " NOT NULL";
  const inline = d.constraints.filter((c) => !c.notValid);
  for (const c of inline) sql += ` CONSTRAINT ${quoteIdent(c.name)} ${c.definition}`;
  const out = [phased(domainPhase(d), { sql: `${sql};`, kind: "create-domain", object: key, destructive: false })];
  for (const c of d.constraints.filter((c) => c.notValid)) {
    out.push(phased(d.functionsUsed.length > 0 ? Phase.createTable : Phase.alterType, { sql: `ALTER DOMAIN ${key} ADD CONSTRAINT ${quoteIdent(c.name)} ${c.definition};`, kind: "alter-domain", object: key, destructive: false }));
  }
  return out;
}

function dropDomain(key: QualifiedName, have: DomainDef, replaced: boolean): PhasedStep {
  // A replaced domain goes once the tables and columns being dropped no longer use it; one that
  // calls functions goes before them.
  return phased(replaced ? Phase.dropColumn : have.functionsUsed.length > 0 ? Phase.dropFunction : Phase.dropType, {
    sql: `DROP DOMAIN ${key};`,
    kind: "drop-domain",
    object: key,
    destructive: true,
    warning: replaced ? `drops and recreates domain ${key} to change its base type or collation; fails while columns use it` : `drops domain ${key}`,
  });
}

function alterDomain(key: QualifiedName, have: DomainDef, want: DomainDef): PhasedStep[] {
  const out: PhasedStep[] = [];
  const alter = (action: string, warning?: string) => out.push(phased(want.functionsUsed.length > 0 ? Phase.createTable : Phase.alterType, { sql: `ALTER DOMAIN ${key} ${action};`, kind: "alter-domain", object: key, destructive: false, warning }));
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

/** Steps for domains and composite types. */
export function diffDomainsAndComposites(from: SchemaModel, to: SchemaModel): PhasedStep[] {
  const out: PhasedStep[] = [];
  for (const key of sortedKeys(to.domains)) {
    const want = to.domains[key]!;
    const have = from.domains[key];
    if (!have) out.push(...domainSql(key, want));
    else if (have.baseType !== want.baseType || have.collation !== want.collation) out.push(dropDomain(key, have, true), ...domainSql(key, want));
    else out.push(...alterDomain(key, have, want));
  }
  for (const key of sortedKeys(from.domains).reverse()) if (!to.domains[key]) out.push(dropDomain(key, from.domains[key]!, false));
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
    out.push(phased(Phase.createType, { sql: compositeSql(key, want), kind: "create-type", object: key, destructive: false }));
  }
  for (const key of sortedKeys(from.compositeTypes).reverse()) {
    if (!to.compositeTypes[key]) out.push(phased(Phase.dropType, { sql: `DROP TYPE ${key};`, kind: "drop-type", object: key, destructive: true, warning: `drops type ${key}` }));
  }
  return out;
}
