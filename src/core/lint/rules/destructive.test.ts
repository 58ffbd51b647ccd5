import { describe, expect, test } from "vitest";
import { lintSql, rulesFound, unitOf } from "../../../../test/support/lint.ts";
import { lintUnits } from "../lint.ts";
import { ALL_RULES } from "../rules.ts";

describe("rename-table", () => {
  test("flags renaming an existing table, with the view-with-the-old-name fix", async () => {
    const sql = "ALTER TABLE users RENAME TO accounts;";
    const [finding] = await lintSql(sql);
    expect(finding).toMatchObject({ rule: "rename-table", severity: "error", table: "public.users", lock: "ACCESS EXCLUSIVE", offset: sql.indexOf("users") });
    expect(finding!.message).toContain("Renaming table users to accounts");
    expect(finding!.fix).toContain("ALTER TABLE users RENAME TO accounts;");
    expect(finding!.fix).toContain("CREATE VIEW users AS SELECT * FROM accounts;");
  });

  test("schema-qualified, quoted, IF EXISTS and views", async () => {
    const [table] = await lintSql('ALTER TABLE IF EXISTS ONLY app."Users" RENAME TO people;');
    expect(table!.fix).toContain('CREATE VIEW app."Users" AS SELECT * FROM app.people;');
    const [view] = await lintSql("ALTER VIEW active_users RENAME TO current_users;");
    expect(view!.message).toContain("Renaming view active_users");
  });

  test("a table created earlier in the run, or absent from the connected database, is exempt", async () => {
    expect(await rulesFound(["CREATE TABLE users (id int);", "ALTER TABLE users RENAME TO accounts;"])).toEqual([]);
    expect(await rulesFound("ALTER TABLE IF EXISTS users RENAME TO accounts;", { tables: {} })).toEqual([]);
  });

  test("the fix itself (a view with the old name in the same transaction) passes; in separate transactions it does not", async () => {
    expect(await rulesFound("ALTER TABLE app.users RENAME TO accounts; CREATE VIEW app.users AS SELECT * FROM app.accounts;")).toEqual([]);
    expect(await rulesFound("ALTER TABLE users RENAME TO accounts; CREATE VIEW users AS SELECT * FROM accounts;", { mode: "autocommit" })).toEqual(["rename-table"]);
  });

  test("renaming an index or a constraint is not a table rename", async () => {
    expect(await rulesFound("ALTER INDEX users_email RENAME TO users_email_idx; ALTER TABLE users RENAME CONSTRAINT a TO b;")).toEqual([]);
  });
});

describe("rename-column", () => {
  test("flags renaming an existing column, with the expand/contract fix using its real type", async () => {
    const [finding] = await lintSql("ALTER TABLE users RENAME COLUMN name TO full_name;", { tables: { "public.users": { columns: { name: "character varying(80)" } } } });
    expect(finding).toMatchObject({ rule: "rename-column", severity: "error", table: "public.users", lock: "ACCESS EXCLUSIVE" });
    expect(finding!.message).toContain("users.name to full_name");
    expect(finding!.fix).toContain("ALTER TABLE users ADD COLUMN full_name character varying(80);");
    expect(finding!.fix).toContain("ALTER TABLE users DROP COLUMN name;");
  });

  test("the short `RENAME a TO b` spelling and quoted names", async () => {
    const [finding] = await lintSql('ALTER TABLE s.t RENAME "Old" TO "New";');
    expect(finding!.message).toContain('s.t."Old" to "New"');
  });

  test("a new table or a column added earlier in the run is exempt", async () => {
    expect(await rulesFound(["CREATE TABLE users (id int, name text);", "ALTER TABLE users RENAME COLUMN name TO full_name;"])).toEqual([]);
    expect(await rulesFound(["ALTER TABLE users ADD COLUMN nick text;", "ALTER TABLE users RENAME COLUMN nick TO handle;"])).toEqual([]);
  });

  test("a downgrade section that renames back is not reported", async () => {
    const unit = { ...(await unitOf("ALTER TABLE users RENAME COLUMN full_name TO name;")), section: "downgrade" as const };
    expect(lintUnits([unit], ALL_RULES, { tables: new Map(), complete: false })).toEqual([]);
  });
});

