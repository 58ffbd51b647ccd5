/**
 * A partition's indexes attached to an index of its parent (`ALTER INDEX … ATTACH PARTITION`).
 * PostgreSQL makes them itself: creating the parent's index adopts each partition's matching index
 * or creates an auto-named one, and so does creating a partition under an indexed parent. An
 * attached index cannot be dropped on its own, and a second, unattached copy must never be left.
 * So the diff creates a partition's index only before the parent's index exists, renames one whose
 * name differs, and leaves the rest to PostgreSQL. The same goes for the primary key, unique and
 * exclusion constraints a partition inherits: their index gives them a name of the partition's own.
 */
import { type ConstraintDef, type IndexDef, type QualifiedName, type TableDef, quoteIdent } from "./model.ts";
import { Phase, type PhasedStep, phased, quoteLiteral, sortedKeys } from "./step.ts";

type Tables = Readonly<Record<QualifiedName, TableDef>>;

/** Matches the `ON ONLY` pg_get_indexdef prints for an index on a partitioned table. */
const ON_ONLY = /^(CREATE (?:UNIQUE )?INDEX (?:"(?:[^"]|"")*"|\S+)) ON ONLY /;

/**
 * The index's CREATE statement; on a partitioned table without `ONLY`, so that PostgreSQL reaches
 * the partitions, adopting their matching indexes and creating the missing ones.
 */
export function createIndexSql(t: TableDef, i: IndexDef): string {
  return `${t.partitionKey !== null ? i.definition.replace(ON_ONLY, "$1 ON ") : i.definition};`;
}

/** `"schema"."index"`, as steps name indexes. */
export function indexObject(t: TableDef, i: IndexDef): string {
  return `${quoteIdent(t.schema)}.${quoteIdent(i.name)}`;
}

/** The name of the index of `parent` that `qualified` (`"schema"."name"`) designates, or null. */
function parentIndexNameOf(qualified: QualifiedName, parent: TableDef | undefined): string | null {
  if (!parent) return null;
  for (const name of Object.keys(parent.indexes)) if (`${quoteIdent(parent.schema)}.${quoteIdent(name)}` === qualified) return name;
  return null;
}

/**
 * True when `name` has the shape PostgreSQL gives the index it creates on partition `table`
 * (`<table>_<columns>_idx`, numbered on a clash), so a new partition needs no rename.
 */
function looksChosenByServer(table: string, name: string): boolean {
  return name.startsWith(`${table}_`) && /_idx[0-9]*$/.test(name);
}

/**
 * Renames the index PostgreSQL made on `partition` for `parentIndex`, whose name the diff cannot
 * know, to `name`: a catalog lookup run by the server, correct whatever name it chose (including
 * `name` itself, when nothing is renamed).
 */
function renameServerChosenSql(partition: QualifiedName, parentIndex: QualifiedName, name: string): string {
  const lookup =
    `SELECT h.inhrelid::regclass FROM pg_catalog.pg_inherits h JOIN pg_catalog.pg_index x ON x.indexrelid = h.inhrelid ` +
    `WHERE h.inhparent = ${quoteLiteral(parentIndex)}::regclass AND x.indrelid = ${quoteLiteral(partition)}::regclass`;
  // Only when the name differs: PostgreSQL refuses a rename to the name the index already has.
  return (
    `DO $$DECLARE i pg_catalog.regclass := (${lookup}); BEGIN ` +
    `IF (SELECT relname FROM pg_catalog.pg_class WHERE oid = i) <> ${quoteLiteral(name)} THEN ` +
    `EXECUTE format('ALTER INDEX %s RENAME TO %I', i, ${quoteLiteral(name)}); END IF; END$$;`
  );
}

/** Steps for the attached indexes of partition `key` (`have` undefined when it is new). */
function partitionIndexSteps(key: QualifiedName, have: TableDef | undefined, want: TableDef, from: Tables, to: Tables): PhasedStep[] {
  if (want.partitionOf === null) return [];
  const parentKey = want.partitionOf.parent;
  const sameParent = have?.partitionOf?.parent === parentKey;
  const out: PhasedStep[] = [];
  for (const name of sortedKeys(want.indexes)) {
    const i = want.indexes[name]!;
    if (i.partitionOf === null || i.constraint !== null) continue;
    const parentIndexName = parentIndexNameOf(i.partitionOf, to[parentKey]);
    if (parentIndexName === null) continue;
    const parentNew = from[parentKey]?.indexes[parentIndexName]?.definition !== to[parentKey]!.indexes[parentIndexName]!.definition;
    const existing = have?.indexes[name];
    const object = indexObject(want, i);
    if (parentNew) {
      // The parent's index is created after this step and adopts the partition's; one attached to
      // the parent's old index goes with it.
      if (existing !== undefined && existing.definition === i.definition && existing.partitionOf === null) continue;
      out.push(phased(Phase.addColumn, { sql: createIndexSql(want, i), kind: "create-index", object, destructive: false }));
      continue;
    }
    if (!sameParent) {
      // Created under the indexed parent, PostgreSQL made the index; attached to it, PostgreSQL
      // adopted the partition's matching index (detaching left the old one standalone, by name).
      if (have === undefined && looksChosenByServer(want.name, name)) continue;
      if (existing !== undefined && existing.definition === i.definition) continue;
      out.push(phased(Phase.addConstraint, { sql: renameServerChosenSql(key, i.partitionOf, name), kind: "rename-index", object, destructive: false }));
      continue;
    }
    const attached = Object.values(have!.indexes).find((h) => h.partitionOf === i.partitionOf);
    if (attached === undefined || attached.name === name) continue;
    out.push(phased(Phase.addConstraint, { sql: `ALTER INDEX ${indexObject(have!, attached)} RENAME TO ${quoteIdent(name)};`, kind: "rename-index", object, destructive: false }));
  }
  return out;
}

