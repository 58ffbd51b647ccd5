/** The scratch database against a real server: deriving, creating, emptying and dropping it. */
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatUrl, parseDatabaseUrl, withDatabase, type DatabaseUrl } from "../src/config/database-url.ts";
import { ScratchIsDatabaseError } from "../src/config/errors.ts";
import { ExitCode } from "../src/core/errors.ts";
import { dropScratchDatabase, ensureScratchDatabase, resetScratchDatabase, scratchUrlFor } from "../src/db/scratch.ts";
import { emptyDatabaseModel } from "../src/db/empty-database.ts";
import { introspect } from "../src/db/introspect.ts";
import { NoCreatedbPrivilegeError, NoScratchUrlError, ScratchResetPrivilegeError } from "../src/db/errors-scratch.ts";
import { adminUrl, createTestDatabase, type TestDatabase } from "./support/database.ts";

const opts = { applicationName: "retort-test-scratch", onNotice: () => {} };
const suffix = () => `${process.pid}_${Math.floor(Math.random() * 1e6)}`;

let base: TestDatabase;
let admin: postgres.Sql;
let adminParsed: DatabaseUrl;
/** Databases and roles this file made, removed in afterAll. */
const databases = new Set<string>();
const roles = new Set<string>();

function fresh(label: string): DatabaseUrl {
  const name = `retort_scratch_${label}_${suffix()}`;
  databases.add(name);
  return withDatabase(adminParsed, name);
}

async function exists(name: string): Promise<boolean> {
  const rows = await admin`select 1 from pg_database where datname = ${name}`;
  return rows.length === 1;
}

beforeAll(async () => {
  base = await createTestDatabase("scratch");
  admin = postgres(adminUrl(), { max: 2, onnotice: () => {} });
  adminParsed = parseDatabaseUrl(adminUrl(), "the test server");
});

afterAll(async () => {
  for (const name of databases) await admin.unsafe(`drop database if exists "${name.replaceAll('"', '""')}" with (force)`);
  for (const role of roles) await admin.unsafe(`drop role if exists "${role}"`);
  await admin.end({ timeout: 1 });
  await base?.drop();
});

describe("scratchUrlFor", () => {
  it("derives <database>_scratch beside DATABASE_URL", () => {
    const databaseUrl = parseDatabaseUrl(base.url, "DATABASE_URL");
    const url = scratchUrlFor({ databaseUrl, scratchUrl: undefined });
    expect(url.database).toBe(`${base.name}_scratch`);
    expect(url).toMatchObject({ host: databaseUrl.host, port: databaseUrl.port, user: databaseUrl.user });
  });

  it("prefers the configured scratch URL", () => {
    const databaseUrl = parseDatabaseUrl(base.url, "DATABASE_URL");
    const scratchUrl = withDatabase(databaseUrl, "elsewhere");
    expect(scratchUrlFor({ databaseUrl, scratchUrl })).toBe(scratchUrl);
    expect(scratchUrlFor({ databaseUrl: undefined, scratchUrl })).toBe(scratchUrl);
  });

  it("refuses a scratch URL equal to the database URL", () => {
    const databaseUrl = parseDatabaseUrl(base.url, "DATABASE_URL");
    const scratchUrl = parseDatabaseUrl(base.url, "SCRATCH_DATABASE_URL");
    const run = () => scratchUrlFor({ databaseUrl, scratchUrl });
    expect(run).toThrow(ScratchIsDatabaseError);
    expect(run).toThrow(/SCRATCH_DATABASE_URL is the database from DATABASE_URL/);
  });

  it("fails with a usage error when neither URL is set", () => {
    const run = () => scratchUrlFor({ databaseUrl: undefined, scratchUrl: undefined });
    expect(run).toThrow(NoScratchUrlError);
    try {
      run();
    } catch (err) {
      expect((err as NoScratchUrlError).exitCode).toBe(ExitCode.usage);
      expect((err as NoScratchUrlError).hint).toMatch(/SCRATCH_DATABASE_URL.*scratch_url.*DATABASE_URL/);
    }
  });
});