describe("rename-type", () => {
  test("flags renaming an enum value, with the add-value fix", async () => {
    const [finding] = await lintSql("ALTER TYPE app.mood RENAME VALUE 'sad' TO 'unhappy';");
    expect(finding).toMatchObject({ rule: "rename-type", severity: "warning" });
    expect(finding!.message).toContain("'sad' of enum app.mood to 'unhappy'");
    expect(finding!.fix).toContain("ALTER TYPE app.mood ADD VALUE IF NOT EXISTS 'unhappy';");
  });

  test("flags renaming a type or a domain", async () => {
    const findings = await lintSql("ALTER TYPE mood RENAME TO feeling; ALTER DOMAIN email RENAME TO email_address;");
    expect(findings.map((f) => f.rule)).toEqual(["rename-type", "rename-type"]);
    expect(findings[0]!.message).toContain("type mood to feeling");
    expect(findings[1]!.message).toContain("domain email to email_address");
  });

  test("adding an enum value passes; a type created earlier in the run is exempt", async () => {
    expect(await rulesFound("ALTER TYPE mood ADD VALUE 'meh';", { mode: "autocommit" })).toEqual([]);
    expect(await rulesFound(["CREATE TYPE mood AS ENUM ('sad');", "ALTER TYPE mood RENAME VALUE 'sad' TO 'blue';", "ALTER TYPE mood RENAME TO feeling;"])).toEqual([]);
  });
});

describe("drop-table", () => {
  test("flags dropping each existing table, naming it, with the later-release fix", async () => {
    const findings = await lintSql("DROP TABLE IF EXISTS users, app.orders CASCADE;");
    expect(findings.map((f) => [f.rule, f.table, f.severity, f.lock])).toEqual([
      ["drop-table", "public.users", "error", "ACCESS EXCLUSIVE"],
      ["drop-table", "app.orders", "error", "ACCESS EXCLUSIVE"],
    ]);
    expect(findings[0]!.message).toContain("Dropping table users deletes its data");
    expect(findings[0]!.message).toContain("CASCADE also drops");
    expect(findings[0]!.fix).toContain("pg_dump --table=public.users");
    expect(findings[0]!.fix).toContain("retort:lint-ignore drop-table");
  });

  test("a table created earlier in the run (even by CREATE TABLE AS) is exempt", async () => {
    expect(await rulesFound(["CREATE TABLE tmp (id int);", "CREATE TABLE tmp2 AS SELECT 1 AS x;", "DROP TABLE tmp, tmp2;"])).toEqual([]);
  });

  test("dropping a view or an index is not a table drop", async () => {
    expect(await rulesFound("DROP VIEW active_users;")).toEqual([]);
  });

  test("the downgrade section of a revision that created the table is not reported", async () => {
    const unit = { ...(await unitOf("DROP TABLE users;")), section: "downgrade" as const };
    expect(lintUnits([unit], ALL_RULES, { tables: new Map(), complete: false })).toEqual([]);
  });
});

describe("drop-column", () => {
  test("flags dropping an existing column, and says old code selecting it breaks", async () => {
    const [finding] = await lintSql("ALTER TABLE users DROP COLUMN IF EXISTS email CASCADE;");
    expect(finding).toMatchObject({ rule: "drop-column", severity: "error", table: "public.users", lock: "ACCESS EXCLUSIVE", rewrites: false });
    expect(finding!.message).toContain("users.email deletes its data");
    expect(finding!.message).toContain("ORM");
    expect(finding!.fix).toContain("ALTER TABLE users DROP COLUMN IF EXISTS email;");
  });

  test("one finding per dropped column of a multi-command ALTER TABLE", async () => {
    expect(await rulesFound("ALTER TABLE users DROP COLUMN a, DROP b, ADD COLUMN c int;")).toEqual(["drop-column", "drop-column"]);
  });

  test("foreign tables and composite type attributes too", async () => {
    const [foreign, attribute] = await lintSql("ALTER FOREIGN TABLE remote_users DROP COLUMN email; ALTER TYPE address DROP ATTRIBUTE zip;");
    expect(foreign).toMatchObject({ rule: "drop-column" });
    expect(foreign!.fix).toContain("ALTER FOREIGN TABLE remote_users DROP COLUMN IF EXISTS email;");
    expect(attribute).toMatchObject({ rule: "drop-column" });
    expect(attribute!.message).toContain("attribute zip of composite type address");
    expect(attribute!.fix).toContain("ALTER TYPE address DROP ATTRIBUTE IF EXISTS zip;");
    expect(await rulesFound(["CREATE TYPE address AS (street text, zip text);", "ALTER TYPE address DROP ATTRIBUTE zip;"])).toEqual([]);
  });

  test("a new table or a column added earlier in the run is exempt", async () => {
    expect(await rulesFound(["CREATE TABLE users (id int, email text);", "ALTER TABLE users DROP COLUMN email;"])).toEqual([]);
    expect(await rulesFound(["ALTER TABLE users ADD COLUMN tmp int;", "ALTER TABLE users DROP COLUMN tmp;"])).toEqual([]);
  });
});

