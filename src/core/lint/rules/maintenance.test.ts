import { describe, expect, test } from "vitest";
import { lintSql, rulesFound } from "../../../../test/support/lint.ts";

describe("vacuum-full", () => {
  test("flags VACUUM FULL on an existing table, with its ACCESS EXCLUSIVE rewrite and the online fix", async () => {
    const sql = "VACUUM FULL users;";
    const [finding] = await lintSql(sql, { mode: "autocommit" });
    expect(finding).toMatchObject({ rule: "vacuum-full", severity: "error", table: "public.users", lock: "ACCESS EXCLUSIVE", rewrites: true, offset: sql.indexOf("users") });
    expect(finding!.message).toContain("rewrites users");
    expect(finding!.message).not.toContain("transaction block");
    expect(finding!.fix).toContain("pg_repack --table=public.users");
    expect(finding!.fix).toContain("VACUUM (ANALYZE) users;");
  });

  test("one finding per table of the parenthesised form, schema-qualified and quoted names kept", async () => {
    const findings = await lintSql('VACUUM (FULL, ANALYZE) s.orders, "Big";', { mode: "autocommit" });
    expect(findings.map((f) => f.table)).toEqual(["s.orders", "public.Big"]);
    expect(findings[1]!.message).toContain('"Big"');
  });

  test("inside a transaction it also says PostgreSQL refuses it there", async () => {
    const [finding] = await lintSql("VACUUM FULL users;");
    expect(finding!.message).toContain("refuses it inside a transaction block");
  });

  test("on PostgreSQL 19+ the fix offers REPACK (CONCURRENTLY)", async () => {
    const [finding] = await lintSql("VACUUM FULL users;", { mode: "autocommit", serverVersionNum: 190000 });
    expect(finding!.fix).toContain("REPACK (CONCURRENTLY) users;");
    const [older] = await lintSql("VACUUM FULL users;", { mode: "autocommit", serverVersionNum: 180001 });
    expect(older!.fix).not.toContain("REPACK");
  });

  test("VACUUM FULL without a table is flagged with no table", async () => {
    const [finding] = await lintSql("VACUUM FULL;", { mode: "autocommit" });
    expect(finding).toMatchObject({ rule: "vacuum-full" });
    expect(finding!.table).toBeUndefined();
    expect(finding!.message).toContain("every table");
  });

  test("plain VACUUM, VACUUM (FULL false) and ANALYZE pass", async () => {
    expect(await rulesFound("VACUUM users; VACUUM (FULL false) users; VACUUM (ANALYZE) users; ANALYZE users;", { mode: "autocommit" })).toEqual([]);
  });

  test("a table created earlier in the run is exempt", async () => {
    expect(await rulesFound(["CREATE TABLE users (id int);", "VACUUM FULL users;"], { mode: "autocommit" })).toEqual([]);
  });
});

describe("cluster", () => {
  test("flags CLUSTER on an existing table, naming the index, with the pg_repack fix", async () => {
    const [finding] = await lintSql("CLUSTER users USING users_created_idx;");
    expect(finding).toMatchObject({ rule: "cluster", severity: "error", table: "public.users", lock: "ACCESS EXCLUSIVE", rewrites: true });
    expect(finding!.message).toContain("users_created_idx");
    expect(finding!.fix).toContain("pg_repack --table=public.users --order-by=");
    expect(finding!.fix).toContain("ALTER TABLE users CLUSTER ON users_created_idx;");
  });

  test("the old `CLUSTER index ON table` spelling and a bare CLUSTER are flagged", async () => {
    expect(await lintSql("CLUSTER users_created_idx ON s.users;")).toMatchObject([{ table: "s.users" }]);
    const [bare] = await lintSql("CLUSTER;", { mode: "autocommit" });
    expect(bare).toMatchObject({ rule: "cluster" });
    expect(bare!.table).toBeUndefined();
  });

  test("on PostgreSQL 19+ the fix offers REPACK (CONCURRENTLY) … USING INDEX", async () => {
    const [finding] = await lintSql("CLUSTER VERBOSE users_created_idx ON users;", { serverVersionNum: 190002 });
    expect(finding!.fix).toContain("REPACK (CONCURRENTLY) users USING INDEX users_created_idx;");
  });

  test("marking the clustering index (ALTER TABLE … CLUSTER ON) passes", async () => {
    expect(await rulesFound("ALTER TABLE users CLUSTER ON users_created_idx;")).not.toContain("cluster");
  });

  test("a table created earlier in the run is exempt", async () => {
    expect(await rulesFound(["CREATE TABLE users (id int primary key);", "CLUSTER users USING users_pkey;"])).toEqual([]);
  });
});

