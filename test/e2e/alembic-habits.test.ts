/** Alembic's command-line habits, through the binary: -v after a verb, inherited labels, hints that point where they should. */
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runRetort, tempProject } from "../support/binary.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { writeEnv, writeSqlRevision } from "../support/project.ts";

let db: TestDatabase;
let dir: string;
const retort = (...args: string[]) => runRetort(args, { cwd: dir });

beforeAll(async () => {
  db = await createTestDatabase("alembic_habits");
  dir = tempProject("alembic_habits");
  writeEnv(dir, db.url);
  // a1 ─┬─ a2                      (trunk, unlabelled)
  //     └─ b1 (billing) ─ b2       (b2 inherits "billing")
  writeSqlRevision(dir, { id: "a10000000001", message: "a1", upgrade: "CREATE TABLE a1 (id int);", downgrade: "DROP TABLE a1;" });
  writeSqlRevision(dir, { id: "a20000000002", down: "a10000000001", message: "a2", upgrade: "CREATE TABLE a2 (id int);", downgrade: "DROP TABLE a2;" });
  writeSqlRevision(dir, { id: "b10000000001", down: "a10000000001", message: "b1", labels: ["billing"], upgrade: "CREATE TABLE b1 (id int);", downgrade: "DROP TABLE b1;" });
  writeSqlRevision(dir, { id: "b20000000002", down: "b10000000001", message: "b2", upgrade: "CREATE TABLE b2 (id int);", downgrade: "DROP TABLE b2;" });
});
afterAll(async () => {
  await db.drop();
});

describe("-v after a verb", () => {
  it("history -v, heads -v and current -v mean --verbose, and retort -v is still the version", async () => {
    const history = await retort("history", "-v");
    expect(history.code, history.stderr).toBe(0);
    expect(history.stdout).toContain("Rev: b20000000002 (head)");
    expect(history.stdout).not.toContain("retort 0.");
    const heads = await retort("heads", "-v");
    expect(heads.stdout).toContain("Rev: a20000000002 (head)");
    expect((await retort("upgrade", "billing@head")).code).toBe(0);
    const current = await retort("current", "-v");
    expect(current.code, current.stderr).toBe(0);
    expect(current.stderr).toContain("Current revision(s) for");
    expect(current.stdout).toContain("Rev: b20000000002 (head)");
    const version = await retort("-v");
    expect(version.stdout).toMatch(/^retort \d/);
  });
});

describe("branch labels", () => {
  it("heads and history show a label on the revisions that inherit it, as Alembic does", async () => {
    const heads = await retort("heads");
    expect(heads.stdout.trim().split("\n")).toEqual(["a20000000002 (head)", "b20000000002 (billing) (head)"]);
    const history = await retort("history");
    expect(history.stdout).toContain("b10000000001 -> b20000000002 (billing) (head), b2");
    expect(history.stdout).toContain("a10000000001 -> b10000000001 (billing), b1");
    expect(history.stdout).toContain("<base> -> a10000000001 (branchpoint), a1");
    const show = await retort("show", "b20000000002");
    expect(show.stdout).toContain("Branch names: billing");
  });
});

