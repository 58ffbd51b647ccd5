import { describe, expect, test } from "vitest";
import { lintSql, rulesFound } from "../../../../test/support/lint.ts";

const HELD = "lock-held-through-statements";

describe("lock-held-through-statements", () => {
  test("flags the first later statement that works on data while an existing table is held in ACCESS EXCLUSIVE", async () => {
    const sql = "ALTER TABLE users ADD COLUMN nick text;\nUPDATE users SET nick = name WHERE id < 100;\nUPDATE users SET nick = name WHERE id >= 100;";
    const findings = (await lintSql(sql)).filter((f) => f.rule === HELD);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ rule: HELD, severity: "warning", table: "public.users", lock: "ACCESS EXCLUSIVE", statement: 1, offset: sql.indexOf("UPDATE") });
    expect(findings[0]!.message).toContain("users (locked by statement 1: ALTER TABLE users ADD COLUMN nick text) stays locked in ACCESS EXCLUSIVE mode until COMMIT");
    expect(findings[0]!.fix).toContain("end the transaction right after statement 1");
  });

  test("an ALTER TABLE that scans or rewrites another existing table keeps the first one held", async () => {
    for (const heavy of ["ALTER COLUMN b TYPE bigint", "ADD CONSTRAINT c CHECK (b > 0)", "ADD CONSTRAINT f FOREIGN KEY (u) REFERENCES users", "ALTER COLUMN b SET NOT NULL", "ADD COLUMN x bigint GENERATED ALWAYS AS IDENTITY", "ADD COLUMN y uuid DEFAULT gen_random_uuid()", "VALIDATE CONSTRAINT c", "SET TABLESPACE fast"]) {
      const findings = (await lintSql(`ALTER TABLE users ADD COLUMN a int; ALTER TABLE orders ${heavy};`)).filter((f) => f.rule === HELD);
      expect(findings, heavy).toMatchObject([{ statement: 1, table: "public.users" }]);
    }
  });

  test("catalog-only changes to other tables pass (brief, their lock waits bounded by lock_timeout)", async () => {
    const cheap = ["ADD COLUMN b int", "ADD COLUMN c int NOT NULL DEFAULT 0", "ADD COLUMN d timestamptz DEFAULT now()", "ADD COLUMN e text DEFAULT 'x'::text", "ADD CONSTRAINT c CHECK (b > 0) NOT VALID", "ALTER COLUMN b SET DEFAULT 1", "DROP COLUMN z"];
    for (const change of cheap) {
      expect(await rulesFound(`ALTER TABLE users ADD COLUMN a int; ALTER TABLE orders ${change};`), change).not.toContain(HELD);
    }
  });

  test("on the held table itself, a scan that normally lets readers in counts (VALIDATE, a validating foreign key)", async () => {
    expect(await rulesFound("ALTER TABLE users ADD COLUMN a int; ALTER TABLE users VALIDATE CONSTRAINT users_org_fk;")).toContain(HELD);
    expect(await rulesFound("ALTER TABLE users ADD COLUMN org int; ALTER TABLE users ADD CONSTRAINT fk FOREIGN KEY (org) REFERENCES orgs;")).toContain(HELD);
    expect(await rulesFound("ALTER TABLE users ADD COLUMN a int; ALTER TABLE users ALTER COLUMN a TYPE bigint;")).not.toContain(HELD);
  });

  test("an index build on the locked table keeps it locked for the whole build", async () => {
    expect(await rulesFound("ALTER TABLE users ADD COLUMN email text; CREATE INDEX CONCURRENTLY users_email ON users (email);")).toContain(HELD);
  });

  test("DO blocks count as work", async () => {
    expect(await rulesFound("LOCK TABLE users; DO $$ BEGIN PERFORM 1; END $$;")).toContain(HELD);
  });

  test("catalog-only statements on the same table pass; the fix suggests combining several ALTER TABLEs", async () => {
    expect(await rulesFound("ALTER TABLE users ADD COLUMN a int; ALTER TABLE users ADD COLUMN b int; COMMENT ON COLUMN users.a IS 'x'; GRANT SELECT ON users TO app;")).not.toContain(HELD);
    const [finding] = (await lintSql("ALTER TABLE users ADD COLUMN a int; ALTER TABLE users ADD COLUMN b int; UPDATE users SET a = 1 WHERE a IS NULL;")).filter((f) => f.rule === HELD);
    expect(finding!.fix).toContain("combine the 2 ALTER TABLE statements on users into one");
  });

  test("locks weaker than ACCESS EXCLUSIVE do not count", async () => {
    expect(await rulesFound("CREATE TRIGGER t BEFORE INSERT ON users FOR EACH ROW EXECUTE FUNCTION f(); UPDATE orders SET x = 1 WHERE id = 1;")).not.toContain(HELD);
  });

  test("a held table renamed or moved keeps being the same held table", async () => {
    expect(await rulesFound("ALTER TABLE users RENAME TO accounts; ALTER TABLE accounts ADD COLUMN a int; ALTER TABLE accounts SET SCHEMA app; COMMENT ON TABLE app.accounts IS 'x';")).not.toContain(HELD);
  });

  test("tables created earlier in the run are exempt", async () => {
    expect(await rulesFound("CREATE TABLE users (id int); ALTER TABLE users ADD COLUMN a int; INSERT INTO users VALUES (1);")).not.toContain(HELD);
  });

  test("statements that run on their own (transaction: false) pass; an explicit BEGIN … COMMIT block is checked", async () => {
    expect(await rulesFound("ALTER TABLE users ADD COLUMN a int; UPDATE users SET a = 1 WHERE id = 1;", { mode: "autocommit" })).not.toContain(HELD);
    expect(await rulesFound("BEGIN; ALTER TABLE users ADD COLUMN a int; UPDATE users SET a = 1 WHERE id = 1; COMMIT;", { mode: "autocommit", kind: "script" })).toContain(HELD);
    expect(await rulesFound("BEGIN; ALTER TABLE users ADD COLUMN a int; COMMIT; UPDATE users SET a = 1 WHERE id = 1;", { mode: "autocommit", kind: "script" })).not.toContain(HELD);
  });

  test("reported once per transaction, naming every table held", async () => {
    const findings = (await lintSql("ALTER TABLE a ADD COLUMN x int; LOCK TABLE b; UPDATE c SET y = 1 WHERE id = 2; UPDATE d SET y = 1 WHERE id = 2;")).filter((f) => f.rule === HELD);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.statement).toBe(2);
    expect(findings[0]!.message).toContain("a (locked by statement 1: ALTER TABLE a ADD COLUMN x int), b (locked by statement 2: LOCK TABLE b) stay locked");
  });

  test("a small table (connected database) is reported with its size", async () => {
    const [finding] = (await lintSql("ALTER TABLE users ADD COLUMN a int; UPDATE users SET a = 1 WHERE id = 1;", { tables: { "public.users": { rows: 50, pages: 1 } } })).filter((f) => f.rule === HELD);
    expect(finding!.message).toContain("about 50 rows");
  });
});