describe("ensureScratchDatabase", () => {
  it("creates the derived <database>_scratch when missing, and a second call is a no-op", async () => {
    const url = scratchUrlFor({ databaseUrl: parseDatabaseUrl(base.url, "DATABASE_URL"), scratchUrl: undefined });
    databases.add(url.database);
    expect(await exists(url.database)).toBe(false);
    await ensureScratchDatabase(url, opts);
    const [first] = await admin`select oid from pg_database where datname = ${url.database}`;
    expect(first).toBeDefined();
    await ensureScratchDatabase(url, opts);
    const [second] = await admin`select oid from pg_database where datname = ${url.database}`;
    expect(second?.oid).toBe(first?.oid);
  });

  it("quotes database names with quotes, spaces and capitals", async () => {
    const url = withDatabase(adminParsed, `Retort "odd"; name ${suffix()}`);
    databases.add(url.database);
    await ensureScratchDatabase(url, opts);
    expect(await exists(url.database)).toBe(true);
    await resetScratchDatabase(url, opts);
    await dropScratchDatabase(url, opts);
    expect(await exists(url.database)).toBe(false);
  });

  it("succeeds for two concurrent calls on a fresh name", async () => {
    const url = fresh("concurrent");
    await Promise.all([ensureScratchDatabase(url, opts), ensureScratchDatabase(url, opts), ensureScratchDatabase(url, opts)]);
    expect(await exists(url.database)).toBe(true);
  });

  it("fails with NoCreatedbPrivilegeError naming the role when it lacks CREATEDB", async () => {
    const role = `retort_nocreatedb_${suffix()}`;
    const password = `pw-${suffix()}-secret`;
    roles.add(role);
    await admin.unsafe(`create role "${role}" login nocreatedb password '${password}'`);
    const as = new URL(adminUrl());
    as.username = role;
    as.password = password;
    as.pathname = `/retort_scratch_nocreatedb_${suffix()}`;
    const url = parseDatabaseUrl(as.toString(), "SCRATCH_DATABASE_URL");
    databases.add(url.database);

    const err = await ensureScratchDatabase(url, opts).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(NoCreatedbPrivilegeError);
    const e = err as NoCreatedbPrivilegeError;
    expect(e.exitCode).toBe(ExitCode.database);
    expect(e.code).toBe("no-createdb-privilege");
    expect(e).toMatchObject({ role, database: url.database });
    expect(e.message).toBe(`Role "${role}" may not create the scratch database "${url.database}" for ${url.redacted} (SCRATCH_DATABASE_URL)`);
    expect(e.hint).toMatch(/scratch_url in retort\.toml or SCRATCH_DATABASE_URL/);
    expect(`${e.message}\n${e.hint}`).not.toContain(password);
    expect(await exists(url.database)).toBe(false);
  });
});

describe("resetScratchDatabase", () => {
  it("removes tables, types, functions, extensions, schemas, event triggers and global default privileges, leaving an empty usable public", async () => {
    const url = fresh("reset");
    await ensureScratchDatabase(url, opts);
    const sql = postgres(withDatabaseUrl(url.database), { max: 1, onnotice: () => {} });
    try {
      const [available] = await sql`select count(*)::int as n from pg_available_extensions where name = 'pgcrypto'`;
      const hasPgcrypto = available?.n === 1;
      await sql.unsafe(`
        create table public.t (id int primary key);
        create type public.mood as enum ('ok', 'not ok');
        create function public.f() returns int language sql as 'select 1';
        create sequence public.s;
        create view public.v as select 1 as one;
        create schema other;
        create table other.u (id int);
        create schema "Odd ""schema""";
        create table "Odd ""schema""".w (id int);
        create function public.no_drops() returns event_trigger language plpgsql as 'begin raise exception ''no drops''; end';
        create event trigger "retort reset ${url.database}" on sql_drop execute function public.no_drops();
        alter default privileges grant select on tables to pg_monitor;
        alter default privileges revoke execute on functions from public;
      `);
      if (hasPgcrypto) await sql.unsafe("create extension if not exists pgcrypto");
      await sql.end();

      await resetScratchDatabase(url, opts);

      const after = postgres(withDatabaseUrl(url.database), { max: 1, onnotice: () => {} });
      try {
        const schemas = await after`select nspname from pg_namespace where nspname not like 'pg\\_%' and nspname <> 'information_schema' order by 1`;
        expect(schemas.map((r) => r.nspname)).toEqual(["public"]);
        const extensions = await after`select extname from pg_extension order by 1`;
        expect(extensions.map((r) => r.extname)).toEqual(["plpgsql"]);
        const [counts] = await after`
          select (select count(*)::int from pg_class where relnamespace = 'public'::regnamespace) as classes,
                 (select count(*)::int from pg_type where typnamespace = 'public'::regnamespace) as types,
                 (select count(*)::int from pg_proc where pronamespace = 'public'::regnamespace) as procs`;
        expect(counts).toEqual({ classes: 0, types: 0, procs: 0 });
        // They belong to the database, not to a schema; they are in the schema model all the same.
        const [left] = await after`select (select count(*)::int from pg_event_trigger) as triggers, (select count(*)::int from pg_default_acl) as defaults`;
        expect(left).toEqual({ triggers: 0, defaults: 0 });
        const [pub] = await after`
          select pg_get_userbyid(nspowner) as owner, current_user as me, current_setting('server_version_num')::int as version, nspacl::text[] as acl,
                 has_schema_privilege('public', 'public', 'usage') as public_usage,
                 obj_description('public'::regnamespace, 'pg_namespace') as comment
          from pg_namespace where nspname = 'public'`;
        expect(pub).toMatchObject({ public_usage: true, comment: "standard public schema" });
        // As CREATE DATABASE leaves it (PostgreSQL 14+), so the schema compares equal to a real database's.
        if (pub!.version >= 140000) {
          expect(pub?.owner).toBe("pg_database_owner");
          expect(pub?.acl).toEqual(pub!.version >= 150000 ? ["pg_database_owner=UC/pg_database_owner", "=U/pg_database_owner"] : ["pg_database_owner=UC/pg_database_owner", "=UC/pg_database_owner"]);
        } else {
          expect(pub?.owner).toBe(pub?.me);
        }
        await after`create table t (id int)`;
        await after`insert into t values (1)`;
        const [row] = await after`select count(*)::int as n from t`;
        expect(row?.n).toBe(1);
      } finally {
        await after.end({ timeout: 1 });
      }
    } finally {
      await sql.end({ timeout: 1 });
    }
  });
});

