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
