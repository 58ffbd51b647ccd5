/**
 * The schema model: a plain, serialisable, readonly picture of a database's schema.
 *
 * Design rules, so a pure diff can compare two models object by object:
 * - Every top-level collection is a record keyed by `QualifiedName` (`"schema"."name"`, always
 *   quoted, see `qualifiedName`); schemas and extensions are keyed by their bare name. Objects
 *   that live inside a table (columns, constraints, indexes, triggers, policies) hang off it.
 * - Every object carries everything needed to recreate it and to compare it: definitions are the
 *   server's own canonical text (`format_type`, `pg_get_constraintdef`, `pg_get_indexdef`,
 *   `pg_get_expr`), read with `search_path = pg_catalog` so every name in them is qualified.
 * - Values are JSON types only. 64-bit numbers (sequence bounds) are decimal strings because
 *   JSON numbers cannot hold them. `null` means "not set / server default", never "unknown".
 * - Objects owned by an extension are not in the model: the extension recreates them.
 */

import { quoteIdent } from "../sql-quote.ts";

/** Re-exported: the diff quotes names with the same function as the rest of retort. */
export { quoteIdent };

/** `"schema"."name"`, each part double-quoted with embedded quotes doubled. */
export type QualifiedName = string;

/** Builds the key of a schema-qualified object; always quotes so keys never depend on case rules. */
export function qualifiedName(schema: string, name: string): QualifiedName {
  return `${quoteIdent(schema)}.${quoteIdent(name)}`;
}


/**
 * Raw aclitem texts (`role=arwd/grantor`), sorted; `null` when the object has default privileges.
 * Kept raw so the diff decides how to turn them into GRANT/REVOKE.
 */
export type Acl = readonly string[] | null;

/** The whole schema of one database. */
export interface SchemaModel {
  readonly schemas: Readonly<Record<string, SchemaDef>>;
  readonly extensions: Readonly<Record<string, ExtensionDef>>;
  /** CREATE COLLATION objects (the built-in ones live in pg_catalog and are left out). */
  readonly collations: Readonly<Record<QualifiedName, CollationDef>>;
  readonly enums: Readonly<Record<QualifiedName, EnumDef>>;
  readonly domains: Readonly<Record<QualifiedName, DomainDef>>;
  readonly compositeTypes: Readonly<Record<QualifiedName, CompositeTypeDef>>;
  /** Range types (CREATE TYPE … AS RANGE), with the multirange type each one brings. */
  readonly rangeTypes: Readonly<Record<QualifiedName, RangeTypeDef>>;
  /** Standalone and OWNED BY sequences; identity sequences live on their column instead. */
  readonly sequences: Readonly<Record<QualifiedName, SequenceDef>>;
  /** Ordinary and partitioned tables, partitions included (see `TableDef.partitionOf`). */
  readonly tables: Readonly<Record<QualifiedName, TableDef>>;
  readonly views: Readonly<Record<QualifiedName, ViewDef>>;
  readonly materializedViews: Readonly<Record<QualifiedName, ViewDef>>;
  /** Rules (CREATE RULE) on tables and views, keyed `"schema"."relation"."rule"`; a view's own `_RETURN` is its query. */
  readonly rules: Readonly<Record<string, RuleDef>>;
  /** Extended statistics objects (CREATE STATISTICS). */
  readonly statistics: Readonly<Record<QualifiedName, StatisticsDef>>;
  /** Functions, procedures, window functions and aggregates keyed by `FunctionKey`, since overloads share a name. */
  readonly functions: Readonly<Record<FunctionKey, FunctionDef>>;
  /** Event triggers (CREATE EVENT TRIGGER), keyed by their quoted name: they belong to the database, not a schema. */
  readonly eventTriggers: Readonly<Record<string, EventTriggerDef>>;
  /** ALTER DEFAULT PRIVILEGES entries, keyed by `defaultPrivilegesKey`. */
  readonly defaultPrivileges: Readonly<Record<string, DefaultPrivilegesDef>>;
  /** What the model leaves out, keyed by `notModelledKey`: a diff refuses to change it (see unsupported.ts). */
  readonly notModelled: Readonly<Record<string, NotModelledDef>>;
}

/**
 * An object the diff cannot write (yet): a foreign table. It is read with a definition to compare, so that a change to it is refused
 * by name rather than left out of a diff.
 */
export interface NotModelledDef {
  /** What kind of thing it is, e.g. `event trigger`, `column privileges`. */
  readonly what: string;
  /** Its name, e.g. `"public"."t"."r"`; a column's as `"schema"."table"."column"`. */
  readonly object: string;
  /** Text that differs when the thing does: the server's definition or the setting's value. */
  readonly definition: string;
}

