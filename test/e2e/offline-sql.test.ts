/** `--sql` scripts piped into psql give the same database as running online. */
import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runRetort, tempProject } from "../support/binary.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { writeEnv, writeSqlRevision } from "../support/project.ts";
import { describeSchema } from "../support/schema.ts";
import { writeFileSync } from "node:fs";
import { join } from "node:path";

let online: TestDatabase;
let offline: TestDatabase;
let dir: string;

const id = (i: number): string => `0ff1e0${String(i).padStart(6, "0")}`;

function psql(url: string, script: string): { code: number; stderr: string } {
  const r = spawnSync("psql", ["-X", "-q", "-v", "ON_ERROR_STOP=1", url], { input: script, encoding: "utf8" });
  return { code: r.status ?? -1, stderr: r.stderr };
}

async function versions(db: TestDatabase): Promise<string[]> {
  const rows = await db.sql<{ v: string }[]>`select version_num as v from alembic_version order by 1`;
  return rows.map((r) => r.v);
}

beforeAll(async () => {
  online = await createTestDatabase("sql_online");
  offline = await createTestDatabase("sql_offline");
  dir = tempProject("offline");
  writeEnv(dir, online.url);
  writeSqlRevision(dir, { id: id(1), message: "users", upgrade: "CREATE TABLE users (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, email text NOT NULL UNIQUE);", downgrade: "DROP TABLE users;" });
  writeSqlRevision(dir, {
    id: id(2),
    down: id(1),
    message: "mood and a function",
    upgrade: "CREATE TYPE mood AS ENUM ('ok', 'meh');\nCREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n  NEW.email := lower(NEW.email); -- a comment; with a semicolon\n  RETURN NEW;\nEND;\n$$;\nCREATE TRIGGER users_touch BEFORE INSERT ON users FOR EACH ROW EXECUTE FUNCTION touch();",
    downgrade: "DROP TRIGGER users_touch ON users;\nDROP FUNCTION touch();\nDROP TYPE mood;",
  });
  writeFileSync(
    join(dir, "migrations", "versions", `${id(3)}_concurrently.sql`),
    `-- index concurrently\n--\n-- revision: ${id(3)}\n-- down_revision: ${id(2)}\n-- transaction: false\n\n-- migrate:upgrade\nCREATE INDEX CONCURRENTLY users_email_lower ON users (lower(email));\nALTER TYPE mood ADD VALUE 'great';\n\n-- migrate:downgrade\nDROP INDEX CONCURRENTLY users_email_lower;\n`,
  );
  writeSqlRevision(dir, { id: id(4), down: id(3), message: "posts", upgrade: "CREATE TABLE posts (id int PRIMARY KEY, author bigint REFERENCES users (id), m mood DEFAULT 'great');", downgrade: "DROP TABLE posts;" });
});

afterAll(async () => {
  await online.drop();
  await offline.drop();
});

