/**
 * `retort import dbmate|golang-migrate|goose|flyway`, through the binary: dbmate's history applied
 * by the real dbmate, the other tools' tables created here with their real shapes.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { importHistory, upgrade } from "../../src/index.ts";
import { repoRoot, runRetort, tempProject } from "../support/binary.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";

const dbs: TestDatabase[] = [];
afterAll(async () => {
  for (const db of dbs) await db.drop();
});

/** A fresh database and an empty project directory holding the tool's migrations in `db/migrations`. */
async function setup(label: string, files: Record<string, string>): Promise<{ db: TestDatabase; dir: string; migrations: string }> {
  const db = await createTestDatabase(label);
  dbs.push(db);
  const dir = tempProject(label);
  const migrations = join(dir, "db", "migrations");
  mkdirSync(migrations, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(migrations, name), text);
  return { db, dir, migrations };
}

const retort = (dir: string, ...args: string[]) => runRetort(args, { cwd: dir });

function versionFiles(dir: string): string[] {
  const versions = join(dir, "migrations", "versions");
  return existsSync(versions) ? readdirSync(versions).sort() : [];
}

async function versionRows(db: TestDatabase): Promise<string[]> {
  return (await db.sql<{ v: string }[]>`select version_num as v from alembic_version`).map((r) => r.v);
}

async function tables(db: TestDatabase): Promise<string[]> {
  return (await db.sql<{ t: string }[]>`select tablename as t from pg_tables where schemaname = 'public' order by 1`).map((r) => r.t);
}

