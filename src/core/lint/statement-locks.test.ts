import { describe, expect, test } from "vitest";
import { testParser } from "../../../test/support/lint.ts";
import { statementLocks } from "./statement-locks.ts";

/** The locks of the first statement of `sql`, as `table=MODE` strings (indexes marked `(index)`). */
async function locksOf(sql: string): Promise<string[]> {
  const [statement] = (await testParser()).parse(sql);
  return statementLocks(statement!.stmt as never).map((l) => `${l.table}${l.index ? " (index)" : ""}=${l.mode}`);
}

describe("statementLocks: ALTER TABLE", () => {
  test.each([
    ["ALTER TABLE t ADD COLUMN x int", ["public.t=ACCESS EXCLUSIVE"]],
    ["ALTER TABLE t ALTER COLUMN a TYPE bigint", ["public.t=ACCESS EXCLUSIVE"]],
    ["ALTER TABLE t ALTER a SET DEFAULT 1", ["public.t=ACCESS EXCLUSIVE"]],
    ["ALTER TABLE t ALTER a DROP NOT NULL", ["public.t=ACCESS EXCLUSIVE"]],
    ["ALTER TABLE t ALTER a SET STORAGE PLAIN", ["public.t=ACCESS EXCLUSIVE"]],
    ["ALTER TABLE t REPLICA IDENTITY FULL", ["public.t=ACCESS EXCLUSIVE"]],
    ["ALTER TABLE t OWNER TO someone", ["public.t=ACCESS EXCLUSIVE"]],
    ["ALTER TABLE t ENABLE ROW LEVEL SECURITY", ["public.t=ACCESS EXCLUSIVE"]],
    ["ALTER TABLE t ADD CONSTRAINT ck CHECK (a > 0) NOT VALID", ["public.t=ACCESS EXCLUSIVE"]],
    ["ALTER TABLE t ADD CONSTRAINT uq UNIQUE (b)", ["public.t=ACCESS EXCLUSIVE"]],
    ["ALTER TABLE t DROP CONSTRAINT c", ["public.t=ACCESS EXCLUSIVE"]],
    ["ALTER TABLE t ALTER COLUMN a SET STATISTICS 100", ["public.t=SHARE UPDATE EXCLUSIVE"]],
    ["ALTER TABLE t ALTER a SET (n_distinct = 10)", ["public.t=SHARE UPDATE EXCLUSIVE"]],
    ["ALTER TABLE t ALTER a RESET (n_distinct)", ["public.t=SHARE UPDATE EXCLUSIVE"]],
    ["ALTER TABLE t CLUSTER ON t_a", ["public.t=SHARE UPDATE EXCLUSIVE"]],
    ["ALTER TABLE t SET WITHOUT CLUSTER", ["public.t=SHARE UPDATE EXCLUSIVE"]],
    ["ALTER TABLE t VALIDATE CONSTRAINT c", ["public.t=SHARE UPDATE EXCLUSIVE"]],
    ["ALTER TABLE t SET (fillfactor = 70, autovacuum_enabled = false, toast.autovacuum_enabled = false)", ["public.t=SHARE UPDATE EXCLUSIVE"]],
    ["ALTER TABLE t RESET (parallel_workers)", ["public.t=SHARE UPDATE EXCLUSIVE"]],
    ["ALTER TABLE t SET (fillfactor = 70, user_catalog_table = true)", ["public.t=ACCESS EXCLUSIVE"]],
    ["ALTER TABLE t DISABLE TRIGGER tr", ["public.t=SHARE ROW EXCLUSIVE"]],
    ["ALTER TABLE t ENABLE TRIGGER ALL", ["public.t=SHARE ROW EXCLUSIVE"]],
    ["ALTER TABLE t ADD CONSTRAINT f FOREIGN KEY (a) REFERENCES s.r (id) NOT VALID", ["public.t=SHARE ROW EXCLUSIVE", "s.r=SHARE ROW EXCLUSIVE"]],
    ["ALTER TABLE t ADD COLUMN y int REFERENCES r", ["public.t=ACCESS EXCLUSIVE", "public.r=SHARE ROW EXCLUSIVE"]],
    ["ALTER TABLE p ATTACH PARTITION p2 FOR VALUES IN (2)", ["public.p=SHARE UPDATE EXCLUSIVE", "public.p2=ACCESS EXCLUSIVE"]],
    ["ALTER TABLE p DETACH PARTITION p1", ["public.p=ACCESS EXCLUSIVE", "public.p1=ACCESS EXCLUSIVE"]],
    ["ALTER TABLE p DETACH PARTITION p1 CONCURRENTLY", ["public.p=SHARE UPDATE EXCLUSIVE", "public.p1=ACCESS EXCLUSIVE"]],
    ["ALTER TABLE p DETACH PARTITION p1 FINALIZE", ["public.p=SHARE UPDATE EXCLUSIVE", "public.p1=ACCESS EXCLUSIVE"]],
    ["ALTER TABLE t INHERIT par", ["public.t=ACCESS EXCLUSIVE", "public.par=SHARE UPDATE EXCLUSIVE"]],
    ["ALTER TABLE t NO INHERIT par", ["public.t=ACCESS EXCLUSIVE", "public.par=ACCESS SHARE"]],
    ["ALTER INDEX s.i SET TABLESPACE x", ["s.i (index)=ACCESS EXCLUSIVE"]],
  ])("%s", async (sql, expected) => {
    expect(await locksOf(sql)).toEqual(expected);
  });

  test("a multi-command ALTER TABLE takes the strongest of its subcommands' locks", async () => {
    expect(await locksOf("ALTER TABLE s.t ALTER a SET STATISTICS 10, DISABLE TRIGGER tr")).toEqual(["s.t=SHARE ROW EXCLUSIVE"]);
    expect(await locksOf('ALTER TABLE IF EXISTS ONLY "My"."T" VALIDATE CONSTRAINT c, ADD COLUMN z int')).toEqual(["My.T=ACCESS EXCLUSIVE"]);
  });
});

