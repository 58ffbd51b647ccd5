/**
 * Faults in the middle of a run: the retort process killed outright, its working connection or
 * its lock connection terminated by the server, and servers that cannot be reached. Each ends with
 * the database consistent, a re-run that completes, and nothing applied twice.
 */
import { afterAll, describe, expect, it } from "vitest";
import { runRetort, startRetort, tempProject } from "../support/binary.ts";
import { adminUrl, createTestDatabase, type TestDatabase } from "../support/database.ts";
import { writeEnv, writeSqlRevision } from "../support/project.ts";

const databases: TestDatabase[] = [];

/** The test server's URL with a database that does not exist and a password (ignored by trust auth). */
function missingDatabaseUrl(password: string): string {
  const u = new URL(adminUrl());
  u.pathname = "/retort_no_such_database_zz9";
  u.password = password;
  return u.toString();
}
afterAll(async () => {
  await Promise.all(databases.map((d) => d.drop()));
});

const id = (i: number): string => `fa017${String(i).padStart(7, "0")}`;

/**
 * A project of three revisions, each recording itself in `applied` (whose key makes a second
 * application fail); the second sleeps long enough to be interrupted.
 */
async function project(label: string): Promise<{ db: TestDatabase; dir: string }> {
  const db = await createTestDatabase(label);
  databases.push(db);
  const dir = tempProject(label);
  writeEnv(dir, db.url);
  writeSqlRevision(dir, { id: id(1), message: "one", upgrade: "CREATE TABLE applied (revision text PRIMARY KEY);\nINSERT INTO applied VALUES ('one');", downgrade: "DROP TABLE applied;" });
  writeSqlRevision(dir, { id: id(2), down: id(1), message: "slow", upgrade: "INSERT INTO applied VALUES ('slow');\nSELECT pg_sleep(3);", downgrade: "DELETE FROM applied WHERE revision = 'slow';" });
  writeSqlRevision(dir, { id: id(3), down: id(2), message: "three", upgrade: "INSERT INTO applied VALUES ('three');", downgrade: "DELETE FROM applied WHERE revision = 'three';" });
  return { db, dir };
}

async function versionRows(db: TestDatabase): Promise<string[]> {
  const present = await db.sql`select to_regclass('alembic_version') is not null as ok`;
  if (!present[0]!.ok) return [];
  return (await db.sql<{ v: string }[]>`select version_num as v from alembic_version`).map((r) => r.v);
}

async function appliedRows(db: TestDatabase): Promise<string[]> {
  const present = await db.sql`select to_regclass('applied') is not null as ok`;
  if (!present[0]!.ok) return [];
  return (await db.sql<{ revision: string }[]>`select revision from applied order by revision`).map((r) => r.revision);
}

/** The pid of retort's session with `application_name`, once it is running the slow revision. */
async function backendOf(db: TestDatabase, applicationName: string): Promise<number> {
  for (let i = 0; i < 100; i++) {
    const rows = await db.sql<{ pid: number }[]>`select pid from pg_stat_activity where datname = current_database() and application_name = ${applicationName}`;
    if (rows[0]) return rows[0].pid;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no session named ${applicationName}`);
}

async function rerunCompletes(db: TestDatabase, dir: string): Promise<void> {
  const again = await runRetort(["upgrade", "head", "--lock-timeout", "5s"], { cwd: dir });
  expect(again.code, again.stderr).toBe(0);
  expect(await versionRows(db)).toEqual([id(3)]);
  // The primary key on `applied` would have failed a second application of any revision.
  expect(await appliedRows(db)).toEqual(["one", "slow", "three"]);
}

describe("the retort process killed with SIGKILL during a slow revision", () => {
  it("in the default mode (one transaction): nothing was committed, and a re-run applies everything once", async () => {
    const { db, dir } = await project("kill_default");
    const run = startRetort(["upgrade", "head"], { cwd: dir });
    await run.waitForStderr(/Running upgrade .*slow/);
    run.child.kill("SIGKILL");
    await run.done;
    // The server notices the dead client and rolls its transaction back.
    await expect.poll(() => appliedRows(db), { timeout: 10_000 }).toEqual([]);
    expect(await versionRows(db)).toEqual([]);
    await rerunCompletes(db, dir);
  });

  it("with transaction_per_migration: the revisions before it stay applied, and a re-run finishes the rest once", async () => {
    const { db, dir } = await project("kill_per_migration");
    const run = startRetort(["upgrade", "head"], { cwd: dir, env: { RETORT_TRANSACTION_PER_MIGRATION: "true" } });
    await run.waitForStderr(/Running upgrade .*slow/);
    run.child.kill("SIGKILL");
    await run.done;
    await expect.poll(() => appliedRows(db), { timeout: 10_000 }).toEqual(["one"]);
    expect(await versionRows(db)).toEqual([id(1)]);
    await rerunCompletes(db, dir);
  });
});

describe("connections terminated by the server", () => {
  it("the working connection: exit 4 with a clear message, nothing committed, and a re-run completes", async () => {
    const { db, dir } = await project("terminate_work");
    const run = startRetort(["upgrade", "head"], { cwd: dir });
    await run.waitForStderr(/Running upgrade .*slow/);
    await db.sql`select pg_terminate_backend(${await backendOf(db, "retort")})`;
    const r = await run.done;
    expect(r.code, r.stderr).toBe(4);
    expect(r.stderr).toMatch(/^error: Lost the connection to postgres:\/\/.*: /m);
    expect(r.stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace
    expect(await appliedRows(db)).toEqual([]);
    await rerunCompletes(db, dir);
  });

  it("the lock connection: retort stops before its next step instead of going on without the lock", async () => {
    const { db, dir } = await project("terminate_lock");
    const run = startRetort(["upgrade", "head"], { cwd: dir });
    await run.waitForStderr(/Running upgrade .*slow/);
    await db.sql`select pg_terminate_backend(${await backendOf(db, "retort (migration lock)")})`;
    const r = await run.done;
    expect(r.code, r.stderr).toBe(4);
    expect(r.stderr).toMatch(/lock/i);
    // The third revision never ran, and the run's transaction was not committed.
    expect(r.stderr).not.toContain("Running upgrade fa0170000002 -> fa0170000003");
    expect(await appliedRows(db)).toEqual([]);
    expect(await versionRows(db)).toEqual([]);
    await rerunCompletes(db, dir);
  });
});

describe("servers that cannot be reached (exit 4, says which and what to check, never the password)", () => {
  const password = "S3cr3t-pa55word-zz9";
  const cases: [string, string, RegExp][] = [
    ["connection refused", `postgresql://retort:${password}@127.0.0.1:1/db`, /ECONNREFUSED|refused|server is running/i],
    ["unknown host", `postgresql://retort:${password}@no-such-host.invalid:5432/db`, /host name|ENOTFOUND|EAI_AGAIN|unknown host/i],
    ["database does not exist", missingDatabaseUrl(password), /does not exist|createdb/i],
  ];
  it.each(cases)("%s", async (_label, url, expected) => {
    const dir = tempProject("unreachable");
    writeSqlRevision(dir, { id: id(1), message: "one", upgrade: "SELECT 1;" });
    const r = await runRetort(["--url", url, "upgrade", "head"], { cwd: dir });
    expect(r.code, r.stderr).toBe(4);
    expect(r.stderr).toMatch(expected);
    expect(r.stderr + r.stdout).not.toContain(password);
  });
});
