/** Connecting to the configured database from a command. */
import type { DatabaseUrl } from "../config/database-url.ts";
import { withConnection, type Sql } from "../db/connect.ts";
import type { VersionTableName } from "../db/version-table.ts";
import type { Context } from "./context.ts";
import { NoDatabaseUrlError } from "./errors.ts";

/** The configured database URL, or a clear error saying how to set one. */
export function requireDatabaseUrl(ctx: Context): DatabaseUrl {
  const url = ctx.config.databaseUrl;
  if (!url) throw new NoDatabaseUrlError();
  return url;
}

/** The configured version table. */
export function versionTableOf(ctx: Context): VersionTableName {
  return { table: ctx.config.versionTable, schema: ctx.config.versionTableSchema };
}

/** Runs `fn` with a connection to DATABASE_URL, closing it afterwards. */
export function withDatabase<T>(ctx: Context, fn: (sql: Sql) => Promise<T>): Promise<T> {
  return withConnection(
    requireDatabaseUrl(ctx),
    { applicationName: ctx.applicationName, onNotice: (m) => ctx.report({ kind: "info", message: `NOTICE: ${m}` }) },
    fn,
  );
}