describe("import dbmate", () => {
  // The Go binary itself (the npm package `dbmate` is only a shim that spawns it).
  const DBMATE = join(repoRoot, "node_modules", "@dbmate", "linux-x64", "bin", "dbmate");
  const FILES = {
    "20240101090000_create_users.sql": "-- migrate:up\nCREATE TABLE users (id bigint generated always as identity primary key, name text not null);\n\n-- migrate:down\nDROP TABLE users;\n",
    "20240102090000_users_name_index.sql":
      "-- migrate:up transaction:false\nCREATE INDEX CONCURRENTLY users_name_idx ON users (name);\n\n-- migrate:down transaction:false\nDROP INDEX CONCURRENTLY users_name_idx;\n",
    "20240103090000_create_posts.sql":
      "-- migrate:up\nCREATE TABLE posts (id int primary key, user_id bigint not null references users);\nCREATE FUNCTION post_count() RETURNS bigint LANGUAGE sql AS $$ SELECT count(*) FROM posts; $$;\n\n-- migrate:down\nDROP FUNCTION post_count();\nDROP TABLE posts;\n",
    "20240104090000_add_email.sql": "-- migrate:up\nALTER TABLE users ADD COLUMN email text;\n\n-- migrate:down\nALTER TABLE users DROP COLUMN email;\n",
  };

  function dbmate(db: TestDatabase, migrations: string, ...args: string[]): void {
    const url = new URL(db.url);
    url.searchParams.set("sslmode", "disable");
    const r = spawnSync(DBMATE, ["--url", url.toString(), "--migrations-dir", migrations, "--no-dump-schema", ...args], { encoding: "utf8" });
    expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
  }

  it("stamps a database dbmate migrated, so upgrade head is a no-op and a new revision applies on top", async () => {
    const { db, dir, migrations } = await setup("import_dbmate", FILES);
    dbmate(db, migrations, "up");
    const r = await retort(dir, "import", "dbmate", "db/migrations", "--url", db.url);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split("\n");
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^converted 20240101090000_create_users\.sql -> [0-9a-f]{12} .*create_users\.sql$/);
    expect(lines[1]).toMatch(/users_name_index\.sql \(transaction: false\)$/);
    expect(r.stderr).toContain("Imported 4 dbmate migrations: 4 written, 0 already there");
    expect(r.stderr).toContain("Stamped: dbmate had applied 4 of 4");
    expect(existsSync(join(dir, "retort.toml"))).toBe(true);
    const index = versionFiles(dir).find((f) => f.includes("users_name_index"))!;
    expect(readFileSync(join(dir, "migrations", "versions", index), "utf8")).toContain("-- transaction: false");

    const upgrade = await retort(dir, "upgrade", "head", "--url", db.url);
    expect(upgrade.code, upgrade.stderr).toBe(0);
    expect(upgrade.stderr).toContain("Nothing to upgrade");

    const heads = await retort(dir, "heads");
    const head = heads.stdout.trim().split(" ")[0]!;
    expect(await versionRows(db)).toEqual([head]);

    // A retort revision on top of the imported chain applies, and only it.
    const rev = await retort(dir, "revision", "-m", "add bio", "--rev-id", "b10000000000");
    expect(rev.code, rev.stderr).toBe(0);
    const newFile = join(dir, "migrations", "versions", versionFiles(dir).find((f) => f.startsWith("b10000000000"))!);
    writeFileSync(newFile, readFileSync(newFile, "utf8").replace("-- migrate:upgrade\n", "-- migrate:upgrade\nALTER TABLE users ADD COLUMN bio text;\n").replace(/-- migrate:downgrade\n/, "-- migrate:downgrade\nALTER TABLE users DROP COLUMN bio;\n"));
    const next = await retort(dir, "upgrade", "head", "--url", db.url);
    expect(next.code, next.stderr).toBe(0);
    expect(next.stderr).toContain(`Running upgrade ${head} -> b10000000000, add bio`);
    expect(next.stderr).not.toContain("create users");
    expect(await versionRows(db)).toEqual(["b10000000000"]);

    // The imported revisions undo what dbmate did, down to base.
    const down = await retort(dir, "downgrade", "base", "--url", db.url);
    expect(down.code, down.stderr).toBe(0);
    expect(await tables(db)).toEqual(["alembic_version", "retort_history", "schema_migrations"]);
  });

  it("a second import is a no-op, and gives the same ids", async () => {
    const { db, dir, migrations } = await setup("import_dbmate_twice", FILES);
    dbmate(db, migrations, "up");
    const first = await retort(dir, "import", "dbmate", "db/migrations", "--url", db.url);
    expect(first.code, first.stderr).toBe(0);
    const files = versionFiles(dir);
    const contents = files.map((f) => readFileSync(join(dir, "migrations", "versions", f), "utf8"));
    const second = await retort(dir, "import", "dbmate", "db/migrations", "--url", db.url);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout.trim().split("\n").every((l) => l.startsWith("unchanged "))).toBe(true);
    expect(second.stderr).toContain("0 written, 4 already there");
    expect(versionFiles(dir)).toEqual(files);
    expect(files.map((f) => readFileSync(join(dir, "migrations", "versions", f), "utf8"))).toEqual(contents);
    expect(first.stdout.replaceAll("converted", "unchanged")).toBe(second.stdout);
  });

  it("stamps where dbmate stopped, so upgrade head runs only the rest", async () => {
    const { db, dir, migrations } = await setup("import_dbmate_partial", FILES);
    dbmate(db, migrations, "up");
    dbmate(db, migrations, "rollback");
    const r = await retort(dir, "import", "dbmate", "db/migrations", "--url", db.url);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain("Stamped: dbmate had applied 3 of 4");
    const upgrade = await retort(dir, "upgrade", "head", "--url", db.url);
    expect(upgrade.code, upgrade.stderr).toBe(0);
    expect(upgrade.stderr).toContain("add email");
    expect(upgrade.stderr).not.toContain("create posts");
    expect(await db.sql`select email from users`).toEqual([]);
  });

  it("refuses an existing revision file with other content, and a version the files do not have, writing nothing", async () => {
    const { db, dir, migrations } = await setup("import_dbmate_refused", FILES);
    dbmate(db, migrations, "up");
    await db.sql`insert into schema_migrations (version) values ('20240105090000')`;
    const r = await retort(dir, "import", "dbmate", "db/migrations", "--url", db.url);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('Cannot stamp the database from its dbmate history: it has applied "20240105090000", which no file has');
    expect(versionFiles(dir)).toEqual([]);
    expect(existsSync(join(dir, "retort.toml"))).toBe(false);

    const ok = await retort(dir, "import", "dbmate", "db/migrations");
    expect(ok.code, ok.stderr).toBe(0);
    const first = join(dir, "migrations", "versions", versionFiles(dir)[0]!);
    writeFileSync(first, readFileSync(first, "utf8").replace("name text not null", "name text"));
    const conflict = await retort(dir, "import", "dbmate", "db/migrations");
    expect(conflict.code).toBe(3);
    expect(conflict.stderr).toContain("Cannot import version 20240101090000 as revision");
    expect(conflict.stderr).toContain("already holds that revision with other content");
  });
});

