/** Builders for the diff tests: schema models written inline. Private to `core/diff/` tests. */
import {
  type ColumnDef,
  type ConstraintDef,
  type ConstraintKind,
  type EnumDef,
  type IndexDef,
  type SchemaModel,
  type SequenceDef,
  type TableDef,
  emptySchemaModel,
  qualifiedName,
} from "./model.ts";

/** A model holding `parts`; schemas default to just `public`. */
export function modelOf(parts: {
  schemas?: readonly string[];
  extensions?: readonly { name: string; schema: string; version: string }[];
  enums?: readonly EnumDef[];
  sequences?: readonly SequenceDef[];
  tables?: readonly TableDef[];
}): SchemaModel {
  const keyed = <T extends { schema: string; name: string }>(items: readonly T[] = []) =>
    Object.fromEntries(items.map((i) => [qualifiedName(i.schema, i.name), i]));
  return {
    ...emptySchemaModel(),
    schemas: Object.fromEntries((parts.schemas ?? ["public"]).map((name) => [name, { name, comment: null, acl: null }])),
    extensions: Object.fromEntries((parts.extensions ?? []).map((e) => [e.name, e])),
    enums: keyed(parts.enums),
    sequences: keyed(parts.sequences),
    tables: keyed(parts.tables),
  };
}

/** A column; nullable, no default, unless `extra` says otherwise. */
export function col(name: string, type: string, extra: Partial<ColumnDef> = {}): ColumnDef {
  return { name, type, collation: null, notNull: false, default: null, identity: null, generated: null, local: true, inherited: false, comment: null, acl: null, storage: null, compression: null, statisticsTarget: null, ...extra };
}

/** A constraint; `references` is required for foreign keys. */
export function con(name: string, kind: ConstraintKind, definition: string, extra: Partial<ConstraintDef> = {}): ConstraintDef {
  return {
    name,
    kind,
    definition,
    deferrable: false,
    initiallyDeferred: false,
    notValid: definition.endsWith(" NOT VALID"),
    references: null,
    columns: [],
    referencedColumns: [],
    local: true,
    inherited: false,
    comment: null,
    ...extra,
  };
}

/** An index with its pg_get_indexdef text. */
export function idx(name: string, definition: string, extra: Partial<IndexDef> = {}): IndexDef {
  return { name, definition, method: "btree", unique: definition.startsWith("CREATE UNIQUE"), predicate: null, constraint: null, partitionOf: null, columns: [], comment: null, ...extra };
}

/** A table with `columns`, `constraints` and `indexes`. */
export function tbl(
  schema: string,
  name: string,
  columns: readonly ColumnDef[],
  constraints: readonly ConstraintDef[] = [],
  indexes: readonly IndexDef[] = [],
  extra: Partial<TableDef> = {},
): TableDef {
  return {
    schema,
    name,
    comment: null,
    unlogged: false,
    columns,
    constraints: Object.fromEntries(constraints.map((c) => [c.name, c])),
    indexes: Object.fromEntries(indexes.map((i) => [i.name, i])),
    partitionKey: null,
    partitionOf: null,
    inherits: [],
    options: [],
    rowSecurity: { enabled: false, forced: false },
    replicaIdentity: { kind: "default", index: null },
    triggers: {},
    policies: {},
    acl: null,
    ...extra,
  };
}

/** An enum type. */
export function enumOf(schema: string, name: string, labels: readonly string[]): EnumDef {
  return { schema, name, labels, comment: null, acl: null };
}

/** A bigint-range sequence starting at 1, as CREATE SEQUENCE makes by default. */
export function seq(schema: string, name: string, extra: Partial<SequenceDef> = {}): SequenceDef {
  return {
    schema,
    name,
    comment: null,
    acl: null,
    type: "bigint",
    start: "1",
    increment: "1",
    min: "1",
    max: "9223372036854775807",
    cache: "1",
    cycle: false,
    ownedBy: null,
    ...extra,
  };
}
