/** The Alembic workflow end to end, with the compiled binary and a `.env` in SQLAlchemy's URL form. */
import { cpSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot, runRetort, tempProject } from "../support/binary.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { writeEnv } from "../support/project.ts";

let db: TestDatabase;
let dir: string;

const FIRST = "3f1c2a9b7d40";
const HEAD = "e6a0b5c3f982";

async function tables(): Promise<string[]> {
  const rows = await db.sql<{ name: string }[]>`select tablename as name from pg_tables where schemaname = 'public' order by 1`;
  return rows.map((r) => r.name);
}

async function versions(): Promise<string[]> {
  const rows = await db.sql<{ v: string }[]>`select version_num as v from alembic_version order by 1`;
  return rows.map((r) => r.v);
}

async function columns(table: string): Promise<string[]> {
  const rows = await db.sql<{ c: string }[]>`select column_name as c from information_schema.columns where table_name = ${table} order by ordinal_position`;
  return rows.map((r) => r.c);
}

const retort = (...args: string[]) => runRetort(args, { cwd: dir });

beforeAll(async () => {
  db = await createTestDatabase("workflow");
  dir = tempProject("workflow");
  cpSync(join(repoRoot, "migrations"), join(dir, "migrations"), { recursive: true });
  const u = new URL(db.url);
  writeEnv(dir, `postgresql+asyncpg://postgres@${u.host}/${db.name}`);
});

afterAll(async () => {
  await db.drop();
});

describe("the Alembic workflow with the binary", () => {
  it("the binary runs with no node, bun or deno on PATH", async () => {
    const r = await runRetort(["--version"], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^retort \d+\.\d+\.\d+ \((?:[0-9a-f]{12}|unknown), bun linux-x64\)\n$/);
  });

  it("upgrade head applies every revision and records the head", async () => {
    const r = await retort("upgrade", "head");
    expect(r.stderr).toContain(`Running upgrade  -> ${FIRST}, create users`);
    expect(r.code).toBe(0);
    expect(await tables()).toEqual(["alembic_version", "comments", "posts", "retort_history", "users"]);
    expect(await columns("posts")).toContain("slug");
    expect(await versions()).toEqual([HEAD]);
  });

  it("upgrade head again is a no-op with exit 0", async () => {
    const r = await retort("upgrade", "head");
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain("Running upgrade");
    expect(r.stderr).toContain("Nothing to upgrade");
    expect(await versions()).toEqual([HEAD]);
  });

  it("current prints the head", async () => {
    const r = await retort("current");
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${HEAD} (head)\n`);
  });

  it("history --verbose lists every revision in full, newest first", async () => {
    const r = await retort("history", "--verbose");
    expect(r.code).toBe(0);
    const revs = [...r.stdout.matchAll(/^Rev: (\w+)/gm)].map((m) => m[1]);
    expect(revs).toEqual([HEAD, "5b90f3d8e217", "c47e19b2a6d3", "8a2d64e0c1f5", FIRST]);
    expect(r.stdout).toContain(`Rev: ${HEAD} (head)`);
    expect(r.stdout).toMatch(/Rev: 3f1c2a9b7d40\nParent: <base>\nPath: .*3f1c2a9b7d40_create_users\.sql/);
  });

  let added = "";
  it("revision -m writes a new file on the head that history shows", async () => {
    const r = await retort("revision", "-m", "add column");
    expect(r.code).toBe(0);
    const files = readdirSync(join(dir, "migrations", "versions")).filter((f) => f.endsWith("_add_column.sql"));
    expect(files).toHaveLength(1);
    added = files[0]!.slice(0, 12);
    expect(added).toMatch(/^[0-9a-f]{12}$/);
    const path = join(dir, "migrations", "versions", files[0]!);
    const text = readFileSync(path, "utf8");
    expect(text).toContain(`-- down_revision: ${HEAD}`);
    writeFileSync(path, text.replace("-- migrate:upgrade\n", "-- migrate:upgrade\nALTER TABLE users ADD COLUMN nickname text;\n").replace("-- migrate:downgrade\n", "-- migrate:downgrade\nALTER TABLE users DROP COLUMN nickname;\n"));
    const h = await retort("history");
    expect(h.stdout.split("\n")[0]).toBe(`${HEAD} -> ${added} (head), add column`);
  });

  it("upgrade head applies the new revision", async () => {
    const r = await retort("upgrade", "head");
    expect(r.code).toBe(0);
    expect(await columns("users")).toContain("nickname");
    expect(await versions()).toEqual([added]);
  });

  it("downgrade -1 reverts the new revision", async () => {
    const r = await retort("downgrade", "-1");
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`Running downgrade ${added} -> ${HEAD}, add column`);
    expect(await columns("users")).not.toContain("nickname");
    expect(await versions()).toEqual([HEAD]);
  });

  it("downgrade to the first revision leaves only its table", async () => {
    const r = await retort("downgrade", FIRST);
    expect(r.code).toBe(0);
    expect(await tables()).toEqual(["alembic_version", "retort_history", "users"]);
    expect(await versions()).toEqual([FIRST]);
  });

  it("downgrade base empties the version table and keeps it", async () => {
    const r = await retort("downgrade", "base");
    expect(r.code).toBe(0);
    expect(await tables()).toEqual(["alembic_version", "retort_history"]);
    expect(await versions()).toEqual([]);
    const c = await retort("current");
    expect(c.code).toBe(0);
    expect(c.stdout).toBe("");
  });
});