describe("statementLocks: other statements", () => {
  test.each([
    ["CREATE INDEX i ON t (b)", ["public.t=SHARE"]],
    ["CREATE INDEX CONCURRENTLY i ON s.t (b)", ["s.t=SHARE UPDATE EXCLUSIVE"]],
    ["CREATE INDEX i ON ONLY p (id)", ["public.p=SHARE"]],
    ["REINDEX TABLE t", ["public.t=SHARE"]],
    ["REINDEX TABLE CONCURRENTLY t", ["public.t=SHARE UPDATE EXCLUSIVE"]],
    ["REINDEX (CONCURRENTLY false) TABLE t", ["public.t=SHARE"]],
    ["REINDEX INDEX t_a", ["public.t_a (index)=ACCESS EXCLUSIVE"]],
    ["REINDEX INDEX CONCURRENTLY t_a", ["public.t_a (index)=SHARE UPDATE EXCLUSIVE"]],
    ["REINDEX SCHEMA s", []],
    ["VACUUM FULL t, s.u", ["public.t=ACCESS EXCLUSIVE", "s.u=ACCESS EXCLUSIVE"]],
    ["VACUUM (FULL, ANALYZE) t", ["public.t=ACCESS EXCLUSIVE"]],
    ["VACUUM (FULL false) t", ["public.t=SHARE UPDATE EXCLUSIVE"]],
    ["VACUUM t", ["public.t=SHARE UPDATE EXCLUSIVE"]],
    ["ANALYZE t", ["public.t=SHARE UPDATE EXCLUSIVE"]],
    ["VACUUM FULL", []],
    ["CLUSTER t USING t_a", ["public.t=ACCESS EXCLUSIVE"]],
    ["CLUSTER", []],
    ["TRUNCATE t, s.r CASCADE", ["public.t=ACCESS EXCLUSIVE", "s.r=ACCESS EXCLUSIVE"]],
    ["LOCK TABLE t IN SHARE MODE", ["public.t=SHARE"]],
    ["LOCK TABLE t IN ROW EXCLUSIVE MODE", ["public.t=ROW EXCLUSIVE"]],
    ["LOCK t", ["public.t=ACCESS EXCLUSIVE"]],
    ["DROP TABLE IF EXISTS u, s.v CASCADE", ["public.u=ACCESS EXCLUSIVE", "s.v=ACCESS EXCLUSIVE"]],
    ["DROP INDEX t_a", ["public.t_a (index)=ACCESS EXCLUSIVE"]],
    ["DROP INDEX CONCURRENTLY t_a", ["public.t_a (index)=SHARE UPDATE EXCLUSIVE"]],
    ["DROP TRIGGER tr ON s.t", ["s.t=ACCESS EXCLUSIVE"]],
    ["DROP POLICY pol ON t", ["public.t=ACCESS EXCLUSIVE"]],
    ["DROP TYPE mood", []],
    ["ALTER TABLE t RENAME TO t9", ["public.t=ACCESS EXCLUSIVE"]],
    ["ALTER TABLE t RENAME COLUMN a TO a9", ["public.t=ACCESS EXCLUSIVE"]],
    ["ALTER TABLE t RENAME CONSTRAINT c TO z", ["public.t=ACCESS EXCLUSIVE"]],
    ["ALTER INDEX t_a RENAME TO t_a9", ["public.t_a (index)=SHARE UPDATE EXCLUSIVE"]],
    ["ALTER TABLE t SET SCHEMA s", ["public.t=ACCESS EXCLUSIVE"]],
    ["CREATE TABLE p3 PARTITION OF p FOR VALUES IN (3)", ["public.p3=ACCESS EXCLUSIVE", "public.p=ACCESS EXCLUSIVE"]],
    ["CREATE TABLE c (x int REFERENCES r, LIKE u) INHERITS (par)", ["public.c=ACCESS EXCLUSIVE", "public.par=SHARE UPDATE EXCLUSIVE", "public.r=SHARE ROW EXCLUSIVE", "public.u=ACCESS SHARE"]],
    ["CREATE TABLE c (x int, FOREIGN KEY (x) REFERENCES s.r)", ["public.c=ACCESS EXCLUSIVE", "s.r=SHARE ROW EXCLUSIVE"]],
    ["CREATE TABLE c2 AS SELECT * FROM u", ["public.c2=ACCESS EXCLUSIVE", "public.u=ACCESS SHARE"]],
    ["CREATE TRIGGER tr2 AFTER UPDATE ON t FOR EACH ROW EXECUTE FUNCTION tf()", ["public.t=SHARE ROW EXCLUSIVE"]],
    ["CREATE RULE r AS ON INSERT TO t DO NOTHING", ["public.t=ACCESS EXCLUSIVE"]],
    ["CREATE POLICY pol ON t USING (true)", ["public.t=ACCESS EXCLUSIVE"]],
    ["ALTER POLICY pol ON t USING (false)", ["public.t=ACCESS EXCLUSIVE"]],
    ["COMMENT ON TABLE s.t IS 'x'", ["s.t=SHARE UPDATE EXCLUSIVE"]],
    ["COMMENT ON COLUMN t.a IS 'x'", ["public.t=SHARE UPDATE EXCLUSIVE"]],
    ["CREATE STATISTICS st ON a, b FROM t", ["public.t=SHARE UPDATE EXCLUSIVE"]],
    ["REFRESH MATERIALIZED VIEW mv", ["public.mv=ACCESS EXCLUSIVE"]],
    ["REFRESH MATERIALIZED VIEW CONCURRENTLY mv", ["public.mv=EXCLUSIVE"]],
    ["COPY t FROM stdin", ["public.t=ROW EXCLUSIVE"]],
    ["COPY (SELECT 1 FROM x) TO stdout", ["public.x=ACCESS SHARE"]],
    ["CREATE TYPE mood AS ENUM ('a')", []],
    ["ALTER TRIGGER tr ON t RENAME TO tr2", ["public.t=ACCESS EXCLUSIVE"]],
    ["ALTER POLICY pol ON t RENAME TO pol2", ["public.t=ACCESS EXCLUSIVE"]],
    ["COMMENT ON INDEX t_a IS 'x'", ["public.t_a (index)=SHARE UPDATE EXCLUSIVE"]],
    ["DROP RULE rr ON u", ["public.u=ACCESS EXCLUSIVE"]],
    ["DROP VIEW v", ["public.v=ACCESS EXCLUSIVE"]],
    ["DROP SEQUENCE s.sq", ["s.sq=ACCESS EXCLUSIVE"]],
    ["ALTER VIEW v SET SCHEMA s", ["public.v=ACCESS EXCLUSIVE"]],
    ["ALTER TABLE t SET LOGGED", ["public.t=ACCESS EXCLUSIVE"]],
    ["ALTER TABLE t ADD CONSTRAINT ex EXCLUDE USING btree (a WITH =)", ["public.t=ACCESS EXCLUSIVE"]],
    ["ALTER TABLE t ALTER CONSTRAINT fk NOT DEFERRABLE", ["public.t=ACCESS EXCLUSIVE"]],
    ["GRANT SELECT ON t TO public", []],
  ])("%s", async (sql, expected) => {
    expect(await locksOf(sql)).toEqual(expected);
  });
});

