import { describe, expect, test } from "vitest";
import { findingsOf, lintSql, rulesFound } from "../../../../test/support/lint.ts";

describe("constraint-not-valid", () => {
  test("ADD FOREIGN KEY on an existing table: SHARE ROW EXCLUSIVE on both tables, NOT VALID then VALIDATE", async () => {
    const sql = "ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE;";
    const [finding] = await findingsOf("constraint-not-valid", sql);
    expect(finding).toMatchObject({ severity: "error", table: "public.orders", lock: "SHARE ROW EXCLUSIVE", rewrites: false, offset: sql.indexOf("CONSTRAINT") });
    expect(finding!.message).toContain("orders_user_fk");
    expect(finding!.message).toContain("SHARE ROW EXCLUSIVE on users");
    expect(finding!.fix).toBe(
      [
        "ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE NOT VALID;",
        "-- in a later transaction (SHARE UPDATE EXCLUSIVE: reads and writes go on during the check):",
        "ALTER TABLE orders VALIDATE CONSTRAINT orders_user_fk;",
      ].join("\n"),
    );
  });

  test("ADD CHECK: ACCESS EXCLUSIVE; an unnamed one gets PostgreSQL's name; the clause of a multi-command ALTER is pointed at", async () => {
    const sql = `ALTER TABLE ONLY app."Items" ALTER COLUMN a SET DEFAULT 0, ADD CHECK (price > 0 AND kind IN ('a', 'b'));`;
    const [finding] = await findingsOf("constraint-not-valid", sql);
    expect(finding).toMatchObject({ table: "app.Items", lock: "ACCESS EXCLUSIVE", offset: sql.indexOf("CHECK") });
    expect(finding!.message).toContain('"Items_price_check"');
    expect(finding!.fix).toContain(`ALTER TABLE ONLY app."Items" ADD CONSTRAINT "Items_price_check" CHECK (price > 0 AND kind IN ('a', 'b')) NOT VALID;`);
    expect(finding!.fix).toContain(`ALTER TABLE ONLY app."Items" VALIDATE CONSTRAINT "Items_price_check";`);
  });

  test("NOT VALID passes; so does a new table, even referencing an existing one", async () => {
    expect(await findingsOf("constraint-not-valid", "ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;")).toEqual([]);
    expect(
      await findingsOf("constraint-not-valid", "CREATE TABLE orders (id int, user_id int);\nALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (user_id) REFERENCES users (id), ADD CHECK (id > 0);"),
    ).toEqual([]);
  });

  test("an existing table referencing a new one still scans", async () => {
    expect(await rulesFound("CREATE TABLE users (id int PRIMARY KEY);\nALTER TABLE orders ADD FOREIGN KEY (user_id) REFERENCES users;")).toContain("constraint-not-valid");
  });

  test("a new column's inline CHECK scans; its inline REFERENCES does not unless a new column has a default", async () => {
    const checked = await findingsOf("constraint-not-valid", "ALTER TABLE t ADD COLUMN x int CONSTRAINT x_positive CHECK (x > 0);");
    expect(checked).toHaveLength(1);
    expect(checked[0]!.fix).toContain("ALTER TABLE t ADD CONSTRAINT x_positive CHECK (x > 0) NOT VALID;");
    expect(await findingsOf("constraint-not-valid", "ALTER TABLE t ADD COLUMN user_id int REFERENCES users (id);")).toEqual([]);
    const [fk] = await findingsOf("constraint-not-valid", "ALTER TABLE t ADD COLUMN user_id int DEFAULT 1 REFERENCES users (id) ON DELETE SET NULL;");
    expect(fk!.fix).toContain("ALTER TABLE t ADD CONSTRAINT t_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE SET NULL NOT VALID;");
    // A table-level foreign key in the same statement (itself NOT VALID) does not bring the inline one's scan back.
    expect(await findingsOf("constraint-not-valid", "ALTER TABLE t ADD COLUMN user_id int REFERENCES users (id), ADD CONSTRAINT o FOREIGN KEY (org_id) REFERENCES orgs (id) NOT VALID;")).toEqual([]);
  });

  test("ALTER INDEX and other objects are not tables", async () => {
    expect(await findingsOf("constraint-not-valid", "ALTER INDEX i ATTACH PARTITION j;")).toEqual([]);
  });
});

