/**
 * A no-op upgrade, `current` and `heads`, answered from the project summary
 * (src/scripts/project-summary.ts): revision files unchanged since an earlier run, a database at
 * their heads (with their checksums). Every case is also run with the cache turned off, which
 * reads every file and plans in full: both must say the same, including when the summary must
 * not be believed.
 */
import { mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runRetort, tempProject } from "../support/binary.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { expectEditRefused, writeEnv, writeSqlRevision, type SqlRevisionSpec } from "../support/project.ts";

const HOUR_AGO = new Date(Date.now() - 60 * 60 * 1000);

let db: TestDatabase;
let dir: string;
let cacheDir: string;
let first: string;

/** retort with the run's cache directory (where the summary lives), or with no cache at all. */
const withCache = (...args: string[]) => runRetort(args, { cwd: dir, env: { RETORT_CACHE_DIR: cacheDir } });
const withoutCache = (...args: string[]) => runRetort(args, { cwd: dir, env: { RETORT_CACHE_DIR: "off" } });

/** A revision file dated an hour back, as a checkout's files are by deploy time. */
function writeOld(spec: SqlRevisionSpec): string {
  const path = writeSqlRevision(dir, spec);
  utimesSync(path, HOUR_AGO, HOUR_AGO);
  return path;
}

/** Runs `args` with the summary and without any cache; both must end alike. */
async function bothWays(...args: string[]) {
  const fast = await withCache(...args);
  const full = await withoutCache(...args);
  expect({ code: fast.code, stdout: fast.stdout, stderr: fast.stderr }).toEqual({ code: full.code, stdout: full.stdout, stderr: full.stderr });
  return fast;
}

beforeAll(async () => {
  db = await createTestDatabase("upgrade_summary");
  dir = tempProject("upgrade-summary");
  cacheDir = mkdtempSync(join(tmpdir(), "retort-summary-cache-"));
  writeEnv(dir, db.url);
  first = writeOld({ id: "5a0000000001", message: "users", upgrade: "CREATE TABLE users (id int);", downgrade: "DROP TABLE users;" });
  writeOld({ id: "5a0000000002", down: "5a0000000001", message: "posts", upgrade: "CREATE TABLE posts (id int);", downgrade: "DROP TABLE posts;" });
});

afterAll(async () => {
  await db.drop();
});

/** The summary files in the run's cache directory. */
const summaries = () => readdirSync(cacheDir).filter((f) => f.startsWith("summary-"));

/** `verb` in each of its forms, both ways; returns the plain one. */
async function everyWay(verb: "current" | "heads") {
  for (const args of [[verb, "-v"], [verb, "--json"], ...(verb === "current" ? [[verb, "--check-heads"]] : [])]) await bothWays(...args);
  return bothWays(verb);
}
const currentEveryWay = () => everyWay("current");

describe("a no-op upgrade from the project summary", () => {
  it("the first upgrade stores the summary of files older than the racy window, and the next finds nothing to do", async () => {
    const r = await withCache("upgrade", "head");
    expect(r.code, r.stderr).toBe(0);
    expect(summaries()).toHaveLength(1);
    const again = await bothWays("upgrade", "head", "--json");
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ command: "upgrade", headsBefore: ["5a0000000002"], headsAfter: ["5a0000000002"], steps: [] });
  });

  it("an applied revision whose recorded checksum no longer matches is still refused", async () => {
    const [row] = await db.sql<{ id: number; checksum: string }[]>`select id, checksum from retort_history where revision = '5a0000000001' order by id desc limit 1`;
    await db.sql`update retort_history set checksum = ${"0".repeat(64)} where id = ${row!.id}`;
    try {
      const r = await bothWays("upgrade", "head");
      expect(r.code).toBe(3);
      expect(r.stderr).toContain(`${first} (revision "5a0000000001")`);
    } finally {
      await db.sql`update retort_history set checksum = ${row!.checksum} where id = ${row!.id}`;
    }
  });

  it("a database behind the heads is upgraded, with the files unchanged", async () => {
    expect((await withCache("downgrade", "-1")).code).toBe(0);
    const r = await withCache("upgrade", "head");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain("Upgraded to 5a0000000002 (1 revision)");
    expect(await db.sql`select 1 from pg_tables where tablename = 'posts'`).toHaveLength(1);
  });

  it("with a second head, `heads` is a no-op and `head` the same error as without the summary", async () => {
    writeOld({ id: "5a0000000003", down: "5a0000000001", message: "tags", upgrade: "CREATE TABLE tags (id int);", downgrade: "DROP TABLE tags;" });
    expect((await withCache("upgrade", "heads")).code).toBe(0);
    // Stored for the three files by that run (the summary of two no longer matched).
    const again = await bothWays("upgrade", "heads");
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain("Nothing to upgrade");
    const head = await bothWays("upgrade", "head");
    expect(head.code).not.toBe(0);
    expect(head.stderr).toContain("5a0000000003");
    // Both heads are rows: `current` lists them from the summary, in the same order.
    const current = await currentEveryWay();
    expect(current.code, current.stderr).toBe(0);
    expect(current.stdout).toMatch(/5a0000000002 \(head\)\n5a0000000003 \(head\)/);
  });

  it("an edited revision is read again and refused, the summary notwithstanding", async () => {
    // Dated outside the racy window: the fingerprint alone must tell the edit.
    const edit = { from: "CREATE TABLE users (id int);", to: "CREATE TABLE users (id bigint);", mtime: new Date(HOUR_AGO.getTime() + 1000) };
    await expectEditRefused(first, "5a0000000001", edit, () => bothWays("upgrade", "heads"));
    const restored = await bothWays("upgrade", "heads");
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stderr).toContain("Nothing to upgrade");
  });

  it("a stamped database, where fewer revisions have a recorded checksum, is a no-op both ways, and one whose recorded checksum differs is refused", async () => {
    const stamped = await createTestDatabase("upgrade_summary_stamped");
    try {
      const url = ["--url", stamped.url];
      expect((await withCache("stamp", "heads", ...url)).code).toBe(0);
      const recorded = await stamped.sql<{ id: number; revision: string; checksum: string }[]>`select id, revision, checksum from retort_history where checksum <> '' order by id`;
      expect(recorded.map((r) => r.revision).sort()).toEqual(["5a0000000002", "5a0000000003"]);
      const noop = await bothWays("upgrade", "heads", ...url);
      expect(noop.code, noop.stderr).toBe(0);
      expect(noop.stderr).toContain("Nothing to upgrade");
      const tags = recorded.find((r) => r.revision === "5a0000000003")!;
      await stamped.sql`update retort_history set checksum = ${"0".repeat(64)} where id = ${tags.id}`;
      const refused = await bothWays("upgrade", "heads", ...url);
      expect(refused.code).toBe(3);
      expect(refused.stderr).toContain(`${join(dir, "migrations", "versions", "5a0000000003_tags.sql")} (revision "5a0000000003")`);
    } finally {
      await stamped.drop();
    }
  });
});