/** The key of a `NotModelledDef` in `SchemaModel.notModelled`. */
export function notModelledKey(d: Pick<NotModelledDef, "what" | "object">): string {
  return `${d.what} ${d.object}`;
}

/** An event trigger: a function run on DDL commands. */
export interface EventTriggerDef {
  readonly name: string;
  /** `ddl_command_start`, `ddl_command_end`, `table_rewrite` or `sql_drop` (PostgreSQL 17 adds `login`). */
  readonly event: string;
  /** The command tags of WHEN TAG IN (upper case, sorted); null for every command. */
  readonly tags: readonly string[] | null;
  /** The function it runs (`FunctionKey`: event trigger functions take no arguments). */
  readonly function: FunctionKey;
  /** pg_event_trigger.evtenabled: O, D, R or A. */
  readonly enabled: string;
  readonly comment: string | null;
}

/** The kinds of object ALTER DEFAULT PRIVILEGES names, as it spells them (large objects from PostgreSQL 18). */
export type DefaultPrivilegesObjectType = "tables" | "sequences" | "functions" | "types" | "schemas" | "large objects";

/**
 * What a role's future objects of one kind are granted (`ALTER DEFAULT PRIVILEGES FOR ROLE r [IN
 * SCHEMA s] GRANT … ON TABLES TO …`): one pg_default_acl entry. In a schema the entry holds the
 * grants added to the kind's defaults; without one (the global form) it holds the whole ACL new
 * objects get, and PostgreSQL removes it when that equals `acldefault`.
 */
export interface DefaultPrivilegesDef {
  /** The role whose new objects get them (bare name). */
  readonly role: string;
  /** The schema they apply in (bare name); null for every schema. */
  readonly schema: string | null;
  readonly objectType: DefaultPrivilegesObjectType;
  /** Raw aclitem texts, sorted. */
  readonly acl: readonly string[];
  /**
   * What no entry stands for: `acldefault` of the kind for the role in the global form (the
   * role's own privileges, and PUBLIC's EXECUTE or USAGE on functions and types), none in a schema.
   */
  readonly baseline: readonly string[];
}

/** The key of a `DefaultPrivilegesDef` in `SchemaModel.defaultPrivileges`: `for role "r" in schema "s" on tables`. */
export function defaultPrivilegesKey(d: Pick<DefaultPrivilegesDef, "role" | "schema" | "objectType">): string {
  return `for role ${quoteIdent(d.role)}${d.schema === null ? "" : ` in schema ${quoteIdent(d.schema)}`} on ${d.objectType}`;
}

/** A namespace outside pg_catalog, information_schema, pg_toast* and pg_temp*. */
export interface SchemaDef {
  readonly name: string;
  readonly comment: string | null;
  readonly acl: Acl;
}

/** An installed extension; its member objects are left out of the model. */
export interface ExtensionDef {
  readonly name: string;
  readonly schema: string;
  readonly version: string;
}

/** Fields shared by every schema-qualified object. */
export interface SchemaObject {
  readonly schema: string;
  readonly name: string;
  readonly comment: string | null;
}

/** A collation made with CREATE COLLATION. */
export interface CollationDef extends SchemaObject {
  /** `libc` or `icu` (`default` is not allowed in CREATE COLLATION). */
  readonly provider: string;
  /** LC_COLLATE and LC_CTYPE for libc; null for ICU. */
  readonly lcCollate: string | null;
  readonly lcCtype: string | null;
  /** The ICU locale; null for libc. */
  readonly locale: string | null;
  readonly deterministic: boolean;
}


/** An enum type with its labels in sort order. */
export interface EnumDef extends SchemaObject {
  readonly labels: readonly string[];
  readonly acl: Acl;
}

/** A named CHECK constraint of a domain; NOT NULL is `DomainDef.notNull`. */
export interface DomainConstraintDef {
  readonly name: string;
  /** `CHECK (...)`, from pg_get_constraintdef. */
  readonly definition: string;
  readonly notValid: boolean;
}

/** A domain over a base type. */
export interface DomainDef extends SchemaObject {
  /** format_type of the base type, qualified when outside pg_catalog. */
  readonly baseType: string;
  /** Qualified collation name when it differs from the base type's, else null. */
  readonly collation: string | null;
  readonly notNull: boolean;
  readonly default: string | null;
  /** Sorted by name. */
  readonly constraints: readonly DomainConstraintDef[];
  /** User functions its CHECK constraints and default call (`FunctionKey`s), sorted: they are created first. */
  readonly functionsUsed: readonly FunctionKey[];
  readonly acl: Acl;
}

