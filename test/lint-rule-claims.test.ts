/**
 * The lock and rewrite claims of the maintenance, destructive and transaction rules, checked on a
 * real server: the SQL runs in a transaction that is rolled back, and the strongest lock it then
 * holds on the finding's table (by OID, so renames and drops still count) is the one claimed; a
 * claimed rewrite is a new relfilenode, a claimed non-rewrite the same one.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { LOCK_MODES } from "../src/core/lint/types.ts";
import { createTestDatabase, type TestDatabase } from "./support/database.ts";
import { lintSql } from "./support/lint.ts";

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase("lint_rule_claims");
  await db.sql.unsafe(`
    create table r (id int primary key);
    create table t (id int primary key, a int not null, b text, c int references r);
    create index t_a on t (a);
    insert into r values (1);
    insert into t select i, i, 'x', 1 from generate_series(1, 100) i;
    create table u (id int);
    create table p (id int) partition by list (id);
    create table p1 partition of p for values in (1);
  `);
});
afterAll(async () => {
  await db.drop();
});

const SERVER_MODES = ["AccessShareLock", "RowShareLock", "RowExclusiveLock", "ShareUpdateExclusiveLock", "ShareLock", "ShareRowExclusiveLock", "ExclusiveLock", "AccessExclusiveLock"];

/** Runs `sql` in a rolled-back transaction; the strongest lock it holds on `table` and whether its relfilenode changed. */
async function observe(sql: string, table: string): Promise<{ lock: string | undefined; rewritten: boolean }> {
  let seen: { lock: string | undefined; rewritten: boolean } = { lock: undefined, rewritten: false };
  await db.sql
    .begin(async (tx) => {
      const [before] = await tx.unsafe<{ oid: number; node: string }[]>(`select oid::int, relfilenode::text as node from pg_class where oid = to_regclass($1)`, [table]);
      await tx.unsafe(sql);
      const locks = await tx.unsafe<{ mode: string }[]>(`select mode from pg_locks where pid = pg_backend_pid() and locktype = 'relation' and relation = $1`, [before!.oid]);
      const [after] = await tx.unsafe<{ node: string }[]>(`select relfilenode::text as node from pg_class where oid = $1`, [before!.oid]);
      const strongest = Math.max(-1, ...locks.map((l) => SERVER_MODES.indexOf(l.mode)));
      seen = { lock: strongest >= 0 ? LOCK_MODES[strongest] : undefined, rewritten: after !== undefined && after.node !== before!.node };
      throw new Error("rolled back on purpose");
    })
    .catch((e: unknown) => {
      if ((e as Error).message !== "rolled back on purpose") throw e;
    });
  return seen;
}

describe("rule claims match what PostgreSQL does", () => {
  test.each([
    ["cluster", "CLUSTER t USING t_a"],
    ["reindex-concurrently", "REINDEX TABLE t"],
    ["detach-partition-concurrently", "ALTER TABLE p DETACH PARTITION p1"],
    ["rename-table", "ALTER TABLE t RENAME TO t9"],
    ["rename-column", "ALTER TABLE t RENAME COLUMN b TO b2"],
    ["drop-table", "DROP TABLE u"],
    ["drop-column", "ALTER TABLE t DROP COLUMN b"],
    ["drop-not-null", "ALTER TABLE t ALTER COLUMN a DROP NOT NULL"],
    ["truncate-cascade", "TRUNCATE t CASCADE"],
    ["unbatched-backfill", "UPDATE t SET b = 'y'"],
    ["unbatched-backfill", "DELETE FROM t"],
    ["lock-held-through-statements", "ALTER TABLE t ADD COLUMN z int; UPDATE t SET z = 1 WHERE id = 1"],
  ])("%s: %s", async (rule, sql) => {
    const finding = (await lintSql(sql)).find((f) => f.rule === rule);
    expect(finding?.table, "the finding names its table").toBeDefined();
    const seen = await observe(sql, finding!.table!);
    expect(finding!.lock).toBe(seen.lock);
    if (finding!.rewrites !== undefined) expect(finding!.rewrites).toBe(seen.rewritten);
  });

  test("unbatched-backfill: the batched fix runs as written outside a transaction and updates every row", async () => {
    await db.sql.unsafe("create table backfill (id int primary key, b text); insert into backfill select i, 'x' from generate_series(-5, 25000) i");
    const [finding] = await lintSql("UPDATE backfill SET b = 'y'");
    await db.sql.unsafe(finding!.fix!);
    expect(await db.sql`select b, count(*)::int as n from backfill group by b`).toEqual([{ b: "y", n: 25006 }]);
  });

  test("enum-value-used-in-same-transaction: PostgreSQL refuses each use the rule reports", async () => {
    await db.sql.unsafe("create type mood as enum ('sad'); create table people (id int, feeling mood)");
    for (const use of ["ALTER TABLE people ALTER COLUMN feeling SET DEFAULT 'meh'", "UPDATE people SET feeling = 'meh' WHERE id = 1", "SELECT 'meh'::mood", "ALTER TABLE people ADD CONSTRAINT c CHECK (feeling <> 'meh')"]) {
      const sql = `ALTER TYPE mood ADD VALUE IF NOT EXISTS 'meh'; ${use}`;
      expect((await lintSql(sql)).map((f) => f.rule), use).toContain("enum-value-used-in-same-transaction");
      const failure = await db.sql.begin((tx) => tx.unsafe(sql)).then(
        () => undefined,
        (e: { code?: string }) => e.code,
      );
      expect(failure, use).toBe("55P04");
    }
  });

  test("vacuum-full: VACUUM FULL writes a new copy of the table (it cannot run in a transaction block)", async () => {
    const [finding] = await lintSql("VACUUM FULL t", { mode: "autocommit" });
    expect(finding).toMatchObject({ rule: "vacuum-full", rewrites: true });
    const node = async () => (await db.sql<{ node: string }[]>`select relfilenode::text as node from pg_class where oid = 'public.t'::regclass`)[0]!.node;
    const before = await node();
    await db.sql.unsafe("VACUUM FULL t");
    expect(await node()).not.toBe(before);
  });
});
