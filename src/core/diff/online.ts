/**
 * The online-safe form of a diff, for `revision --autogenerate`. On a table that already exists,
 * the plain statements hold heavy locks for a whole scan or index build; here they become:
 * - indexes created and dropped CONCURRENTLY;
 * - foreign keys and CHECK constraints added NOT VALID, then validated in a later transaction
 *   (VALIDATE takes SHARE UPDATE EXCLUSIVE, which lets writes through);
 * - SET NOT NULL through a validated `CHECK (col IS NOT NULL)`, which PostgreSQL 12+ uses to skip
 *   the scan, dropped afterwards;
 * - UNIQUE and PRIMARY KEY constraints through a concurrently built unique index, then
 *   `ADD CONSTRAINT … USING INDEX`.
 * CONCURRENTLY cannot run in a transaction block, and a VALIDATE in the transaction of its ADD
 * would scan under the ADD's lock, so these statements go to a second, `transaction: false`
 * revision. The split is described by the schema between the two: `intermediate` is `to` with the
 * online changes not yet made, so the first revision is the plain diff from `from` to it.
 */
import { NO_BOOKKEEPING, withoutBookkeeping, type BookkeepingTables } from "./bookkeeping.ts";
import { needsReplace } from "./columns.ts";
import { diffSchemas } from "./diff.ts";
import { type ColumnDef, type ConstraintDef, type IndexDef, type QualifiedName, type SchemaModel, type TableDef, qualifiedName, quoteIdent } from "./model.ts";
import { type DiffStep, sortedKeys } from "./step.ts";
import { addConstraintStep, alterColumnStep, commentOnIndex, concurrentIndexSql, constraintComment, dropConstraintStep, dropIndexStep, indexComment, indexObject, validateStep } from "./online-steps.ts";
import { replicaIdentityStep } from "./replica-identity.ts";
import { ownConstraints, ownIndexes } from "./tables.ts";

/** The two parts of an online-safe revision. */
export interface OnlineSplit {
  /** The schema after the transactional part: `to` with the online changes not yet made. */
  readonly intermediate: SchemaModel;
  /** The statements of the `transaction: false` part, in order; each commits on its own. */
  readonly upgrade: readonly DiffStep[];
  /** What undoes them, from `to` back to `intermediate`. */
  readonly downgrade: readonly DiffStep[];
}

type Tables = Readonly<Record<QualifiedName, TableDef>>;

/** One kind of online change, with what does it and what undoes it. */
interface Part {
  readonly up: DiffStep[];
  readonly down: DiffStep[];
}

/**
 * The online part's statements in groups, run in this order (and undone in the reverse): index
 * drops first, so a name they free can be reused; NOT NULL before a primary key needs it; unique
 * indexes and their constraints before the foreign keys that reference them.
 */
interface Parts {
  readonly dropIndexes: Part;
  readonly notNull: Part;
  readonly validate: Part;
  readonly createIndexes: Part;
  readonly uniques: Part;
  readonly foreignKeys: Part;
  /**
   * REPLICA IDENTITY USING an index built here: set last, once every index exists, and undone
   * last too, once the indexes dropped here are back.
   */
  readonly replicaIdentity: Part;
}

/** Steps that drop something an index expression may use: an index kept until the online part would block them. */
const DROPS_OF_CODE = new Set(["drop-function", "drop-type", "drop-enum", "drop-domain", "drop-extension", "drop-schema"]);

/**
 * Splits the diff from `from` to `to` into a transactional part (the plain diff to `intermediate`)
 * and an online part, for the tables `from` already has. Null when nothing needs the online form.
 */