describe("drop-type", () => {
  test("flags dropping an existing type, pointing at it; CASCADE says the columns go too", async () => {
    const sql = "DROP TYPE IF EXISTS old_mood, app.status CASCADE;";
    const findings = await lintSql(sql);
    expect(findings.map((f) => [f.rule, f.severity, f.offset])).toEqual([
      ["drop-type", "warning", sql.indexOf("old_mood")],
      ["drop-type", "warning", sql.indexOf("app.status")],
    ]);
    expect(findings[1]!.message).toContain("type app.status with CASCADE also drops every column");
    expect(findings[1]!.fix).toContain("DROP TYPE IF EXISTS app.status;");
  });

  test("domains too; a type created earlier in the run is exempt", async () => {
    expect((await lintSql("DROP DOMAIN email;"))[0]!.message).toContain("domain email");
    expect(await rulesFound(["CREATE TYPE mood AS ENUM ('a');", "CREATE DOMAIN d AS int;", "DROP TYPE mood; DROP DOMAIN d;"])).toEqual([]);
  });
});

describe("drop-database", () => {
  test("flags DROP DATABASE, naming it", async () => {
    const [finding] = await lintSql("DROP DATABASE IF EXISTS shop WITH (FORCE);", { mode: "autocommit" });
    expect(finding).toMatchObject({ rule: "drop-database", severity: "error" });
    expect(finding!.message).toContain("database shop");
    expect(finding!.fix).toContain("by hand");
  });

  test("CREATE DATABASE passes", async () => {
    expect(await rulesFound("CREATE DATABASE shop;", { mode: "autocommit" })).toEqual([]);
  });
});

describe("truncate-cascade", () => {
  test("flags TRUNCATE … CASCADE with the plain TRUNCATE fix", async () => {
    const [finding] = await lintSql("TRUNCATE TABLE users CASCADE;");
    expect(finding).toMatchObject({ rule: "truncate-cascade", severity: "error", table: "public.users", lock: "ACCESS EXCLUSIVE" });
    expect(finding!.message).toContain("TRUNCATE users CASCADE also empties every table with a foreign key to it");
    expect(finding!.fix).toContain("TRUNCATE users;");
  });

  test("several tables, ONLY and schema names", async () => {
    const [finding] = await lintSql("TRUNCATE ONLY app.a, b RESTART IDENTITY CASCADE;");
    expect(finding!.fix).toContain("TRUNCATE app.a, b;");
    expect(finding!.table).toBeUndefined();
  });

  test("TRUNCATE without CASCADE, and of tables created in the run, passes", async () => {
    expect(await rulesFound("TRUNCATE users;")).toEqual([]);
    expect(await rulesFound(["CREATE TABLE tmp (id int);", "TRUNCATE tmp CASCADE;"])).toEqual([]);
  });
});

describe("drop-not-null", () => {
  test("flags DROP NOT NULL on an existing column as a warning", async () => {
    const [finding] = await lintSql("ALTER TABLE users ALTER COLUMN email DROP NOT NULL;");
    expect(finding).toMatchObject({ rule: "drop-not-null", severity: "warning", table: "public.users", lock: "ACCESS EXCLUSIVE" });
    expect(finding!.message).toContain("users.email");
    expect(finding!.fix).toContain("handle a NULL email");
  });

  test("a new table or column is exempt; SET NOT NULL is not this rule", async () => {
    expect(await rulesFound(["CREATE TABLE users (email text NOT NULL);", "ALTER TABLE users ALTER email DROP NOT NULL;"])).toEqual([]);
    expect(await rulesFound(["ALTER TABLE users ADD COLUMN nick text NOT NULL DEFAULT '';", "ALTER TABLE users ALTER nick DROP NOT NULL;"])).not.toContain("drop-not-null");
  });
});