/** True when `name` has the shape PostgreSQL gives the constraint it clones onto partition `table`. */
function constraintNameChosenByServer(table: string, c: ConstraintDef, name: string): boolean {
  if (c.kind === "primaryKey") return name === `${table}_pkey`;
  return name.startsWith(`${table}_`) && /_(key|excl)[0-9]*$/.test(name);
}

/**
 * Renames the constraint PostgreSQL cloned onto `partition` from the parent's `parentConstraint`,
 * whose name the diff cannot know, to `name` (its index follows).
 */
function renameClonedConstraintSql(partition: QualifiedName, parent: QualifiedName, parentConstraint: string, name: string): string {
  const lookup =
    `SELECT c.conname FROM pg_catalog.pg_constraint c JOIN pg_catalog.pg_constraint p ON p.oid = c.conparentid ` +
    `WHERE c.conrelid = ${quoteLiteral(partition)}::regclass AND p.conrelid = ${quoteLiteral(parent)}::regclass AND p.conname = ${quoteLiteral(parentConstraint)}`;
  return (
    `DO $$DECLARE n pg_catalog.name := (${lookup}); BEGIN IF n <> ${quoteLiteral(name)} THEN ` +
    `EXECUTE format('ALTER TABLE %s RENAME CONSTRAINT %I TO %I', ${quoteLiteral(partition)}, n, ${quoteLiteral(name)}); END IF; END$$;`
  );
}

/**
 * The primary key, unique and exclusion constraints partition `key` inherits, under the names it
 * wants: the clone PostgreSQL made (the partition or the parent's constraint is new) or the one it
 * had (both kept) is renamed when the name differs. A partition's own constraint that the parent's
 * new one adopts keeps its name (see constraintSteps in tables.ts).
 */
function inheritedConstraintNameSteps(key: QualifiedName, have: TableDef | undefined, want: TableDef, from: Tables, to: Tables): PhasedStep[] {
  if (want.partitionOf === null) return [];
  const parentKey = want.partitionOf.parent;
  const parent = to[parentKey];
  if (!parent) return [];
  const out: PhasedStep[] = [];
  for (const name of sortedKeys(want.constraints)) {
    const c = want.constraints[name]!;
    if (c.local || !(c.kind === "primaryKey" || c.kind === "unique" || c.kind === "exclusion")) continue;
    const source = Object.values(parent.constraints).find((p) => p.kind === c.kind && p.definition === c.definition);
    if (!source) continue;
    const before = have?.constraints[name];
    // Kept as it was, or adopted from the partition's own constraint of that name.
    if (before !== undefined && before.definition === c.definition) continue;
    const parentKept = from[parentKey]?.constraints[source.name]?.definition === source.definition;
    const sameParent = have?.partitionOf?.parent === parentKey;
    const object = `${key}.${quoteIdent(name)}`;
    if (parentKept && sameParent) {
      const old = Object.values(have!.constraints).find((h) => !h.local && h.kind === c.kind && h.definition === c.definition);
      if (old === undefined || old.name === name) continue;
      out.push(phased(Phase.createIndex, { sql: `ALTER TABLE ${key} RENAME CONSTRAINT ${quoteIdent(old.name)} TO ${quoteIdent(name)};`, kind: "rename-constraint", object, destructive: false }));
      continue;
    }
    if (constraintNameChosenByServer(want.name, c, name)) continue;
    out.push(phased(Phase.createIndex, { sql: renameClonedConstraintSql(key, parentKey, source.name, name), kind: "rename-constraint", object, destructive: false }));
  }
  return out;
}

/**
 * Steps for the attached indexes of every partition of `to`, `depthOf` giving each table's number
 * of ancestors: the deepest partitions' indexes first, so a sub-partitioned partition's index,
 * created without ONLY, adopts its own partitions' indexes.
 */
export function attachedIndexSteps(from: Tables, to: Tables, depthOf: (key: QualifiedName) => number): PhasedStep[] {
  const keys = sortedKeys(to).map((k) => ({ k, d: depthOf(k) }));
  keys.sort((a, b) => b.d - a.d);
  return keys.flatMap(({ k }) => [...partitionIndexSteps(k, from[k], to[k]!, from, to), ...inheritedConstraintNameSteps(k, from[k], to[k]!, from, to)]);
}
