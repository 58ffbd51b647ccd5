/** Several replicas at once, a held lock, and Ctrl-C: what deploy scripts rely on. */
import { writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runRetort, startRetort } from "../support/binary.ts";
import { freshProjects } from "../support/fresh-project.ts";
import { writeSqlRevision } from "../support/project.ts";

const freshProject = freshProjects();

const id = (i: number): string => `c0ffee${String(i).padStart(6, "0")}`;

describe("concurrent upgrades", () => {
  it("8 processes at once on a fresh database: all exit 0 and every revision runs exactly once", async () => {
    const { db, dir } = await freshProject("concurrent");
    writeSqlRevision(dir, { id: id(1), message: "ran", upgrade: `CREATE TABLE ran (revision text PRIMARY KEY);\nINSERT INTO ran VALUES ('${id(1)}');`, downgrade: "DROP TABLE ran;" });
    for (let i = 2; i <= 30; i++) {
      writeSqlRevision(dir, { id: id(i), down: id(i - 1), message: `r${i}`, upgrade: `INSERT INTO ran VALUES ('${id(i)}');`, downgrade: `DELETE FROM ran WHERE revision = '${id(i)}';` });
    }
    const runs = await Promise.all(Array.from({ length: 8 }, () => runRetort(["upgrade", "head"], { cwd: dir })));
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
    const ran = await db.sql<{ revision: string }[]>`select revision from ran order by 1`;
    expect(ran.map((r) => r.revision)).toEqual(Array.from({ length: 30 }, (_, i) => id(i + 1)));
    const versions = await db.sql`select version_num from alembic_version`;
    expect(versions.map((v) => v.version_num)).toEqual([id(30)]);
    const history = await db.sql`select count(*)::int as n from retort_history where direction = 'upgrade'`;
    expect(history[0]!.n).toBe(30);
    // Exactly one process did the work; the others found nothing left to do.
    expect(runs.filter((r) => r.stderr.includes("Running upgrade")).length).toBe(1);
  });
});

describe("the migration lock", () => {
  it("a second process with a 1 s lock_timeout exits 5 and names the holder", async () => {
    const { dir } = await freshProject("locktimeout");
    writeSqlRevision(dir, { id: id(1), message: "slow", upgrade: "SELECT pg_sleep(4);", downgrade: "SELECT 1;" });
    const holder = startRetort(["upgrade", "head"], { cwd: dir });
    await holder.waitForStderr(/Running upgrade .*slow/);
    const waiter = await runRetort(["upgrade", "head", "--lock-timeout", "1s"], { cwd: dir });
    expect(waiter.code).toBe(5);
    expect(waiter.stderr).toMatch(/Waiting for the migration lock held by pid \d+ \(application_name "retort \(migration lock\)"/);
    expect(waiter.stderr).toMatch(/error: Timed out after 1000 ms waiting for the migration lock held by pid \d+/);
    expect((await holder.done).code).toBe(0);
  });

  it("--no-lock does not wait for the lock", async () => {
    const { dir } = await freshProject("nolock");
    writeSqlRevision(dir, { id: id(1), message: "slow", upgrade: "SELECT pg_sleep(2);", downgrade: "SELECT 1;" });
    const holder = startRetort(["upgrade", "head"], { cwd: dir });
    await holder.waitForStderr(/Running upgrade .*slow/);
    const r = await runRetort(["current", "--lock-timeout", "1s"], { cwd: dir });
    expect(r.code).toBe(0);
    const nolock = await runRetort(["downgrade", "base", "--no-lock", "--lock-timeout", "1s"], { cwd: dir });
    // Nothing is applied yet from this process's point of view, so there is nothing to downgrade.
    expect(nolock.code, nolock.stderr).toBe(0);
    expect(nolock.stderr).not.toContain("Waiting for the migration lock");
    expect((await holder.done).code).toBe(0);
  });
});

describe("interruption", () => {
  it.each(["SIGINT", "SIGTERM"] as const)("%s during a slow revision exits 130, commits nothing, and releases the lock", async (signal) => {
    const { db, dir } = await freshProject(signal);
    writeSqlRevision(dir, { id: id(1), message: "table", upgrade: "CREATE TABLE kept (id int);", downgrade: "DROP TABLE kept;" });
    const slow = writeSqlRevision(dir, { id: id(2), down: id(1), message: "slow", upgrade: "SELECT pg_sleep(60);", downgrade: "SELECT 1;" });
    const run = startRetort(["upgrade", "head"], { cwd: dir });
    await run.waitForStderr(/Running upgrade .*slow/);
    run.child.kill(signal);
    const r = await run.done;
    expect(r.code, r.stderr).toBe(130);
    // The 60 s statement was cancelled on the server, not left running after retort exited.
    const sleeping = await db.sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and state = 'active' and query like '%pg_sleep(60)%' and pid <> pg_backend_pid()`;
    expect(sleeping[0]!.n, "pg_sleep still running").toBe(0);
    expect(r.stderr).toContain(`Interrupted by ${signal}`);
    const tables = await db.sql`select tablename from pg_tables where schemaname = 'public'`;
    expect(tables).toHaveLength(0);
    const locks = await db.sql`select count(*)::int as n from pg_locks where locktype = 'advisory' and database = (select oid from pg_database where datname = current_database())`;
    expect(locks[0]!.n, "advisory lock still held").toBe(0);
    writeFileSync(slow, writeSqlRevisionText(id(2), id(1)));
    const again = await runRetort(["upgrade", "head", "--lock-timeout", "1s"], { cwd: dir });
    expect(again.code, again.stderr).toBe(0);
  });
});

function writeSqlRevisionText(rev: string, down: string): string {
  return `-- fast\n--\n-- revision: ${rev}\n-- down_revision: ${down}\n\n-- migrate:upgrade\nSELECT 1;\n\n-- migrate:downgrade\nSELECT 1;\n`;
}