export function splitOnline(from: SchemaModel, to: SchemaModel, bookkeeping: BookkeepingTables = NO_BOOKKEEPING): OnlineSplit | null {
  const a = withoutBookkeeping(from, bookkeeping).tables;
  const b = withoutBookkeeping(to, bookkeeping).tables;
  const codeDropped = diffSchemas(from, to, bookkeeping).some((s) => DROPS_OF_CODE.has(s.kind));
  const parts: Parts = { dropIndexes: part(), notNull: part(), validate: part(), createIndexes: part(), uniques: part(), foreignKeys: part(), replicaIdentity: part() };
  const inherited = new Set([...Object.values(a), ...Object.values(b)].flatMap((t) => t.inherits));
  const eligible = (key: QualifiedName, t: TableDef) => ordinaryTable(t) && !inherited.has(key);
  const existing = sortedKeys(b).filter((k) => a[k] !== undefined && eligible(k, a[k]!) && eligible(k, b[k]!));
  const uniques = new Map(existing.map((k) => [k, onlineUniques(a[k]!, b[k]!)]));
  const uniqueTables = new Set(existing.filter((k) => uniques.get(k)!.length > 0));
  const partitionedTables = new Set(sortedKeys(b).filter((k) => b[k]!.partitionKey !== null));
  const tables: Record<QualifiedName, TableDef> = { ...to.tables };
  const owners = relationOwners(to, b);
  for (const key of existing) {
    const takenElsewhere = (name: string) => (owners.get(qualifiedName(b[key]!.schema, name)) ?? []).some((k) => k !== key);
    const context = { uniques: uniques.get(key)!, uniqueTables, partitionedTables, dropsSafe: !codeDropped && !rewritesColumns(a[key]!, b[key]!), takenElsewhere };
    tables[key] = planTable(key, a[key]!, b[key]!, context, parts);
  }
  // A foreign key needs the unique index it references when it is added, even NOT VALID.
  for (const key of sortedKeys(b)) {
    const have = a[key];
    const want = tables[key]!;
    const haveConstraints = new Map((have ? ownConstraints(have) : []).map((c) => [c.name, c]));
    const constraints = { ...want.constraints };
    for (const c of ownConstraints(want)) {
      if (c.kind !== "foreignKey" || c.references === null || !uniqueTables.has(c.references)) continue;
      const original = b[key]!.constraints[c.name]!;
      if (haveConstraints.get(c.name)?.definition === original.definition) continue;
      delete constraints[c.name];
      // In the online part even a table the first part creates may have rows by the time it runs
      // (the two revisions can be deployed apart), so its foreign key is validated separately too.
      const online = eligible(key, b[key]!) && !original.notValid;
      parts.foreignKeys.up.push(addConstraintStep(key, original.name, online ? `${original.definition} NOT VALID` : original.definition));
      if (online) parts.foreignKeys.up.push(validateStep(key, original.name));
      parts.foreignKeys.up.push(...constraintComment(key, original));
      parts.foreignKeys.down.push(dropConstraintStep(key, original.name));
    }
    tables[key] = { ...want, constraints };
  }
  const order = [parts.dropIndexes, parts.notNull, parts.validate, parts.createIndexes, parts.uniques, parts.foreignKeys];
  const upgrade = [...order.flatMap((p) => p.up), ...parts.replicaIdentity.up];
  if (upgrade.length === 0) return null;
  return { intermediate: { ...to, tables }, upgrade, downgrade: [...[...order].reverse().flatMap((p) => p.down), ...parts.replicaIdentity.down] };
}

function part(): Part {
  return { up: [], down: [] };
}

/**
 * Partitioned tables take neither CONCURRENTLY nor NOT VALID foreign keys, and a partition's
 * indexes and constraints follow its parent's. Inheritance parents and children keep the plain
 * form too: constraints added to a parent reach its children, whose own would collide.
 */
function ordinaryTable(t: TableDef): boolean {
  return t.partitionKey === null && t.partitionOf === null && t.inherits.length === 0;
}

/** True when a column of `have` is dropped, re-added or changes type or collation: its indexes must go before that, in the same transaction. */
function rewritesColumns(have: TableDef, want: TableDef): boolean {
  return have.columns.some((c) => {
    const next = want.columns.find((n) => n.name === c.name);
    return !next || needsReplace(c, next) || next.type !== c.type || next.collation !== c.collation;
  });
}

/**
 * Who holds each `"schema"."name"` among the relations of `model` (tables, views, sequences and
 * indexes share one namespace per schema): the table an index is on, or null for anything else.
 */