describe("`current` from the project summary", () => {
  it("a first `current` stores the summary, and later ones describe the heads from it alone", async () => {
    rmSync(cacheDir, { recursive: true, force: true });
    const first = await withCache("current");
    expect(first.code, first.stderr).toBe(0);
    expect(summaries()).toHaveLength(1);
    const later = await currentEveryWay();
    expect(later.code, later.stderr).toBe(0);
    expect(later.stdout).toContain("5a0000000002 (head)");
    const json = JSON.parse((await withCache("current", "--json")).stdout);
    expect(json).toMatchObject({ command: "current", atHeads: true, current: [{ revision: "5a0000000002", isCurrent: true, message: "posts" }, { revision: "5a0000000003" }] });
  });

  it("a row below the heads is described from the files, and --check-heads fails alike", async () => {
    await db.sql`update alembic_version set version_num = '5a0000000001' where version_num = '5a0000000002'`;
    try {
      const r = await currentEveryWay();
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain("5a0000000001");
      const check = await bothWays("current", "--check-heads");
      expect(check.code).toBe(1);
    } finally {
      await db.sql`update alembic_version set version_num = '5a0000000002' where version_num = '5a0000000001'`;
    }
  });

  it("a row no file knows is the same error, and a database at one of two heads is not at heads", async () => {
    await db.sql`update alembic_version set version_num = '5a00000000ff' where version_num = '5a0000000003'`;
    try {
      const unknown = await bothWays("current");
      expect(unknown.code).not.toBe(0);
      expect(unknown.stderr).toContain("5a00000000ff");
      await db.sql`delete from alembic_version where version_num = '5a00000000ff'`;
      const one = await currentEveryWay();
      expect(one.stdout).toBe("5a0000000002 (head)\n");
      expect((await bothWays("current", "--check-heads")).code).toBe(1);
    } finally {
      await db.sql`delete from alembic_version where version_num = '5a00000000ff'`;
      await db.sql`insert into alembic_version (version_num) values ('5a0000000003')`;
    }
  });

  it("files the versions directory holds beside the revisions are still reported", async () => {
    const note = join(dir, "migrations", "versions", "notes.txt");
    writeFileSync(note, "not a revision\n");
    try {
      const r = await currentEveryWay();
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toContain('"notes.txt"');
      const upgrade = await bothWays("upgrade", "heads");
      expect(upgrade.code, upgrade.stderr).toBe(0);
      expect(upgrade.stderr).toContain('"notes.txt"');
      expect(upgrade.stderr).toContain("Nothing to upgrade");
    } finally {
      rmSync(note);
    }
  });
});

describe("`heads` from the project summary", () => {
  it("lists the heads in the files' order, as the files themselves would", async () => {
    // A head below another head's sibling, whose file comes first in the directory.
    const deeper = writeOld({ id: "1b0000000004", down: "5a0000000002", message: "deeper", upgrade: "SELECT 1;", downgrade: "SELECT 1;" });
    try {
      rmSync(cacheDir, { recursive: true, force: true });
      const first = await withCache("heads");
      expect(first.code, first.stderr).toBe(0);
      expect(summaries()).toHaveLength(1);
      const later = await everyWay("heads");
      expect(later.code, later.stderr).toBe(0);
      expect(later.stdout).toBe("1b0000000004 (head)\n5a0000000003 (head)\n");
    } finally {
      rmSync(deeper);
    }
  });
});
