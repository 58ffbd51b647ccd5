/**
 * A `transaction: false` revision left half done (a failing statement, a killed process) is
 * resumed at the statement that did not commit, and refused when its file changed meanwhile.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runRetort, startRetort } from "../support/binary.ts";
import type { TestDatabase } from "../support/database.ts";
import { freshProjects } from "../support/fresh-project.ts";
import { writeSqlRevision } from "../support/project.ts";

const freshProject = freshProjects();

const BASE = "5e5a00000001";
const FIVE = "5e5a00000002";

/** The five statements (file lines 11 to 15); the third needs a table `gate` that the test creates between runs. */
const FIVE_STATEMENTS = [
  "CREATE TABLE a (id int);",
  "CREATE INDEX CONCURRENTLY items_name_idx ON items (name);",
  "INSERT INTO a SELECT id FROM gate;",
  "CREATE TABLE b (id int);",
  "CREATE INDEX CONCURRENTLY a_id_idx ON a (id);",
];

/** A base revision creating `items`, then a `transaction: false` revision of five statements; returns the latter's path. */
function baseAndFive(dir: string, statements: readonly string[] = FIVE_STATEMENTS): string {
  writeSqlRevision(dir, { id: BASE, message: "items", upgrade: "CREATE TABLE items (id int PRIMARY KEY, name text);", downgrade: "DROP TABLE items;" });
  return writeSqlRevision(dir, {
    id: FIVE,
    down: BASE,
    message: "five statements",
    transactional: false,
    upgrade: statements.join("\n"),
    downgrade: "DROP INDEX CONCURRENTLY a_id_idx;\nDROP TABLE b;\nDROP INDEX CONCURRENTLY items_name_idx;\nDROP TABLE a;",
  });
}

async function count(db: TestDatabase, query: string): Promise<number> {
  return (await db.sql.unsafe<{ n: number }[]>(`select count(*)::int as n from (${query}) q`))[0]!.n;
}

/** Each object the five statements create, counted. */
async function objectsOfFive(db: TestDatabase): Promise<Record<string, number>> {
  return {
    a: await count(db, "select from pg_tables where tablename = 'a'"),
    b: await count(db, "select from pg_tables where tablename = 'b'"),
    items_name_idx: await count(db, "select from pg_indexes where indexname = 'items_name_idx'"),
    a_id_idx: await count(db, "select from pg_indexes where indexname = 'a_id_idx'"),
  };
}

async function versions(db: TestDatabase): Promise<string[]> {
  return (await db.sql`select version_num from alembic_version`).map((r) => r.version_num as string);
}

async function stepRows(db: TestDatabase): Promise<string[][]> {
  return (await db.sql`select revision, direction from retort_history where direction <> 'statement' order by id`).map((r) => [r.revision as string, r.direction as string]);
}

