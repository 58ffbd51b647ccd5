/**
 * The version table, compatible with Alembic's `alembic_version`: one row per applied head.
 * Every change checks how many rows it touched, so a concurrent writer cannot go unnoticed.
 */
import type { VersionChange } from "../core/plan.ts";
import { quoteIdent, quoteLiteral as lit } from "../core/sql-quote.ts";
import type { Sql, TransactionSql } from "./connect.ts";
import { VersionTableError } from "./errors.ts";

export interface VersionTableName {
  readonly table: string;
  readonly schema: string | undefined;
  /** The history table's name, in the same schema (default `retort_history`). */
  readonly history?: string;
}

type Queryable = Sql | TransactionSql;


/** The schema-qualified, quoted table name. */
export function qualifiedName(t: VersionTableName, table = t.table): string {
  return t.schema ? `${quoteIdent(t.schema)}.${quoteIdent(table)}` : quoteIdent(table);
}

/** The DDL for the version table, exactly as Alembic creates it. */
export function versionTableDdl(t: VersionTableName): string {
  return `CREATE TABLE IF NOT EXISTS ${qualifiedName(t)} (version_num varchar(32) NOT NULL, CONSTRAINT ${quoteIdent(`${t.table}_pkc`)} PRIMARY KEY (version_num))`;
}

/** 42P01 undefined_table: the table has not been created yet. */
export function isUndefinedTable(err: unknown): boolean {
  return (err as { code?: unknown })?.code === "42P01";
}

/**
 * Reads the applied heads; a missing table means nothing is applied. One round trip: the query
 * just fails when the table is missing, so it must not run inside a transaction (hence `Sql`).
 */
export async function readHeads(sql: Sql, t: VersionTableName): Promise<string[]> {
  try {
    const rows = await sql.unsafe<{ version_num: string }[]>(`select version_num from ${qualifiedName(t)} order by version_num`);
    return rows.map((r) => r.version_num);
  } catch (err) {
    if (isUndefinedTable(err)) return [];
    throw err;
  }
}

/** Whether two sets of version-table rows are the same revisions, in whatever order. */
export function sameRows(a: readonly string[], b: readonly string[]): boolean {
  const sorted = [...b].sort();
  return a.length === b.length && [...a].sort().every((x, i) => x === sorted[i]);
}

/** The statements creating the version table (and its schema) when missing. */
export function versionTableSetup(t: VersionTableName): string[] {
  return [...(t.schema ? [`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(t.schema)}`] : []), versionTableDdl(t)];
}

/** The SQL text of one version-table change, for online use and for offline scripts. */
export function versionChangeSql(t: VersionTableName, change: VersionChange): string {
  switch (change.op) {
    case "insert":
      return `INSERT INTO ${qualifiedName(t)} (version_num) VALUES (${lit(change.revision)})`;
    case "update":
      return `UPDATE ${qualifiedName(t)} SET version_num = ${lit(change.to)} WHERE version_num = ${lit(change.from)}`;
    case "delete":
      return `DELETE FROM ${qualifiedName(t)} WHERE version_num = ${lit(change.revision)}`;
  }
}

/**
 * Applies one version-table change, which must touch exactly one row. Not awaiting the previous
 * change before issuing the next pipelines them; the driver keeps their order.
 */
export function applyVersionChange(sql: Queryable, t: VersionTableName, change: VersionChange): Promise<void> {
  // `.then` right away, not `await`: awaiting a driver query (a Promise subclass) sends it a
  // microtask later, which would reorder it behind queries issued after it.
  return sql.unsafe(versionChangeSql(t, change)).then((result) => {
    if (result.count !== 1) {
      const what = change.op === "update" ? `update "${change.from}" to "${change.to}"` : `${change.op} "${change.revision}"`;
      throw new VersionTableError(qualifiedName(t), what, result.count);
    }
  });
}