/** The up SQL of the given files, run as the tool would have run them. */
async function applyAsTool(db: TestDatabase, migrations: string, files: readonly string[]): Promise<void> {
  for (const f of files) await db.sql.unsafe(readFileSync(join(migrations, f), "utf8"));
}

describe("import golang-migrate", () => {
  const FILES = {
    "000001_create_users.up.sql": "CREATE TABLE users (id int primary key, name text);",
    "000001_create_users.down.sql": "DROP TABLE users;",
    "000002_create_posts.up.sql": "CREATE TABLE posts (id int primary key, user_id int references users);",
    "000002_create_posts.down.sql": "DROP TABLE posts;",
    "000010_add_email.up.sql": "ALTER TABLE users ADD COLUMN email text;",
    "000010_add_email.down.sql": "ALTER TABLE users DROP COLUMN email;",
    // golang-migrate sends a file as one query: a lone CONCURRENTLY statement runs outside a transaction.
    "000011_name_index.up.sql": "CREATE INDEX CONCURRENTLY users_name_idx ON users (name);",
    "000011_name_index.down.sql": "DROP INDEX CONCURRENTLY users_name_idx;",
  };
  const TABLE = "CREATE TABLE schema_migrations (version bigint NOT NULL PRIMARY KEY, dirty boolean NOT NULL)";

  it("stamps at the version golang-migrate records, and upgrade head is a no-op", async () => {
    const { db, dir, migrations } = await setup("import_golang", FILES);
    await applyAsTool(db, migrations, ["000001_create_users.up.sql", "000002_create_posts.up.sql", "000010_add_email.up.sql", "000011_name_index.up.sql"]);
    await db.sql.unsafe(TABLE);
    await db.sql`insert into schema_migrations values (11, false)`;
    const r = await retort(dir, "import", "golang-migrate", "db/migrations", "--url", db.url);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim().split("\n").map((l) => l.split(" ")[1])).toEqual(["000001_create_users.up.sql", "000002_create_posts.up.sql", "000010_add_email.up.sql", "000011_name_index.up.sql"]);
    expect(r.stdout.trim().split("\n").map((l) => l.endsWith("(transaction: false)"))).toEqual([false, false, false, true]);
    expect(r.stderr).toContain("Stamped: golang-migrate had applied 4 of 4");
    const upgrade = await retort(dir, "upgrade", "head", "--url", db.url);
    expect(upgrade.code, upgrade.stderr).toBe(0);
    expect(upgrade.stderr).toContain("Nothing to upgrade");
  });

  it("refuses a dirty database and a version the files do not have, by name", async () => {
    const { db, dir } = await setup("import_golang_refused", FILES);
    await db.sql.unsafe(TABLE);
    await db.sql`insert into schema_migrations values (2, true)`;
    const dirty = await retort(dir, "import", "golang-migrate", "db/migrations", "--url", db.url);
    expect(dirty.code).toBe(4);
    expect(dirty.stderr).toContain("Cannot stamp the database: golang-migrate records version 2 as failed (dirty)");
    await db.sql`update schema_migrations set version = 3, dirty = false`;
    const unknown = await retort(dir, "import", "golang-migrate", "db/migrations", "--url", db.url);
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toContain('it has applied "3", which no file has');
    expect(versionFiles(dir)).toEqual([]);
  });

  it("refuses dbmate's schema_migrations as not golang-migrate's", async () => {
    const { db, dir } = await setup("import_golang_shape", FILES);
    await db.sql.unsafe("CREATE TABLE schema_migrations (version varchar(128) PRIMARY KEY)");
    const r = await retort(dir, "import", "golang-migrate", "db/migrations", "--url", db.url);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('table "schema_migrations" has no column "dirty", so golang-migrate did not make it');
  });
});