describe("reindex-concurrently", () => {
  test("flags REINDEX TABLE with its SHARE lock and the concurrent fix", async () => {
    const sql = "REINDEX TABLE users;";
    const [finding] = await lintSql(sql, { mode: "autocommit" });
    expect(finding).toMatchObject({ rule: "reindex-concurrently", severity: "error", table: "public.users", lock: "SHARE", offset: sql.indexOf("users") });
    expect(finding!.message).toContain("REINDEX TABLE users");
    expect(finding!.message).toContain("ACCESS EXCLUSIVE");
    expect(finding!.fix).toContain('"-- transaction: false"');
    expect(finding!.fix).toContain("REINDEX TABLE CONCURRENTLY users;");
  });

  test("REINDEX INDEX, SCHEMA and DATABASE are flagged with their concurrent forms", async () => {
    const findings = await lintSql('REINDEX INDEX s."Users_email_idx"; REINDEX SCHEMA app; REINDEX DATABASE shop;', { mode: "autocommit" });
    expect(findings.map((f) => f.fix?.split("\n").at(-1))).toEqual(['REINDEX INDEX CONCURRENTLY s."Users_email_idx";', "REINDEX SCHEMA CONCURRENTLY app;", "REINDEX DATABASE CONCURRENTLY shop;"]);
    expect(findings[0]!.table).toBeUndefined();
  });

  test("the concurrent forms pass (both spellings)", async () => {
    expect(await rulesFound("REINDEX TABLE CONCURRENTLY users; REINDEX (CONCURRENTLY) INDEX users_email_idx;", { mode: "autocommit" })).toEqual([]);
  });

  test("`(CONCURRENTLY false)` is not concurrent", async () => {
    expect(await rulesFound("REINDEX (CONCURRENTLY false) TABLE users;", { mode: "autocommit" })).toEqual(["reindex-concurrently"]);
  });

  test("on a server older than 12 the fix says CONCURRENTLY is not there", async () => {
    const [finding] = await lintSql("REINDEX TABLE users;", { mode: "autocommit", serverVersionNum: 110005 });
    expect(finding!.fix).toContain("needs PostgreSQL 12+");
    expect(finding!.fix).toContain("CREATE INDEX CONCURRENTLY");
  });

  test("a table created earlier in the run is exempt", async () => {
    expect(await rulesFound(["CREATE TABLE users (id int);", "REINDEX TABLE users;"])).toEqual([]);
  });
});