describe("a transaction: false revision that failed at its third statement", () => {
  it("resumes at the third statement on the next run, and every object exists once", async () => {
    const { db, dir } = await freshProject("resume_ok");
    const path = baseAndFive(dir);
    const failed = await runRetort(["upgrade", "head"], { cwd: dir });
    expect(failed.code, failed.stderr).toBe(4);
    expect(failed.stderr).toContain(`${path}:13:`);
    expect(failed.stderr).toContain("line 11: CREATE TABLE a (id int)");
    expect(failed.stderr).toContain("line 12: CREATE INDEX CONCURRENTLY items_name_idx ON items (name)");
    expect(failed.stderr).toContain("run again to resume at it");
    const recorded = await db.sql`select statement_index, statement_line, section, checksum from retort_history where direction = 'statement' order by id`;
    expect(recorded.map((r) => [r.statement_index, r.statement_line, r.section])).toEqual([
      [0, 11, "upgrade"],
      [1, 12, "upgrade"],
    ]);
    expect(recorded[0]!.checksum).toMatch(/^[0-9a-f]{64}$/);

    await db.sql`create table gate (id int)`;
    await db.sql`insert into gate values (42)`;
    const resumed = await runRetort(["upgrade", "head"], { cwd: dir });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain(`Resuming revision "${FIVE}" (${path}): skipping the 2 statements an earlier run committed`);
    expect(await objectsOfFive(db)).toEqual({ a: 1, b: 1, items_name_idx: 1, a_id_idx: 1 });
    expect((await db.sql`select id from a`).map((r) => r.id)).toEqual([42]);
    expect(await versions(db)).toEqual([FIVE]);
    expect(await stepRows(db)).toEqual([
      [BASE, "upgrade"],
      [FIVE, "upgrade"],
    ]);
    const history = await runRetort(["history", "--indicate-current", "--verbose"], { cwd: dir });
    expect(history.code, history.stderr).toBe(0);
    // Each revision applied once, read from its step row, whatever statement rows follow.
    expect(history.stdout.match(/^Applied: .* \(retort /gm)).toHaveLength(2);

    // Once the revision is recorded as applied, its progress no longer counts.
    const again = await runRetort(["upgrade", "head"], { cwd: dir });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).not.toContain("Resuming");
  });

  it("downgraded and upgraded again, it runs from its first statement: the old progress rows are not picked up", async () => {
    const { db, dir } = await freshProject("resume_stale");
    baseAndFive(dir);
    expect((await runRetort(["upgrade", "head"], { cwd: dir })).code).toBe(4);
    await db.sql`create table gate (id int)`;
    expect((await runRetort(["upgrade", "head"], { cwd: dir })).code).toBe(0);
    const down = await runRetort(["downgrade", BASE], { cwd: dir });
    expect(down.code, down.stderr).toBe(0);
    expect(down.stderr).not.toContain("Resuming");
    expect(await objectsOfFive(db)).toEqual({ a: 0, b: 0, items_name_idx: 0, a_id_idx: 0 });
    const up = await runRetort(["upgrade", "head"], { cwd: dir });
    expect(up.code, up.stderr).toBe(0);
    expect(up.stderr).not.toContain("Resuming");
    expect(await objectsOfFive(db)).toEqual({ a: 1, b: 1, items_name_idx: 1, a_id_idx: 1 });
  });

  it("a downgrade that failed at its fourth statement resumes there too", async () => {
    const { db, dir } = await freshProject("resume_down");
    const path = baseAndFive(dir);
    await db.sql`create table gate (id int)`;
    expect((await runRetort(["upgrade", "head"], { cwd: dir })).code).toBe(0);
    // A view on `a` makes the downgrade's last statement (DROP TABLE a) fail once.
    await db.sql`create view on_a as select * from a`;
    const failed = await runRetort(["downgrade", BASE], { cwd: dir });
    expect(failed.code, failed.stderr).toBe(4);
    expect(failed.stderr).toContain("line 20: DROP INDEX CONCURRENTLY items_name_idx");
    await db.sql`drop view on_a`;
    const resumed = await runRetort(["downgrade", BASE, "--json"], { cwd: dir });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(JSON.parse(resumed.stdout).steps).toEqual([expect.objectContaining({ revision: FIVE, direction: "downgrade", skippedStatements: 3 })]);
    expect(resumed.stderr).toContain(`Resuming revision "${FIVE}" (${path}): skipping the 3 statements an earlier run committed`);
    expect(await objectsOfFive(db)).toEqual({ a: 0, b: 0, items_name_idx: 0, a_id_idx: 0 });
    expect(await versions(db)).toEqual([BASE]);
    expect(await stepRows(db)).toEqual([
      [BASE, "upgrade"],
      [FIVE, "upgrade"],
      [FIVE, "downgrade"],
    ]);
  });

  it("is refused with exit 3 when its file changed meanwhile, showing what was committed; rehash forgets the record", async () => {
    const { db, dir } = await freshProject("resume_changed");
    const path = baseAndFive(dir);
    expect((await runRetort(["upgrade", "head"], { cwd: dir })).code).toBe(4);
    await db.sql`create table gate (id int)`;
    writeFileSync(path, readFileSync(path, "utf8").replace("CREATE INDEX CONCURRENTLY items_name_idx ON items (name);", "CREATE INDEX CONCURRENTLY items_name_idx ON items (name, id);"));

    const refused = await runRetort(["upgrade", "head"], { cwd: dir });
    expect(refused.code, refused.stderr).toBe(3);
    expect(refused.stderr).toContain(`${path}: the upgrade of revision "${FIVE}" was left half done, and the file has changed since`);
    expect(refused.stderr).toContain("line 11: CREATE TABLE a (id int)");
    expect(refused.stderr).toContain("line 12: CREATE INDEX CONCURRENTLY items_name_idx ON items (name)");
    expect(refused.stderr).toContain("statement 2 (committed from line 12) now reads, at line 12: CREATE INDEX CONCURRENTLY items_name_idx ON items (name, id)");
    expect(refused.stderr).toContain(`retort rehash ${FIVE}`);
    // Nothing ran: the third statement would have succeeded now.
    expect(await count(db, "select from pg_tables where tablename = 'b'")).toBe(0);
    expect(await versions(db)).toEqual([BASE]);

    // Fewer statements than were committed is a change too.
    writeFileSync(path, readFileSync(path, "utf8").replace(/-- migrate:upgrade\n[^]*?\n\n-- migrate:downgrade/, "-- migrate:upgrade\nCREATE TABLE a (id int);\n\n-- migrate:downgrade"));
    const fewer = await runRetort(["upgrade", "head"], { cwd: dir });
    expect(fewer.code, fewer.stderr).toBe(3);
    expect(fewer.stderr).toContain("statement 2 (line 12) is gone: the section now has 1 statements");

    // Undone by hand, the record forgotten: the next run starts from the first statement.
    baseAndFive(dir);
    await db.sql`drop index items_name_idx`;
    await db.sql`drop table a`;
    const rehash = await runRetort(["rehash", FIVE], { cwd: dir });
    expect(rehash.code, rehash.stderr).toBe(0);
    expect(rehash.stderr).toContain(`Forgot the 2 committed statements recorded for ${path} (revision "${FIVE}")`);
    const up = await runRetort(["upgrade", "head"], { cwd: dir });
    expect(up.code, up.stderr).toBe(0);
    expect(up.stderr).not.toContain("Resuming");
    expect(await objectsOfFive(db)).toEqual({ a: 1, b: 1, items_name_idx: 1, a_id_idx: 1 });
  });
});