describe("import goose", () => {
  const FILES = {
    "00001_create_users.sql": "-- +goose Up\nCREATE TABLE users (id int primary key, updated_at timestamptz);\n\n-- +goose Down\nDROP TABLE users;\n",
    "00002_touch_trigger.sql":
      "-- +goose Up\n-- +goose StatementBegin\nCREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n  NEW.updated_at := now();\n  RETURN NEW;\nEND;\n$$;\n-- +goose StatementEnd\nCREATE TRIGGER users_touch BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION touch();\n\n-- +goose Down\nDROP TRIGGER users_touch ON users;\nDROP FUNCTION touch();\n",
    "00003_users_index.sql": "-- +goose NO TRANSACTION\n-- +goose Up\nCREATE INDEX CONCURRENTLY users_updated_idx ON users (updated_at);\n\n-- +goose Down\nDROP INDEX CONCURRENTLY users_updated_idx;\n",
  };
  // goose's own table, as `goose` creates it on PostgreSQL.
  const TABLE =
    "CREATE TABLE goose_db_version (id integer PRIMARY KEY GENERATED BY DEFAULT AS IDENTITY, version_id bigint NOT NULL, is_applied boolean NOT NULL, tstamp timestamp NOT NULL DEFAULT now())";

  it("stamps at goose's applied versions (the newest row of each deciding), and upgrade head is a no-op", async () => {
    const { db, dir } = await setup("import_goose", FILES);
    // What goose ran: the up sections of the three files.
    await db.sql.unsafe("CREATE TABLE users (id int primary key, updated_at timestamptz)");
    await db.sql.unsafe("CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.updated_at := now(); RETURN NEW; END; $$");
    await db.sql.unsafe("CREATE TRIGGER users_touch BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION touch()");
    await db.sql.unsafe("CREATE INDEX users_updated_idx ON users (updated_at)");
    await db.sql.unsafe(TABLE);
    // Version 3 applied, rolled back and applied again.
    await db.sql`insert into goose_db_version (version_id, is_applied) values (0, true), (1, true), (2, true), (3, true), (3, false), (3, true)`;
    const r = await retort(dir, "import", "goose", "db/migrations", "--url", db.url);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/00003_users_index\.sql -> [0-9a-f]{12} .* \(transaction: false\)/);
    expect(r.stderr).toContain("Stamped: goose had applied 3 of 3");
    const upgrade = await retort(dir, "upgrade", "head", "--url", db.url);
    expect(upgrade.code, upgrade.stderr).toBe(0);
    expect(upgrade.stderr).toContain("Nothing to upgrade");
    const down = await retort(dir, "downgrade", "base", "--url", db.url);
    expect(down.code, down.stderr).toBe(0);
    expect(await tables(db)).toEqual(["alembic_version", "goose_db_version", "retort_history"]);
  });

  it("refuses applied versions that are not the first ones of the files, naming the gap", async () => {
    const { db, dir } = await setup("import_goose_gap", FILES);
    await db.sql.unsafe(TABLE);
    await db.sql`insert into goose_db_version (version_id, is_applied) values (0, true), (1, true), (2, true), (3, true), (2, false)`;
    const r = await retort(dir, "import", "goose", "db/migrations", "--url", db.url);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('Cannot stamp the database from its goose history: it has not applied "2", which come before versions it has');
    expect(versionFiles(dir)).toEqual([]);
  });
});