/** One attribute of a composite type. */
export interface CompositeAttributeDef {
  readonly name: string;
  readonly type: string;
  readonly collation: string | null;
}

/** A standalone composite type (CREATE TYPE ... AS (...)). */
export interface CompositeTypeDef extends SchemaObject {
  /** In declaration order. */
  readonly attributes: readonly CompositeAttributeDef[];
  readonly acl: Acl;
}

/** A range type; what CREATE TYPE … AS RANGE takes, each option null when it is the default. */
export interface RangeTypeDef extends SchemaObject {
  /** format_type of the subtype. */
  readonly subtype: string;
  /** The subtype's operator class, qualified, when it is not the subtype's default btree class. */
  readonly subtypeOpclass: string | null;
  /** Qualified collation name when it differs from the subtype's, else null. */
  readonly collation: string | null;
  /** The CANONICAL function (regproc text, qualified outside pg_catalog). */
  readonly canonical: string | null;
  /** The SUBTYPE_DIFF function (regproc text, qualified outside pg_catalog). */
  readonly subtypeDiff: string | null;
  /** The multirange type (MULTIRANGE_TYPE_NAME), which may live in another schema. */
  readonly multirange: { readonly schema: string; readonly name: string };
  /** User functions it names (`FunctionKey`s), sorted: they are created first. */
  readonly functionsUsed: readonly FunctionKey[];
  readonly acl: Acl;
}

/** The options CREATE SEQUENCE takes; 64-bit values as decimal strings. */
export interface SequenceOptions {
  /** `smallint`, `integer` or `bigint`. */
  readonly type: string;
  readonly start: string;
  readonly increment: string;
  readonly min: string;
  readonly max: string;
  readonly cache: string;
  readonly cycle: boolean;
}

/** A sequence that is not an identity sequence. */
export interface SequenceDef extends SchemaObject, SequenceOptions {
  /** OWNED BY target (serial columns and explicit OWNED BY), else null. */
  readonly ownedBy: { readonly table: QualifiedName; readonly column: string } | null;
  readonly acl: Acl;
}

/** GENERATED ALWAYS / BY DEFAULT AS IDENTITY, with its implicit sequence. */
export interface IdentityDef {
  readonly kind: "always" | "byDefault";
  /** The sequence's qualified name; SEQUENCE NAME can set it, so it is compared too. */
  readonly sequence: QualifiedName;
  readonly options: SequenceOptions;
}

/** A table column. */
export interface ColumnDef {
  readonly name: string;
  /** format_type text, e.g. `character varying(20)`, `public.mood[]`. */
  readonly type: string;
  /** Qualified collation name when it differs from the type's default, else null. */
  readonly collation: string | null;
  readonly notNull: boolean;
  /** DEFAULT expression text; null for generated columns (see `generated`). */
  readonly default: string | null;
  readonly identity: IdentityDef | null;
  /** GENERATED ALWAYS AS (expr) STORED expression text. */
  readonly generated: string | null;
  /** False when the column only exists because a parent has it (inheritance, partitions). */
  readonly local: boolean;
  readonly inherited: boolean;
  readonly comment: string | null;
  /** Column privileges (`GRANT SELECT (col)`), as raw aclitem texts, sorted; null when there are none. */
  readonly acl: Acl;
  /** `SET STORAGE`, when it differs from the type's own; null otherwise. */
  readonly storage: ColumnStorage | null;
  /** `SET COMPRESSION` method (`pglz`, `lz4`); null for the server's default_toast_compression. */
  readonly compression: string | null;
  /** `SET STATISTICS` target; null for the default (-1). */
  readonly statisticsTarget: number | null;
}

/** A column's storage, compression and statistics target, each null for the default. */
export type ColumnSettings = Pick<ColumnDef, "storage" | "compression" | "statisticsTarget">;

/** A storage mode: how PostgreSQL keeps a column's wide values (pg_attribute.attstorage). */
export type StorageMode = "plain" | "external" | "extended" | "main";

/**
 * A column's storage set apart from its type's, with the type's own: PostgreSQL 15 has no `SET
 * STORAGE DEFAULT`, so going back to the type's mode names it.
 */
export interface ColumnStorage {
  readonly mode: StorageMode;
  readonly typeMode: StorageMode;
}

/** Constraint kinds, spelled out rather than pg_constraint.contype letters. */
export type ConstraintKind = "primaryKey" | "unique" | "check" | "foreignKey" | "exclusion";

