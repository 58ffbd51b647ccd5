/**
 * Two deployers, one of them building an index concurrently: the one waiting for the migration
 * lock must not hold a snapshot while it waits. With a blocking `select pg_advisory_lock(…)` (the
 * code before this test), B's waiting statement holds a snapshot; A's `CREATE INDEX CONCURRENTLY`
 * waits for every transaction with an older snapshot before it finishes, so A waits for B while B
 * waits for A's lock, which A releases only after the index. The server sees no deadlock (A's lock
 * is held by its lock connection, not by the backend building the index), so both hang until B's
 * migration-lock timeout (2 minutes here), far past this test's timeout. With
 * `migration_lock = "transaction"` B's polls are transactions that roll back at once, and A's lock
 * transaction (held open around the `transaction: false` revision) has no snapshot between its
 * statements, so neither is waited for either.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runRetort, startRetort, tempProject, type RunningRetort } from "../support/binary.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { writeEnv, writeSqlRevision } from "../support/project.ts";

const dbs: TestDatabase[] = [];
afterAll(async () => {
  for (const db of dbs) await db.drop();
});

/** Asks `query` again until it returns a row; the test's timeout bounds the wait. */
async function until(db: TestDatabase, query: string): Promise<void> {
  while ((await db.sql.unsafe(query)).length === 0) await new Promise((r) => setTimeout(r, 50));
}

describe("deployers waiting for the migration lock", () => {
  it.each(["session", "transaction"])("a second upgrade started while the first builds an index concurrently waits without blocking it: both exit 0 (migration_lock = %s)", async (kind) => {
    const db = await createTestDatabase(`concurrent_index_${kind}`);
    dbs.push(db);
    const dir = tempProject("concurrent-index");
    writeEnv(dir, db.url);
    writeFileSync(join(dir, "retort.toml"), `migration_lock = "${kind}"\n`);
    writeSqlRevision(dir, { id: "aa0000000001", message: "items", upgrade: "CREATE TABLE items (id int, x int);", downgrade: "DROP TABLE items;" });
    writeSqlRevision(dir, { id: "aa0000000002", down: "aa0000000001", message: "index items", transactional: false, upgrade: "CREATE INDEX CONCURRENTLY items_x ON items (x);", downgrade: "DROP INDEX CONCURRENTLY items_x;" });
    const first = await runRetort(["upgrade", "aa0000000001"], { cwd: dir });
    expect(first.code, first.stderr).toBe(0);

    // A writer the test controls keeps A's index build waiting until B is waiting for the lock.
    const blocker = await db.sql.reserve();
    const started: RunningRetort[] = [];
    try {
      await blocker.unsafe("begin");
      await blocker.unsafe("insert into items values (1, 1)");
      const a = startRetort(["upgrade", "head"], { cwd: dir });
      started.push(a);
      await until(db, "select 1 from pg_stat_activity where query like 'CREATE INDEX CONCURRENTLY%' and wait_event_type = 'Lock'");
      const b = startRetort(["upgrade", "head", "--lock-timeout", "2m"], { cwd: dir });
      started.push(b);
      await b.waitForStderr(/Waiting for the migration lock held by pid \d+/);
      // B has reached the statement it waits with (before this change, a blocking pg_advisory_lock).
      if (kind === "session") await until(db, "select 1 from pg_stat_activity where application_name = 'retort (migration lock)' and query ~ 'pg_(try_)?advisory_lock\\(-?[0-9]'");
      await blocker.unsafe("commit");

      const [ra, rb] = await Promise.all([a.done, b.done]);
      expect(ra.code, ra.stderr).toBe(0);
      expect(ra.stderr).toMatch(/Running upgrade .*index items/);
      expect(rb.code, rb.stderr).toBe(0);
      expect(rb.stderr).not.toContain("Running upgrade");
    } finally {
      for (const r of started) r.child.kill("SIGKILL");
      blocker.release();
    }
    const index = await db.sql`select i.indisvalid from pg_index i join pg_class c on c.oid = i.indexrelid where c.relname = 'items_x'`;
    expect(index.map((r) => r.indisvalid)).toEqual([true]);
    const history = await db.sql`select revision from retort_history where direction = 'upgrade' order by id`;
    expect(history.map((r) => r.revision)).toEqual(["aa0000000001", "aa0000000002"]);
  });
});
