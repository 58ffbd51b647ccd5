/**
 * Tables rebuilt to change their partitioning: a plain table becoming partitioned, a partitioned
 * one becoming plain, or a partition key (strategy, columns or expressions) changing; and tables
 * that take a parent whose columns or CHECK constraints they must hold only through it (see
 * inheritance.ts). PostgreSQL has no ALTER for any of these, so the table is made again:
 * 1. what stays out of it is detached first: its partitions that live on elsewhere (see tables.ts);
 * 2. its rows are saved in a temporary table, with the current value of its identity sequences;
 * 3. the old table goes (with the partitions the target does not have: their rows are saved);
 * 4. the rest of the diff sees it as a new table: it is created with its target definition and its
 *    partitions, and everything that hangs on it (indexes, constraints, triggers, policies,
 *    comments, privileges, replica identity, the views that read it and the foreign keys that
 *    point at it) is made again around it;
 * 5. once every partition that can take them exists, the rows go back in, routed by PostgreSQL to
 *    their partitions, before the indexes and the foreign keys are built; identity sequences get
 *    their saved value back, so new rows do not collide.
 * Saving the rows aside, rather than creating the new table next to the old one, frees every name
 * the old one holds (its indexes, its identity sequence, its partitions) for the new one.
 * A partition that both sides place under the same rebuilt parent is rebuilt with it (its bound
 * belongs to the old key), and its rows are routed again like the parent's.
 */
import { castSql } from "./columns.ts";
import { inheritNeedsRebuild, ownedButInherited } from "./inheritance.ts";
import type { QualifiedName, TableDef } from "./model.ts";
import { quoteIdent } from "./model.ts";
import { Phase, type PhasedStep, phased, quoteLiteral, sortedKeys } from "./step.ts";
import { castPath } from "./type-cast.ts";

type Tables = Readonly<Record<QualifiedName, TableDef>>;

/** True when the table's partition key changes, so it is rebuilt (see above). */
function repartitioned(key: QualifiedName, from: Tables, to: Tables): boolean {
  return to[key] !== undefined && from[key]!.partitionKey !== to[key]!.partitionKey;
}

/**
 * True when the table takes new parents that some of its columns or CHECK constraints must come
 * from alone, which INHERIT cannot do (see inheritance.ts); not when it is a parent itself, since
 * dropping it would need its children gone (the diff refuses that: see unsupported.ts).
 */
export function reinherited(key: QualifiedName, from: Tables, to: Tables): boolean {
  const want = to[key];
  if (!want || !inheritNeedsRebuild(from[key]!, want, from, to)) return false;
  return !Object.values(from).some((t) => t.inherits.includes(key));
}

/**
 * The tables both sides have that are rebuilt: those whose partition key changes (see above), and
 * the partitions that stay under such a table on both sides; and those whose new parents must give
 * them columns or CHECK constraints of their own (see `reinherited`).
 */
export function rebuiltTables(from: Tables, to: Tables): Set<QualifiedName> {
  const out = new Set(Object.keys(from).filter((k) => repartitioned(k, from, to) || reinherited(k, from, to)));
  for (let grew = out.size > 0; grew; ) {
    grew = false;
    for (const key of sortedKeys(from)) {
      const parent = from[key]!.partitionOf?.parent;
      if (out.has(key) || parent === undefined || !out.has(parent) || to[key]?.partitionOf?.parent !== parent) continue;
      out.add(key);
      grew = true;
    }
  }
  return out;
}

/**
 * The partitions under a rebuilt table (at any depth) that the target does not have: the drop of
 * the rebuilt table takes them along, after their rows are saved with it.
 */
export function droppedWithRebuilt(from: Tables, to: Tables, rebuilt: ReadonlySet<QualifiedName>): Set<QualifiedName> {
  const out = new Set<QualifiedName>();
  for (let grew = rebuilt.size > 0; grew; ) {
    grew = false;
    for (const key of sortedKeys(from)) {
      const parent = from[key]!.partitionOf?.parent;
      if (out.has(key) || rebuilt.has(key) || to[key] !== undefined || parent === undefined) continue;
      if (!rebuilt.has(parent) && !out.has(parent)) continue;
      out.add(key);
      grew = true;
    }
  }
  return out;
}

/** `from` without the rebuilt tables and what goes with them: the rest of the diff creates those anew. */
export function tablesBeforeRebuild(from: Tables, gone: ReadonlySet<QualifiedName>): Tables {
  if (gone.size === 0) return from;
  return Object.fromEntries(Object.entries(from).filter(([key]) => !gone.has(key)));
}

/** The rebuilt tables whose parent is not rebuilt: the ones whose rows are saved, dropped and copied back. */
function rebuildRoots(from: Tables, rebuilt: ReadonlySet<QualifiedName>): QualifiedName[] {
  return sortedKeys(from).filter((k) => rebuilt.has(k) && !rebuilt.has(from[k]!.partitionOf?.parent ?? ""));
}

/**
 * The warning every rebuild carries, on the step that saves its rows. The new table's own triggers
 * come after the copy, but a partition gets its parents' row triggers when it is created, and
 * those fire for the copied rows.
 */
