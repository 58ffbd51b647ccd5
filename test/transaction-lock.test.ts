/** The transaction-level migration lock against a real server: taken first, then the version table read as the previous holder left it. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseDatabaseUrl } from "../src/config/database-url.ts";
import { openConnection, closeConnection, type Sql } from "../src/db/connect.ts";
import { LockTransactionConnection, lockThisTransaction, MigrationLockBusySignal, VersionTableMovedSignal } from "../src/db/transaction-lock.ts";
import { createTestDatabase, type TestDatabase } from "./support/database.ts";

let db: TestDatabase;
let sql: Sql;
const table = { table: "alembic_version", schema: undefined };
const key = "hashtextextended('retort:\"alembic_version\"', 0)";

beforeAll(async () => {
  db = await createTestDatabase("txlock");
  sql = openConnection(parseDatabaseUrl(db.url, "the test database"), { applicationName: "txlock-test", max: 2 });
});
afterAll(async () => {
  await closeConnection(sql);
  await db.drop();
});

/** What `lockThisTransaction` throws in a transaction of its own (which then rolls back), or undefined. */
async function attempt(expected: readonly string[] | undefined): Promise<unknown> {
  return sql
    .begin(async (tx) => {
      await lockThisTransaction(tx, table, expected);
      throw new Error("rolled back on purpose");
    })
    .then(
      () => undefined,
      (e: unknown) => ((e as Error).message === "rolled back on purpose" ? undefined : e),
    );
}

describe("the transaction-level migration lock", () => {
  it("lets a transaction run when the version table is missing and nothing is expected, or holds exactly the expected rows", async () => {
    expect(await attempt([])).toBeUndefined();
    await db.sql`create table alembic_version (version_num varchar(32) primary key)`;
    await db.sql`insert into alembic_version values ('b'), ('a')`;
    expect(await attempt(["a", "b"])).toBeUndefined();
    await db.sql`delete from alembic_version`;
  });

  it("rolls back with the rows it found when another run moved the version table", async () => {
    await db.sql`create table if not exists alembic_version (version_num varchar(32) primary key)`;
    await db.sql`insert into alembic_version values ('c0ffee')`;
    const moved = await attempt([]);
    expect(moved).toBeInstanceOf(VersionTableMovedSignal);
    expect((moved as VersionTableMovedSignal).heads).toEqual(["c0ffee"]);
    await db.sql`delete from alembic_version`;
  });

  it("sees a version table that another run created and filled after this transaction began, though this backend had looked it up before", async () => {
    const one = openConnection(parseDatabaseUrl(db.url, "the test database"), { applicationName: "txlock-late", max: 1 });
    const late = { table: "late_version", schema: undefined };
    try {
      // The backend remembers that the table is missing (its catalog cache) ...
      expect((await one.unsafe("select to_regclass('late_version') as r"))[0]!.r).toBeNull();
      const moved = await one
        .begin(async (tx) => {
          // ... and its transaction has begun when the other run creates and fills the table.
          await db.sql.begin(async (other) => {
            await other.unsafe("create table late_version (version_num varchar(32) primary key)");
            await other.unsafe("insert into late_version values ('ab12')");
          });
          await lockThisTransaction(tx, late, []);
        })
        .catch((e: unknown) => e);
      expect(moved).toBeInstanceOf(VersionTableMovedSignal);
      expect((moved as VersionTableMovedSignal).heads).toEqual(["ab12"]);
    } finally {
      await closeConnection(one);
    }
  });

  it("rolls back at once while the lock is held, at session or transaction level, and runs once it is free", async () => {
    const holder = await db.sql.reserve();
    try {
      await holder.unsafe(`select pg_advisory_lock(${key})`);
      expect(await attempt(undefined)).toBeInstanceOf(MigrationLockBusySignal);
      await holder.unsafe(`select pg_advisory_unlock(${key})`);
      await holder.unsafe("begin");
      await holder.unsafe(`select pg_advisory_xact_lock(${key})`);
      expect(await attempt(undefined)).toBeInstanceOf(MigrationLockBusySignal);
      await holder.unsafe("commit");
      expect(await attempt(undefined)).toBeUndefined();
    } finally {
      holder.release();
    }
  });

  it("a lock transaction holds the lock without a snapshot while work runs elsewhere, and lets go when it commits", async () => {
    const connection = new LockTransactionConnection(parseDatabaseUrl(db.url, "the test database"), { applicationName: "txlock-holder", table });
    try {
      const during = await connection.hold(undefined, async () => {
        const [row] = await db.sql<{ state: string; backend_xmin: string | null; held: boolean }[]>`
          select a.state, a.backend_xmin::text, exists (select 1 from pg_locks l where l.pid = a.pid and l.locktype = 'advisory' and l.granted) as held
            from pg_stat_activity a where a.application_name = 'txlock-holder (migration lock)'`;
        return { row, busy: await attempt(undefined) };
      });
      expect(during.row).toEqual({ state: "idle in transaction", backend_xmin: null, held: true });
      expect(during.busy).toBeInstanceOf(MigrationLockBusySignal);
      expect(await attempt(undefined)).toBeUndefined();
    } finally {
      await connection.close();
    }
  });
});
