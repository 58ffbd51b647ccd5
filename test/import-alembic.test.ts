/**
 * `retort import alembic` with Debian's Alembic (/usr/bin/python3 with python3-alembic and
 * python3-psycopg2) on a fixture project: the imported revisions build the schema Alembic's own
 * `upgrade heads` builds, keep its graph, undo everything, and the revision that reads the
 * connection is recovered from schema and reported as needing manual work.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { diffModels } from "../src/project/schema-diff.ts";
import { introspect } from "../src/db/introspect.ts";
import { downgrade, heads, history, importAlembic, upgrade } from "../src/index.ts";
import { AlembicRunError, AlembicUnavailableError, ImportConflictError, RecoveryDatabaseNotEmptyError } from "../src/scripts/errors-import.ts";
import { FIXTURE_IDS, writeAlembicFixture } from "./support/alembic-fixture.ts";
import { tempProject } from "./support/binary.ts";
import { createTestDatabase, type TestDatabase } from "./support/database.ts";
import { describeSchema } from "./support/schema.ts";

const PYTHON = "/usr/bin/python3";
const BOOKKEEPING = { schema: undefined, names: ["alembic_version", "retort_history"] };
const dbs: TestDatabase[] = [];
afterAll(async () => {
  for (const db of dbs) await db.drop();
});

async function database(label: string): Promise<TestDatabase> {
  const db = await createTestDatabase(label);
  dbs.push(db);
  return db;
}

/** A project directory holding the fixture Alembic project, and the environment its env.py needs. */
function fixtureProject(label: string): { dir: string; env: Record<string, string | undefined> } {
  const dir = tempProject(label);
  const { pythonPath } = writeAlembicFixture(dir);
  return { dir, env: { ...process.env, PYTHONPATH: pythonPath } };
}

/** Runs Python code with Alembic in the project directory; returns its stdout. */
function alembicPython(dir: string, env: Record<string, string | undefined>, code: string): string {
  const r = spawnSync(PYTHON, ["-c", `from alembic.config import Config\nfrom alembic import command\nfrom alembic.script import ScriptDirectory\ncfg = Config("alembic.ini")\n${code}`], { cwd: dir, env, encoding: "utf8" });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
}

const tablesOf = async (db: TestDatabase) => (await db.sql<{ t: string }[]>`select tablename as t from pg_tables where schemaname = 'public' order by 1`).map((r) => r.t);
const withoutBookkeeping = (lines: string[]) => lines.filter((l) => !/alembic_version|retort_history/.test(l));