describe("a retort process killed between two statements of a transaction: false revision", () => {
  it("leaves an exact record, and the next run resumes after the committed statements", async () => {
    const { db, dir } = await freshProject("resume_kill");
    // The third statement sleeps until the test creates `go_on`: the window to kill retort in.
    const sleeper = "SELECT pg_sleep(CASE WHEN to_regclass('go_on') IS NULL THEN 60 ELSE 0 END);";
    writeSqlRevision(dir, { id: BASE, message: "items", upgrade: "CREATE TABLE items (id int PRIMARY KEY, name text);", downgrade: "DROP TABLE items;" });
    const path = writeSqlRevision(dir, {
      id: FIVE,
      down: BASE,
      message: "slow",
      transactional: false,
      upgrade: ["CREATE TABLE k1 (id int);", "CREATE INDEX CONCURRENTLY items_name_idx ON items (name);", sleeper, "CREATE TABLE k2 (id int);", "INSERT INTO k1 VALUES (1);"].join("\n"),
    });
    const run = startRetort(["upgrade", "head"], { cwd: dir });
    const sleeping = async (): Promise<number | undefined> =>
      (await db.sql`select pid from pg_stat_activity where datname = current_database() and state = 'active' and query like 'SELECT pg_sleep(CASE%'`)[0]?.pid as number | undefined;
    let pid: number | undefined;
    while (!(pid = await sleeping())) {
      await new Promise((r) => setTimeout(r, 50));
    }
    run.child.kill("SIGKILL");
    const killed = await run.done;
    expect(killed.code).toBe(128);
    // The killed process's backend sleeps on until it notices; it holds nothing, but end it anyway.
    await db.sql`select pg_terminate_backend(${pid})`;
    expect((await db.sql`select statement_index from retort_history where direction = 'statement' order by id`).map((r) => r.statement_index)).toEqual([0, 1]);
    expect(await versions(db)).toEqual([BASE]);

    await db.sql`create table go_on ()`;
    const resumed = await runRetort(["upgrade", "head"], { cwd: dir });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain(`Resuming revision "${FIVE}" (${path}): skipping the 2 statements an earlier run committed`);
    expect(await count(db, "select from pg_tables where tablename in ('k1', 'k2')")).toBe(2);
    expect(await count(db, "select from pg_indexes where indexname = 'items_name_idx'")).toBe(1);
    expect(await count(db, "select from k1")).toBe(1);
    expect(await versions(db)).toEqual([FIVE]);
    expect(await stepRows(db)).toEqual([
      [BASE, "upgrade"],
      [FIVE, "upgrade"],
    ]);
  });
});

