/**
 * The bookkeeping tables are the configured ones: with `version_table` (and
 * `version_table_schema`) set in retort.toml, `revision --autogenerate`, `check`, `check
 * --database`, `diff` and `dump` never offer to create or drop the version table, the history
 * table beside it, or their schema.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runRetort, tempProject } from "../support/binary.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { writeEnv } from "../support/project.ts";

const SCHEMA = `CREATE TABLE users (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, email text NOT NULL);\n`;

const cases = [
  { label: "a renamed version table", toml: 'version_table = "my_versions"', table: "my_versions", schema: "public" },
  { label: "a version table in its own schema", toml: 'version_table = "versions"\nversion_table_schema = "meta"', table: "versions", schema: "meta" },
] as const;

describe.each(cases)("with $label", ({ toml, table, schema }) => {
  let db: TestDatabase;
  let scratch: TestDatabase;
  let dir: string;
  let env: Record<string, string>;
  const retort = (args: string[]) => runRetort(args, { cwd: dir, env });
  const revisionFiles = () => readdirSync(join(dir, "migrations", "versions")).filter((f) => f.endsWith(".sql"));
  /** What no output may mention: the bookkeeping tables and, when it is not public, their schema. */
  const bookkeeping = [table, "retort_history", ...(schema === "public" ? [] : [`"${schema}"`])];

  beforeAll(async () => {
    [db, scratch] = await Promise.all([createTestDatabase("bookkeeping"), createTestDatabase("bookkeeping_scratch")]);
    dir = tempProject("bookkeeping");
    writeEnv(dir, db.url);
    env = { SCRATCH_DATABASE_URL: scratch.url };
    writeFileSync(join(dir, "retort.toml"), `script_location = "migrations"\nschema = "schema.sql"\n${toml}\n`);
    writeFileSync(join(dir, "schema.sql"), SCHEMA);
    mkdirSync(join(dir, "migrations", "versions"), { recursive: true });
  });

  afterAll(async () => {
    await Promise.all([db?.drop(), scratch?.drop()]);
  });

  it("revision --autogenerate writes only the schema's own objects", async () => {
    const gen = await retort(["revision", "--autogenerate", "-m", "users"]);
    expect(gen.code, gen.stderr).toBe(0);
    expect(revisionFiles()).toHaveLength(1);
    const text = readFileSync(join(dir, "migrations", "versions", revisionFiles()[0]!), "utf8");
    expect(text).toContain('CREATE TABLE "public"."users"');
    for (const name of bookkeeping) expect(text).not.toContain(name);
  });

  it("upgrade keeps its records in the configured table", async () => {
    const up = await retort(["upgrade", "head"]);
    expect(up.code, up.stderr).toBe(0);
    const rows = await db.sql.unsafe(`select count(*)::int as n from "${schema}"."${table}"`);
    expect(rows[0]!.n).toBe(1);
    const history = await db.sql.unsafe(`select count(*)::int as n from "${schema}"."retort_history"`);
    expect(history[0]!.n).toBe(1);
  });

  it("a second autogenerate finds nothing to do (the scratch database holds the same bookkeeping tables)", async () => {
    const gen = await retort(["revision", "--autogenerate", "-m", "nothing"]);
    expect(gen.code, gen.stderr).toBe(0);
    expect(gen.stderr).toContain("No changes in schema detected; no revision written");
    expect(revisionFiles()).toHaveLength(1);
  });

  it("check and check --database agree", async () => {
    const check = await retort(["check"]);
    expect(check.code, check.stdout + check.stderr).toBe(0);
    const drift = await retort(["check", "--database"]);
    expect(drift.code, drift.stdout + drift.stderr).toBe(0);
    expect(drift.stderr).toContain("The database matches its revisions");
  });

  it("diff from the live database to the schema files finds no differences", async () => {
    const diff = await retort(["diff", "--from", "database", "--to", "schema"]);
    expect(diff.code, diff.stderr).toBe(0);
    expect(diff.stdout).toBe("");
    expect(diff.stderr).toContain("No differences");
    const back = await retort(["diff", "--from", "schema", "--to", "database"]);
    expect(back.code, back.stderr).toBe(0);
    expect(back.stdout).toBe("");
  });

  it("dump of the live database recreates only the schema's own objects", async () => {
    const dump = await retort(["dump", "--from", "database"]);
    expect(dump.code, dump.stderr).toBe(0);
    expect(dump.stdout).toContain('CREATE TABLE "public"."users"');
    for (const name of bookkeeping) expect(dump.stdout).not.toContain(name);
  });
});