/** What `emptyDatabaseModel` says an empty database on `url`'s server holds, and what the emptied `url` holds. */
async function describedAndEmptied(url: DatabaseUrl): Promise<[unknown, unknown]> {
  await resetScratchDatabase(url, opts);
  const sql = postgres(formatAs(url), { max: 1, onnotice: () => {} });
  try {
    return [await emptyDatabaseModel(sql), await introspect(sql)];
  } finally {
    await sql.end({ timeout: 1 });
  }
}

describe("emptyDatabaseModel", () => {
  it("describes what an emptied scratch database holds, without creating one", async () => {
    const url = fresh("described");
    await ensureScratchDatabase(url, opts);
    const [described, emptied] = await describedAndEmptied(url);
    expect(described).toEqual(emptied);
  });
});

describe("resetScratchDatabase as an ordinary role", () => {
  let role: string;
  let url: DatabaseUrl;

  beforeAll(async () => {
    role = `retort_createdb_${suffix()}`;
    roles.add(role);
    await admin.unsafe(`create role "${role}" login createdb password 'pw'`);
    const as = new URL(adminUrl());
    as.username = role;
    as.password = "pw";
    as.pathname = `/retort_scratch_owned_${suffix()}`;
    url = parseDatabaseUrl(as.toString(), "SCRATCH_DATABASE_URL");
    databases.add(url.database);
    await ensureScratchDatabase(url, opts);
  });

  it("empties a scratch database the role created", async () => {
    const sql = postgres(formatAs(url), { max: 1, onnotice: () => {} });
    try {
      await sql.unsafe("create table public.t (id int); create schema mine; create table mine.u (id int)");
    } finally {
      await sql.end({ timeout: 1 });
    }
    await resetScratchDatabase(url, opts);
    const after = postgres(formatAs(url), { max: 1, onnotice: () => {} });
    try {
      const schemas = await after`select nspname from pg_namespace where nspname not like 'pg\\_%' and nspname <> 'information_schema' order by 1`;
      expect(schemas.map((r) => r.nspname)).toEqual(["public"]);
      await after`create table t (id int)`;
    } finally {
      await after.end({ timeout: 1 });
    }
  });

  it("is what emptyDatabaseModel describes for the role (public owned by pg_database_owner as the database's owner)", async () => {
    const [described, emptied] = await describedAndEmptied(url);
    expect(described).toEqual(emptied);
  });

  it("names the schemas it does not own instead of half-emptying the database", async () => {
    const asAdmin = postgres(withDatabaseUrl(url.database), { max: 1, onnotice: () => {} });
    try {
      await asAdmin.unsafe("create schema not_mine; create table public.kept (id int)");
    } finally {
      await asAdmin.end({ timeout: 1 });
    }
    const err = await resetScratchDatabase(url, opts).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(ScratchResetPrivilegeError);
    const e = err as ScratchResetPrivilegeError;
    expect(e.exitCode).toBe(ExitCode.database);
    expect(e.objects).toEqual(['schema "not_mine"']);
    expect(e.message).toBe(`Role "${role}" cannot empty the scratch database "${url.database}": it does not own schema "not_mine"`);
    const check = postgres(withDatabaseUrl(url.database), { max: 1, onnotice: () => {} });
    try {
      const [kept] = await check`select to_regclass('public.kept') is not null as kept`;
      expect(kept?.kept).toBe(true);
    } finally {
      await check.end({ timeout: 1 });
    }
  });
});

/** A role's URL with its password, for postgres.js. */
function formatAs(url: DatabaseUrl): string {
  return formatUrl(url, { password: true });
}

describe("dropScratchDatabase", () => {
  it("drops the database even with a session open on it, and is a no-op when it is gone", async () => {
    const url = fresh("drop");
    await ensureScratchDatabase(url, opts);
    const open = postgres(withDatabaseUrl(url.database), { max: 1, onnotice: () => {} });
    await open`select 1`;
    await dropScratchDatabase(url, opts);
    expect(await exists(url.database)).toBe(false);
    await dropScratchDatabase(url, opts);
    await open.end({ timeout: 0 }).catch(() => undefined);
  });
});

/** The admin URL with another database, as a string for postgres.js. */
function withDatabaseUrl(database: string): string {
  const u = new URL(adminUrl());
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
}