describe("a retort_history table created by an earlier version", () => {
  /** The history table's DDL before statement progress was recorded. */
  const OLD_HISTORY_DDL = `CREATE TABLE IF NOT EXISTS "retort_history" (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  revision varchar(32) NOT NULL,
  direction text NOT NULL CHECK (direction IN ('upgrade', 'downgrade', 'stamp', 'rehash')),
  message text NOT NULL DEFAULT '',
  checksum text,
  started_at timestamptz NOT NULL,
  duration_ms double precision NOT NULL,
  db_user text NOT NULL DEFAULT current_user,
  client_host text,
  client_addr text DEFAULT inet_client_addr()::text,
  tool_version text NOT NULL
);
CREATE INDEX IF NOT EXISTS "retort_history_revision_idx" ON "retort_history" (revision, id)`;

  it("is brought forward by the next run that writes, keeps its rows, and progress is then recorded and resumed", async () => {
    const { db, dir } = await freshProject("resume_old_table");
    baseAndFive(dir);
    await db.sql.unsafe(OLD_HISTORY_DDL);
    await db.sql.unsafe(`CREATE TABLE alembic_version (version_num varchar(32) NOT NULL, CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num));
      INSERT INTO alembic_version VALUES ('${BASE}');
      CREATE TABLE items (id int PRIMARY KEY, name text);
      INSERT INTO retort_history (revision, direction, message, started_at, duration_ms, tool_version) VALUES ('${BASE}', 'stamp', 'items', now(), 0, '0.0.1')`);

    const failed = await runRetort(["upgrade", "head"], { cwd: dir });
    expect(failed.code, failed.stderr).toBe(4);
    expect((await db.sql`select direction, statement_index from retort_history order by id`).map((r) => [r.direction, r.statement_index])).toEqual([
      ["stamp", null],
      ["statement", 0],
      ["statement", 1],
    ]);
    const check = await db.sql`select pg_get_constraintdef(oid) as def from pg_constraint where conrelid = 'retort_history'::regclass and contype = 'c'`;
    expect(check.map((c) => c.def)).toEqual([expect.stringContaining("'statement'::text")]);

    await db.sql`create table gate (id int)`;
    const resumed = await runRetort(["upgrade", "head"], { cwd: dir });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain("skipping the 2 statements an earlier run committed");
    expect(await objectsOfFive(db)).toEqual({ a: 1, b: 1, items_name_idx: 1, a_id_idx: 1 });

    // The set-up runs again on every stamp: on a current table it changes nothing.
    const stamp = await runRetort(["stamp", BASE], { cwd: dir });
    expect(stamp.code, stamp.stderr).toBe(0);
    expect(await db.sql`select pg_get_constraintdef(oid) as def from pg_constraint where conrelid = 'retort_history'::regclass and contype = 'c'`).toEqual(check);
    const history = await runRetort(["history", "--indicate-current", "--verbose"], { cwd: dir });
    expect(history.code, history.stderr).toBe(0);
  });
});
