import { describe, expect, test } from "vitest";
import { lintSql, rulesFound } from "../../../../test/support/lint.ts";

describe("create-index-concurrently", () => {
  test("flags CREATE INDEX on an existing table, with its SHARE lock and the concurrent fix", async () => {
    const [finding] = await lintSql("CREATE INDEX users_email_idx ON users (email);");
    expect(finding).toMatchObject({ rule: "create-index-concurrently", severity: "error", table: "public.users", lock: "SHARE", offset: 0 });
    expect(finding!.message).toContain("users_email_idx");
    expect(finding!.fix).toContain("CREATE INDEX CONCURRENTLY IF NOT EXISTS users_email_idx ON users");
  });

  test("the concurrent form passes (in a transaction: false revision)", async () => {
    expect(await rulesFound("CREATE INDEX CONCURRENTLY IF NOT EXISTS i ON users (email);", { mode: "autocommit" })).not.toContain("create-index-concurrently");
  });

  test("a table created earlier in the run is exempt", async () => {
    expect(await rulesFound(["CREATE TABLE users (id int, email text);", "CREATE INDEX i ON users (email);"])).toEqual([]);
  });

  test("a table absent from a connected database's catalog is exempt; a small one gives a warning", async () => {
    expect(await rulesFound("CREATE INDEX i ON users (email);", { tables: {} })).toEqual([]);
    const [finding] = await lintSql("CREATE INDEX i ON users (email);", { tables: { "public.users": { rows: 10, pages: 1 } }, smallTableRows: 1000 });
    expect(finding).toMatchObject({ severity: "warning" });
    expect(finding!.message).toContain("about 10 rows");
  });

  test("an ignore comment before the statement silences it", async () => {
    expect(await rulesFound("-- retort:lint-ignore create-index-concurrently the table is tiny\nCREATE INDEX i ON users (email);")).toEqual([]);
  });
});

describe("create-index-concurrently on partitioned tables", () => {
  test("a known partitioned table gets the per-partition fix", async () => {
    const [finding] = await lintSql("CREATE INDEX events_at_idx ON events (at);", { tables: { "public.events": { partitioned: true } } });
    expect(finding).toMatchObject({ rule: "create-index-concurrently", table: "public.events", lock: "SHARE" });
    expect(finding!.message).toContain("partitioned");
    expect(finding!.fix).toContain("CREATE INDEX IF NOT EXISTS events_at_idx ON ONLY events");
    expect(finding!.fix).toContain("ALTER INDEX events_at_idx ATTACH PARTITION");
  });

  test("CREATE INDEX CONCURRENTLY on a known partitioned table is refused by PostgreSQL: the per-partition steps", async () => {
    const [finding] = await lintSql("CREATE INDEX CONCURRENTLY IF NOT EXISTS events_at_idx ON events (at);", { tables: { "public.events": { partitioned: true } }, mode: "autocommit" });
    expect(finding).toMatchObject({ rule: "create-index-concurrently", severity: "error" });
    expect(finding!.message).toContain("refuses");
    expect(finding!.fix).toContain("ALTER INDEX events_at_idx ATTACH PARTITION");
    expect(await rulesFound("CREATE INDEX CONCURRENTLY IF NOT EXISTS i ON users (email);", { tables: { "public.users": { partitioned: false } }, mode: "autocommit" })).toEqual([]);
  });

  test("CREATE INDEX ON ONLY a partitioned parent builds nothing and passes", async () => {
    expect(await rulesFound("CREATE INDEX i ON ONLY events (at);", { tables: { "public.events": { partitioned: true } } })).toEqual([]);
    expect(await rulesFound("CREATE INDEX i ON ONLY events (at);")).toEqual([]);
  });

  test("ON ONLY a table known not to be partitioned still builds the index", async () => {
    expect(await rulesFound("CREATE INDEX i ON ONLY users (email);", { tables: { "public.users": { partitioned: false } } })).toEqual(["create-index-concurrently"]);
  });

  test("the fix keeps the index's method, columns and predicate, and names an unnamed index as PostgreSQL would", async () => {
    const [finding] = await lintSql('CREATE UNIQUE INDEX ON app."Users" USING btree (lower(email)) WHERE deleted_at IS NULL;');
    expect(finding!.table).toBe("app.Users");
    expect(finding!.fix).toContain('CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS "Users_expr_idx" ON app."Users" USING btree (lower(email)) WHERE deleted_at IS NULL;');
    expect(finding!.fix).toContain("if app.\"Users\" is partitioned");
  });
});