function relationOwners(model: SchemaModel, tables: Tables): Map<string, (QualifiedName | null)[]> {
  const out = new Map<string, (QualifiedName | null)[]>();
  const add = (schema: string, name: string, owner: QualifiedName | null) => {
    const key = qualifiedName(schema, name);
    out.set(key, [...(out.get(key) ?? []), owner]);
  };
  for (const k of sortedKeys(tables)) {
    const t = tables[k]!;
    add(t.schema, t.name, null);
    for (const name of Object.keys(t.indexes)) add(t.schema, name, k);
  }
  for (const v of [...Object.values(model.views), ...Object.values(model.materializedViews)]) {
    add(v.schema, v.name, null);
    for (const name of Object.keys(v.indexes)) add(v.schema, name, null);
  }
  for (const q of Object.values(model.sequences)) add(q.schema, q.name, null);
  return out;
}

/** The UNIQUE and PRIMARY KEY constraints `want` adds (or changes) that can be built from a concurrent index. */
function onlineUniques(have: TableDef, want: TableDef): ConstraintDef[] {
  return ownConstraints(want).filter((c) => {
    if (c.kind !== "unique" && c.kind !== "primaryKey") return false;
    if (have.constraints[c.name]?.definition === c.definition) return false;
    const index = want.indexes[c.name];
    return index !== undefined && index.constraint === c.name && concurrentIndexSql(index.definition) !== null;
  });
}

interface TableContext {
  readonly uniques: readonly ConstraintDef[];
  readonly uniqueTables: ReadonlySet<QualifiedName>;
  /**
   * Partitioned tables of the target. A foreign key referencing one is added plainly: PostgreSQL
   * (15) clones it per referenced partition, and VALIDATE CONSTRAINT leaves the clones NOT VALID.
   */
  readonly partitionedTables: ReadonlySet<QualifiedName>;
  /** False when the transactional part drops or rewrites what an index may use: index drops stay there. */
  readonly dropsSafe: boolean;
  /** Whether a relation of the target other than this table's own index has this name (in this table's schema). */
  readonly takenElsewhere: (indexName: string) => boolean;
}