function rebuildWarning(key: QualifiedName, have: TableDef, want: TableDef, from: Tables, to: Tables): string {
  const landing = want.partitionKey !== null ? "; a row that fits no partition of the new table makes the copy fail, and the whole change rolls back" : "";
  const firing: QualifiedName[] = [];
  const seen = new Set<QualifiedName>();
  for (let p = want.partitionOf?.parent; p !== undefined && to[p] !== undefined && !seen.has(p); p = to[p]!.partitionOf?.parent) {
    seen.add(p);
    if (Object.keys(to[p]!.triggers).length > 0) firing.push(p);
  }
  const triggers = firing.length > 0 ? `; the triggers of ${firing.join(", ")} fire for the copied rows` : "";
  const why =
    have.partitionKey !== want.partitionKey
      ? "to change its partitioning"
      : `so that its ${ownedButInherited(have, want, from, to).join(", ")} come from ${want.inherits.join(", ")} alone (INHERIT would leave them its own)`;
  return `rebuilds ${key} ${why}: copies every row into a new table and drops the old one, holding an ACCESS EXCLUSIVE lock throughout${landing}${triggers}`;
}

/**
 * The steps of the rebuilds that are the diff's own (saving, dropping, copying back); `enums` as
 * from `enumTypeNames`, for the casts of columns whose type changes at the same time.
 */
export function rebuildSteps(from: Tables, to: Tables, rebuilt: ReadonlySet<QualifiedName>, enums: ReadonlySet<string>): PhasedStep[] {
  const out: PhasedStep[] = [];
  rebuildRoots(from, rebuilt).forEach((key, i) => {
    const have = from[key]!;
    const want = to[key]!;
    const rows = `retort_rebuild_${i + 1}`;
    out.push(
      phased(Phase.saveRows, {
        sql: `CREATE TEMPORARY TABLE ${quoteIdent(rows)} AS SELECT * FROM ${key};`,
        kind: "save-rows",
        object: key,
        destructive: false,
        warning: rebuildWarning(key, have, want, from, to),
      }),
    );
    // Identity sequences go with the old table; their values are kept to be set on the new ones.
    const sequences: { saved: string; sequence: QualifiedName }[] = [];
    for (const c of want.columns) {
      const old = have.columns.find((p) => p.name === c.name);
      if (c.identity === null || old?.identity == null) continue;
      const saved = `${rows}_${sequences.length + 1}`;
      sequences.push({ saved, sequence: c.identity.sequence });
      const sql = `CREATE TEMPORARY TABLE ${quoteIdent(saved)} AS SELECT last_value, is_called FROM ${old.identity.sequence};`;
      out.push(phased(Phase.saveRows, { sql, kind: "save-rows", object: `${key}.${quoteIdent(c.name)}`, destructive: false }));
    }
    out.push(phased(Phase.dropTable, { sql: `DROP TABLE ${key};`, kind: "drop-table", object: key, destructive: false }));
    out.push(copyStep(key, have, want, `pg_temp.${quoteIdent(rows)}`, enums));
    for (const { saved, sequence } of sequences) {
      const sql = `SELECT setval(${quoteLiteral(sequence)}, last_value, is_called) FROM pg_temp.${quoteIdent(saved)};`;
      out.push(phased(Phase.copyRows, { sql, kind: "set-sequence", object: sequence, destructive: false }));
    }
    for (const saved of [rows, ...sequences.map((s) => s.saved)]) {
      out.push(phased(Phase.copyRows, { sql: `DROP TABLE pg_temp.${quoteIdent(saved)};`, kind: "drop-saved-rows", object: key, destructive: false }));
    }
  });
  return out;
}

/**
 * `INSERT … SELECT` of the saved rows into the new table: the columns both sides have, naming
 * them, cast where the type changes too; not the generated ones, which PostgreSQL computes.
 * Identity values are kept (`OVERRIDING SYSTEM VALUE`, which GENERATED ALWAYS needs).
 */
function copyStep(key: QualifiedName, have: TableDef, want: TableDef, saved: string, enums: ReadonlySet<string>): PhasedStep {
  const targets: string[] = [];
  const values: string[] = [];
  for (const c of want.columns) {
    const old = have.columns.find((p) => p.name === c.name);
    if (!old || c.generated !== null) continue;
    const col = quoteIdent(c.name);
    const path = castPath(old.type, c.type, enums);
    // A type with no cast path is refused before any step is written (see unsupported.ts).
    if (path === "none") continue;
    targets.push(col);
    // An enum rebuilt by this diff has been renamed away under the saved rows: its labels go through text.
    const enumType = enums.has(c.type.endsWith("[]") ? c.type.slice(0, c.type.indexOf("[")) : c.type);
    values.push(enumType ? castSql(col, "text", c.type) : old.type === c.type ? col : castSql(col, path, c.type));
  }
  const overriding = want.columns.some((c) => c.identity?.kind === "always" && targets.includes(quoteIdent(c.name))) ? " OVERRIDING SYSTEM VALUE" : "";
  // With no column in common, each saved row still becomes a row (of defaults).
  const columns = targets.length > 0 ? ` (${targets.join(", ")})` : "";
  const sql = `INSERT INTO ${key}${columns}${overriding} SELECT ${values.join(", ")} FROM ${saved};`;
  return phased(Phase.copyRows, { sql, kind: "copy-rows", object: key, destructive: false });
}