describe("offline scripts", () => {
  it("upgrade base:head --sql piped into psql equals an online upgrade head", async () => {
    const script = await runRetort(["upgrade", "base:head", "--sql"], { cwd: dir });
    expect(script.code, script.stderr).toBe(0);
    expect(script.stdout).toMatch(/^BEGIN;$/m);
    expect(script.stdout).toMatch(/^COMMIT;$/m);
    expect(script.stdout).toContain('CREATE TABLE IF NOT EXISTS "alembic_version"');
    expect(script.stdout).toContain('INSERT INTO "retort_history"');
    const applied = psql(offline.url, script.stdout);
    expect(applied.code, applied.stderr).toBe(0);
    const r = await runRetort(["upgrade", "head"], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(await describeSchema(offline.sql)).toEqual(await describeSchema(online.sql));
    expect(await versions(offline)).toEqual([id(4)]);
    expect(await versions(online)).toEqual([id(4)]);
    const history = await offline.sql`select revision from retort_history where direction = 'upgrade' order by id`;
    expect(history.map((h) => h.revision)).toEqual([id(1), id(2), id(3), id(4)]);
  });

  it("a revision after a transaction: false one runs in a transaction again, as it does online", async () => {
    const script = await runRetort(["upgrade", "base:head", "--sql"], { cwd: dir });
    expect(script.code, script.stderr).toBe(0);
    const lines = script.stdout.split("\n");
    const posts = lines.indexOf(`-- Running upgrade ${id(3)} -> ${id(4)}, posts`);
    expect(posts).toBeGreaterThan(0);
    const control = lines.slice(0, posts).filter((l) => l === "BEGIN;" || l === "COMMIT;");
    expect(control.at(-1)).toBe("BEGIN;");
    expect(lines.slice(posts).filter((l) => l === "COMMIT;")).toHaveLength(1);
  });

  it("the offline database is a database retort can continue from", async () => {
    const r = await runRetort(["current", "--url", offline.url], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(`${id(4)} (head)\n`);
  });

  it("downgrade head:base --sql piped into psql equals an online downgrade base", async () => {
    const script = await runRetort(["downgrade", "head:base", "--sql"], { cwd: dir });
    expect(script.code, script.stderr).toBe(0);
    const applied = psql(offline.url, script.stdout);
    expect(applied.code, applied.stderr).toBe(0);
    const r = await runRetort(["downgrade", "base"], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(await describeSchema(offline.sql)).toEqual(await describeSchema(online.sql));
    expect(await versions(offline)).toEqual([]);
  });

  it("downgrade --sql without a range is a usage error", async () => {
    const r = await runRetort(["downgrade", "base", "--sql"], { cwd: dir });
    expect(r.code).toBe(2);
  });

  it("a TypeScript revision in the range is a clear error naming it", async () => {
    const tsDir = tempProject("offline_ts");
    writeSqlRevision(tsDir, { id: id(1), message: "users", upgrade: "CREATE TABLE users (id int);", downgrade: "DROP TABLE users;" });
    writeFileSync(join(tsDir, "migrations", "versions", `${id(2)}_backfill.ts`), `export const revision = "${id(2)}";\nexport const down_revision = "${id(1)}";\nexport async function upgrade() {}\n`);
    const r = await runRetort(["upgrade", "base:head", "--sql"], { cwd: tsDir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`Cannot render revision "${id(2)}" as SQL`);
    expect(r.stderr).toContain(`${id(2)}_backfill.ts is a TypeScript revision`);
    const only = await runRetort(["upgrade", `base:${id(1)}`, "--sql"], { cwd: tsDir });
    expect(only.code, only.stderr).toBe(0);
  });

  it("with version_table_schema the script creates the schema, and the database continues online", async () => {
    const env = { RETORT_VERSION_TABLE_SCHEMA: "meta" };
    const script = await runRetort(["upgrade", `base:${id(2)}`, "--sql"], { cwd: dir, env });
    expect(script.code, script.stderr).toBe(0);
    expect(script.stdout).toContain('CREATE SCHEMA IF NOT EXISTS "meta";');
    const target = await createTestDatabase("sql_schema");
    try {
      const applied = psql(target.url, script.stdout);
      expect(applied.code, applied.stderr).toBe(0);
      const rows = await target.sql<{ v: string }[]>`select version_num as v from meta.alembic_version`;
      expect(rows.map((r) => r.v)).toEqual([id(2)]);
      const rest = await runRetort(["--url", target.url, "upgrade", "head"], { cwd: dir, env });
      expect(rest.code, rest.stderr).toBe(0);
      const after = await target.sql<{ v: string }[]>`select version_num as v from meta.alembic_version`;
      expect(after.map((r) => r.v)).toEqual([id(4)]);
      const history = await target.sql<{ n: number }[]>`select count(*)::int as n from meta.retort_history where direction = 'upgrade'`;
      expect(history[0]!.n).toBe(4);
    } finally {
      await target.drop();
    }
  });

  it("stamp --sql prints the version-table change", async () => {
    const r = await runRetort(["stamp", id(2), "--sql"], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`INSERT INTO "alembic_version" (version_num) VALUES ('${id(2)}');`);
    expect(r.stdout).toContain("'stamp'");
    const applied = psql(offline.url, r.stdout);
    expect(applied.code, applied.stderr).toBe(0);
    expect(await versions(offline)).toEqual([id(2)]);
  });
});
