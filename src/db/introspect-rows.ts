/** The shapes of the rows the introspection queries return, before assembly into the model. */
import type { Acl, ConstraintDef, IndexDef, PolicyDef, SequenceOptions, TriggerDef } from "../core/diff/model.ts";

/** Any schema-qualified row. */
export interface Named {
  readonly schema: string;
  readonly name: string;
}

/** A row of sequencesQuery. */
export type SequenceRow = Named & SequenceOptions & {
  comment: string | null;
  acl: Acl;
  ownerKind: "a" | "i" | null;
  ownerSchema: string | null;
  ownerTable: string | null;
  ownerColumn: string | null;
};

/** A row of tablesQuery. */
export type TableRow = Named & {
  comment: string | null;
  acl: Acl;
  unlogged: boolean;
  rlsEnabled: boolean;
  rlsForced: boolean;
  /** pg_class.relreplident: d, f, n or i. */
  replicaIdentity: "d" | "f" | "n" | "i";
  replicaIdentityIndex: string | null;
  partitionKey: string | null;
  partitionBound: string | null;
  parents: Named[];
  options: string[];
};

/** A column's storage, compression and statistics target as the queries read them. */
export interface ColumnSettingsRow {
  /** pg_attribute.attstorage when it differs from the type's, else null. */
  storage: StorageCode | null;
  /** pg_type.typstorage. */
  typeStorage: StorageCode;
  /** pg_attribute.attcompression: p (pglz) or l (lz4), else null. */
  compression: string | null;
  statisticsTarget: number | null;
}

/** A row of columnsQuery. */
export interface ColumnRow {
  schema: string;
  table: string;
  /** attnum. */
  position: number;
  name: string;
  type: string;
  collation: string | null;
  notNull: boolean;
  identity: "" | "a" | "d";
  generated: "" | "s";
  expression: string | null;
  local: boolean;
  inherited: boolean;
  comment: string | null;
  acl: string[] | null;
  /** Null when storage, compression and statistics target are all the default. */
  settings: ColumnSettingsRow | null;
}

/** attstorage and typstorage letters: plain, external, extended, main. */
export type StorageCode = "p" | "e" | "x" | "m";

/** A row of constraintsQuery. */
export type ConstraintRow = Omit<ConstraintDef, "kind" | "references" | "columns" | "referencedColumns"> & {
  schema: string;
  table: string;
  kind: "p" | "u" | "c" | "f" | "x";
  refSchema: string | null;
  refTable: string | null;
  /** conkey and confkey: attribute numbers, named from the column rows. */
  columnNumbers: number[] | null;
  refColumnNumbers: number[] | null;
};

/** A row of indexesQuery. */
export type IndexRow = Omit<IndexDef, "partitionOf" | "columns"> & {
  schema: string;
  table: string;
  parent: Named | null;
  /** The columns it reads, or null when `columnNumbers` gives them (a table's index on columns only). */
  columns: string[] | null;
  /** Attribute numbers of the key and INCLUDE columns, named from the table's column rows. */
  columnNumbers: number[] | null;
};

/** A row of viewsQuery: 'v' for a view, 'm' for a materialized view. */
export type ViewRow = Named & {
  kind: "v" | "m";
  comment: string | null;
  acl: Acl;
  definition: string;
  columns: { name: string; type: string }[];
  /** Materialized views only: by column name, the columns whose settings are not the default. */
  columnSettings: Record<string, ColumnSettingsRow>;
  options: string[];
  dependsOn: string[];
  columnsRead: string[];
  functionsUsed: string[];
  columnAcls: Record<string, string[]>;
};

/** A row of functionsQuery. */
export type FunctionRow = Named & {
  kind: "f" | "p" | "w" | "a";
  comment: string | null;
  acl: Acl;
  identityArguments: string;
  argumentTypes: string;
  result: string | null;
  dependsOn: string[];
  functionsUsed: string[];
  typesUsed: string[];
  definition: string;
};

/** A row of triggersQuery. */
export type TriggerRow = TriggerDef & { schema: string; table: string };

/** A row of policiesQuery. */
export type PolicyRow = PolicyDef & { schema: string; table: string };
