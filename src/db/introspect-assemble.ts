/** Turns the rows of the introspection queries into model objects; pure, no I/O. */
import {
  type ColumnDef,
  type ColumnSettings,
  type ConstraintDef,
  type ConstraintKind,
  type FunctionDef,
  type FunctionKey,
  type IdentityDef,
  type IndexDef,
  type QualifiedName,
  type ReplicaIdentity,
  type SequenceDef,
  type SequenceOptions,
  type StorageMode,
  type TableDef,
  type ViewDef,
  qualifiedName,
} from "../core/diff/model.ts";
import { DEFAULT_COLUMN_SETTINGS } from "../core/diff/column-settings.ts";
import type {
  ColumnRow,
  ColumnSettingsRow,
  ConstraintRow,
  FunctionRow,
  IndexRow,
  Named,
  PolicyRow,
  SequenceRow,
  StorageCode,
  TableRow,
  TriggerRow,
  ViewRow,
} from "./introspect-rows.ts";

const constraintKinds: Record<ConstraintRow["kind"], ConstraintKind> = {
  p: "primaryKey",
  u: "unique",
  c: "check",
  f: "foreignKey",
  x: "exclusion",
};

/** A record of `items` keyed by `key`, in input order. */
export function keyBy<T>(items: readonly T[], key: (item: T) => string): Record<string, T> {
  const out: Record<string, T> = {};
  for (const item of items) out[key(item)] = item;
  return out;
}

/** A record keyed by each item's qualified name. */
export function keyByQualified<T extends Named>(items: readonly T[]): Record<QualifiedName, T> {
  return keyBy(items, (i) => qualifiedName(i.schema, i.name));
}

/** Key of one column, for matching identity sequences to columns. */
function columnKey(schema: string, table: string, column: string): string {
  return `${qualifiedName(schema, table)}.${column}`;
}

function optionsOf(s: SequenceRow): SequenceOptions {
  return { type: s.type, start: s.start, increment: s.increment, min: s.min, max: s.max, cache: s.cache, cycle: s.cycle };
}

function identityOf(s: SequenceRow): IdentityDef {
  // The kind lives on the column; it is filled in when the column is assembled.
  return { kind: "always", sequence: qualifiedName(s.schema, s.name), options: optionsOf(s) };
}

function sequenceOf(s: SequenceRow): SequenceDef {
  const ownedBy = s.ownerKind === "a" ? { table: qualifiedName(s.ownerSchema!, s.ownerTable!), column: s.ownerColumn! } : null;
  return { schema: s.schema, name: s.name, comment: s.comment, acl: s.acl, ...optionsOf(s), ownedBy };
}

function columnOf(c: ColumnRow, identity: IdentityDef | undefined): ColumnDef {
  return {
    name: c.name,
    type: c.type,
    collation: c.collation,
    notNull: c.notNull,
    default: c.generated === "" ? c.expression : null,
    identity: c.identity !== "" && identity ? { ...identity, kind: c.identity === "a" ? "always" : "byDefault" } : null,
    generated: c.generated === "s" ? c.expression : null,
    local: c.local,
    inherited: c.inherited,
    comment: c.comment,
    acl: c.acl,
    ...(c.settings === null ? DEFAULT_COLUMN_SETTINGS : settingsOf(c.settings)),
  };
}

/** A column's storage, compression and statistics target, from the letters the catalogs keep. */
function settingsOf(c: ColumnSettingsRow): ColumnSettings {
  return {
    storage: c.storage === null ? null : { mode: storageModes[c.storage], typeMode: storageModes[c.typeStorage] },
    compression: c.compression === null ? null : (compressionMethods[c.compression] ?? c.compression),
    statisticsTarget: c.statisticsTarget,
  };
}

const storageModes: Record<StorageCode, StorageMode> = { p: "plain", e: "external", x: "extended", m: "main" };

const compressionMethods: Readonly<Record<string, string>> = { p: "pglz", l: "lz4" };

/** Groups rows by their table's qualified name, keeping query order (which is sorted). */
function groupByTable<T extends { schema: string; table: string }>(items: readonly T[]): Map<QualifiedName, T[]> {
  const out = new Map<QualifiedName, T[]>();
  for (const item of items) {
    const key = qualifiedName(item.schema, item.table);
    const list = out.get(key);
    if (list) list.push(item);
    else out.set(key, [item]);
  }
  return out;
}

/** The rows that make up tables, each list sorted by table. */
export interface TableRows {
  readonly tables: readonly TableRow[];
  readonly columns: readonly ColumnRow[];
  readonly constraints: readonly ConstraintRow[];
  readonly indexes: readonly IndexRow[];
  readonly triggers: readonly TriggerRow[];
  readonly policies: readonly PolicyRow[];
}