describe("drop-index-concurrently", () => {
  test("flags DROP INDEX of an index the run did not build", async () => {
    const [finding] = await lintSql("DROP INDEX IF EXISTS app.users_email_idx;");
    expect(finding).toMatchObject({ rule: "drop-index-concurrently", severity: "warning", lock: "ACCESS EXCLUSIVE" });
    expect(finding!.message).toContain("app.users_email_idx");
    expect(finding!.message).toContain("ACCESS EXCLUSIVE");
    expect(finding!.fix).toContain("DROP INDEX CONCURRENTLY IF EXISTS app.users_email_idx;");
  });

  test("several indexes and CASCADE: one concurrent drop each, and a word on CASCADE", async () => {
    const [finding] = await lintSql("DROP INDEX a_idx, b_idx CASCADE;");
    expect(finding!.fix).toContain("DROP INDEX CONCURRENTLY IF EXISTS a_idx;\nDROP INDEX CONCURRENTLY IF EXISTS b_idx;");
    expect(finding!.fix).toContain("no CASCADE");
  });

  test("DROP INDEX CONCURRENTLY passes", async () => {
    expect(await rulesFound("DROP INDEX CONCURRENTLY IF EXISTS users_email_idx;", { mode: "autocommit" })).toEqual([]);
  });

  test("an index built earlier in the run (by CREATE INDEX or a constraint) is exempt", async () => {
    expect(await rulesFound(["CREATE TABLE t (id int, a int);\nCREATE INDEX t_a_idx ON t (a);", "DROP INDEX t_a_idx;"])).toEqual([]);
    expect(await rulesFound("CREATE TABLE s.t (id int CONSTRAINT t_pk PRIMARY KEY);\nDROP INDEX s.t_pk;")).toEqual([]);
    // The same name in another schema is another index.
    expect(await rulesFound("CREATE TABLE s.t (id int, a int);\nCREATE INDEX t_a_idx ON s.t (a);\nDROP INDEX t_a_idx;")).toEqual(["drop-index-concurrently"]);
  });

  test("DROP TABLE and other drops are not its business", async () => {
    expect(await rulesFound("DROP VIEW v;")).toEqual([]);
  });
});

describe("concurrently-in-transaction", () => {
  test("CREATE INDEX CONCURRENTLY in a transactional revision is an error, even on a new table", async () => {
    const [finding] = await lintSql("CREATE INDEX CONCURRENTLY IF NOT EXISTS i ON users (email);");
    expect(finding).toMatchObject({ rule: "concurrently-in-transaction", severity: "error" });
    expect(finding!.message).toContain("CREATE INDEX CONCURRENTLY");
    expect(finding!.message).toContain("25001");
    expect(finding!.fix).toContain('"-- transaction: false"');
    expect(finding!.fix).toContain("CREATE INDEX CONCURRENTLY IF NOT EXISTS i ON users (email);");
    expect(await rulesFound("CREATE TABLE users (email text);\nCREATE INDEX CONCURRENTLY IF NOT EXISTS i ON users (email);")).toEqual(["concurrently-in-transaction"]);
  });

  test("DROP INDEX, REINDEX and DETACH PARTITION CONCURRENTLY between BEGIN and COMMIT", async () => {
    const sql = [
      "BEGIN;",
      "DROP INDEX CONCURRENTLY IF EXISTS i;",
      "REINDEX (CONCURRENTLY) TABLE users;",
      "ALTER TABLE events DETACH PARTITION events_2020 CONCURRENTLY;",
      "COMMIT;",
    ].join("\n");
    const findings = (await lintSql(sql, { mode: "autocommit", kind: "script" })).filter((f) => f.rule === "concurrently-in-transaction");
    expect(findings.map((f) => f.message.split(" cannot")[0])).toEqual(["DROP INDEX CONCURRENTLY", "REINDEX CONCURRENTLY", "DETACH PARTITION … CONCURRENTLY"]);
    expect(findings[0]!.fix).toContain("outside BEGIN … COMMIT");
    expect(findings[2]!.offset).toBe(sql.indexOf("events_2020"));
  });

  test("outside a transaction block, and REINDEX (CONCURRENTLY false), pass", async () => {
    expect(await rulesFound("REINDEX (CONCURRENTLY) INDEX i;\nCOMMIT;\nREINDEX INDEX CONCURRENTLY j;", { mode: "autocommit" })).not.toContain("concurrently-in-transaction");
    expect(await rulesFound("REINDEX (CONCURRENTLY false) TABLE t;")).not.toContain("concurrently-in-transaction");
  });
});

describe("concurrent-index-if-not-exists", () => {
  test("CREATE INDEX CONCURRENTLY without IF NOT EXISTS in a transaction: false revision", async () => {
    const [finding] = await lintSql("CREATE UNIQUE INDEX CONCURRENTLY users_email_key ON users (email);", { mode: "autocommit" });
    expect(finding).toMatchObject({ rule: "concurrent-index-if-not-exists", severity: "warning" });
    expect(finding!.message).toContain("users_email_key");
    expect(finding!.message).toContain("INVALID");
    expect(finding!.fix).toContain("CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS users_email_key ON users (email);");
  });

  test("DROP INDEX CONCURRENTLY without IF EXISTS", async () => {
    const [finding] = await lintSql("DROP INDEX CONCURRENTLY users_email_key;", { mode: "autocommit" });
    expect(finding).toMatchObject({ rule: "concurrent-index-if-not-exists" });
    expect(finding!.fix).toBe("DROP INDEX CONCURRENTLY IF EXISTS users_email_key;");
  });

  test("the IF [NOT] EXISTS forms pass, and plain .sql scripts are not revisions", async () => {
    expect(await rulesFound("CREATE INDEX CONCURRENTLY IF NOT EXISTS i ON users (email);\nDROP INDEX CONCURRENTLY IF EXISTS j;", { mode: "autocommit" })).toEqual([]);
    expect(await rulesFound("CREATE INDEX CONCURRENTLY i ON users (email);", { mode: "autocommit", kind: "script" })).toEqual([]);
  });

  test("an unnamed concurrent index is told it needs a name", async () => {
    const [finding] = await lintSql("CREATE INDEX CONCURRENTLY ON users (email);", { mode: "autocommit" });
    expect(finding!.message).toContain("needs a name");
    expect(finding!.fix).toContain("IF NOT EXISTS users_email_idx ON users (email)");
  });
});