describe("order", () => {
  it("heads, history and branches list revisions in the order Alembic lists them", async () => {
    // c0 ─┬─ c2
    //     └─ c5 ─┬─ c1
    //            └─ c3
    // The expected lists are Alembic's (1.8.1) for the same graph, its files listed by name:
    // RevisionMap.heads, walk_revisions, and the branch points in walk_revisions order.
    const project = tempProject("alembic_habits_order");
    const write = (id: string, down?: string) => writeSqlRevision(project, { id, down, message: id.slice(0, 2), upgrade: "SELECT 1;", downgrade: "SELECT 1;" });
    write("c0000000000a");
    write("c2000000000b", "c0000000000a");
    write("c5000000000c", "c0000000000a");
    write("c1000000000d", "c5000000000c");
    write("c3000000000e", "c5000000000c");
    const ids = async (...args: string[]) => {
      const r = await runRetort([...args, "--json"], { cwd: project });
      expect(r.code, r.stderr).toBe(0);
      return JSON.parse(r.stdout) as Record<string, { revision: string | { revision: string } }[]>;
    };
    expect((await ids("heads")).heads!.map((h) => h.revision)).toEqual(["c1000000000d", "c2000000000b", "c3000000000e"]);
    expect((await ids("history")).entries!.map((e) => e.revision)).toEqual(["c1000000000d", "c3000000000e", "c2000000000b", "c5000000000c", "c0000000000a"]);
    expect((await ids("branches")).branches!.map((b) => (b.revision as { revision: string }).revision)).toEqual(["c5000000000c", "c0000000000a"]);
  });
});

describe("hints", () => {
  it("the several-heads hint names the labels that pick a head, and only those", async () => {
    const r = await retort("upgrade", "head");
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('Pick one with "billing@head" or a revision id');
    const plain = tempProject("habits_unlabelled");
    writeEnv(plain, db.url);
    writeSqlRevision(plain, { id: "c10000000001", message: "c1", upgrade: "SELECT 1;" });
    writeSqlRevision(plain, { id: "c20000000002", down: "c10000000001", message: "c2", upgrade: "SELECT 1;" });
    writeSqlRevision(plain, { id: "c30000000003", down: "c10000000001", message: "c3", upgrade: "SELECT 1;" });
    const unlabelled = await runRetort(["upgrade", "head", "--sql"], { cwd: plain });
    expect(unlabelled.code).toBe(3);
    expect(unlabelled.stderr).toContain("Pick one by its revision id");
    expect(unlabelled.stderr).not.toContain("@head");
  });

  it("a usage error points to that verb's help", async () => {
    const r = await retort("merge", "heads");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("(run retort merge --help for usage)");
    const stamp = await retort("stamp");
    expect(stamp.stderr).toContain("(run retort stamp --help for usage)");
  });
});

describe("revision --version-path", () => {
  it("is refused outside version_locations, and writes into a configured one", async () => {
    const project = tempProject("habits_version_path");
    writeFileSync(join(project, "retort.toml"), 'version_locations = ["migrations/versions", "migrations/billing"]\n');
    mkdirSync(join(project, "migrations", "versions"), { recursive: true });
    mkdirSync(join(project, "migrations", "billing"), { recursive: true });
    const refused = await runRetort(["revision", "-m", "x", "--version-path", "elsewhere"], { cwd: project });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('Path "elsewhere" is not one of the version locations: "migrations/versions", "migrations/billing"');
    const ok = await runRetort(["revision", "-m", "bill", "--version-path", "migrations/billing/", "--rev-id", "d10000000001"], { cwd: project });
    expect(ok.code, ok.stderr).toBe(0);
    expect(readdirSync(join(project, "migrations", "billing"))).toEqual(["d10000000001_bill.sql"]);
  });
});

describe("init in an Alembic project", () => {
  it("offers the import next to what it creates", async () => {
    const project = tempProject("habits_init_alembic");
    writeFileSync(join(project, "alembic.ini"), "[alembic]\nscript_location = alembic\n");
    const r = await runRetort(["init"], { cwd: project });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain("This folder holds alembic.ini: to bring its Alembic revisions along, run `retort import alembic alembic.ini`");
  });

  it("offers the import when Alembic's script directory is in the way", async () => {
    const project = tempProject("habits_init_alembic_taken");
    writeFileSync(join(project, "alembic.ini"), "[alembic]\nscript_location = migrations\n");
    mkdirSync(join(project, "migrations", "versions"), { recursive: true });
    writeFileSync(join(project, "migrations", "env.py"), "");
    const r = await runRetort(["init"], { cwd: project });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("run `retort import alembic alembic.ini` to bring its revisions along");
  });
});