describe("validate-in-same-transaction", () => {
  test("VALIDATE in the transaction of its ADD … NOT VALID holds the ADD's lock", async () => {
    const sql = "ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;\nALTER TABLE orders VALIDATE CONSTRAINT fk;";
    const [finding] = await findingsOf("validate-in-same-transaction", sql);
    expect(finding).toMatchObject({ severity: "error", table: "public.orders", lock: "SHARE ROW EXCLUSIVE", statement: 1 });
    expect(finding!.message).toContain("fk");
    expect(finding!.fix).toContain("ALTER TABLE orders VALIDATE CONSTRAINT fk;");
  });

  test("an unnamed CHECK is matched by PostgreSQL's name, with its ACCESS EXCLUSIVE lock", async () => {
    const sql = "BEGIN;\nALTER TABLE t ADD CHECK (a > 0) NOT VALID;\nALTER TABLE t VALIDATE CONSTRAINT t_a_check;\nCOMMIT;";
    const [finding] = await findingsOf("validate-in-same-transaction", sql, { mode: "autocommit" });
    expect(finding).toMatchObject({ lock: "ACCESS EXCLUSIVE" });
    expect(finding!.fix).toContain("COMMIT after the ADD");
  });

  test("separate transactions pass, and so does a new table", async () => {
    expect(await rulesFound("ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0) NOT VALID;\nALTER TABLE t VALIDATE CONSTRAINT c;", { mode: "autocommit" })).toEqual([]);
    expect(await rulesFound(["ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0) NOT VALID;", "ALTER TABLE t VALIDATE CONSTRAINT c;"])).toEqual([]);
    expect(await findingsOf("validate-in-same-transaction", "CREATE TABLE t (a int);\nALTER TABLE t ADD CONSTRAINT c CHECK (a > 0) NOT VALID;\nALTER TABLE t VALIDATE CONSTRAINT c;")).toEqual([]);
  });
});

describe("unique-without-index", () => {
  test("ADD UNIQUE builds the index under ACCESS EXCLUSIVE; the fix builds it concurrently and attaches it", async () => {
    const sql = "ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);";
    const [finding] = await findingsOf("unique-without-index", sql);
    expect(finding).toMatchObject({ severity: "error", table: "public.users", lock: "ACCESS EXCLUSIVE", rewrites: false, offset: sql.indexOf("CONSTRAINT") });
    expect(finding!.message).toContain("users_email_key");
    expect(finding!.fix).toContain("CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS users_email_key ON users (email);");
    expect(finding!.fix).toContain("ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_key;");
  });

  test("an unnamed PRIMARY KEY gets the name PostgreSQL gives it; an inline UNIQUE on a new column is flagged too", async () => {
    const [pk] = await findingsOf("unique-without-index", "ALTER TABLE s.accounts ADD PRIMARY KEY (id);");
    expect(pk!.fix).toContain("ALTER TABLE s.accounts ADD CONSTRAINT accounts_pkey PRIMARY KEY USING INDEX accounts_pkey;");
    const [inline] = await findingsOf("unique-without-index", "ALTER TABLE users ADD COLUMN handle text UNIQUE;");
    expect(inline!.fix).toContain("CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS users_handle_key ON users (handle);");
  });

  test("USING INDEX passes, and a new table is exempt", async () => {
    expect(await findingsOf("unique-without-index", "ALTER TABLE users ADD CONSTRAINT k UNIQUE USING INDEX k;")).toEqual([]);
    expect(await findingsOf("unique-without-index", "CREATE TABLE users (email text);\nALTER TABLE users ADD UNIQUE (email);")).toEqual([]);
  });
});

describe("exclusion-constraint", () => {
  test("ADD EXCLUDE on an existing table is an error with no online form", async () => {
    const sql = "ALTER TABLE bookings ADD CONSTRAINT no_overlap EXCLUDE USING gist (room WITH =, during WITH &&);";
    const [finding] = await findingsOf("exclusion-constraint", sql);
    expect(finding).toMatchObject({ severity: "error", table: "public.bookings", lock: "ACCESS EXCLUSIVE", offset: sql.indexOf("CONSTRAINT") });
    expect(finding!.message).toContain("no_overlap");
    expect(finding!.fix).toContain("maintenance window");
  });

  test("a new table is exempt", async () => {
    expect(await rulesFound("CREATE TABLE bookings (room int, during tstzrange);\nALTER TABLE bookings ADD EXCLUDE USING gist (during WITH &&);")).toEqual([]);
  });
});