describe("statementLocks: data statements", () => {
  test.each([
    ["UPDATE t SET a = 1 FROM u WHERE u.id = t.id", ["public.t=ROW EXCLUSIVE", "public.u=ACCESS SHARE"]],
    ["UPDATE ONLY s.t AS x SET a = 1", ["s.t=ROW EXCLUSIVE"]],
    ["DELETE FROM t USING r WHERE r.id = t.c", ["public.t=ROW EXCLUSIVE", "public.r=ACCESS SHARE"]],
    ["DELETE FROM t WHERE id IN (SELECT id FROM s.gone)", ["public.t=ROW EXCLUSIVE", "s.gone=ACCESS SHARE"]],
    ["WITH x AS (SELECT * FROM u) INSERT INTO t (id) SELECT id FROM x", ["public.t=ROW EXCLUSIVE", "public.u=ACCESS SHARE"]],
    ["WITH moved AS (DELETE FROM a RETURNING *) INSERT INTO b SELECT * FROM moved", ["public.b=ROW EXCLUSIVE", "public.a=ROW EXCLUSIVE"]],
    ["INSERT INTO t VALUES (1)", ["public.t=ROW EXCLUSIVE"]],
    ["MERGE INTO t USING u ON t.id = u.id WHEN MATCHED THEN DELETE", ["public.t=ROW EXCLUSIVE", "public.u=ACCESS SHARE"]],
    ["SELECT * FROM t JOIN r ON true FOR UPDATE", ["public.t=ROW SHARE", "public.r=ROW SHARE"]],
    ["SELECT * FROM t", ["public.t=ACCESS SHARE"]],
    ["SELECT 1", []],
    ["WITH x AS (SELECT * FROM u FOR UPDATE) SELECT * FROM x", ["public.u=ROW SHARE"]],
  ])("%s", async (sql, expected) => {
    expect(await locksOf(sql)).toEqual(expected);
  });

  test("a table read and written by the same statement is listed once, with the stronger lock", async () => {
    expect(await locksOf("INSERT INTO t SELECT * FROM t")).toEqual(["public.t=ROW EXCLUSIVE"]);
  });
});