describe("import flyway", () => {
  const FILES = {
    "V1__Create_users.sql": "CREATE TABLE users (id int primary key, name text);",
    "U1__Create_users.sql": "DROP TABLE users;",
    "V1.1__Add_email.sql": "ALTER TABLE users ADD COLUMN email text;",
    "U1.1__Add_email.sql": "ALTER TABLE users DROP COLUMN email;",
    "V2__Users_index.sql": "CREATE INDEX CONCURRENTLY users_email_idx ON users (email);",
    "V2__Users_index.sql.conf": "executeInTransaction=false\n",
    "U2__Users_index.sql": "DROP INDEX CONCURRENTLY users_email_idx;",
    // No .conf: Flyway itself runs a migration holding a CONCURRENTLY statement outside a transaction.
    "V3__Name_index.sql": "CREATE INDEX CONCURRENTLY users_name_idx ON users (name);",
    "U3__Name_index.sql": "DROP INDEX CONCURRENTLY users_name_idx;",
  };
  // Flyway's own table, as Flyway 10 creates it on PostgreSQL.
  const TABLE = `CREATE TABLE flyway_schema_history (
    installed_rank integer NOT NULL, version varchar(50), description varchar(200) NOT NULL, type varchar(20) NOT NULL,
    script varchar(1000) NOT NULL, checksum integer, installed_by varchar(100) NOT NULL, installed_on timestamp NOT NULL DEFAULT now(),
    execution_time integer NOT NULL, success boolean NOT NULL, CONSTRAINT flyway_schema_history_pk PRIMARY KEY (installed_rank))`;

  async function history(db: TestDatabase, rows: readonly [string | null, string, string, boolean][]): Promise<void> {
    await db.sql.unsafe(TABLE);
    for (const [i, [version, type, script, success]] of rows.entries()) {
      await db.sql`insert into flyway_schema_history (installed_rank, version, description, type, script, installed_by, execution_time, success)
        values (${i + 1}, ${version}, ${script}, ${type}, ${script}, 'postgres', 1, ${success})`;
    }
  }

  it("stamps at Flyway's last successful version, and upgrade head is a no-op", async () => {
    const { db, dir, migrations } = await setup("import_flyway", FILES);
    await applyAsTool(db, migrations, ["V1__Create_users.sql", "V1.1__Add_email.sql", "V2__Users_index.sql", "V3__Name_index.sql"]);
    await history(db, [
      ["1", "SQL", "V1__Create_users.sql", true],
      ["1.1", "SQL", "V1.1__Add_email.sql", true],
      ["2", "SQL", "V2__Users_index.sql", true],
      ["3", "SQL", "V3__Name_index.sql", true],
    ]);
    const r = await retort(dir, "import", "flyway", "db/migrations", "--url", db.url);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim().split("\n").map((l) => l.endsWith("(transaction: false)"))).toEqual([false, false, true, true]);
    expect(r.stderr).toContain("Stamped: flyway had applied 4 of 4");
    const upgrade = await retort(dir, "upgrade", "head", "--url", db.url);
    expect(upgrade.code, upgrade.stderr).toBe(0);
    expect(upgrade.stderr).toContain("Nothing to upgrade");
    const down = await retort(dir, "downgrade", "base", "--url", db.url);
    expect(down.code, down.stderr).toBe(0);
    expect(await tables(db)).toEqual(["alembic_version", "flyway_schema_history", "retort_history"]);
  });

  it("counts every version up to a BASELINE row as applied", async () => {
    const { db, dir, migrations } = await setup("import_flyway_baseline", FILES);
    // A database Flyway was baselined on at 1.1 (its schema made before Flyway), then migrated to 2.
    await applyAsTool(db, migrations, ["V1__Create_users.sql", "V1.1__Add_email.sql", "V2__Users_index.sql"]);
    await history(db, [
      ["1.1", "BASELINE", "<< Flyway Baseline >>", true],
      ["2", "SQL", "V2__Users_index.sql", true],
    ]);
    const r = await retort(dir, "import", "flyway", "db/migrations", "--url", db.url);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain("Stamped: flyway had applied 3 of 4");
    const upgrade = await retort(dir, "upgrade", "head", "--url", db.url);
    expect(upgrade.code, upgrade.stderr).toBe(0);
    expect(upgrade.stderr).toContain("Name index");
    expect(upgrade.stderr).not.toContain("Add email");
  });

  it("refuses a version the files do not have and a failed migration, by name", async () => {
    const { db, dir } = await setup("import_flyway_refused", FILES);
    await history(db, [
      ["1", "SQL", "V1__Create_users.sql", true],
      ["1.5", "SQL", "V1.5__Gone.sql", true],
    ]);
    const unknown = await retort(dir, "import", "flyway", "db/migrations", "--url", db.url);
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toContain('it has applied "1.5", which no file has');
    await db.sql`update flyway_schema_history set version = '1.1', success = false where installed_rank = 2`;
    const failed = await retort(dir, "import", "flyway", "db/migrations", "--url", db.url);
    expect(failed.code).toBe(4);
    expect(failed.stderr).toContain("flyway records version 1.1 as failed");
    expect(versionFiles(dir)).toEqual([]);
  });

  it("refuses a repeatable migration by name", async () => {
    const { dir } = await setup("import_flyway_repeatable", { ...FILES, "R__Views.sql": "CREATE VIEW v AS SELECT 1;" });
    const r = await retort(dir, "import", "flyway", "db/migrations");
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('Cannot import flyway migration "R__Views.sql": a repeatable migration runs again whenever it changes');
  });
});