describe("import alembic", () => {
  let dir: string;
  let env: Record<string, string | undefined>;
  let recoverDb: TestDatabase;
  let result: Awaited<ReturnType<typeof importAlembic>>;

  beforeAll(async () => {
    ({ dir, env } = fixtureProject("import_alembic"));
    recoverDb = await database("import_alembic_recover");
    result = await importAlembic({ cwd: dir, source: "alembic.ini", python: PYTHON, env, url: recoverDb.url });
  }, 60_000);

  it("writes one revision per Alembic revision, rendered offline, and recovers the connection-reading one from schema", () => {
    expect(result.revisions).toHaveLength(17);
    const byMethod = (m: string) => result.revisions.filter((r) => r.method === m).map((r) => r.revision);
    expect(byMethod("recovered-from-schema")).toEqual([FIXTURE_IDS.readsConnection]);
    expect(byMethod("rendered")).toHaveLength(16);
    expect(result.manualWork).toEqual([FIXTURE_IDS.readsConnection]);
    expect(result.recoveryDatabase).toContain(recoverDb.name);
    const recovered = result.revisions.find((r) => r.revision === FIXTURE_IDS.readsConnection)!;
    expect(recovered.offlineError).toContain("upgrade()");
    const text = readFileSync(recovered.path, "utf8");
    expect(text).toContain("-- PORT BY HAND: Alembic could not render alembic/versions/3c4d5e6f0014_admins_flag.py offline");
    expect(text).toMatch(/-- migrate:upgrade\n(--.*\n)+ALTER TABLE "public"\."users" ADD COLUMN "is_admin" boolean DEFAULT false NOT NULL;/);
    expect(text).toMatch(/-- migrate:downgrade\n(--.*\n)+ALTER TABLE "public"\."users" DROP COLUMN "is_admin";/);
  });

  it("keeps ids, parents (merges included), branch labels, depends_on, messages and create dates, named by the file template", () => {
    const versions = join(dir, "alembic", "versions");
    const merge = readFileSync(join(versions, `${FIXTURE_IDS.merge}_merge_billing.sql`), "utf8");
    expect(merge).toContain(`-- down_revision: ${FIXTURE_IDS.dropBody}, ${FIXTURE_IDS.invoiceAmount}\n`);
    expect(merge).toContain("-- create_date: 2024-03-12 10:12:00\n");
    const invoices = readFileSync(join(versions, `${FIXTURE_IDS.invoices}_billing_invoices.sql`), "utf8");
    expect(invoices).toContain("-- branch_labels: billing\n");
    expect(invoices).toContain(`-- depends_on: ${FIXTURE_IDS.users}\n`);
    expect(invoices.split("\n")[0]).toBe("-- billing: invoices");
    // truncate_slug_length = 30 in alembic.ini, as Alembic cuts slugs.
    expect(readdirSync(versions)).toContain(`${FIXTURE_IDS.partialIndex}_articles_title_index_partial_.sql`);
    const roles = readFileSync(join(versions, `${FIXTURE_IDS.roles}_roles_with_their_rows.sql`), "utf8");
    expect(roles).toContain("INSERT INTO roles (id, name) VALUES (1, 'admin'), (2, 'member');");
    // Alembic's autocommit_block: its COMMIT/BEGIN are dropped and the revision runs outside a transaction.
    const concurrent = readFileSync(join(versions, `${FIXTURE_IDS.concurrentIndex}_articles_user_index_built_.sql`), "utf8");
    expect(concurrent).toContain("-- transaction: false\n");
    expect(concurrent).toContain("CREATE INDEX CONCURRENTLY ix_articles_user ON articles (user_id);");
    for (const file of readdirSync(versions).filter((f) => f.endsWith(".sql"))) {
      const t = readFileSync(join(versions, file), "utf8");
      expect(t).not.toMatch(/alembic_version|^BEGIN|^COMMIT|-- Running/m);
    }
  });

  it("writes a retort.toml with the ini's settings, and never sqlalchemy.url", () => {
    const toml = readFileSync(join(dir, "retort.toml"), "utf8");
    expect(result.configFile).toBe(join(dir, "retort.toml"));
    expect(toml).toContain('script_location = "alembic"\n');
    expect(toml).toContain('version_table = "alembic_version"\n');
    expect(toml).not.toContain("file_template");
    expect(toml).toContain("# truncate_slug_length = 30");
    expect(toml).toContain("DATABASE_URL");
    expect(toml).not.toContain("driver://");
    expect(toml).not.toContain("pass");
  });

  it("upgrade head builds the schema Alembic's own upgrade builds, and downgrade base removes every table", async () => {
    const alembicDb = await database("import_alembic_theirs");
    const retortDb = await database("import_alembic_ours");
    alembicPython(dir, env, `cfg.set_main_option("sqlalchemy.url", ${JSON.stringify(alembicDb.url.replace(/^postgres:/, "postgresql:"))})\ncommand.upgrade(cfg, "heads")`);
    const up = await upgrade({ cwd: dir, url: retortDb.url, target: "head" });
    expect(up.steps).toHaveLength(17);

    expect(withoutBookkeeping(await describeSchema(retortDb.sql))).toEqual(withoutBookkeeping(await describeSchema(alembicDb.sql)));
    const diff = diffModels(await introspect(alembicDb.sql), await introspect(retortDb.sql), BOOKKEEPING);
    expect(diff.sql).toBe("");
    expect(await tablesOf(retortDb)).toContain("articles");

    await downgrade({ cwd: dir, url: retortDb.url, target: "base" });
    expect(await tablesOf(retortDb)).toEqual(["alembic_version", "retort_history"]);
    expect(await retortDb.sql`select typname from pg_type where typname = 'article_status'`).toEqual([]);
  }, 60_000);

  it("heads give Alembic's ids, and history lists them in Alembic's order", async () => {
    const theirs = JSON.parse(
      alembicPython(dir, env, `import json\ns = ScriptDirectory.from_config(cfg)\nprint(json.dumps({"heads": sorted(s.get_heads()), "history": [r.revision for r in s.walk_revisions()]}))`),
    ) as { heads: string[]; history: string[] };
    const ours = await heads({ cwd: dir });
    expect(ours.heads.map((h) => h.revision).sort()).toEqual(theirs.heads);
    const log = await history({ cwd: dir });
    // In order: the billing line (its own base) comes after the main line's 0002, as Alembic walks it.
    expect(log.entries.map((e) => e.revision)).toEqual(theirs.history);
    expect(log.entries).toHaveLength(17);
  });

  it("a second import writes nothing and says every revision is unchanged", async () => {
    const versions = join(dir, "alembic", "versions");
    const before = readdirSync(versions).map((f) => [f, readFileSync(join(versions, f), "utf8")]);
    const again = await importAlembic({ cwd: dir, source: "alembic.ini", python: PYTHON, env, url: (await database("import_alembic_again")).url });
    // The revision to port by hand is the user's once written: kept as it is, and still listed while it says PORT BY HAND.
    expect(again.revisions.filter((r) => r.status !== "unchanged").map((r) => [r.revision, r.status])).toEqual([[FIXTURE_IDS.readsConnection, "kept"]]);
    expect(again.manualWork).toEqual([FIXTURE_IDS.readsConnection]);
    expect(again.configFile).toBeNull();
    expect(readdirSync(versions).map((f) => [f, readFileSync(join(versions, f), "utf8")])).toEqual(before);
  }, 60_000);

  it("keeps a revision ported by hand, which then no longer needs manual work", async () => {
    const path = result.revisions.find((r) => r.revision === FIXTURE_IDS.readsConnection)!.path;
    const original = readFileSync(path, "utf8");
    const ported = original.replace(/-- PORT BY HAND:.*\n(--.*\n)*/g, "").replace("NOT NULL;\n", "NOT NULL;\nUPDATE users SET is_admin = true WHERE role_id = (SELECT id FROM roles WHERE name = 'admin');\n");
    writeFileSync(path, ported);
    try {
      const r = await importAlembic({ cwd: dir, source: "alembic.ini", python: PYTHON, env });
      expect(r.manualWork).toEqual([]);
      expect(r.revisions.find((x) => x.revision === FIXTURE_IDS.readsConnection)!.status).toBe("kept");
      expect(readFileSync(path, "utf8")).toBe(ported);
    } finally {
      writeFileSync(path, original);
    }
  }, 60_000);

  it("refuses to overwrite a revision file that says something else", async () => {
    const path = result.revisions.find((r) => r.revision === FIXTURE_IDS.usersName)!.path;
    const original = readFileSync(path, "utf8");
    writeFileSync(path, original.replace("VARCHAR(100)", "VARCHAR(120)"));
    try {
      await expect(importAlembic({ cwd: dir, source: "alembic", python: PYTHON, env })).rejects.toBeInstanceOf(ImportConflictError);
    } finally {
      writeFileSync(path, original);
    }
  }, 60_000);
});

