/**
 * `retort watch` driven as a subprocess: each kind of save triggers one run, the previous version
 * of the head is undone (a renamed table leaves nothing behind), a downgrade that forgets an index
 * is reported by name, errors point at line:col and the fix applies, saves during a slow run fold
 * into one more run, a new revision becomes the head, and DATABASE_URL's database is untouched.
 */
import { renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { introspect } from "../../src/db/introspect.ts";
import { startRetort, tempProject, type RunningRetort } from "../support/binary.ts";
import postgres from "postgres";
import { adminUrl, createTestDatabase, type TestDatabase } from "../support/database.ts";
import { sqlRevisionText, writeEnv, writeSqlRevision } from "../support/project.ts";

let db: TestDatabase;
let scratch: TestDatabase;
let dir: string;
let watch: RunningRetort;
let headPath: string;

const BASE = "0a0a0a0a0a0a";
const HEAD = "0b0b0b0b0b0b";
/** Lines of finished runs (✓ applied, = unchanged). */
const runs = (): string[] => watch.stdout().split("\n").filter((l) => l.startsWith("✓") || l.startsWith("="));

/** Saves the head with `upgrade`/`downgrade`, as an editor writing in place. */
function headText(upgrade: string, downgrade: string): string {
  return sqlRevisionText({ id: HEAD, down: BASE, message: "head", upgrade, downgrade });
}

/** Waits until `n` runs have been reported, then a little longer to catch any extra one. */
async function waitForRuns(n: number): Promise<string[]> {
  await watch.waitForStdout(() => runs().length >= n, `${n} runs`);
  await new Promise((r) => setTimeout(r, 300));
  return runs();
}

/** A connection of its own each time: the watch drops and clones the scratch database, ending sessions on it. */
async function scratchModel() {
  const sql = postgres(scratch.url, { max: 1, onnotice: () => {} });
  try {
    return await introspect(sql);
  } finally {
    await sql.end({ timeout: 1 });
  }
}

async function scratchTables(): Promise<string[]> {
  const model = await scratchModel();
  return Object.values(model.tables)
    .map((t) => t.name)
    .filter((n) => n !== "alembic_version" && n !== "retort_history")
    .sort();
}

beforeAll(async () => {
  [db, scratch] = await Promise.all([createTestDatabase("watch"), createTestDatabase("watch_scratch")]);
  dir = tempProject("watch");
  writeEnv(dir, db.url);
  writeSqlRevision(dir, { id: BASE, message: "base", upgrade: "CREATE TABLE base_t (id int PRIMARY KEY);", downgrade: "DROP TABLE base_t;" });
  headPath = writeSqlRevision(dir, { id: HEAD, down: BASE, message: "head", upgrade: "CREATE TABLE a (id int PRIMARY KEY);", downgrade: "DROP TABLE a;" });
  watch = startRetort(["watch"], { cwd: dir, env: { SCRATCH_DATABASE_URL: scratch.url } });
  await watch.waitForStderr(/Watching .* \(head 0b0b0b0b0b0b\)/);
});

afterAll(async () => {
  watch?.child.kill("SIGINT");
  await watch?.done;
  await Promise.all([db?.drop(), scratch?.drop()]);
  // The template the watch keeps beside its scratch database.
  const root = postgres(adminUrl(), { max: 1, onnotice: () => {} });
  await root.unsafe(`drop database if exists "${scratch.name}_base" with (force)`);
  await root.end();
});

describe("retort watch", () => {
  it("says where the scratch database is, as a URL psql takes", async () => {
    await watch.waitForStderr(/^Scratch database: postgres:\/\/[^\s:@]+@127\.0\.0\.1:\d+\/retort_watch_scratch_\w+$/m);
  });

  it("starts with the base and the head applied, and reports it", async () => {
    const [first] = await waitForRuns(1);
    expect(first).toMatch(/^✓ 0b0b0b0b0b0b_head\.sql \(0b0b0b0b0b0b\) in \d+ ms .*: \+table a; downgrade restores the schema$/);
    expect(await scratchTables()).toEqual(["a", "base_t"]);
  });

  it("renaming a table in the head leaves only the new one (in-place write)", async () => {
    writeFileSync(headPath, headText("CREATE TABLE b (id int PRIMARY KEY);", "DROP TABLE b;"));
    const all = await waitForRuns(2);
    expect(all).toHaveLength(2);
    expect(all[1]).toMatch(/: \+table b; downgrade restores the schema$/);
    expect(await scratchTables()).toEqual(["b", "base_t"]);
  });

  it("an atomic rename save triggers exactly one run", async () => {
    const tmp = join(dir, "migrations", "versions", ".head.tmp");
    writeFileSync(tmp, headText("CREATE TABLE b (id int PRIMARY KEY, v text);", "DROP TABLE b;"));
    renameSync(tmp, headPath);
    const all = await waitForRuns(3);
    expect(all).toHaveLength(3);
    expect(all[2]).toContain("+table b");
  });

  it("a vim-style save (rename to a backup, write anew) triggers exactly one run", async () => {
    renameSync(headPath, `${headPath}~`);
    writeFileSync(headPath, headText("CREATE TABLE b (id int PRIMARY KEY, v text, w int);", "DROP TABLE b;"));
    const all = await waitForRuns(4);
    expect(all).toHaveLength(4);
    expect(await scratchTables()).toEqual(["b", "base_t"]);
  });

  it("a comment-only edit is reported as unchanged, without a run", async () => {
    writeFileSync(headPath, `${headText("CREATE TABLE b (id int PRIMARY KEY, v text, w int); -- w is new", "DROP TABLE b;")}\n-- a note\n`);
    const all = await waitForRuns(5);
    expect(all[4]).toBe("= 0b0b0b0b0b0b_head.sql: unchanged (comments or layout only)");
  });

  it("a downgrade that forgets an index is reported, naming the index", async () => {
    writeFileSync(headPath, headText("CREATE TABLE b (id int PRIMARY KEY, v text);\nCREATE INDEX base_t_extra ON base_t (id);", "DROP TABLE b;"));
    const all = await waitForRuns(6);
    expect(all[5]).toMatch(/downgrade does not restore the schema: it leaves index base_t_extra$/);
  });

  it("prints the head's lint findings after its report: base_t exists below the head, b is new", async () => {
    await watch.waitForStderr(/0b0b0b0b0b0b_head\.sql:\d+:1: error\[create-index-concurrently\] \(upgrade\): Building index base_t_extra locks base_t in SHARE mode/);
    expect(watch.stdout()).not.toContain("error[");
  });

  it("a head whose downgrade did not restore the schema is replaced from the template database", async () => {
    writeFileSync(headPath, headText("CREATE TABLE b (id int PRIMARY KEY, v text);", "DROP TABLE b;"));
    await watch.waitForStderr(/Restored the revisions below the head from the template database/);
    const all = await waitForRuns(7);
    expect(all[6]).toMatch(/\[rebuild \d+ ms, upgrade \d+ ms, roundtrip \d+ ms\]: \+table b; downgrade restores the schema$/);
    expect(await scratchTables()).toEqual(["b", "base_t"]);
  });

  it("a syntax error is reported at line:col with the line, and the fix applies", async () => {
    writeFileSync(headPath, headText("CREATE TABLE c (id int PRIMARY KEY,);", "DROP TABLE c;"));
    await watch.waitForStderr(/0b0b0b0b0b0b_head\.sql:\d+:\d+: syntax error at or near "\)"/);
    expect(await scratchTables()).toEqual(["base_t"]);
    writeFileSync(headPath, headText("CREATE TABLE c (id int PRIMARY KEY);", "DROP TABLE c;"));
    const all = await waitForRuns(8);
    expect(all[7]).toContain("+table c; downgrade restores the schema");
    expect(await scratchTables()).toEqual(["base_t", "c"]);
  });

  it("saves during a slow run cause exactly one more run, with the last content", async () => {
    writeFileSync(headPath, headText("SELECT pg_sleep(1.5);\nCREATE TABLE slow (id int);", "DROP TABLE slow;"));
    await new Promise((r) => setTimeout(r, 300));
    for (const name of ["d1", "d2", "d3"]) {
      writeFileSync(headPath, headText(`CREATE TABLE ${name} (id int);`, `DROP TABLE ${name};`));
      await new Promise((r) => setTimeout(r, 80));
    }
    const all = await waitForRuns(10);
    await new Promise((r) => setTimeout(r, 1500));
    expect(runs()).toHaveLength(10);
    expect(all[9]).toContain("+table d3");
    expect(await scratchTables()).toEqual(["base_t", "d3"]);
  });

  it("a new revision on top becomes the head; the old head stays applied", async () => {
    writeSqlRevision(dir, { id: "0c0c0c0c0c0c", down: HEAD, message: "next", upgrade: "CREATE TABLE e (id int);", downgrade: "DROP TABLE e;" });
    await watch.waitForStderr(/Now watching 0c0c0c0c0c0c_next\.sql; 0b0b0b0b0b0b stays applied/);
    const all = await waitForRuns(11);
    expect(all[10]).toMatch(/^✓ 0c0c0c0c0c0c_next\.sql \(0c0c0c0c0c0c\) .*: \+table e; downgrade restores the schema$/);
    expect(await scratchTables()).toEqual(["base_t", "d3", "e"]);
  });

  it("an edit to an earlier revision rebuilds the base", async () => {
    writeSqlRevision(dir, { id: BASE, message: "base", upgrade: "CREATE TABLE base_t (id int PRIMARY KEY, extra text);", downgrade: "DROP TABLE base_t;" });
    await watch.waitForStderr(/An earlier revision changed: rebuilding the scratch database/);
    await waitForRuns(12);
    const model = await scratchModel();
    expect(model.tables['"public"."base_t"']!.columns.map((c) => c.name)).toEqual(["id", "extra"]);
    expect(await scratchTables()).toEqual(["base_t", "d3", "e"]);
  });

  it("a file that breaks the graph is reported, and the watch goes on once it is fixed", async () => {
    const broken = writeSqlRevision(dir, { id: "0d0d0d0d0d0d", down: "ffffffffffff", message: "orphan", upgrade: "SELECT 1;" });
    await watch.waitForStderr(/Cannot find down_revision "ffffffffffff" of revision "0d0d0d0d0d0d"/);
    writeFileSync(broken, sqlRevisionText({ id: "0d0d0d0d0d0d", down: "0c0c0c0c0c0c", message: "orphan", upgrade: "CREATE TABLE f (id int);", downgrade: "DROP TABLE f;" }));
    const all = await waitForRuns(13);
    expect(all[12]).toContain("+table f; downgrade restores the schema");
  });

  it("leaves the DATABASE_URL database untouched, and Ctrl-C exits 0 keeping the scratch database", async () => {
    const tables = await db.sql`select count(*)::int as n from pg_class where relnamespace = 'public'::regnamespace`;
    expect(tables[0]!.n).toBe(0);
    watch.child.kill("SIGINT");
    const result = await watch.done;
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain("Left the scratch database");
    expect(await scratchTables()).toEqual(["base_t", "d3", "e", "f"]);
  });
});

describe("retort watch with a TypeScript head", () => {
  it("imports each saved version afresh", async () => {
    const [tsDb, tsScratch] = await Promise.all([createTestDatabase("watch_ts"), createTestDatabase("watch_ts_scratch")]);
    const tsDir = tempProject("watch-ts");
    writeEnv(tsDir, tsDb.url);
    writeSqlRevision(tsDir, { id: BASE, message: "base", upgrade: "CREATE TABLE base_t (id int PRIMARY KEY);", downgrade: "DROP TABLE base_t;" });
    const tsHead = join(tsDir, "migrations", "versions", `${HEAD}_ts_head.ts`);
    const tsText = (table: string) =>
      [
        `export const revision = "${HEAD}";`,
        `export const down_revision = "${BASE}";`,
        `export async function upgrade({ sql }) { await sql.unsafe("CREATE TABLE ${table} (id int)"); }`,
        `export async function downgrade({ sql }) { await sql.unsafe("DROP TABLE ${table}"); }`,
        "",
      ].join("\n");
    writeFileSync(tsHead, tsText("ts_one"));
    const tsWatch = startRetort(["watch"], { cwd: tsDir, env: { SCRATCH_DATABASE_URL: tsScratch.url } });
    try {
      await tsWatch.waitForStdout((s) => s.includes("+table ts_one"), "the first version");
      writeFileSync(tsHead, tsText("ts_two"));
      await tsWatch.waitForStdout((s) => s.includes("+table ts_two; downgrade restores the schema"), "the second version");
      const model = await introspect(tsScratch.sql);
      expect(Object.values(model.tables).map((t) => t.name).filter((n) => n.startsWith("ts_"))).toEqual(["ts_two"]);
    } finally {
      tsWatch.child.kill("SIGINT");
      await tsWatch.done;
      await Promise.all([tsDb.drop(), tsScratch.drop()]);
      const root = postgres(adminUrl(), { max: 1, onnotice: () => {} });
      await root.unsafe(`drop database if exists "${tsScratch.name}_base" with (force)`);
      await root.end();
    }
  });
});

describe("retort watch --drop-on-exit", () => {
  it("drops the scratch database and its template when it ends", async () => {
    const main = await createTestDatabase("watch_drop");
    const name = `${main.name}_scratch`;
    const dropDir = tempProject("watch-drop");
    writeEnv(dropDir, main.url);
    writeSqlRevision(dropDir, { id: BASE, message: "base", upgrade: "CREATE TABLE base_t (id int PRIMARY KEY);", downgrade: "DROP TABLE base_t;" });
    const w = startRetort(["watch", "--drop-on-exit"], { cwd: dropDir });
    const root = postgres(adminUrl(), { max: 1, onnotice: () => {} });
    try {
      await w.waitForStderr(/Watching .* \(head 0a0a0a0a0a0a\)/);
      const during = await root<{ datname: string }[]>`select datname from pg_database where datname in (${name}, ${`${name}_base`}) order by 1`;
      expect(during.map((r) => r.datname)).toEqual([name, `${name}_base`]);
      w.child.kill("SIGINT");
      const result = await w.done;
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).toContain("Dropped the scratch database");
      const after = await root<{ datname: string }[]>`select datname from pg_database where datname in (${name}, ${`${name}_base`})`;
      expect(after).toEqual([]);
    } finally {
      if (w.child.exitCode === null) w.child.kill("SIGKILL");
      await root.unsafe(`drop database if exists "${name}" with (force)`);
      await root.unsafe(`drop database if exists "${name}_base" with (force)`);
      await root.end();
      await main.drop();
    }
  });
});