describe("detach-partition-concurrently", () => {
  test("flags DETACH PARTITION on an existing partitioned table, pointing at the partition", async () => {
    const sql = "ALTER TABLE events DETACH PARTITION events_2020;";
    const [finding] = await lintSql(sql);
    expect(finding).toMatchObject({ rule: "detach-partition-concurrently", severity: "error", table: "public.events", lock: "ACCESS EXCLUSIVE", offset: sql.indexOf("events_2020") });
    expect(finding!.message).toContain("events_2020");
    expect(finding!.fix).toContain("ALTER TABLE events DETACH PARTITION events_2020 CONCURRENTLY;");
    expect(finding!.fix).toContain("FINALIZE");
    expect(finding!.fix).toContain('"-- transaction: false"');
  });

  test("schema-qualified names and other subcommands of the same statement", async () => {
    const [finding] = await lintSql("ALTER TABLE IF EXISTS app.events DETACH PARTITION app.events_2020;");
    expect(finding!.fix).toContain("ALTER TABLE app.events DETACH PARTITION app.events_2020 CONCURRENTLY;");
  });

  test("CONCURRENTLY and FINALIZE pass", async () => {
    expect(await rulesFound("ALTER TABLE events DETACH PARTITION events_2020 CONCURRENTLY;", { mode: "autocommit" })).toEqual([]);
    expect(await rulesFound("ALTER TABLE events DETACH PARTITION events_2020 FINALIZE;", { mode: "autocommit" })).toEqual([]);
  });

  test("before PostgreSQL 14 the fix says CONCURRENTLY is not available", async () => {
    const [finding] = await lintSql("ALTER TABLE events DETACH PARTITION events_2020;", { serverVersionNum: 130010 });
    expect(finding!.fix).toContain("needs PostgreSQL 14+");
  });

  test("a partitioned table created earlier in the run is exempt", async () => {
    expect(
      await rulesFound(["CREATE TABLE events (id int, at date) PARTITION BY RANGE (at);", "CREATE TABLE e1 PARTITION OF events FOR VALUES FROM ('2020-01-01') TO ('2021-01-01');", "ALTER TABLE events DETACH PARTITION e1;"]),
    ).toEqual([]);
  });
});

describe("alter-domain-add-constraint", () => {
  test("flags ADD CONSTRAINT without NOT VALID on an existing domain, with the NOT VALID + VALIDATE fix", async () => {
    const sql = "ALTER DOMAIN positive ADD CONSTRAINT positive_check CHECK (VALUE > 0);";
    const [finding] = await lintSql(sql);
    expect(finding).toMatchObject({ rule: "alter-domain-add-constraint", severity: "error", offset: sql.indexOf("CONSTRAINT") });
    expect(finding!.message).toContain("positive_check");
    expect(finding!.message).toContain("domain positive");
    expect(finding!.message).toContain("SHARE");
    expect(finding!.fix).toContain("ALTER DOMAIN positive ADD CONSTRAINT positive_check CHECK (…) NOT VALID;");
    expect(finding!.fix).toContain("ALTER DOMAIN positive VALIDATE CONSTRAINT positive_check;");
  });

  test("SET NOT NULL on a domain scans the same way", async () => {
    const [finding] = await lintSql("ALTER DOMAIN app.email SET NOT NULL;");
    expect(finding!.message).toContain("domain app.email");
    expect(finding!.fix).toContain("ALTER DOMAIN app.email ADD CONSTRAINT email_not_null CHECK (VALUE IS NOT NULL) NOT VALID;");
    const [named] = await lintSql("ALTER DOMAIN email ADD CONSTRAINT email_required NOT NULL;");
    expect(named!.fix).toContain("ALTER DOMAIN email VALIDATE CONSTRAINT email_required;");
  });

  test("NOT VALID, VALIDATE and other domain changes pass", async () => {
    expect(
      await rulesFound("ALTER DOMAIN positive ADD CONSTRAINT c CHECK (VALUE > 0) NOT VALID; ALTER DOMAIN positive VALIDATE CONSTRAINT c; ALTER DOMAIN positive SET DEFAULT 1; ALTER DOMAIN positive DROP NOT NULL;"),
    ).toEqual([]);
  });

  test("a domain created earlier in the run is exempt (no column uses it yet with data)", async () => {
    expect(await rulesFound(["CREATE DOMAIN positive AS int;", "ALTER DOMAIN positive ADD CONSTRAINT c CHECK (VALUE > 0);"])).toEqual([]);
  });
});
