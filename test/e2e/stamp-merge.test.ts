/** stamp (with Alembic's row semantics and --purge) and merge, through the binary. */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runRetort, tempProject } from "../support/binary.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { writeEnv, writeSqlRevision } from "../support/project.ts";

let db: TestDatabase;
let dir: string;
const retort = (...args: string[]) => runRetort(args, { cwd: dir });

async function rows(): Promise<string[]> {
  const r = await db.sql<{ v: string }[]>`select version_num as v from alembic_version order by 1`;
  return r.map((x) => x.v);
}

beforeAll(async () => {
  db = await createTestDatabase("stamp");
  dir = tempProject("stamp");
  writeEnv(dir, db.url);
  // a1 ─ a2 ─ a3        (label "main")
  //    └ b1 ─ b2        (label "side", branches from a1)
  writeSqlRevision(dir, { id: "a10000000001", message: "a1", labels: ["main"], upgrade: "CREATE TABLE a1 (id int);", downgrade: "DROP TABLE a1;" });
  writeSqlRevision(dir, { id: "a20000000002", down: "a10000000001", message: "a2", upgrade: "CREATE TABLE a2 (id int);", downgrade: "DROP TABLE a2;" });
  writeSqlRevision(dir, { id: "a30000000003", down: "a20000000002", message: "a3", upgrade: "CREATE TABLE a3 (id int);", downgrade: "DROP TABLE a3;" });
  writeSqlRevision(dir, { id: "b10000000001", down: "a10000000001", message: "b1", labels: ["side"], upgrade: "CREATE TABLE b1 (id int);", downgrade: "DROP TABLE b1;" });
  writeSqlRevision(dir, { id: "b20000000002", down: "b10000000001", message: "b2", upgrade: "CREATE TABLE b2 (id int);", downgrade: "DROP TABLE b2;" });
});
afterAll(async () => {
  await db.drop();
});

describe("stamp", () => {
  it("stamp a revision records it without running anything", async () => {
    const r = await retort("stamp", "a2000");
    expect(r.code, r.stderr).toBe(0);
    expect(await rows()).toEqual(["a20000000002"]);
    expect(await db.sql`select 1 from pg_tables where tablename in ('a1', 'a2')`).toHaveLength(0);
    const h = await db.sql`select revision, direction from retort_history`;
    expect(h.map((x) => [x.revision, x.direction])).toEqual([["a20000000002", "stamp"]]);
  });

  it("stamp heads writes one row per head", async () => {
    expect((await retort("stamp", "heads")).code).toBe(0);
    expect(await rows()).toEqual(["a30000000003", "b20000000002"]);
  });

  it("stamp of one branch's revision replaces only that branch's row", async () => {
    expect((await retort("stamp", "side@b1000")).code).toBe(0);
    expect(await rows()).toEqual(["a30000000003", "b10000000001"]);
  });

  it("stamp of two revisions on one line is refused", async () => {
    const r = await retort("stamp", "a1000", "a3000");
    expect(r.code).toBe(3);
    expect(await rows()).toEqual(["a30000000003", "b10000000001"]);
  });

  it("stamp --purge clears a version table that holds an unknown revision", async () => {
    await db.sql`insert into alembic_version values ('deadbeef0000')`;
    const refused = await retort("current");
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain('Cannot find revision "deadbeef0000" from the version table');
    const r = await retort("stamp", "--purge", "a2000");
    expect(r.code, r.stderr).toBe(0);
    expect(await rows()).toEqual(["a20000000002"]);
  });

  it("stamp base empties the table", async () => {
    expect((await retort("stamp", "base")).code).toBe(0);
    expect(await rows()).toEqual([]);
  });
});

describe("merge", () => {
  it("merge heads writes a revision with both heads as parents, and upgrade head then works", async () => {
    expect((await retort("upgrade", "head")).code).toBe(3);
    const r = await retort("merge", "heads", "-m", "join branches", "--rev-id", "c00000000000");
    expect(r.code, r.stderr).toBe(0);
    const file = readdirSync(join(dir, "migrations", "versions")).find((f) => f.startsWith("c00000000000"))!;
    expect(file).toBe("c00000000000_join_branches.sql");
    expect(readFileSync(join(dir, "migrations", "versions", file), "utf8")).toContain("-- down_revision: a30000000003, b20000000002");
    const heads = await retort("heads");
    // The merge inherits both branches' labels, as Alembic shows them.
    expect(heads.stdout).toBe("c00000000000 (main, side) (head)\n");
    const up = await retort("upgrade", "head");
    expect(up.code, up.stderr).toBe(0);
    expect(await rows()).toEqual(["c00000000000"]);
    const history = await retort("history", "-r", "-1:");
    expect(history.stdout.split("\n")[0]).toBe("a30000000003, b20000000002 -> c00000000000 (main, side) (head) (mergepoint), join branches");
  });

  it("downgrade -1 from the merge restores both heads", async () => {
    const r = await retort("downgrade", "-1");
    expect(r.code, r.stderr).toBe(0);
    expect(await rows()).toEqual(["a30000000003", "b20000000002"]);
  });

  it("merging a revision with its own ancestor is refused", async () => {
    const r = await retort("merge", "a1000", "a3000", "-m", "nonsense");
    expect(r.code).toBe(3);
    expect(r.stderr).toContain("a10000000001");
  });
});