/** A table constraint. NOT NULL is a column property (PostgreSQL < 18 has no constraint row). */
export interface ConstraintDef {
  readonly name: string;
  readonly kind: ConstraintKind;
  /** pg_get_constraintdef text, e.g. `FOREIGN KEY (a) REFERENCES s.t(id) ON DELETE CASCADE`. */
  readonly definition: string;
  readonly deferrable: boolean;
  readonly initiallyDeferred: boolean;
  readonly notValid: boolean;
  /** For foreign keys, the referenced table, so the diff can order creates; else null. */
  readonly references: QualifiedName | null;
  /**
   * The columns of its table it names (key, checked or referencing columns), sorted: PostgreSQL
   * drops the constraint with any of them.
   */
  readonly columns: readonly string[];
  /** For foreign keys, the referenced columns, sorted; else empty. */
  readonly referencedColumns: readonly string[];
  /** False when it was cloned from a parent (partitions, inheritance) rather than declared here. */
  readonly local: boolean;
  readonly inherited: boolean;
  readonly comment: string | null;
}

/** An index on a table. */
export interface IndexDef {
  readonly name: string;
  /** pg_get_indexdef text: method, expressions, INCLUDE, WHERE and storage options in one. */
  readonly definition: string;
  readonly method: string;
  readonly unique: boolean;
  /** WHERE predicate of a partial index, else null. */
  readonly predicate: string | null;
  /** The constraint this index implements (primary key, unique, exclusion); the diff skips it. */
  readonly constraint: string | null;
  /** For an index on a partition, the partitioned index it is attached to. */
  readonly partitionOf: QualifiedName | null;
  /**
   * The names of the columns it reads (keys, INCLUDE, expressions and predicate), sorted: dropping
   * one of them drops the index.
   */
  readonly columns: readonly string[];
  readonly comment: string | null;
}

/** A user trigger on a table or a view. */
export interface TriggerDef {
  readonly name: string;
  /** pg_get_triggerdef text. */
  readonly definition: string;
  /** pg_trigger.tgenabled: O, D, R or A. */
  readonly enabled: string;
  readonly comment: string | null;
}

/** A row-level security policy. */
export interface PolicyDef {
  readonly name: string;
  readonly permissive: boolean;
  /** ALL, SELECT, INSERT, UPDATE or DELETE. */
  readonly command: string;
  readonly roles: readonly string[];
  readonly using: string | null;
  readonly withCheck: string | null;
}

/**
 * `REPLICA IDENTITY`: `default` (the primary key), `full`, `nothing`, or `index` with the unique
 * index's name. An identity index that was dropped reads as `nothing`, which PostgreSQL then does.
 */
export type ReplicaIdentity = { readonly kind: "default" | "full" | "nothing"; readonly index: null } | { readonly kind: "index"; readonly index: string };

/** An ordinary or partitioned table, or a partition. */
export interface TableDef extends SchemaObject {
  readonly unlogged: boolean;
  /** In attnum order, which CREATE TABLE reproduces. */
  readonly columns: readonly ColumnDef[];
  readonly constraints: Readonly<Record<string, ConstraintDef>>;
  readonly indexes: Readonly<Record<string, IndexDef>>;
  /** pg_get_partkeydef text (`RANGE (created_at)`) for a partitioned table, else null. */
  readonly partitionKey: string | null;
  /** Set for a partition: its parent and bound (`FOR VALUES FROM (...) TO (...)`, `DEFAULT`). */
  readonly partitionOf: { readonly parent: QualifiedName; readonly bound: string } | null;
  /** INHERITS parents in declaration order (not partition parents). */
  readonly inherits: readonly QualifiedName[];
  /** Storage parameters (`fillfactor=70`), sorted. */
  readonly options: readonly string[];
  readonly rowSecurity: { readonly enabled: boolean; readonly forced: boolean };
  /** What logical replication writes to identify an updated or deleted row. */
  readonly replicaIdentity: ReplicaIdentity;
  /** Clones on partitions are left out: attaching the partition recreates them. */
  readonly triggers: Readonly<Record<string, TriggerDef>>;
  readonly policies: Readonly<Record<string, PolicyDef>>;
  readonly acl: Acl;
}

/** A rule on a table or a view. */
export interface RuleDef {
  readonly name: string;
  /** The table or view it is on. */
  readonly relation: QualifiedName;
  /** pg_get_ruledef text: the complete CREATE RULE statement. */
  readonly definition: string;
  /** pg_rewrite.ev_enabled: O, D, R or A. */
  readonly enabled: string;
  /** Relations its actions and condition read, sorted: they must exist first. */
  readonly dependsOn: readonly QualifiedName[];
  readonly comment: string | null;
}