describe("import, from the library", () => {
  it("importHistory with url converts and stamps, returning the import document", async () => {
    const { db, dir } = await setup("import_library", {
      "00001_create_things.sql": "-- +goose Up\nCREATE TABLE things (id int);\n-- +goose Down\nDROP TABLE things;\n",
      "00002_more.sql": "-- +goose Up\nALTER TABLE things ADD COLUMN name text;\n-- +goose Down\nALTER TABLE things DROP COLUMN name;\n",
    });
    await db.sql.unsafe("CREATE TABLE things (id int)");
    await db.sql.unsafe("CREATE TABLE goose_db_version (id serial PRIMARY KEY, version_id bigint NOT NULL, is_applied boolean NOT NULL, tstamp timestamp DEFAULT now())");
    await db.sql`insert into goose_db_version (version_id, is_applied) values (0, true), (1, true)`;
    const doc = await importHistory({ cwd: dir, url: db.url, env: {}, tool: "goose", directory: "db/migrations" });
    expect(doc.revisions.map((r) => [r.version, r.status])).toEqual([["1", "written"], ["2", "written"]]);
    expect(doc.stamp).toMatchObject({ table: "goose_db_version", applied: 1, revision: doc.revisions[0]!.revision });
    expect(await versionRows(db)).toEqual([doc.revisions[0]!.revision]);
    const up = await upgrade({ cwd: dir, url: db.url, env: {} });
    expect(up.steps.map((s) => s.revision)).toEqual([doc.revisions[1]!.revision]);
  });
});

describe("import, as a command", () => {
  it("an unknown tool or a missing directory is a usage error", async () => {
    const dir = tempProject("import_usage");
    const tool = await retort(dir, "import", "liquibase", "db");
    expect(tool.code).toBe(2);
    expect(tool.stderr).toContain("liquibase");
    const missing = await retort(dir, "import", "goose", "nowhere");
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('Cannot import goose migrations from "nowhere": it does not exist');
  });

  it("--json prints the import document", async () => {
    const { dir } = await setup("import_json", { "1_a.up.sql": "CREATE TABLE a (id int);", "1_a.down.sql": "DROP TABLE a;", "notes.md": "" });
    const r = await retort(dir, "--json", "import", "golang-migrate", "db/migrations");
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as { command: string; revisions: { version: string; status: string }[]; skipped: { file: string }[]; stamp: unknown };
    expect(doc.command).toBe("import");
    expect(doc.revisions.map((x) => [x.version, x.status])).toEqual([["1", "written"]]);
    expect(doc.skipped.map((s) => s.file)).toEqual(["notes.md"]);
    expect(doc.stamp).toBeNull();
  });
});
