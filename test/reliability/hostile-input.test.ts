/**
 * Hostile and broken input: each gives a clear error naming the file or setting, the documented
 * exit code, and no change to the database; the odd-but-valid cases (BOM, CRLF, a 20 MB revision)
 * work.
 */
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
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

describe("every broken input leaves a database with applied revisions exactly as it was", () => {
  // r1 is applied; r2 is pending and would create a table. Each case adds or changes one thing.
  const r1 = sqlRevisionText({ id: "f1f100000001", message: "kept", upgrade: "CREATE TABLE kept (id int);\nINSERT INTO kept VALUES (1);", downgrade: "DROP TABLE kept;" });
  const r2 = sqlRevisionText({ id: "f1f100000002", down: "f1f100000001", message: "pending", upgrade: "CREATE TABLE pending (id int);", downgrade: "DROP TABLE pending;" });
  const other = sqlRevisionText({ id: "f2f200000001", message: "other root", labels: ["other"], upgrade: "CREATE TABLE other (id int);", downgrade: "DROP TABLE other;" });
  const header = (id: string, down: string) => `-- broken\n--\n-- revision: ${id}\n-- down_revision: ${down}\n`;

  interface Case {
    readonly name: string;
    /** Files added to the versions directory (name → text). */
    readonly files?: Record<string, string>;
    readonly toml?: string;
    readonly env?: string;
    readonly args?: readonly string[];
    readonly code: number;
    /** What the message must say: the file, setting or target, and the reason. */
    readonly says: readonly (string | RegExp)[];
  }
  const cases: Case[] = [
    { name: "an empty file", files: { "f1f100000003_empty.sql": "" }, code: 3, says: ["f1f100000003_empty.sql:1", /the file is empty/] },
    { name: "no revision header", files: { "f1f100000003_norev.sql": "-- m\n--\n-- down_revision: f1f100000002\n\n-- migrate:upgrade\nCREATE TABLE x (id int);\n" }, code: 3, says: ["f1f100000003_norev.sql:1", /no "revision" header/] },
    { name: "two files with the same id", files: { "f1f100000002_again.sql": r2.replace("pending", "again") }, code: 3, says: ["f1f100000002_again.sql", "f1f100000002_pending.sql"] },
    { name: "a down_revision that does not exist", files: { "f1f100000003_orphan.sql": `${header("f1f100000003", "deadbeef0000")}\n-- migrate:upgrade\nSELECT 1;\n` }, code: 3, says: ["f1f100000003_orphan.sql", '"deadbeef0000"'] },
    {
      name: "a cycle",
      files: {
        "f3f300000001_a.sql": `${header("f3f300000001", "f3f300000002")}\n-- migrate:upgrade\nSELECT 1;\n`,
        "f3f300000002_b.sql": `${header("f3f300000002", "f3f300000001")}\n-- migrate:upgrade\nSELECT 1;\n`,
      },
      code: 3,
      says: [/cycle/i, "f3f300000001", "f3f300000002"],
    },
    { name: "a self-loop", files: { "f1f100000003_self.sql": `${header("f1f100000003", "f1f100000003")}\n-- migrate:upgrade\nSELECT 1;\n` }, code: 3, says: ["f1f100000003_self.sql", /itself/] },
    { name: "a header repeated", files: { "f1f100000003_twice.sql": `${header("f1f100000003", "f1f100000002")}-- revision: f1f100000004\n\n-- migrate:upgrade\nSELECT 1;\n` }, code: 3, says: ["f1f100000003_twice.sql:5", /header "revision" is repeated/] },
    { name: "a header after the sections", files: { "f1f100000003_late.sql": `${header("f1f100000003", "f1f100000002")}\n-- migrate:upgrade\nSELECT 1;\n-- transaction: false\n` }, code: 3, says: ["f1f100000003_late.sql:8", /placed after the sections/] },
    { name: "a missing -- migrate:upgrade marker", files: { "f1f100000003_nomarker.sql": `${header("f1f100000003", "f1f100000002")}\nCREATE TABLE x (id int);\n` }, code: 3, says: ["f1f100000003_nomarker.sql", /missing "-- migrate:upgrade" marker/] },
    { name: "an unknown key in retort.toml", toml: "transaction_per_migraton = true\n", code: 2, says: ["retort.toml", "transaction_per_migraton", 'Did you mean "transaction_per_migration"?'] },
    { name: "a wrong type in retort.toml", toml: 'transaction_per_migration = "yes"\n', code: 2, says: ["retort.toml", "transaction_per_migration"] },
    { name: "a retort.toml that is not TOML", toml: "version_table = \n", code: 2, says: ["retort.toml"] },
    { name: "an unknown target", args: ["upgrade", "abcdef999999"], code: 3, says: ['"abcdef999999"'] },
    { name: "an ambiguous prefix", files: { "f1f100000003_next.sql": sqlRevisionText({ id: "f1f100000003", down: "f1f100000002", upgrade: "SELECT 1;" }) }, args: ["upgrade", "f1f1"], code: 3, says: ['"f1f1": 3 revisions start with it', "f1f100000002", "f1f100000003"] },
    { name: "downgrade +1", args: ["downgrade", "+1"], code: 2, says: ['"+1"', /upgrade/] },
    { name: "upgrade -1", args: ["upgrade", "-1"], code: 2, says: ['"-1"', /downgrade/] },
    // `upgrade a:b --sql` across branches is allowed, as in Alembic (its start is an implicit base).
    { name: "a history range across unrelated branches", files: { "f2f200000001_other.sql": other }, args: ["history", "-r", "f1f100000002:f2f200000001"], code: 3, says: ['Revision "f1f100000002" is not an ancestor of "f2f200000001"'] },
    { name: "a downgrade --sql range across unrelated branches", files: { "f2f200000001_other.sql": other }, args: ["downgrade", "f2f200000001:f1f100000001", "--sql"], code: 3, says: ['revision "f1f100000001" is not below "f2f200000001"'] },
    { name: "a range as an online target", args: ["upgrade", "f1f100000001:f1f100000002"], code: 2, says: ['Invalid target "f1f100000001:f1f100000002"', /ranges are for history and --sql/] },
  ];

  let applied: TestDatabase;
  let base: string;
  beforeAll(async () => {
    applied = await createTestDatabase("hostile_applied");
    base = tempProject("hostile-applied");
    writeEnv(base, applied.url);
    mkdirSync(join(base, "migrations", "versions"), { recursive: true });
    writeFileSync(join(base, "migrations", "versions", "f1f100000001_kept.sql"), r1);
    const r = await runRetort(["upgrade", "head"], { cwd: base });
    expect(r.code, r.stderr).toBe(0);
    writeFileSync(join(base, "migrations", "versions", "f1f100000002_pending.sql"), r2);
  });
  afterAll(async () => {
    await applied?.drop();
  });

  /** Every table and column, the version table and the history: what a failed command must not touch. */
  async function fingerprint(): Promise<unknown> {
    const columns = await applied.sql`select table_name, column_name, data_type from information_schema.columns where table_schema = 'public' order by 1, 2`;
    const versions = await applied.sql`select version_num from alembic_version order by 1`;
    const history = await applied.sql`select count(*)::int as n from retort_history`;
    const kept = await applied.sql`select id from kept order by 1`;
    return { columns: [...columns], versions: [...versions], history: [...history], kept: [...kept] };
  }

  for (const c of cases) {
    it(`${c.name}: exit ${c.code}`, async () => {
      const before = await fingerprint();
      const dir = tempProject("hostile-case");
      cpSync(base, dir, { recursive: true });
      for (const [name, text] of Object.entries(c.files ?? {})) writeFileSync(join(dir, "migrations", "versions", name), text);
      if (c.toml !== undefined) writeFileSync(join(dir, "retort.toml"), c.toml);
      const r = await runRetort(c.args ?? ["upgrade", "head"], { cwd: dir });
      expect(r.code, r.stderr).toBe(c.code);
      for (const s of c.says) typeof s === "string" ? expect(r.stderr).toContain(s) : expect(r.stderr).toMatch(s);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(await fingerprint()).toEqual(before);
    });
  }

  it("a .env with export prefixes, odd quoting and comments is read as meant", async () => {
    const dir = tempProject("hostile-env");
    cpSync(base, dir, { recursive: true });
    const env = [
      "# deploy settings",
      "export   OTHER='single # not a comment'",
      `export DATABASE_URL="${applied.url}"   # the scratch server`,
      "EMPTY=",
      "  SPACED = \"a b\"  ",
      "",
    ].join("\n");
    writeFileSync(join(dir, ".env"), env);
    const r = await runRetort(["current"], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("f1f100000001");
  });
});