/** An extended statistics object on a table. */
export interface StatisticsDef extends SchemaObject {
  /** The table it is on. */
  readonly table: QualifiedName;
  /** pg_get_statisticsobjdef text: `CREATE STATISTICS s.n (kinds) ON cols FROM s.t`. */
  readonly definition: string;
  /** ALTER STATISTICS … SET STATISTICS target, as text; null for the default. */
  readonly target: string | null;
  /** The columns of the table it reads (listed or in its expressions), sorted. */
  readonly columns: readonly string[];
}

/** A view or materialized view. */
export interface ViewDef extends SchemaObject {
  /** pg_get_viewdef text. */
  readonly definition: string;
  readonly columns: readonly { readonly name: string; readonly type: string }[];
  readonly options: readonly string[];
  /** Tables, views and materialized views the query reads, sorted: they must exist first. */
  readonly dependsOn: readonly QualifiedName[];
  /**
   * The columns of those relations the query reads, as `"schema"."table"."column"`, sorted (from
   * pg_depend): only a change to one of them makes PostgreSQL refuse while the view exists.
   */
  readonly columnsRead: readonly string[];
  /** User functions the query calls (`FunctionKey`s), sorted. */
  readonly functionsUsed: readonly FunctionKey[];
  /** Materialized views only; empty for views. */
  readonly indexes: Readonly<Record<string, IndexDef>>;
  /**
   * Materialized views only: by column name, the columns whose storage, compression or statistics
   * target is not the default; empty for views (PostgreSQL has no such settings for them).
   */
  readonly columnSettings: Readonly<Record<string, ColumnSettings>>;
  /** Views only (`INSTEAD OF` and statement triggers); empty for materialized views. */
  readonly triggers: Readonly<Record<string, TriggerDef>>;
  readonly acl: Acl;
  /**
   * Column privileges (`GRANT SELECT (col) ON view`) by column name, as raw aclitem texts, sorted;
   * only columns that have some. Kept apart from `columns` so a grant never rebuilds the view.
   */
  readonly columnAcls: Readonly<Record<string, Acl>>;
}

/** `"schema"."name"(argument types)`, e.g. `"public"."add"(integer, integer)`: parameter names left out. */
export type FunctionKey = string;

/** A function, procedure, window function or aggregate. */
export interface FunctionDef extends SchemaObject {
  readonly kind: "function" | "procedure" | "aggregate" | "window";
  /** pg_get_function_identity_arguments text. */
  readonly identityArguments: string;
  /** The input argument types alone (`integer, text`): what identifies the function, and its key. */
  readonly argumentTypes: string;
  /**
   * An aggregate's pg_get_function_result text: its return type, which CREATE OR REPLACE cannot
   * change and its definition does not show; null for the others, whose RETURNS line shows it.
   */
  readonly result: string | null;
  /**
   * The complete CREATE OR REPLACE statement: pg_get_functiondef text, or for an aggregate
   * `CREATE OR REPLACE AGGREGATE` built from pg_aggregate, one option a line.
   */
  readonly definition: string;
  /**
   * Relations a SQL-standard body (BEGIN ATOMIC) reads, and those whose row type the function takes
   * or returns (`RETURNS SETOF t`), sorted: they must exist first. A body reading them holds on to
   * the columns it uses, as a view does; other bodies are only text to the server.
   */
  readonly dependsOn: readonly QualifiedName[];
  /** User functions a SQL-standard body calls (`FunctionKey`s, from pg_depend), sorted: they are created first. */
  readonly functionsUsed: readonly FunctionKey[];
  /**
   * Domains, enums, range types and composite types its parameters, result or SQL-standard body use (an array's
   * element type counted), sorted: a domain whose CHECK calls a function is created late, and such
   * a function waits for it.
   */
  readonly typesUsed: readonly QualifiedName[];
  readonly acl: Acl;
}

/** A model with nothing in it, the starting point for sources that build one up. */
export function emptySchemaModel(): SchemaModel {
  return {
    schemas: {},
    extensions: {},
    collations: {},
    enums: {},
    domains: {},
    compositeTypes: {},
    rangeTypes: {},
    sequences: {},
    tables: {},
    views: {},
    materializedViews: {},
    rules: {},
    statistics: {},
    functions: {},
    eventTriggers: {},
    defaultPrivileges: {},
    notModelled: {},
  };
}