describe("enum-value-used-in-same-transaction", () => {
  test("flags the later use of the new value, pointing at the constant", async () => {
    const sql = "ALTER TYPE mood ADD VALUE 'meh';\nALTER TABLE people ALTER COLUMN feeling SET DEFAULT 'meh';";
    const [finding] = (await lintSql(sql)).filter((f) => f.rule === "enum-value-used-in-same-transaction");
    expect(finding).toMatchObject({ severity: "error", statement: 1, offset: sql.lastIndexOf("'meh'") });
    expect(finding!.message).toContain("'meh' was added to enum mood by statement 1");
    expect(finding!.message).toContain("55P04");
    expect(finding!.fix).toContain("ALTER TYPE mood ADD VALUE IF NOT EXISTS 'meh';");
  });

  test("casts, CHECKs and UPDATEs count; schema-qualified types are named", async () => {
    const uses = ["SELECT 'meh'::app.mood", "UPDATE people SET feeling = 'meh' WHERE feeling = 'sad'", "ALTER TABLE people ADD CONSTRAINT c CHECK (feeling <> 'meh') NOT VALID"];
    for (const use of uses) {
      const found = (await lintSql(`ALTER TYPE app.mood ADD VALUE IF NOT EXISTS 'meh' AFTER 'sad'; ${use};`)).filter((f) => f.rule === "enum-value-used-in-same-transaction");
      expect(found, use).toHaveLength(1);
      expect(found[0]!.message).toContain("enum app.mood");
    }
  });

  test("a type created in the same transaction is no exception", async () => {
    expect(await rulesFound("CREATE TYPE mood AS ENUM ('sad'); ALTER TYPE mood ADD VALUE 'meh'; CREATE TABLE p (f mood DEFAULT 'meh');")).toContain("enum-value-used-in-same-transaction");
  });

  test("the value added in its own transaction passes", async () => {
    expect(await rulesFound(["ALTER TYPE mood ADD VALUE 'meh';", "UPDATE people SET feeling = 'meh' WHERE id = 1;"], { mode: "autocommit" })).toEqual([]);
    expect(await rulesFound("ALTER TYPE mood ADD VALUE 'meh'; UPDATE people SET feeling = 'meh' WHERE id = 1;", { mode: "autocommit" })).toEqual([]);
  });

  test("other values, and a renamed value, pass", async () => {
    expect(await rulesFound("ALTER TYPE mood ADD VALUE 'meh'; UPDATE people SET feeling = 'sad' WHERE id = 1;")).not.toContain("enum-value-used-in-same-transaction");
    expect(await rulesFound("ALTER TYPE mood RENAME VALUE 'sad' TO 'blue'; UPDATE people SET feeling = 'blue' WHERE id = 1;")).not.toContain("enum-value-used-in-same-transaction");
  });
});