describe("primary-key-nullable-columns", () => {
  test("ADD PRIMARY KEY USING INDEX on a column the database has as nullable", async () => {
    const tables = { "public.accounts": { columns: { id: "bigint" } } };
    const [finding] = await findingsOf("primary-key-nullable-columns", "ALTER TABLE accounts ADD CONSTRAINT accounts_pkey PRIMARY KEY USING INDEX accounts_id_idx;", { tables });
    // The index is not the run's: its columns are unknown, so they may be nullable.
    expect(finding).toMatchObject({ severity: "warning", table: "public.accounts", lock: "ACCESS EXCLUSIVE" });
    expect(finding!.message).toContain("accounts_id_idx");
    const [named] = await findingsOf(
      "primary-key-nullable-columns",
      ["CREATE UNIQUE INDEX CONCURRENTLY accounts_id_idx ON accounts (id);", "ALTER TABLE accounts ADD CONSTRAINT accounts_pkey PRIMARY KEY USING INDEX accounts_id_idx;"],
      { tables, mode: "autocommit" },
    );
    expect(named!.message).toContain("column id of accounts");
    expect(named!.fix).toContain("ALTER TABLE accounts ADD CONSTRAINT accounts_id_not_null CHECK (id IS NOT NULL) NOT VALID;");
    expect(named!.fix).toContain("ALTER TABLE accounts VALIDATE CONSTRAINT accounts_id_not_null;");
  });

  test("columns known NOT NULL, or proven by a validated check on PostgreSQL 12+, pass", async () => {
    expect(await findingsOf("primary-key-nullable-columns", "ALTER TABLE accounts ADD PRIMARY KEY (id);", { tables: { "public.accounts": { columns: { id: { type: "bigint", notNull: true } } } } })).toEqual([]);
    const checked = { "public.accounts": { columns: { id: "bigint" }, notNullChecked: ["id"] } };
    expect(await findingsOf("primary-key-nullable-columns", "ALTER TABLE accounts ADD PRIMARY KEY (id);", { tables: checked, serverVersionNum: 150000 })).toEqual([]);
    expect(await findingsOf("primary-key-nullable-columns", "ALTER TABLE accounts ADD PRIMARY KEY (id);", { tables: checked, serverVersionNum: 110000 })).toHaveLength(1);
    expect(await findingsOf("primary-key-nullable-columns", "ALTER TABLE accounts ALTER COLUMN id SET NOT NULL, ADD PRIMARY KEY (id);")).toEqual([]);
    // Measured on PostgreSQL 15, 2 million rows: PRIMARY KEY USING INDEX takes 8 ms with a validated check, 194 ms without.
    const run = [
      "ALTER TABLE accounts ADD CONSTRAINT accounts_id_nn CHECK (id IS NOT NULL) NOT VALID;",
      "ALTER TABLE accounts VALIDATE CONSTRAINT accounts_id_nn;",
      "ALTER TABLE accounts ADD CONSTRAINT accounts_pkey PRIMARY KEY USING INDEX accounts_id_idx;",
    ];
    expect(await findingsOf("primary-key-nullable-columns", ["CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS accounts_id_idx ON accounts (id);", ...run], { mode: "autocommit" })).toEqual([]);
  });

  test("a new table is exempt", async () => {
    expect(await findingsOf("primary-key-nullable-columns", "CREATE TABLE accounts (id bigint);\nALTER TABLE accounts ADD PRIMARY KEY (id);")).toEqual([]);
  });
});

