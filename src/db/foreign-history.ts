/**
 * Reads the table in which another tool records what it applied: dbmate's and golang-migrate's
 * `schema_migrations`, goose's `goose_db_version`, Flyway's `flyway_schema_history`. Each is read as
 * the tool reads it, and returned as the versions the database holds.
 */
import type { ForeignTool } from "../scripts/foreign-migration.ts";
import { normaliseFlywayVersion } from "../scripts/import-flyway.ts";
import type { Sql } from "./connect.ts";
import { ForeignDirtyDatabaseError, ForeignTableMissingError } from "./errors-import.ts";

/** What the tool's table says the database holds. */
export type ForeignTableState =
  /** Every applied version is listed (dbmate, goose, Flyway). */
  | { readonly kind: "versions"; readonly table: string; readonly versions: readonly string[]; readonly baseline?: string }
  /** Only the newest version is kept: every version up to it is applied (golang-migrate); null when none. */
  | { readonly kind: "latest"; readonly table: string; readonly version: string | null };

/** The tool's table and the columns it must have. */
const TABLES: Record<ForeignTool, { readonly table: string; readonly columns: readonly string[] }> = {
  dbmate: { table: "schema_migrations", columns: ["version"] },
  "golang-migrate": { table: "schema_migrations", columns: ["version", "dirty"] },
  goose: { table: "goose_db_version", columns: ["id", "version_id", "is_applied"] },
  flyway: { table: "flyway_schema_history", columns: ["installed_rank", "version", "type", "success"] },
};

/** The name of the table `tool` keeps its history in. */
export function foreignTableName(tool: ForeignTool): string {
  return TABLES[tool].table;
}

/** Reads `tool`'s table; refuses a missing table or one that records a failed migration. */
export async function readForeignTable(sql: Sql, tool: ForeignTool): Promise<ForeignTableState> {
  const { table, columns } = TABLES[tool];
  const found = await sql.unsafe<{ attname: string }[]>(
    "select attname from pg_attribute where attrelid = to_regclass($1) and attnum > 0 and not attisdropped",
    [table],
  );
  if (found.length === 0) throw new ForeignTableMissingError(tool, table, `there is no table "${table}"`);
  const missing = columns.filter((c) => !found.some((f) => f.attname === c));
  if (missing.length > 0) {
    throw new ForeignTableMissingError(tool, table, `table "${table}" has no column ${missing.map((c) => `"${c}"`).join(", ")}, so ${tool} did not make it`);
  }
  switch (tool) {
    case "dbmate": {
      const rows = await sql.unsafe<{ version: string }[]>("select version::text as version from schema_migrations");
      return { kind: "versions", table, versions: rows.map((r) => r.version) };
    }
    case "golang-migrate": {
      const rows = await sql.unsafe<{ version: string; dirty: boolean }[]>("select version::text as version, dirty from schema_migrations");
      const row = rows[0];
      if (row?.dirty) throw new ForeignDirtyDatabaseError(tool, row.version);
      // golang-migrate writes -1 (NilVersion) when every migration was undone.
      return { kind: "latest", table, version: row === undefined || BigInt(row.version) < 0n ? null : BigInt(row.version).toString() };
    }
    case "goose":
      return { kind: "versions", table, versions: await gooseApplied(sql) };
    case "flyway":
      return flywayApplied(sql, table);
  }
}

/**
 * goose's rule (`EnsureDBVersion`): the newest row of each version decides whether it is applied;
 * version 0 is the row goose inserts when it creates the table.
 */
async function gooseApplied(sql: Sql): Promise<string[]> {
  const rows = await sql.unsafe<{ version: string; applied: boolean }[]>("select version_id::text as version, is_applied as applied from goose_db_version order by id desc");
  const decided = new Map<string, boolean>();
  for (const r of rows) if (!decided.has(r.version)) decided.set(r.version, r.applied);
  return [...decided].filter(([v, applied]) => applied && v !== "0").map(([v]) => BigInt(v).toString());
}

/**
 * Flyway's successful versioned rows, normalised as its files' versions are; a BASELINE row says
 * that every version up to it counts as applied. Repeatable rows (no version) and the schema
 * creation marker are not versions.
 */
async function flywayApplied(sql: Sql, table: string): Promise<ForeignTableState> {
  const rows = await sql.unsafe<{ version: string | null; type: string; success: boolean }[]>(
    "select version, type, success from flyway_schema_history order by installed_rank",
  );
  const versions: string[] = [];
  let baseline: string | undefined;
  for (const r of rows) {
    if (r.version === null || r.type === "SCHEMA") continue;
    if (!r.success) throw new ForeignDirtyDatabaseError("flyway", r.version);
    const v = normaliseFlywayVersion(r.version) ?? r.version;
    if (r.type === "BASELINE") baseline = v;
    else if (r.type.startsWith("UNDO_")) {
      const i = versions.lastIndexOf(v);
      if (i >= 0) versions.splice(i, 1);
    } else versions.push(v);
  }
  return baseline === undefined ? { kind: "versions", table, versions } : { kind: "versions", table, versions, baseline };
}
