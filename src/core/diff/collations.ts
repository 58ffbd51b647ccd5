/**
 * Diff of collations made with CREATE COLLATION. PostgreSQL cannot alter what a collation means,
 * so a changed one is rebuilt as enums are: the old one renamed, the new one created under the
 * name, the columns of kept tables that keep using the name moved onto it, the domains and
 * composite types that use it recreated (see `domainsRebuiltUnder` in types.ts), and the old one
 * dropped last.
 */
import { formattedTypeName } from "./enums.ts";
import { type CollationDef, type QualifiedName, type SchemaModel, type TableDef, qualifiedName, quoteIdent } from "./model.ts";
import { Phase, type PhasedStep, phased, quoteLiteral, sortedKeys } from "./step.ts";

function createSql(key: QualifiedName, c: CollationDef): string {
  const options =
    c.provider === "icu"
      ? [`provider = icu`, `locale = ${quoteLiteral(c.locale ?? "")}`, `deterministic = ${c.deterministic}`]
      : [`provider = libc`, `lc_collate = ${quoteLiteral(c.lcCollate ?? "")}`, `lc_ctype = ${quoteLiteral(c.lcCtype ?? "")}`];
  return `CREATE COLLATION ${key} (${options.join(", ")});`;
}

/** True when `a` and `b` define the same collation; otherwise a kept name is recreated. */
export function sameCollation(a: CollationDef, b: CollationDef): boolean {
  return a.provider === b.provider && a.lcCollate === b.lcCollate && a.lcCtype === b.lcCtype && a.locale === b.locale && a.deterministic === b.deterministic;
}

/** The collations of both sides whose definition changes, as columns and domains name them: they are recreated. */
export function recreatedCollations(from: SchemaModel, to: SchemaModel): Set<string> {
  const out = new Set<string>();
  for (const key of sortedKeys(from.collations)) {
    const have = from.collations[key]!;
    const want = to.collations[key];
    if (want && !sameCollation(have, want)) out.add(formattedTypeName(want.schema, want.name));
  }
  return out;
}

/**
 * Collation steps: created with the types (before the columns and domains that use them), dropped
 * after them; `tables` are the kept tables' two sides, for the columns a rebuild moves.
 */
export function diffCollations(from: SchemaModel, to: SchemaModel, fromTables: Readonly<Record<QualifiedName, TableDef>>, toTables: Readonly<Record<QualifiedName, TableDef>>): PhasedStep[] {
  const out: PhasedStep[] = [];
  for (const key of sortedKeys(from.collations)) {
    const have = from.collations[key]!;
    const want = to.collations[key];
    if (want && sameCollation(have, want)) continue;
    const drop = (object: string) => phased(Phase.dropCollation, { sql: `DROP COLLATION ${object};`, kind: "drop-collation", object, destructive: false });
    if (!want) {
      out.push(drop(key));
      continue;
    }
    const old = qualifiedName(have.schema, `${have.name}__retort_old`);
    const warning = `recreates collation ${key} to change its definition: the columns that use it are moved onto the new one, rebuilding their indexes`;
    out.push(phased(Phase.createType, { sql: `ALTER COLLATION ${key} RENAME TO ${quoteIdent(`${have.name}__retort_old`)};`, kind: "alter-collation", object: key, destructive: false, warning }));
    out.push(drop(old));
    // Columns name their collation as format_type names types.
    const name = formattedTypeName(want.schema, want.name);
    for (const t of sortedKeys(toTables)) {
      const before = fromTables[t];
      if (!before) continue;
      for (const c of toTables[t]!.columns) {
        const prev = before.columns.find((p) => p.name === c.name);
        // A column whose type or collation changes gets its COLLATE from its own ALTER.
        if (!c.local || c.collation !== name || prev?.collation !== name || prev.type !== c.type) continue;
        const sql = `ALTER TABLE ${t} ALTER COLUMN ${quoteIdent(c.name)} TYPE ${c.type} COLLATE ${name};`;
        out.push(phased(Phase.alterColumn, { sql, kind: "alter-column", object: `${t}.${quoteIdent(c.name)}`, destructive: false, warning: `moves ${t}.${quoteIdent(c.name)} onto the recreated collation ${key}: rebuilds its indexes under an ACCESS EXCLUSIVE lock` }));
      }
    }
  }
  for (const key of sortedKeys(to.collations)) {
    const have = from.collations[key];
    const want = to.collations[key]!;
    if (have && sameCollation(have, want)) continue;
    out.push(phased(Phase.createType, { sql: createSql(key, want), kind: "create-collation", object: key, destructive: false }));
  }
  return out;
}