describe("transaction-control-in-revision", () => {
  test("flags COMMIT inside a transactional revision, explaining the half-applied revision", async () => {
    const sql = "CREATE TABLE a (id int);\nCOMMIT;\nCREATE TABLE b (id int);";
    const [finding] = await lintSql(sql);
    expect(finding).toMatchObject({ rule: "transaction-control-in-revision", severity: "error", statement: 1, offset: sql.indexOf("COMMIT") });
    expect(finding!.message).toContain("COMMIT inside a revision");
    expect(finding!.message).toContain("applied but unrecorded");
    expect(finding!.fix).toContain("split it into two revisions");
  });

  test("BEGIN, START TRANSACTION, ROLLBACK and savepoints are flagged", async () => {
    const findings = await lintSql("BEGIN; SAVEPOINT s; RELEASE SAVEPOINT s; ROLLBACK TO SAVEPOINT s; START TRANSACTION; ROLLBACK; END;");
    expect(findings.map((f) => f.message.split(" inside")[0])).toEqual(["BEGIN", "SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT", "START TRANSACTION", "ROLLBACK", "COMMIT"]);
  });

  test("a transaction: false revision is flagged too, with its own reason", async () => {
    const [finding] = await lintSql("BEGIN; CREATE TABLE a (id int); COMMIT;", { mode: "autocommit" });
    expect(finding!.message).toContain("`transaction: false` revision statement by statement");
  });

  test("plain .sql files manage their own transactions", async () => {
    expect(await rulesFound("BEGIN; CREATE TABLE a (id int); COMMIT;", { kind: "script", mode: "autocommit" })).toEqual([]);
  });
});

describe("unbatched-backfill", () => {
  test("flags an UPDATE of every row of an existing table, with a batched fix built from the statement", async () => {
    const sql = "UPDATE users SET nick = lower(name);";
    const [finding] = await lintSql(sql);
    expect(finding).toMatchObject({ rule: "unbatched-backfill", severity: "warning", table: "public.users", lock: "ROW EXCLUSIVE", offset: sql.indexOf("users") });
    expect(finding!.message).toContain("UPDATE of every row of users");
    expect(finding!.fix).toContain('"-- transaction: false"');
    expect(finding!.fix).toContain("UPDATE users SET nick = lower(name) WHERE id > last AND id <= last + 10000;");
    expect(finding!.fix).toContain("COMMIT;");
  });

  test("DELETE without WHERE, and trivially true conditions, count as every row", async () => {
    const findings = await lintSql("DELETE FROM app.events; UPDATE users SET a = 1 WHERE true; UPDATE users SET a = 1 WHERE 1 = 1; UPDATE ONLY users AS u SET a = 1 WHERE u.a IS NULL OR true;");
    expect(findings.map((f) => [f.rule, f.table])).toEqual([
      ["unbatched-backfill", "app.events"],
      ["unbatched-backfill", "public.users"],
      ["unbatched-backfill", "public.users"],
      ["unbatched-backfill", "public.users"],
    ]);
    expect(findings[0]!.message).toContain("DELETE of every row of app.events");
    expect(findings[1]!.fix).toContain("WHERE <the same condition> AND id > last");
  });

  test("a real WHERE clause passes", async () => {
    expect(await rulesFound("UPDATE users SET a = 1 WHERE a IS NULL; DELETE FROM users WHERE created < now() - interval '1 year';")).toEqual([]);
  });

  test("a table created earlier in the run is exempt", async () => {
    expect(await rulesFound(["CREATE TABLE users (id int, a int);", "UPDATE users SET a = 1;"])).toEqual([]);
  });
});