/** Builds each table from its row and the rows of its columns, constraints, indexes, triggers and policies. */
export function assembleTables(rows: TableRows, identities: ReadonlyMap<string, IdentityDef>): TableDef[] {
  const columnsBy = groupByTable(rows.columns);
  const constraintsBy = groupByTable(rows.constraints);
  const indexesBy = groupByTable(rows.indexes);
  const triggersBy = groupByTable(rows.triggers);
  const policiesBy = groupByTable(rows.policies);
  return rows.tables.map((t) => {
    const key = qualifiedName(t.schema, t.name);
    const parents = t.parents.map((p) => qualifiedName(p.schema, p.name));
    return {
      schema: t.schema,
      name: t.name,
      comment: t.comment,
      unlogged: t.unlogged,
      columns: (columnsBy.get(key) ?? []).map((c) => columnOf(c, identities.get(columnKey(t.schema, t.name, c.name)))),
      constraints: keyBy((constraintsBy.get(key) ?? []).map((c) => constraintOf(c, columnsBy)), (c) => c.name),
      indexes: keyBy((indexesBy.get(key) ?? []).map((i) => indexOf(i, columnsBy.get(key))), (i) => i.name),
      partitionKey: t.partitionKey,
      // A partition's only pg_inherits row is its partition parent, so it has no INHERITS parents.
      partitionOf: t.partitionBound !== null && parents[0] ? { parent: parents[0], bound: t.partitionBound } : null,
      inherits: t.partitionBound !== null ? [] : parents,
      options: t.options,
      rowSecurity: { enabled: t.rlsEnabled, forced: t.rlsForced },
      replicaIdentity: replicaIdentityOf(t),
      triggers: keyBy((triggersBy.get(key) ?? []).map(({ schema, table, ...def }) => def), (d) => d.name),
      policies: keyBy((policiesBy.get(key) ?? []).map(({ schema, table, ...def }) => def), (d) => d.name),
      acl: t.acl,
    };
  });
}

const replicaIdentityKinds = { d: "default", f: "full", n: "nothing" } as const;

/** The table's REPLICA IDENTITY; `i` whose index is gone behaves as (and reads as) `nothing`. */
function replicaIdentityOf(t: TableRow): ReplicaIdentity {
  if (t.replicaIdentity === "i") return t.replicaIdentityIndex === null ? { kind: "nothing", index: null } : { kind: "index", index: t.replicaIdentityIndex };
  return { kind: replicaIdentityKinds[t.replicaIdentity], index: null };
}

/** Builds views or materialized views, attaching the triggers of the former and the indexes of the latter. */
export function assembleViews(views: readonly ViewRow[], indexes: readonly IndexRow[], triggers: readonly TriggerRow[]): ViewDef[] {
  const indexesBy = groupByTable(indexes);
  const triggersBy = groupByTable(triggers);
  return views.map(({ kind, ...v }) => ({
    ...v,
    columnSettings: Object.fromEntries(Object.entries(v.columnSettings).map(([name, c]) => [name, settingsOf(c)])),
    indexes: keyBy((indexesBy.get(qualifiedName(v.schema, v.name)) ?? []).map((i) => indexOf(i, undefined)), (i) => i.name),
    triggers: keyBy((triggersBy.get(qualifiedName(v.schema, v.name)) ?? []).map(({ schema, table, ...def }) => def), (d) => d.name),
  }));
}

const functionKinds: Record<FunctionRow["kind"], FunctionDef["kind"]> = { f: "function", p: "procedure", w: "window", a: "aggregate" };

/** Builds functions keyed by name and identity arguments, since overloads share a name. */
export function assembleFunctions(rows: readonly FunctionRow[]): Record<FunctionKey, FunctionDef> {
  const out: Record<FunctionKey, FunctionDef> = {};
  for (const r of rows) out[`${qualifiedName(r.schema, r.name)}(${r.argumentTypes})`] = { ...r, kind: functionKinds[r.kind] };
  return out;
}

/** Separates identity sequences (keyed by their column) from the ones the model lists on their own. */
export function splitSequences(rows: readonly SequenceRow[]): { identities: Map<string, IdentityDef>; standalone: SequenceDef[] } {
  const identities = new Map<string, IdentityDef>();
  const standalone: SequenceDef[] = [];
  for (const s of rows) {
    if (s.ownerKind === "i") identities.set(columnKey(s.ownerSchema!, s.ownerTable!, s.ownerColumn!), identityOf(s));
    else standalone.push(sequenceOf(s));
  }
  return { identities, standalone };
}

function constraintOf(r: ConstraintRow, columnsBy: ReadonlyMap<QualifiedName, readonly ColumnRow[]>): ConstraintDef {
  const referenced = r.kind === "f" && r.refSchema !== null && r.refTable !== null ? qualifiedName(r.refSchema, r.refTable) : null;
  return {
    name: r.name,
    kind: constraintKinds[r.kind],
    definition: r.definition,
    deferrable: r.deferrable,
    initiallyDeferred: r.initiallyDeferred,
    notValid: r.notValid,
    references: referenced,
    columns: columnNames(r.columnNumbers ?? [], columnsBy.get(qualifiedName(r.schema, r.table))),
    referencedColumns: referenced === null ? [] : columnNames(r.refColumnNumbers ?? [], columnsBy.get(referenced)),
    local: r.local,
    inherited: r.inherited,
    comment: r.comment,
  };
}

/** The names of the columns numbered `numbers`, each once, sorted. */
function columnNames(numbers: readonly number[], columns: readonly ColumnRow[] | undefined): string[] {
  const names = new Set<string>();
  for (const n of numbers) {
    const column = columns?.find((c) => c.position === n);
    if (column) names.add(column.name);
  }
  return [...names].sort();
}

function indexOf(r: IndexRow, columns: readonly ColumnRow[] | undefined): IndexDef {
  return {
    name: r.name,
    definition: r.definition,
    method: r.method,
    unique: r.unique,
    predicate: r.predicate,
    constraint: r.constraint,
    partitionOf: r.parent ? qualifiedName(r.parent.schema, r.parent.name) : null,
    columns: r.columns ?? columnNames(r.columnNumbers ?? [], columns),
    comment: r.comment,
  };
}
