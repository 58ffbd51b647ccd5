/**
 * statementLocks against a real server: each statement runs in a transaction that is rolled back,
 * and the table-level locks it holds then (pg_locks) are the ones statementLocks claims. Indexes
 * are left out (statementLocks names only the indexes a statement names; PostgreSQL also locks the
 * indexes of every table it touches), and so are relations a statement reaches without naming them
 * (a view's tables, a CASCADE's, the referenced table of a dropped foreign key).
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { statementLocks } from "../src/core/lint/statement-locks.ts";
import { LOCK_MODES } from "../src/core/lint/types.ts";
import { createTestDatabase, type TestDatabase } from "./support/database.ts";
import { testParser } from "./support/lint.ts";

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase("statement_locks");
  await db.sql.unsafe(`
    create schema s;
    create table r (id int primary key);
    create table t (id int primary key, a int not null, b text, c int references r);
    create index t_a on t (a);
    create table s.t2 (id int);
    create table u (id int);
    create table par (id int);
    create table p (id int) partition by list (id);
    create table p1 partition of p for values in (1);
    create table p2 (id int);
    create materialized view mv as select 1 as x;
    create unique index on mv (x);
    create function tf() returns trigger language plpgsql as 'begin return new; end';
    create trigger tr before insert on t for each row execute function tf();
    create policy pol on t using (true);
  `);
});
afterAll(async () => {
  await db.drop();
});

// PostgreSQL's names for the modes, in LOCK_MODES order.
const SERVER_MODES = ["AccessShareLock", "RowShareLock", "RowExclusiveLock", "ShareUpdateExclusiveLock", "ShareLock", "ShareRowExclusiveLock", "ExclusiveLock", "AccessExclusiveLock"];

/** The strongest lock the statement holds on each table, view and sequence (`public.t=SHARE`), sorted. */
async function serverLocks(statement: string): Promise<string[]> {
  let locks: string[] = [];
  await db.sql
    .begin(async (tx) => {
      await tx.unsafe(statement);
      const rows = await tx.unsafe<{ rel: string; mode: string }[]>(`
        select n.nspname || '.' || c.relname as rel, l.mode
        from pg_locks l join pg_class c on c.oid = l.relation join pg_namespace n on n.oid = c.relnamespace
        where l.pid = pg_backend_pid() and l.locktype = 'relation' and c.relkind not in ('i', 'I')
          and n.nspname not in ('pg_catalog', 'pg_toast', 'information_schema')`);
      const strongest = new Map<string, number>();
      for (const row of rows) strongest.set(row.rel, Math.max(strongest.get(row.rel) ?? -1, SERVER_MODES.indexOf(row.mode)));
      locks = [...strongest].map(([rel, mode]) => `${rel}=${LOCK_MODES[mode]}`).sort();
      throw new Error("rolled back on purpose");
    })
    .catch((e: unknown) => {
      if ((e as Error).message !== "rolled back on purpose") throw e;
    });
  return locks;
}

async function claimedLocks(statement: string): Promise<string[]> {
  const [parsed] = (await testParser()).parse(statement);
  return statementLocks(parsed!.stmt as never)
    .filter((lock) => lock.index === undefined)
    .map((lock) => `${lock.table}=${lock.mode}`)
    .sort();
}

describe("statementLocks claims the locks PostgreSQL takes", () => {
  test.each([
    "ALTER TABLE t ADD COLUMN x int",
    "ALTER TABLE t ALTER COLUMN b TYPE varchar(10)",
    "ALTER TABLE t ALTER COLUMN a SET STATISTICS 100",
    "ALTER TABLE t ALTER a SET (n_distinct = 10)",
    "ALTER TABLE t CLUSTER ON t_a",
    "ALTER TABLE t SET WITHOUT CLUSTER",
    "ALTER TABLE t ADD CONSTRAINT f FOREIGN KEY (a) REFERENCES r (id) NOT VALID",
    "ALTER TABLE t ADD COLUMN y int REFERENCES r",
    "ALTER TABLE t VALIDATE CONSTRAINT t_c_fkey",
    "ALTER TABLE t ADD CONSTRAINT ck CHECK (a > 0) NOT VALID",
    "ALTER TABLE t SET (fillfactor = 70, autovacuum_enabled = false, toast.autovacuum_enabled = false)",
    "ALTER TABLE t SET (user_catalog_table = true)",
    "ALTER TABLE t DISABLE TRIGGER tr",
    "ALTER TABLE t ALTER a SET DEFAULT 1",
    "ALTER TABLE t ALTER a DROP NOT NULL",
    "ALTER TABLE t REPLICA IDENTITY FULL",
    "ALTER TABLE t ENABLE ROW LEVEL SECURITY",
    "ALTER TABLE t ADD CONSTRAINT uq UNIQUE (b)",
    "ALTER TABLE p ATTACH PARTITION p2 FOR VALUES IN (2)",
    "ALTER TABLE p DETACH PARTITION p1",
    "ALTER TABLE t INHERIT par",
    "CREATE INDEX i ON t (b)",
    "REINDEX TABLE t",
    "CLUSTER t USING t_a",
    "TRUNCATE t, r",
    "LOCK TABLE t IN SHARE MODE",
    "LOCK t",
    "CREATE TABLE p3 PARTITION OF p FOR VALUES IN (3)",
    "CREATE TABLE c (x int REFERENCES r, LIKE u) INHERITS (par)",
    "CREATE TABLE c2 AS SELECT * FROM u",
    "CREATE TRIGGER tr2 AFTER UPDATE ON t FOR EACH ROW EXECUTE FUNCTION tf()",
    "CREATE POLICY pol2 ON t USING (true)",
    "ALTER POLICY pol ON t USING (false)",
    "DROP TRIGGER tr ON t",
    "DROP POLICY pol ON t",
    "COMMENT ON TABLE t IS 'x'",
    "COMMENT ON COLUMN t.a IS 'x'",
    "CREATE STATISTICS st ON a, b FROM t",
    "REFRESH MATERIALIZED VIEW mv",
    "REFRESH MATERIALIZED VIEW CONCURRENTLY mv",
    "ALTER TABLE t RENAME COLUMN a TO a9",
    "ALTER TABLE t RENAME CONSTRAINT t_c_fkey TO z",
    "UPDATE t SET a = 1 FROM u WHERE u.id = t.id",
    "DELETE FROM t USING r WHERE r.id = t.c",
    "WITH x AS (SELECT * FROM u) INSERT INTO t (id, a) SELECT id, 1 FROM x",
    "SELECT * FROM t JOIN r ON true FOR UPDATE",
    "MERGE INTO t USING u ON t.id = u.id WHEN MATCHED THEN DELETE",
    "ANALYZE t",
  ])("%s", async (statement) => {
    expect(await claimedLocks(statement)).toEqual(await serverLocks(statement));
  });
});
