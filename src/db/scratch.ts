/**
 * The scratch database's lifecycle: where it is, creating it on demand, emptying it between uses,
 * and dropping it. Autogenerate, check and watch apply revisions or schema files here.
 */
import type { DatabaseUrl } from "../config/database-url.ts";
import { separateMemoryDatabase, withDatabase } from "../config/database-url.ts";
import { assertScratchIsSeparate, defaultScratchUrl } from "../config/scratch-url.ts";
import { queryRow, withConnection, type ConnectOptions, type Sql } from "./connect.ts";
import { ConnectionError, ServerError } from "./errors.ts";
import { NoCreatedbPrivilegeError, NoScratchUrlError, ScratchResetPrivilegeError } from "./errors-scratch.ts";
import { quoteIdent } from "../core/sql-quote.ts";
import { databaseLevelReset } from "./database-level-reset.ts";

/** Databases to run CREATE/DROP DATABASE from, in order: `postgres` may have been dropped, `template1` always exists. */
const MAINTENANCE_DATABASES: readonly string[] = ["postgres", "template1"];

/** Resolves the scratch URL: the configured one, else `<database>_scratch` beside DATABASE_URL; never DATABASE_URL itself. */
export function scratchUrlFor(config: { readonly databaseUrl: DatabaseUrl | undefined; readonly scratchUrl: DatabaseUrl | undefined }): DatabaseUrl {
  const { databaseUrl, scratchUrl } = config;
  if (scratchUrl !== undefined) {
    // Two pglite:memory URLs are two databases: the scratch one gets its own.
    if (scratchUrl.embedded && scratchUrl.embedded.dataDir === undefined) return separateMemoryDatabase(scratchUrl, "scratch");
    if (databaseUrl !== undefined) assertScratchIsSeparate(scratchUrl, databaseUrl);
    return scratchUrl;
  }
  if (databaseUrl === undefined) throw new NoScratchUrlError();
  return defaultScratchUrl(databaseUrl);
}

/** Creates the scratch database unless it exists; safe to call from several processes at once. */
export async function ensureScratchDatabase(url: DatabaseUrl, opts: ConnectOptions): Promise<void> {
  // Connecting to the database itself first means a role without CREATEDB (or without access to
  // the maintenance databases) can still use a scratch database someone created for it.
  if (await databaseExists(url, opts)) return;
  await withMaintenanceConnection(url, opts, async (sql) => {
    const { role } = await queryRow<{ role: string }>(sql, "select current_user as role");
    try {
      await sql.unsafe(`create database ${quoteIdent(url.database)}`);
    } catch (err) {
      const sqlstate = sqlstateOf(err);
      // 42P04: another process created it first. 23505: the same race caught later, by the unique
      // index on pg_database.datname (createdb's own name check is not atomic).
      if (sqlstate === "42P04" || sqlstate === "23505") return;
      if (sqlstate === "42501") throw new NoCreatedbPrivilegeError(role, url.database, `${url.redacted} (${url.source})`, { cause: err });
      throw err;
    }
  });
}

/**
 * Empties the scratch database: drops every event trigger, extension but plpgsql and non-system
 * schema, and global default privileges, then recreates `public` owned by the connecting role with
 * the server's default privileges. One transaction, so a failure leaves the database as it was.
 */
