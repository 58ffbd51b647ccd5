/**
 * `dump --from <url>` and `diff` between two database URLs only read: they create no database
 * (no `<database>_scratch`), and what they print is what a scratch-built comparison prints.
 */
import { spawnSync } from "node:child_process";
import postgres from "postgres";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { diff, dump } from "../src/index.ts";
import { tempProject } from "./support/binary.ts";
import { adminUrl, createTestDatabase, type TestDatabase } from "./support/database.ts";

let live: TestDatabase;
let other: TestDatabase;
let admin: postgres.Sql;
let dir: string;

beforeAll(async () => {
  [live, other] = await Promise.all([createTestDatabase("readonly_live"), createTestDatabase("readonly_other")]);
  admin = postgres(adminUrl(), { max: 1, onnotice: () => {} });
  dir = tempProject("readonly");
  writeFileSync(join(dir, "schema.sql"), "");
  await live.sql.unsafe(`
    CREATE TYPE mood AS ENUM ('sad', 'happy');
    CREATE TABLE people (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name varchar(80) NOT NULL, mood mood);
    CREATE FUNCTION people_count() RETURNS bigint LANGUAGE sql AS 'select count(*) from public.people';
    COMMENT ON SCHEMA public IS 'the app';
    GRANT CREATE ON SCHEMA public TO PUBLIC;`);
  await other.sql.unsafe("CREATE TABLE people (id int PRIMARY KEY);");
});

afterAll(async () => {
  for (const name of [`${live.name}_scratch`, `${other.name}_scratch`]) await admin?.unsafe(`drop database if exists "${name}" with (force)`);
  await admin?.end({ timeout: 1 });
  await Promise.all([live?.drop(), other?.drop()]);
});

/** The databases on the server named after this file's two (others come and go with other test files). */
async function databases(): Promise<string[]> {
  const rows = await admin<{ datname: string }[]>`select datname from pg_database order by datname`;
  return rows.map((r) => r.datname).filter((n) => n.startsWith(live.name) || n.startsWith(other.name));
}

describe("read-only schema sources", () => {
  it("dump --from <url> creates no database, and its script rebuilds the schema in an empty one", async () => {
    const before = await databases();
    const r = await dump({ cwd: dir, url: live.url, from: live.url });
    expect(await databases()).toEqual(before);
    expect(before).toEqual([live.name, other.name].sort());
    expect(r.sql).toContain('CREATE TABLE "public"."people"');
    expect(r.sql).toContain("COMMENT ON SCHEMA");
    // Applied to an empty database, the dump gives back the same schema: nothing to diff.
    await other.sql.unsafe("DROP TABLE people;");
    const applied = spawnSync("/usr/lib/postgresql/15/bin/psql", ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", other.url], { input: r.sql, encoding: "utf8" });
    expect({ status: applied.status, stderr: applied.stderr }).toEqual({ status: 0, stderr: "" });
    expect((await diff({ cwd: dir, url: live.url, from: live.url, to: other.url })).steps).toEqual([]);
    await other.sql.unsafe(`DROP SCHEMA public CASCADE; CREATE SCHEMA public AUTHORIZATION pg_database_owner; COMMENT ON SCHEMA public IS 'standard public schema'; GRANT USAGE ON SCHEMA public TO PUBLIC; CREATE TABLE people (id int PRIMARY KEY);`);
  });

  it("diff between two URLs creates no database", async () => {
    const before = await databases();
    const r = await diff({ cwd: dir, url: live.url, from: other.url, to: live.url });
    expect(await databases()).toEqual(before);
    expect(before).toEqual([live.name, other.name].sort());
    expect(r.sql).toContain('ADD COLUMN "name" character varying(80)');
  });
});
