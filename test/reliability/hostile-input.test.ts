/**
 * Hostile and broken input: each gives a clear error naming the file or setting, the documented
 * exit code, and no change to the database; the odd-but-valid cases (BOM, CRLF, a 20 MB revision)
 * work.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runRetort, tempProject } from "../support/binary.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { sqlRevisionText, writeEnv } from "../support/project.ts";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase("hostile");
});
afterAll(async () => {
  await db.drop();
});

/** A project holding just the given files in its versions directory. */
function projectWith(files: Record<string, string | Buffer>): string {
  const dir = tempProject("hostile");
  writeEnv(dir, db.url);
  const versions = join(dir, "migrations", "versions");
  mkdirSync(versions, { recursive: true });
  for (const [name, content] of Object.entries(files)) writeFileSync(join(versions, name), content);
  return dir;
}

async function nothingChanged(): Promise<void> {
  const tables = await db.sql`select count(*)::int as n from pg_class where relnamespace = 'public'::regnamespace`;
  expect(tables[0]!.n).toBe(0);
}

const rev = (id: string, upgrade: string, down?: string) => sqlRevisionText({ id, ...(down ? { down } : {}), upgrade, downgrade: "SELECT 1;" });

describe("broken files are refused before anything runs", () => {
  it("invalid UTF-8 names the file and line (exit 3)", async () => {
    // "été" in Latin-1, inside the upgrade section (line 10 of the file).
    const [before, after] = rev("aaaaaaaaaaa1", "CREATE TABLE t (v text DEFAULT 'XX');").split("XX") as [string, string];
    const text = Buffer.concat([Buffer.from(before), Buffer.from([0xe9, 0x74, 0xe9]), Buffer.from(after)]);
    const dir = projectWith({ "aaaaaaaaaaa1_latin1.sql": text });
    const r = await runRetort(["upgrade", "head"], { cwd: dir });
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toMatch(/aaaaaaaaaaa1_latin1\.sql:10: the file is not valid UTF-8/);
    await nothingChanged();
  });

  it("a TypeScript revision that throws at import, lacks upgrade, or exports a wrong type (exit 3, naming the file)", async () => {
    const cases: [string, string, RegExp][] = [
      ["throws", `export const revision = "bbbbbbbbbbb1"; export const down_revision = null; throw new Error("boom at import");`, /cannot import the revision: .*boom at import/],
      ["no_upgrade", `export const revision = "bbbbbbbbbbb2"; export const down_revision = null;`, /upgrade/],
      ["wrong_type", `export const revision = 42; export const down_revision = null; export async function upgrade() {}`, /revision/],
    ];
    for (const [name, source, message] of cases) {
      const dir = projectWith({ [`bbbbbbbbbbb_${name}.ts`]: source });
      const r = await runRetort(["upgrade", "head"], { cwd: dir });
      expect(r.code, `${name}: ${r.stderr}`).toBe(3);
      expect(r.stderr).toContain(`bbbbbbbbbbb_${name}.ts`);
      expect(r.stderr).toMatch(message);
    }
    await nothingChanged();
  });
});

describe("an injection attempt through the version table's name", () => {
  it("is refused (exit 2, naming the setting) and never executed, from a flag, the environment or retort.toml", async () => {
    await db.sql`create table victim (id int)`;
    try {
      const evil = 'v"; DROP TABLE victim; --';
      const dir = projectWith({ "eeeeeeeeeee1_one.sql": rev("eeeeeeeeeee1", "SELECT 1;") });
      const byFlag = await runRetort(["upgrade", "head", "--version-table", evil], { cwd: dir });
      const byEnv = await runRetort(["upgrade", "head"], { cwd: dir, env: { RETORT_VERSION_TABLE_SCHEMA: evil } });
      writeFileSync(join(dir, "retort.toml"), `version_table = ${JSON.stringify(evil)}\n`);
      const byToml = await runRetort(["upgrade", "head"], { cwd: dir });
      for (const [r, setting] of [[byFlag, "--version-table"], [byEnv, "RETORT_VERSION_TABLE_SCHEMA"], [byToml, "version_table"]] as const) {
        expect(r.code, r.stderr).toBe(2);
        expect(r.stderr).toContain(setting);
      }
      const still = await db.sql`select to_regclass('victim') is not null as here`;
      expect(still[0]!.here).toBe(true);
      const versions = await db.sql`select to_regclass('alembic_version') is not null as here`;
      expect(versions[0]!.here).toBe(false);
    } finally {
      await db.sql`drop table if exists victim`;
    }
  });
});

describe("odd but valid files work", () => {
  it("a BOM and CRLF line endings", async () => {
    const text = `\uFEFF${rev("ccccccccccc1", "CREATE TABLE crlf (id int);").replace(/\n/g, "\r\n")}`;
    const dir = projectWith({ "ccccccccccc1_crlf.sql": text });
    const r = await runRetort(["upgrade", "head"], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const down = await runRetort(["downgrade", "base"], { cwd: dir });
    expect(down.code, down.stderr).toBe(0);
  });

  it("a 20 MB revision", async () => {
    const values = Array.from({ length: 200_000 }, (_, i) => `(${i}, '${"x".repeat(100)}')`).join(",\n");
    const upgrade = `CREATE TABLE big (id int PRIMARY KEY, v text);\nINSERT INTO big VALUES\n${values};`;
    expect(upgrade.length).toBeGreaterThan(20_000_000);
    const dir = projectWith({ "ddddddddddd1_big.sql": sqlRevisionText({ id: "ddddddddddd1", upgrade, downgrade: "DROP TABLE big;" }) });
    const r = await runRetort(["upgrade", "head"], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const rows = await db.sql`select count(*)::int as n from big`;
    expect(rows[0]!.n).toBe(200_000);
    const down = await runRetort(["downgrade", "base"], { cwd: dir });
    expect(down.code, down.stderr).toBe(0);
  });
});