export async function resetScratchDatabase(url: DatabaseUrl, opts: ConnectOptions): Promise<void> {
  await withConnection(url, opts, async (sql) => {
    const state = await queryRow<{ role: string; superuser: boolean; version: number; databaseOwner: boolean | null }>(
      sql,
      `select current_user as role, (select rolsuper from pg_roles where rolname = current_user) as superuser,
         current_setting('server_version_num')::int as version,
         case when current_setting('server_version_num')::int >= 140000 then pg_has_role('pg_database_owner', 'MEMBER') end as "databaseOwner"`,
    );
    const extensions = await sql.unsafe<{ name: string; owned: boolean }[]>(
      "select extname as name, pg_has_role(extowner, 'USAGE') as owned from pg_extension where extname <> 'plpgsql' order by extname",
    );
    const schemas = await sql.unsafe<{ name: string; owned: boolean }[]>(
      "select nspname as name, pg_has_role(nspowner, 'USAGE') as owned from pg_namespace where nspname not like 'pg\\_%' and nspname <> 'information_schema' order by nspname",
    );
    const databaseLevel = await databaseLevelReset(sql);
    const notOwned = state.superuser
      ? []
      : [
          ...extensions.filter((e) => !e.owned).map((e) => `extension "${e.name}"`),
          ...schemas.filter((s) => !s.owned).map((s) => `schema "${s.name}"`),
          ...databaseLevel.notOwned,
        ];
    if (notOwned.length > 0) throw new ScratchResetPrivilegeError(state.role, url.database, notOwned);

    const statements = [
      // Event triggers first: they would fire on the drops.
      ...databaseLevel.statements,
      ...extensions.map((e) => `drop extension if exists ${quoteIdent(e.name)} cascade`),
      ...schemas.map((s) => `drop schema if exists ${quoteIdent(s.name)} cascade`),
      // Owned as CREATE DATABASE leaves it (PostgreSQL 14+), so its privileges compare equal to a
      // real database's; a role that does not own the scratch database owns the schema itself.
      state.databaseOwner ? "create schema public authorization pg_database_owner" : "create schema public",
      "comment on schema public is 'standard public schema'",
      // PostgreSQL 15 stopped granting CREATE on public to everyone; match the server's own default.
      state.version >= 150000 ? "grant usage on schema public to public" : "grant usage, create on schema public to public",
    ];
    await sql.begin(async (tx) => {
      for (const statement of statements) await tx.unsafe(statement);
    });
  });
}

/** Drops the scratch database if it exists, ending other sessions on it (PostgreSQL 13+); empties an embedded one. */
export async function dropScratchDatabase(url: DatabaseUrl, opts: ConnectOptions): Promise<void> {
  // An embedded database cannot drop itself; emptying it is what dropping would leave.
  if (url.embedded) return resetScratchDatabase(url, opts);
  await withMaintenanceConnection(url, opts, (sql) => dropDatabase(sql, url.database));
}

/** `drop database if exists <name>` from `sql`'s database, ending other sessions on it where the server can (13+). */
export async function dropDatabase(sql: Sql, name: string): Promise<void> {
  const { version } = await queryRow<{ version: number }>(sql, "select current_setting('server_version_num')::int as version");
  await sql.unsafe(`drop database if exists ${quoteIdent(name)}${version >= 130000 ? " with (force)" : ""}`);
}

/** Whether `url`'s database exists, found by connecting to it (3D000 means it does not). */
async function databaseExists(url: DatabaseUrl, opts: ConnectOptions): Promise<boolean> {
  try {
    await withConnection(url, opts, async (sql) => {
      await sql.unsafe("select 1");
    });
    return true;
  } catch (err) {
    if (err instanceof ConnectionError && err.failure === "no-database") return false;
    throw err;
  }
}

/** Runs `fn` connected to the scratch server's `postgres` database, or `template1` when that is missing. */
async function withMaintenanceConnection<T>(url: DatabaseUrl, opts: ConnectOptions, fn: (sql: Sql) => Promise<T>): Promise<T> {
  // Never the scratch database itself: DROP DATABASE cannot drop the database it runs in.
  const candidates = MAINTENANCE_DATABASES.filter((name) => name !== url.database);
  for (const [i, name] of candidates.entries()) {
    try {
      return await withConnection(withDatabase(url, name), opts, fn);
    } catch (err) {
      const last = i === candidates.length - 1;
      if (last || !(err instanceof ConnectionError && err.failure === "no-database")) throw err;
    }
  }
  throw new Error("unreachable: MAINTENANCE_DATABASES has two names");
}

/** The SQLSTATE of a postgres.js error, or of one withConnection already classified. */
function sqlstateOf(err: unknown): string | undefined {
  if (err instanceof ServerError) return err.sqlstate;
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}
