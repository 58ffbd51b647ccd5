/**
 * The schema workflow with the binary: schema.sql edited, `revision --autogenerate`, `upgrade`,
 * `check`, `downgrade`; `check --database` for drift; `diff` and `dump` between sources.
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { introspect } from "../../src/db/introspect.ts";
import { runRetort, tempProject } from "../support/binary.ts";
import { adminUrl, createTestDatabase, type TestDatabase } from "../support/database.ts";
import { writeEnv } from "../support/project.ts";

let db: TestDatabase;
let scratch: TestDatabase;
let dir: string;
let env: Record<string, string>;

const versions = () => readdirSync(join(dir, "migrations", "versions")).filter((f) => f.endsWith(".sql")).sort();
const schemaOf = async (sql: postgres.Sql) => {
  const model = await introspect(sql);
  const { alembic_version: _a, retort_history: _h, ...rest } = Object.fromEntries(Object.entries(model.tables).map(([k, t]) => [t.name, { k, t }]));
  return { ...model, tables: Object.fromEntries(Object.values(rest).map(({ k, t }) => [k, t])) };
};

const SCHEMA_1 = `
CREATE TABLE users (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, email text NOT NULL UNIQUE);
CREATE VIEW user_emails AS SELECT email FROM users;
`;

const SCHEMA_2 = `
CREATE TYPE plan AS ENUM ('free', 'pro');
CREATE TABLE users (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  email varchar(320) NOT NULL UNIQUE,
  plan plan NOT NULL DEFAULT 'free',
  updated_at timestamptz
);
CREATE VIEW user_emails AS SELECT email, plan FROM users;
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.updated_at := now(); RETURN NEW; END $$;
CREATE TRIGGER users_touch BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION touch();
ALTER TABLE users ENABLE ROW LEVEL SECURITY;
CREATE POLICY users_self ON users FOR SELECT USING (email = current_user);
COMMENT ON TABLE users IS 'Everyone who signed up';
GRANT SELECT ON user_emails TO pg_monitor;
`;

beforeAll(async () => {
  [db, scratch] = await Promise.all([createTestDatabase("autogen"), createTestDatabase("autogen_scratch")]);
  dir = tempProject("autogen");
  writeEnv(dir, db.url);
  env = { SCRATCH_DATABASE_URL: scratch.url };
  const init = await runRetort(["init"], { cwd: dir });
  expect(init.code, init.stderr).toBe(0);
});

afterAll(async () => {
  await Promise.all([db?.drop(), scratch?.drop()]);
});

describe("revision --autogenerate, upgrade, check, downgrade", () => {
  it("writes the first revision from schema.sql, applies it, and check agrees", async () => {
    writeFileSync(join(dir, "schema.sql"), SCHEMA_1);
    const gen = await runRetort(["revision", "--autogenerate", "-m", "users"], { cwd: dir, env });
    expect(gen.code, gen.stderr).toBe(0);
    expect(versions()).toHaveLength(1);
    const text = readFileSync(join(dir, "migrations", "versions", versions()[0]!), "utf8");
    expect(text).toContain('CREATE TABLE "public"."users"');
    expect(text).toMatch(/-- migrate:downgrade\n[\s\S]*-- warning: drops table "public"."users" and its data\nDROP TABLE "public"."users";/);
    const up = await runRetort(["upgrade", "head"], { cwd: dir, env });
    expect(up.code, up.stderr).toBe(0);
    const check = await runRetort(["check"], { cwd: dir, env });
    expect(check.code, check.stderr).toBe(0);
    expect(check.stderr).toContain("agree");
  });

  it("writes nothing, and says so, when nothing changed", async () => {
    const gen = await runRetort(["revision", "--autogenerate", "-m", "nothing"], { cwd: dir, env });
    expect(gen.code, gen.stderr).toBe(0);
    expect(gen.stderr).toContain("No changes in schema detected; no revision written");
    expect(versions()).toHaveLength(1);
  });

  it("check exits 1 and prints the pending SQL when schema.sql moves on", async () => {
    writeFileSync(join(dir, "schema.sql"), SCHEMA_2);
    const check = await runRetort(["check"], { cwd: dir, env });
    expect(check.code).toBe(1);
    expect(check.stdout).toContain('CREATE TYPE "public"."plan" AS ENUM');
    expect(check.stderr).toContain("The schema files and the revisions disagree");
    const json = await runRetort(["--json", "check"], { cwd: dir, env });
    expect(json.code).toBe(1);
    const doc = JSON.parse(json.stdout) as { command: string; clean: boolean; steps: { kind: string }[] };
    expect(doc).toMatchObject({ command: "check", clean: false });
    expect(doc.steps.map((s) => s.kind)).toEqual(expect.arrayContaining(["create-trigger", "create-policy", "grant"]));
  });

  it("the second revision upgrades to schema.sql exactly, and downgrade -1 restores the previous schema", async () => {
    const before = await schemaOf(db.sql);
    const gen = await runRetort(["revision", "--autogenerate", "-m", "plans and touch"], { cwd: dir, env });
    expect(gen.code, gen.stderr).toBe(0);
    expect(gen.stderr).toContain("warning: drops and recreates");
    expect(versions()).toHaveLength(2);
    const up = await runRetort(["upgrade", "head"], { cwd: dir, env });
    expect(up.code, up.stderr).toBe(0);
    expect((await runRetort(["check"], { cwd: dir, env })).code).toBe(0);
    expect((await runRetort(["check", "--database"], { cwd: dir, env })).code).toBe(0);
    // The live database now has what schema.sql describes, built independently in the scratch database.
    const diff = await runRetort(["diff", "--from", "database", "--to", "schema"], { cwd: dir, env });
    expect(diff.code, diff.stderr).toBe(0);
    expect(diff.stderr).toContain("No differences");
    const down = await runRetort(["downgrade", "-1"], { cwd: dir, env });
    expect(down.code, down.stderr).toBe(0);
    expect(await schemaOf(db.sql)).toEqual(before);
  });
});

describe("check --database", () => {
  it("reports drift made outside the revisions, as the SQL that undoes it", async () => {
    const up = await runRetort(["upgrade", "head"], { cwd: dir, env });
    expect(up.code, up.stderr).toBe(0);
    await db.sql.unsafe("create index users_updated on users (updated_at)");
    try {
      const check = await runRetort(["check", "--database"], { cwd: dir, env });
      expect(check.code).toBe(1);
      // A script that applies as printed (psql -f): in a transaction.
      expect(check.stdout).toBe('BEGIN;\nDROP INDEX "public"."users_updated";\nCOMMIT;\n');
      expect(check.stderr).toContain("The database differs from what its applied revisions produce");
    } finally {
      await db.sql.unsafe("drop index users_updated");
    }
    expect((await runRetort(["check", "--database"], { cwd: dir, env })).code).toBe(0);
  });
});

describe("diff and dump", () => {
  it("diff between two revisions prints what the later one does", async () => {
    // File names start with random ids: the first revision is the one without a down_revision.
    const ids = versions().map((f) => ({ id: f.slice(0, 12), root: /^-- down_revision:$/m.test(readFileSync(join(dir, "migrations", "versions", f), "utf8")) }));
    const first = ids.find((r) => r.root)!.id;
    const second = ids.find((r) => !r.root)!.id;
    const r = await runRetort(["diff", "--from", `migrations@${first}`, "--to", `migrations@${second}`], { cwd: dir, env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^ALTER TABLE "public"."users" ADD COLUMN "plan" public\.plan DEFAULT 'free'::public\.plan NOT NULL;$/m);
  });

  it("dump, applied to an empty database, recreates the schema", async () => {
    const dump = await runRetort(["dump"], { cwd: dir, env });
    expect(dump.code, dump.stderr).toBe(0);
    const target = await createTestDatabase("autogen_dump");
    try {
      await target.sql.begin((tx) => tx.unsafe(dump.stdout));
      expect(await schemaOf(target.sql)).toEqual(await schemaOf(db.sql));
    } finally {
      await target.drop();
    }
  });

  it("a scratch database defaults to <database>_scratch, created on demand", async () => {
    const r = await runRetort(["dump"], { cwd: dir });
    try {
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain('CREATE TABLE "public"."users"');
    } finally {
      const root = postgres(adminUrl(), { max: 1, onnotice: () => {} });
      await root.unsafe(`drop database if exists "${db.name}_scratch" with (force)`);
      await root.end();
    }
  });
});

describe("failures", () => {
  it("a failing statement in schema.sql names the file, line and column (exit 4)", async () => {
    writeFileSync(join(dir, "schema.sql"), "CREATE TABLE ok (id int);\n\nCREATE TABLE bad (id int REFERENCES missing (id));\n");
    const r = await runRetort(["check"], { cwd: dir, env });
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('schema.sql:3:1: relation "missing" does not exist');
    expect(r.stderr).toContain("3 | CREATE TABLE bad (id int REFERENCES missing (id));\n  | ^");
    writeFileSync(join(dir, "schema.sql"), SCHEMA_2);
  });

  it("a missing schema file is a usage error with the fix (exit 2)", async () => {
    const other = tempProject("autogen_missing");
    writeEnv(other, db.url);
    const missing = await runRetort(["check"], { cwd: other, env });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('Schema file "schema.sql" does not exist');
    expect(missing.stderr).toContain("retort dump > schema.sql");
  });

  it("a typed table, which the diff cannot write yet, is refused rather than left out (exit 3)", async () => {
    writeFileSync(join(dir, "schema.sql"), `${SCHEMA_2}\nCREATE TYPE user_shape AS (id integer, email text);\nCREATE TABLE typed_users OF user_shape;\n`);
    const r = await runRetort(["revision", "--autogenerate", "-m", "typed"], { cwd: dir, env });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('typed table added, which the diff does not write: "public"."typed_users"');
    expect(versions()).toHaveLength(2);
    writeFileSync(join(dir, "schema.sql"), SCHEMA_2);
  });
});