describe("import alembic without a database, and its refusals", () => {
  it("writes the revision Alembic cannot render offline with the comment only, as needing manual work", async () => {
    const { dir, env } = fixtureProject("import_alembic_offline");
    const r = await importAlembic({ cwd: dir, source: ".", python: PYTHON, env });
    const rev = r.revisions.find((x) => x.revision === FIXTURE_IDS.readsConnection)!;
    expect(rev.method).toBe("needs-manual-work");
    expect(r.manualWork).toEqual([FIXTURE_IDS.readsConnection]);
    const text = readFileSync(rev.path, "utf8");
    expect(text).toContain("This section is empty: port upgrade() from alembic/versions/3c4d5e6f0014_admins_flag.py by hand");
    expect(text).not.toContain("ALTER TABLE");

    // Run again with --url, as the output advises: the untouched file is replaced by the recovered revision.
    const again = await importAlembic({ cwd: dir, source: ".", python: PYTHON, env, url: (await database("import_alembic_offline_then")).url });
    const recovered = again.revisions.find((x) => x.revision === FIXTURE_IDS.readsConnection)!;
    expect([recovered.method, recovered.status, recovered.path]).toEqual(["recovered-from-schema", "written", rev.path]);
    expect(again.revisions.filter((x) => x.status === "unchanged")).toHaveLength(16);
    expect(readFileSync(rev.path, "utf8")).toContain('ALTER TABLE "public"."users" ADD COLUMN "is_admin" boolean DEFAULT false NOT NULL;');
  }, 60_000);

  it("writes each revision beside its .py file when there are several version locations, and lists them in Alembic's order", async () => {
    const { dir, env } = fixtureProject("import_alembic_locations");
    const main = join(dir, "alembic", "versions");
    const billing = join(dir, "billing");
    mkdirSync(billing);
    for (const f of readdirSync(main).filter((f) => f.startsWith("2b3c4d5e"))) renameSync(join(main, f), join(billing, f));
    const ini = join(dir, "alembic.ini");
    writeFileSync(ini, readFileSync(ini, "utf8").replace("truncate_slug_length = 30\n", "truncate_slug_length = 30\nversion_locations = %(here)s/billing %(here)s/alembic/versions\n"));
    const r = await importAlembic({ cwd: dir, source: "alembic.ini", python: PYTHON, env });
    const folders = new Map(r.revisions.map((x) => [x.revision, dirname(x.path)]));
    expect([...folders].filter(([, folder]) => folder === billing).map(([id]) => id)).toEqual([FIXTURE_IDS.invoices, FIXTURE_IDS.invoiceAmount]);
    expect([...folders.values()].filter((folder) => folder === main)).toHaveLength(15);
    expect(readFileSync(join(dir, "retort.toml"), "utf8")).toContain('version_locations = ["billing", "alembic/versions"]\n');
    const theirs = JSON.parse(alembicPython(dir, env, `import json\nprint(json.dumps([r.revision for r in ScriptDirectory.from_config(cfg).walk_revisions()]))`)) as string[];
    expect((await history({ cwd: dir })).entries.map((e) => e.revision)).toEqual(theirs);
  }, 60_000);

  it("recovers in the --url database with the driver the ini names, never the ini's server or credentials", async () => {
    const { dir, env } = fixtureProject("import_alembic_driver");
    const ini = join(dir, "alembic.ini");
    writeFileSync(ini, readFileSync(ini, "utf8").replace("driver://user:pass@localhost/dbname", "postgresql+psycopg2://nobody:secret@nowhere.invalid/app"));
    const db = await database("import_alembic_driver");
    const r = await importAlembic({ cwd: dir, source: "alembic.ini", python: PYTHON, env, url: db.url });
    expect(r.revisions.find((x) => x.revision === FIXTURE_IDS.readsConnection)!.method).toBe("recovered-from-schema");
    expect(readFileSync(join(dir, "retort.toml"), "utf8")).not.toContain("secret");
    expect(await tablesOf(db)).toContain("users");
  }, 60_000);

  it("refuses a database that is not empty for the recovery, writing nothing", async () => {
    const { dir, env } = fixtureProject("import_alembic_busy");
    const db = await database("import_alembic_busy");
    await db.sql`create table customers (id int)`;
    await expect(importAlembic({ cwd: dir, source: "alembic.ini", python: PYTHON, env, url: db.url })).rejects.toBeInstanceOf(RecoveryDatabaseNotEmptyError);
    expect(readdirSync(join(dir, "alembic", "versions")).filter((f) => f.endsWith(".sql"))).toEqual([]);
    expect(existsSync(join(dir, "retort.toml"))).toBe(false);
  }, 60_000);

  it("runs env.py with the caller's environment: without the PYTHONPATH its imports need, Alembic's error is reported", async () => {
    const { dir, env } = fixtureProject("import_alembic_env");
    const err = await importAlembic({ cwd: dir, source: "alembic.ini", python: PYTHON, env: { ...env, PYTHONPATH: "" } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AlembicRunError);
    expect((err as AlembicRunError).exitCode).toBe(3);
    expect((err as Error).message).toContain(`Alembic failed on "${join(dir, "alembic.ini")}": ModuleNotFoundError: No module named 'fixture_app'`);
    expect(existsSync(join(dir, "retort.toml"))).toBe(false);
  }, 60_000);

  it("says clearly when the Python cannot import alembic, or cannot be run", async () => {
    const { dir, env } = fixtureProject("import_alembic_nopython");
    // The same interpreter without site-packages: a real Python on which `import alembic` fails.
    const bin = join(dir, "bin");
    mkdirSync(bin);
    const bare = join(bin, "python-without-alembic");
    writeFileSync(bare, `#!/bin/sh\nexec ${PYTHON} -S "$@"\n`);
    chmodSync(bare, 0o755);
    const err = await importAlembic({ cwd: dir, source: "alembic.ini", python: bare, env }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AlembicUnavailableError);
    expect((err as AlembicUnavailableError).code).toBe("alembic-unavailable");
    expect((err as Error).message).toBe(`Cannot render Alembic revisions with "${bare}": it cannot import alembic (ModuleNotFoundError: No module named 'alembic')`);
    const missing = await importAlembic({ cwd: dir, source: "alembic.ini", python: join(bin, "no-such-python"), env }).catch((e: unknown) => e);
    expect((missing as Error).message).toContain("no such program");
    expect(existsSync(join(dir, "retort.toml"))).toBe(false);
  }, 60_000);
});
