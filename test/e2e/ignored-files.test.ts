/**
 * Files in a versions directory that retort does not read are reported, never skipped silently: an
 * Alembic project's `.py` revisions point to `retort import alembic`, other files are named, and
 * `stamp` has no revisions to resolve a target against is an error rather than base.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runRetort, tempProject } from "../support/binary.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { writeEnv, writeSqlRevision } from "../support/project.ts";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase("ignored_files");
});
afterAll(async () => {
  await db.drop();
});

const ALEMBIC_REVISION = (rev: string, down: string) =>
  `"""add things\n\nRevision ID: ${rev}\nRevises: ${down}\n"""\nfrom alembic import op\n\nrevision = "${rev}"\ndown_revision = ${down === "" ? "None" : `"${down}"`}\n\ndef upgrade():\n    op.create_table("t_${rev}")\n`;

/** A project whose versions directory holds what an Alembic project leaves there. */
function alembicProject(label: string, extra: Record<string, string> = {}): string {
  const dir = tempProject(label);
  writeEnv(dir, db.url);
  const versions = join(dir, "migrations", "versions");
  mkdirSync(join(versions, "__pycache__"), { recursive: true });
  writeFileSync(join(versions, "1a2b3c4d5e6f_first.py"), ALEMBIC_REVISION("1a2b3c4d5e6f", ""));
  writeFileSync(join(versions, "2b3c4d5e6f70_second.py"), ALEMBIC_REVISION("2b3c4d5e6f70", "1a2b3c4d5e6f"));
  writeFileSync(join(versions, "3c4d5e6f7081_third.py"), ALEMBIC_REVISION("3c4d5e6f7081", "2b3c4d5e6f70"));
  writeFileSync(join(versions, "__pycache__", "1a2b3c4d5e6f_first.cpython-311.pyc"), "");
  writeFileSync(join(versions, ".1a2b3c4d5e6f_first.py.swp"), "");
  for (const [name, text] of Object.entries(extra)) writeFileSync(join(versions, name), text);
  return dir;
}

const retort = (dir: string, ...args: string[]) => runRetort(args, { cwd: dir });
const PY_NOTE = "migrations/versions holds 3 .py files, which retort does not read: if they are Alembic revisions, convert them with `retort import alembic`";

describe("files retort does not read", () => {
  it("heads and history say how many .py files the versions directory holds and point to the import", async () => {
    const dir = alembicProject("ignored_py");
    for (const verb of ["heads", "history"]) {
      const r = await retort(dir, verb);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toContain(PY_NOTE);
      // Hidden files and the __pycache__ directory are nobody's revisions: not mentioned.
      expect(r.stderr).not.toContain("swp");
      expect(r.stderr).not.toContain("pycache");
    }
  });

  it("names files with other extensions next to real revisions", async () => {
    const dir = alembicProject("ignored_other", { "README.md": "notes", "seed.csv": "a,b" });
    writeSqlRevision(dir, { id: "a00000000001", message: "first", upgrade: "SELECT 1;", downgrade: "SELECT 1;" });
    const r = await retort(dir, "history");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("<base> -> a00000000001 (head), first");
    expect(r.stderr).toContain('migrations/versions holds files retort does not read (only .sql and .ts revisions are): "README.md", "seed.csv"');
    // Beside revisions retort reads, .py files are most likely converted already: the note says to delete them once they are.
    expect(r.stderr).toContain("migrations/versions holds 3 .py files beside its revisions, which retort does not read: once `retort import alembic` has converted them (and they are ported), delete them");
  });

  it("the notes go to stderr, so --json output stays one document", async () => {
    const dir = alembicProject("ignored_json");
    const r = await retort(dir, "--json", "heads");
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ command: "heads", heads: [] });
    expect(r.stderr).toContain(PY_NOTE);
  });
});

describe("stamp without revisions", () => {
  it("stamp head is an error that points to the import, and records nothing", async () => {
    const dir = alembicProject("stamp_no_revisions");
    const r = await retort(dir, "stamp", "head");
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('Cannot stamp "head": no revision was read from "migrations/versions" to resolve it against');
    expect(r.stderr).toContain("`retort import alembic`");
    expect(await db.sql`select 1 from pg_tables where tablename = 'alembic_version'`).toHaveLength(0);
    const offline = await retort(dir, "stamp", "head", "--sql");
    expect(offline.code).toBe(3);
    expect(offline.stderr).toContain('Cannot stamp "head"');
  });

  it("an empty project without .py files is told to check its settings or create a revision", async () => {
    const dir = tempProject("stamp_empty");
    writeEnv(dir, db.url);
    mkdirSync(join(dir, "migrations", "versions"), { recursive: true });
    const r = await retort(dir, "stamp", "heads");
    expect(r.code).toBe(3);
    expect(r.stderr).toContain("Check script_location and version_locations");
  });

  it("current on a database Alembic stamped does not offer stamp --purge when no revision could be read", async () => {
    const dir = alembicProject("current_no_revisions");
    await db.sql`create table alembic_version (version_num varchar(32) not null primary key)`;
    try {
      await db.sql`insert into alembic_version values ('3c4d5e6f7081')`;
      const r = await retort(dir, "current");
      expect(r.code).toBe(3);
      expect(r.stderr).toContain('Cannot find revision "3c4d5e6f7081" from the version table');
      expect(r.stderr).not.toContain("--purge");
      expect(r.stderr).toContain("No revision script was read");
      expect(r.stderr).toContain(PY_NOTE);
    } finally {
      await db.sql`drop table alembic_version`;
    }
  });
});
