/**
 * An upgrade that the project summary shows to have steps (an empty database, or rows below the
 * files' heads) begins taking the migration lock, and reads the lint's catalog, while it reads its
 * files. What a user sees must not change: a lock held by another session is waited for and
 * named, the timeout is the same exit 5, and a run that turns out to have nothing to do does not
 * wait for a lock it does not need. Every case is compared with the same run without a cache,
 * which takes the lock only once it has planned.
 */
import { mkdtempSync, readdirSync, utimesSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lockKeySql } from "../../src/db/lock.ts";
import { runRetort, startRetort, tempProject } from "../support/binary.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { writeEnv, writeSqlRevision, type SqlRevisionSpec } from "../support/project.ts";

const HOUR_AGO = new Date(Date.now() - 60 * 60 * 1000);
const LOCK_KEY = lockKeySql({ table: "alembic_version", schema: undefined });

let db: TestDatabase;
let dir: string;
let cacheDir: string;

/** retort with the run's cache directory (where the summary lives), or with no cache at all. */
const withCache = () => ({ cwd: dir, env: { RETORT_CACHE_DIR: cacheDir } });
const withoutCache = () => ({ cwd: dir, env: { RETORT_CACHE_DIR: "off" } });

/** A revision file dated an hour back, as a checkout's files are by deploy time. */
function writeOld(spec: SqlRevisionSpec): void {
  const path = writeSqlRevision(dir, spec);
  utimesSync(path, HOUR_AGO, HOUR_AGO);
}

/** Runs `fn` while another session holds the migration lock; `fn` gets that session's pid. */
async function whileLockHeld<T>(fn: (holderPid: number, release: () => Promise<void>) => Promise<T>): Promise<T> {
  const holder = await db.sql.reserve();
  let released = false;
  const release = async () => {
    if (released) return;
    released = true;
    await holder.unsafe(`select pg_advisory_unlock(${LOCK_KEY})`);
  };
  try {
    const [row] = await holder.unsafe<{ pid: number }[]>(`select pg_backend_pid() as pid, pg_advisory_lock(${LOCK_KEY})`);
    return await fn(row!.pid, release);
  } finally {
    await release();
    holder.release();
  }
}

async function tables(): Promise<string[]> {
  return (await db.sql<{ t: string }[]>`select tablename as t from pg_tables where schemaname = 'public' order by 1`).map((r) => r.t);
}

beforeAll(async () => {
  db = await createTestDatabase("upgrade_early_lock");
  dir = tempProject("upgrade-early-lock");
  cacheDir = mkdtempSync(join(tmpdir(), "retort-early-lock-cache-"));
  writeEnv(dir, db.url);
  writeOld({ id: "e10000000001", message: "users", upgrade: "CREATE TABLE users (id int);", downgrade: "DROP TABLE users;" });
  writeOld({ id: "e10000000002", down: "e10000000001", message: "posts", upgrade: "CREATE TABLE posts (id int);\nCREATE INDEX users_id ON users (id);", downgrade: "DROP INDEX users_id;\nDROP TABLE posts;" });
  // `heads` stores the summary of the files: every upgrade below finds it.
  expect((await runRetort(["heads"], withCache())).code).toBe(0);
  expect(readdirSync(cacheDir).filter((f) => f.startsWith("summary-"))).toHaveLength(1);
});

afterAll(async () => {
  await db.drop();
});

describe("an upgrade the summary shows to have steps", () => {
  it("gives up at the migration-lock timeout (exit 5) naming the holder, with nothing applied, as without the summary", async () => {
    await whileLockHeld(async (pid) => {
      for (const opts of [withCache(), withoutCache()]) {
        const r = await runRetort(["upgrade", "head", "--migration-lock-timeout", "1s"], opts);
        expect(r.code, r.stderr).toBe(5);
        expect(r.stderr).toContain(`Waiting for the migration lock held by pid ${pid}`);
      }
    });
    expect(await tables()).toEqual([]);
  });

  it("waits for a lock another session holds, names it, and applies once it is free", async () => {
    await whileLockHeld(async (pid, release) => {
      const run = startRetort(["upgrade", "head"], withCache());
      await run.waitForStderr(/Waiting for the migration lock held by/);
      expect(run.child.exitCode).toBeNull();
      await release();
      const r = await run.done;
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toContain(`Waiting for the migration lock held by pid ${pid}`);
      expect(r.stderr).toContain("Upgraded to e10000000002 (2 revisions)");
    });
    expect(await tables()).toEqual(["alembic_version", "posts", "retort_history", "users"]);
    expect((await db.sql`select version_num from alembic_version`).map((r) => r.version_num)).toEqual(["e10000000002"]);
  });

  it("rows below the heads are upgraded from, the lint knowing the tables' sizes from the catalog read meanwhile", async () => {
    expect((await runRetort(["downgrade", "-1"], withCache())).code).toBe(0);
    await db.sql.unsafe("insert into users select generate_series(1, 5); analyze users");
    const r = await runRetort(["upgrade", "head"], withCache());
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain("Upgraded to e10000000002 (1 revision)");
    // An index built without CONCURRENTLY on an existing table: a warning only because the
    // catalog says the table is small (below lint_small_table_rows).
    expect(r.stderr).toMatch(/warning\[create-index-concurrently\]/);
    expect(r.stderr).not.toMatch(/error\[create-index-concurrently\]/);
    expect((await db.sql`select version_num from alembic_version`).map((row) => row.version_num)).toEqual(["e10000000002"]);
  });

  it("rows that leave nothing to do do not wait for a lock held elsewhere, and end as without the summary", async () => {
    // Both the head and its parent recorded: the heads differ from the files', yet nothing is pending.
    await db.sql`insert into alembic_version (version_num) values ('e10000000001')`;
    try {
      await whileLockHeld(async () => {
        const fast = await runRetort(["upgrade", "head"], withCache());
        const full = await runRetort(["upgrade", "head"], withoutCache());
        expect({ code: fast.code, stdout: fast.stdout, stderr: fast.stderr }).toEqual({ code: full.code, stdout: full.stdout, stderr: full.stderr });
        expect(fast.stderr).not.toContain("Waiting for the migration lock");
      });
    } finally {
      await db.sql`delete from alembic_version where version_num = 'e10000000001'`;
    }
  });
});