/** Adds the online steps for one existing table to `parts`, and returns the table as the transactional part leaves it. */
function planTable(key: QualifiedName, have: TableDef, want: TableDef, context: TableContext, parts: Parts): TableDef {
  const indexes: Record<string, IndexDef> = { ...want.indexes };
  const constraints: Record<string, ConstraintDef> = { ...want.constraints };
  const haveIndexes = ownIndexes(have);
  const wantIndexes = ownIndexes(want);
  const createdOnline = new Set<string>();

  for (const name of sortedKeys(wantIndexes)) {
    const i = wantIndexes[name]!;
    const sql = concurrentIndexSql(i.definition);
    if (haveIndexes[name]?.definition === i.definition || sql === null) continue;
    delete indexes[name];
    createdOnline.add(name);
    parts.createIndexes.up.push({ sql, kind: "create-index", object: indexObject(want, name), destructive: false }, ...indexComment(want, i));
    parts.createIndexes.down.push(dropIndexStep(want, name));
  }
  // A unique index the table already has with the same definition becomes the constraint as it is.
  const adopted = new Set<string>();
  for (const c of context.uniques) {
    const index = want.indexes[c.name]!;
    const existing = haveIndexes[c.name];
    delete constraints[c.name];
    createdOnline.add(c.name);
    const kind = c.kind === "primaryKey" ? "PRIMARY KEY" : "UNIQUE";
    const deferral = `${c.deferrable ? " DEFERRABLE" : ""}${c.initiallyDeferred ? " INITIALLY DEFERRED" : ""}`;
    const add = addConstraintStep(key, c.name, `${kind} USING INDEX ${quoteIdent(c.name)}${deferral}`);
    if (existing?.definition === index.definition) {
      adopted.add(c.name);
      indexes[c.name] = existing;
      parts.uniques.up.push(add, ...constraintComment(key, c), ...(existing.comment === index.comment ? [] : [commentOnIndex(want, c.name, index.comment)]));
      // Dropping the constraint drops its index: the downgrade builds the plain index again.
      parts.uniques.down.push(dropConstraintStep(key, c.name), { sql: concurrentIndexSql(existing.definition)!, kind: "create-index", object: indexObject(have, c.name), destructive: false }, ...indexComment(have, existing));
      continue;
    }
    delete indexes[c.name];
    parts.uniques.up.push(
      { sql: concurrentIndexSql(index.definition)!, kind: "create-index", object: indexObject(want, c.name), destructive: false },
      add,
      ...constraintComment(key, c),
      ...indexComment(want, index),
    );
    parts.uniques.down.push(dropConstraintStep(key, c.name));
  }
  for (const name of sortedKeys(haveIndexes)) {
    const i = haveIndexes[name]!;
    if (wantIndexes[name]?.definition === i.definition || adopted.has(name)) continue;
    // The name must stay free until the online part drops it: nothing the first part creates may take it.
    const nameFree = !context.takenElsewhere(name) && (want.indexes[name] === undefined || createdOnline.has(name));
    const sql = concurrentIndexSql(i.definition);
    if (!context.dropsSafe || !nameFree || sql === null) continue;
    indexes[name] = i;
    parts.dropIndexes.up.push(dropIndexStep(have, name));
    parts.dropIndexes.down.push({ sql, kind: "create-index", object: indexObject(have, name), destructive: false }, ...indexComment(have, i));
  }

  const haveConstraints = new Map(ownConstraints(have).map((c) => [c.name, c]));
  for (const c of ownConstraints(want)) {
    if ((c.kind !== "check" && c.kind !== "foreignKey") || c.notValid) continue;
    if (haveConstraints.get(c.name)?.definition === c.definition) continue;
    // Added NOT VALID in the first part; foreign keys on a unique built online wait for it (see splitOnline).
    if (c.kind === "foreignKey" && c.references !== null && (context.uniqueTables.has(c.references) || context.partitionedTables.has(c.references))) continue;
    const definition = `${c.definition} NOT VALID`;
    constraints[c.name] = { ...c, notValid: true, definition };
    parts.validate.up.push(validateStep(key, c.name));
    parts.validate.down.push(dropConstraintStep(key, c.name), addConstraintStep(key, c.name, definition), ...constraintComment(key, c));
  }

  // An identity index built in the online part becomes the identity there; until then the table
  // keeps its old identity, or the default when the old index is gone.
  const identity = want.replicaIdentity;
  let replicaIdentity = identity;
  if (identity.kind === "index" && indexes[identity.index]?.definition !== want.indexes[identity.index]?.definition) {
    const old = have.replicaIdentity;
    const oldKept = old.kind !== "index" || (indexes[old.index] !== undefined && indexes[old.index]!.definition === have.indexes[old.index]?.definition);
    replicaIdentity = oldKept ? old : { kind: "default", index: null };
    parts.replicaIdentity.up.push(replicaIdentityStep(key, identity));
    parts.replicaIdentity.down.push(replicaIdentityStep(key, replicaIdentity));
  }

  const columns = want.columns.map((c) => {
    const prev = have.columns.find((p) => p.name === c.name);
    // ADD IDENTITY needs NOT NULL already set, in the same part.
    if (!prev || !c.local || !prev.local || needsReplace(prev, c) || prev.notNull || !c.notNull || c.identity !== null) return c;
    const helper = helperName(c, have, want, constraints);
    const definition = `CHECK (${quoteIdent(c.name)} IS NOT NULL) NOT VALID`;
    constraints[helper] = {
      name: helper, kind: "check", definition, deferrable: false, initiallyDeferred: false, notValid: true,
      references: null, columns: [c.name], referencedColumns: [], local: true, inherited: false, comment: null,
    };
    parts.notNull.up.push(validateStep(key, helper), alterColumnStep(key, c, "SET NOT NULL"), dropConstraintStep(key, helper));
    parts.notNull.down.push(addConstraintStep(key, helper, definition), alterColumnStep(key, c, "DROP NOT NULL"));
    return { ...c, notNull: false };
  });
  return { ...want, columns, indexes, constraints, replicaIdentity };
}

/** `<column>_not_null`, numbered when the table already has a constraint of that name. */
function helperName(c: ColumnDef, have: TableDef, want: TableDef, planned: Readonly<Record<string, ConstraintDef>>): string {
  // 63 bytes is PostgreSQL's limit; 49 characters of the column leave room for the suffix in most names.
  const base = `${c.name.slice(0, 49)}_not_null`;
  const taken = (n: string) => n in have.constraints || n in want.constraints || n in planned;
  let name = base;
  for (let i = 1; taken(name); i++) name = `${base}${i}`;
  return name;
}