describe("foreign-key-without-index", () => {
  test("a foreign key in CREATE TABLE with no index on its column", async () => {
    const sql = "CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint REFERENCES users (id));";
    const [finding] = await findingsOf("foreign-key-without-index", sql);
    expect(finding).toMatchObject({ severity: "warning", offset: sql.indexOf("REFERENCES") });
    expect(finding!.message).toContain("orders_user_id_fkey on orders (user_id)");
    expect(finding!.message).toContain("users");
    expect(finding!.fix).toContain("CREATE INDEX IF NOT EXISTS orders_user_id_idx ON orders (user_id);");
  });

  test("on an existing table the index is built concurrently", async () => {
    const [finding] = await findingsOf("foreign-key-without-index", "ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) NOT VALID;");
    expect(finding!.fix).toContain("CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_tenant_id_user_id_idx ON orders (tenant_id, user_id);");
  });

  test("an index leading with the columns, from the database or anywhere in the run, passes", async () => {
    const fk = "ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) NOT VALID;";
    expect(await findingsOf("foreign-key-without-index", fk, { tables: { "public.orders": { indexes: [["user_id", "tenant_id", "created_at"]] } } })).toEqual([]);
    expect(await findingsOf("foreign-key-without-index", fk, { tables: { "public.orders": { indexes: [["tenant_id"]] } } })).toHaveLength(1);
    expect(await findingsOf("foreign-key-without-index", ["CREATE TABLE t (a int REFERENCES u, PRIMARY KEY (a, b), b int);"])).toEqual([]);
    expect(await findingsOf("foreign-key-without-index", ["CREATE TABLE t (id int, u int REFERENCES u);", "CREATE INDEX ON t (u);"])).toEqual([]);
    expect(await findingsOf("foreign-key-without-index", ["CREATE TABLE t (id int, u int REFERENCES u);", "CREATE INDEX ON t (u) WHERE u > 0;"])).toHaveLength(1);
    expect(await findingsOf("foreign-key-without-index", ["CREATE INDEX ON t (u);", "ALTER TABLE t ADD FOREIGN KEY (u) REFERENCES u NOT VALID;"])).toEqual([]);
    expect(await findingsOf("foreign-key-without-index", "ALTER TABLE t ADD FOREIGN KEY (u) REFERENCES u NOT ENFORCED;")).toEqual([]);
  });
});

describe("spellings: IF EXISTS, ONLY, schemas, quoted names, several commands", () => {
  test("ALTER TABLE IF EXISTS ONLY with a quoted schema-qualified name", async () => {
    const sql = `ALTER TABLE IF EXISTS ONLY "Sales"."Order Lines" ADD CONSTRAINT "Fk Order" FOREIGN KEY ("Order Id") REFERENCES "Sales"."Orders" ("Id");`;
    const findings = await lintSql(sql);
    const notValid = findings.find((f) => f.rule === "constraint-not-valid")!;
    expect(notValid.table).toBe("Sales.Order Lines");
    expect(notValid.message).toContain(`"Fk Order"`);
    expect(notValid.fix).toContain(`ALTER TABLE ONLY "Sales"."Order Lines" ADD CONSTRAINT "Fk Order" FOREIGN KEY ("Order Id") REFERENCES "Sales"."Orders" ("Id") NOT VALID;`);
    expect(notValid.fix).toContain(`ALTER TABLE ONLY "Sales"."Order Lines" VALIDATE CONSTRAINT "Fk Order";`);
    expect(findings.find((f) => f.rule === "foreign-key-without-index")!.fix).toContain(`ON "Sales"."Order Lines" ("Order Id")`);
  });

  test("each clause of a multi-command ALTER TABLE is reported where it is written", async () => {
    const sql = "ALTER TABLE t ADD CONSTRAINT a CHECK (x > 0), ADD CONSTRAINT b UNIQUE (y), ADD CONSTRAINT c FOREIGN KEY (z) REFERENCES u NOT VALID;";
    const findings = (await lintSql(sql, { tables: { "public.t": { indexes: [["z"]] } } })).map((f) => [f.rule, f.offset, f.lock]);
    expect(findings).toEqual([
      ["constraint-not-valid", sql.indexOf("CONSTRAINT a"), "ACCESS EXCLUSIVE"],
      ["unique-without-index", sql.indexOf("CONSTRAINT b"), "ACCESS EXCLUSIVE"],
    ]);
  });

  test("a table created in another schema under the same name is another table", async () => {
    expect(await rulesFound("CREATE TABLE audit.users (id int);\nALTER TABLE users ADD CHECK (id > 0);")).toContain("constraint-not-valid");
    expect(await rulesFound("CREATE TABLE audit.users (id int);\nALTER TABLE audit.users ADD CHECK (id > 0);")).toEqual([]);
  });

  test("a table renamed by the run keeps its facts; one created and renamed stays new", async () => {
    expect(await rulesFound("CREATE TABLE users_new (id int);\nALTER TABLE users_new RENAME TO users2;\nALTER TABLE users2 ADD CHECK (id > 0);")).toEqual([]);
  });
});
