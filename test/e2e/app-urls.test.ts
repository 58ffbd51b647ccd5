/**
 * A DATABASE_URL copied from an application's .env connects: the libpq and driver parameters
 * retort can apply are applied, those that do not matter to a migration tool are accepted with a
 * warning naming them, and those whose meaning cannot be kept are refused.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { userInfo } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runRetort, tempProject } from "../support/binary.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { writeSqlRevision } from "../support/project.ts";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase("app_urls");
  await db.sql.unsafe("create schema app");
});
afterAll(() => db?.drop());

/** The test database's URL with `query` appended. */
const urlWith = (query: string) => `${db.url}${db.url.includes("?") ? "&" : "?"}${query}`;

describe("parameters of an application's DATABASE_URL", () => {
  it("applies application_name, options, target_session_attrs and the keepalives, and warns about the rest", async () => {
    const dir = tempProject("app_url");
    writeFileSync(join(dir, "retort.toml"), 'script_location = "migrations"\n');
    writeSqlRevision(dir, {
      id: "a1b2c3d4e5f6",
      message: "settings",
      upgrade: "CREATE TABLE seen AS SELECT current_setting('search_path') AS search_path, current_setting('application_name') AS app;",
      downgrade: "DROP TABLE seen;",
    });
    const query = [
      "application_name=shop-migrations",
      "options=-c%20search_path%3Dapp",
      "target_session_attrs=read-write",
      "keepalives=1",
      "keepalives_idle=30",
      "connect_timeout=5",
      "client_encoding=utf8",
      "gssencmode=prefer",
      "command_timeout=60",
      "prepared_statement_cache_size=0",
    ].join("&");
    writeFileSync(join(dir, ".env"), `DATABASE_URL=${urlWith(query).replace("postgres://", "postgresql+asyncpg://")}\n`);
    const r = await runRetort(["upgrade", "head"], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    for (const key of ["client_encoding", "gssencmode", "command_timeout", "prepared_statement_cache_size"]) {
      expect(r.stderr).toContain(`warning: DATABASE_URL in .env: ignoring the parameter ${key}: `);
    }
    expect(r.stderr).not.toContain("ignoring the parameter options");
    // `options` set the search path, so the table went into "app"; application_name named the session.
    const rows = await db.sql.unsafe("select search_path, app from app.seen");
    expect(rows).toEqual([{ search_path: "app", app: "shop-migrations" }]);
  });

  it("refuses gssencmode=require, which would have to connect without the encryption it demands (exit 2)", async () => {
    const dir = tempProject("app_url_gss");
    const r = await runRetort(["current", "--url", urlWith("gssencmode=require")], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('"gssencmode=require" cannot be honoured');
    expect(r.stderr).toContain("sslmode=require");
  });

  it("target_session_attrs that the server does not satisfy is said as such (exit 4)", async () => {
    const dir = tempProject("app_url_tsa");
    writeFileSync(join(dir, "retort.toml"), 'script_location = "migrations"\n');
    mkdirSync(join(dir, "migrations", "versions"), { recursive: true });
    const r = await runRetort(["current", "--url", urlWith("target_session_attrs=standby")], { cwd: dir });
    expect(r.code).toBe(4);
    expect(r.stderr).toContain("the server does not satisfy target_session_attrs=standby");
    expect(r.stderr).toContain("migrations need the primary");
  });

  it("a URL without a user connects as the operating system's user, as libpq does, with $USER unset as in a container", async () => {
    const osUser = userInfo().username;
    const role = await db.sql`select 1 from pg_roles where rolname = ${osUser}`;
    if (role.length === 0) await db.sql.unsafe(`create role "${osUser}" login`);
    try {
      await db.sql.unsafe(`grant all on schema public to "${osUser}"`);
      const dir = tempProject("app_url_no_user");
      writeFileSync(join(dir, "retort.toml"), 'script_location = "migrations"\n');
      writeSqlRevision(dir, { id: "b2c3d4e5f6a1", message: "who", upgrade: "CREATE TABLE who AS SELECT current_user::text AS name;", downgrade: "DROP TABLE who;" });
      const url = new URL(db.url);
      url.username = "";
      url.password = "";
      // runRetort's environment has no USER, LOGNAME or PGUSER.
      const r = await runRetort(["upgrade", "head", "--url", url.toString()], { cwd: dir });
      expect(r.code, r.stderr).toBe(0);
      expect(await db.sql.unsafe("select name from who")).toEqual([{ name: osUser }]);
    } finally {
      await db.sql.unsafe("drop table if exists who");
      await db.sql.unsafe(`revoke all on schema public from "${osUser}"`);
      if (role.length === 0) {
        await db.sql.unsafe(`drop owned by "${osUser}"`);
        await db.sql.unsafe(`drop role "${osUser}"`);
      }
    }
  });
});
