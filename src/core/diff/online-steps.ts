/** The statements of the online form (see online.ts), each a DiffStep. */
import type { ColumnDef, ConstraintDef, IndexDef, QualifiedName, TableDef } from "./model.ts";
import { qualifiedName, quoteIdent } from "./model.ts";
import { type DiffStep, quoteLiteral } from "./step.ts";

/**
 * pg_get_indexdef text as `CREATE [UNIQUE] INDEX CONCURRENTLY IF NOT EXISTS …;`. The server
 * always starts it with one of these two prefixes; null for anything else (kept in the plain form).
 */
export function concurrentIndexSql(definition: string): string | null {
  for (const prefix of ["CREATE UNIQUE INDEX ", "CREATE INDEX "]) {
    if (definition.startsWith(prefix)) return `${prefix}CONCURRENTLY IF NOT EXISTS ${definition.slice(prefix.length)};`;
  }
  return null;
}

/** `"schema"."index"`: an index lives in its table's schema. */
export function indexObject(t: TableDef, name: string): string {
  return qualifiedName(t.schema, name);
}

/** `DROP INDEX CONCURRENTLY IF EXISTS`: waits for the queries using the index instead of blocking the table. */
export function dropIndexStep(t: TableDef, name: string): DiffStep {
  const object = indexObject(t, name);
  return { sql: `DROP INDEX CONCURRENTLY IF EXISTS ${object};`, kind: "drop-index", object, destructive: false };
}

/** `ALTER TABLE … ADD CONSTRAINT name <definition>`. */
export function addConstraintStep(table: QualifiedName, name: string, definition: string): DiffStep {
  return { sql: `ALTER TABLE ${table} ADD CONSTRAINT ${quoteIdent(name)} ${definition};`, kind: "add-constraint", object: `${table}.${quoteIdent(name)}`, destructive: false };
}

/** `VALIDATE CONSTRAINT`: scans under SHARE UPDATE EXCLUSIVE, which lets reads and writes through. */
export function validateStep(table: QualifiedName, name: string): DiffStep {
  return { sql: `ALTER TABLE ${table} VALIDATE CONSTRAINT ${quoteIdent(name)};`, kind: "validate-constraint", object: `${table}.${quoteIdent(name)}`, destructive: false };
}

/** `ALTER TABLE … DROP CONSTRAINT`. */
export function dropConstraintStep(table: QualifiedName, name: string): DiffStep {
  return { sql: `ALTER TABLE ${table} DROP CONSTRAINT ${quoteIdent(name)};`, kind: "drop-constraint", object: `${table}.${quoteIdent(name)}`, destructive: false };
}

/** `ALTER TABLE … ALTER COLUMN c <action>`. */
export function alterColumnStep(table: QualifiedName, c: ColumnDef, action: string): DiffStep {
  return { sql: `ALTER TABLE ${table} ALTER COLUMN ${quoteIdent(c.name)} ${action};`, kind: "alter-column", object: `${table}.${quoteIdent(c.name)}`, destructive: false };
}

/** The comment of an index the online part (re)creates, which a new index lacks; nothing when it has none. */
export function indexComment(t: TableDef, i: IndexDef): DiffStep[] {
  return i.comment === null ? [] : [commentOnIndex(t, i.name, i.comment)];
}

/** `COMMENT ON INDEX`, or its removal for a null comment. */
export function commentOnIndex(t: TableDef, name: string, comment: string | null): DiffStep {
  const object = indexObject(t, name);
  return { sql: `COMMENT ON INDEX ${object} IS ${comment === null ? "NULL" : quoteLiteral(comment)};`, kind: "comment", object, destructive: false };
}

/** The comment of a constraint added in the online part. */
export function constraintComment(table: QualifiedName, c: ConstraintDef): DiffStep[] {
  const object = `${table}.${quoteIdent(c.name)}`;
  return c.comment === null ? [] : [{ sql: `COMMENT ON CONSTRAINT ${quoteIdent(c.name)} ON ${table} IS ${quoteLiteral(c.comment)};`, kind: "comment", object, destructive: false }];
}
