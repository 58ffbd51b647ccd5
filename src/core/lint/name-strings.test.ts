/**
 * collectNameStrings: the lint of an upgrade reads the catalog only for the tables whose names are
 * among its statements' strings (db/lint-catalog.ts). Linting with that part of the catalog must
 * find exactly what linting with all of it finds.
 */
import { describe, expect, test } from "vitest";
import { catalogOf, testParser, unitOf, type LintTextOptions } from "../../../test/support/lint.ts";
import { collectNameStrings } from "./ast.ts";
import { lintUnits } from "./lint.ts";
import { ALL_RULES } from "./rules.ts";

/** Tables large enough for every lock rule to count, with columns, indexes and NOT NULL checks the rules look at. */
const TABLES: NonNullable<LintTextOptions["tables"]> = {
  "public.users": { rows: 2e6, pages: 40_000, columns: { id: { type: "bigint", notNull: true }, email: "text", age: "integer" }, indexes: [["id"]], notNullChecked: ["age"] },
  "public.orders": { rows: 5e6, pages: 90_000, columns: { id: { type: "bigint", notNull: true }, user_id: "bigint", total: "numeric" }, indexes: [["id"]] },
  "public.accounts": { rows: 3e5, columns: { id: "integer", owner: "text" } },
  "public.Mixed Case": { rows: 8e5, columns: { id: "integer", label: "character varying(20)" } },
  "app.items": { rows: 1e6, columns: { id: "integer", qty: "integer" } },
  "other.users": { rows: 10, columns: { id: "integer" } },
  "public.events": { rows: 4e6, columns: { at: "timestamp with time zone" }, partitioned: true },
  "public.events_2026": { rows: 1e6, columns: { at: "timestamp with time zone" } },
  "public.tiny": { rows: 5, columns: { id: "integer" } },
  "public.unmentioned": { rows: 9e6, columns: { id: "integer" } },
};

const STATEMENTS: readonly string[] = [
  "CREATE INDEX orders_user ON orders (user_id);",
  "CREATE UNIQUE INDEX CONCURRENTLY users_email ON users (email);",
  "ALTER TABLE users ADD COLUMN score int NOT NULL DEFAULT 0;",
  "ALTER TABLE users ADD COLUMN nick text NOT NULL;",
  "ALTER TABLE users ALTER COLUMN email TYPE varchar(100);",
  "ALTER TABLE users ALTER COLUMN age SET NOT NULL;",
  "ALTER TABLE orders ALTER COLUMN total SET NOT NULL;",
  "ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id);",
  "ALTER TABLE orders ADD CONSTRAINT orders_total CHECK (total > 0);",
  "ALTER TABLE orders ADD CONSTRAINT orders_user_key UNIQUE (user_id);",
  "DROP TABLE accounts;",
  "DROP TABLE IF EXISTS app.items CASCADE;",
  "TRUNCATE orders, users;",
  "ALTER TABLE users RENAME TO people;\nALTER TABLE people ADD COLUMN flag int NOT NULL DEFAULT 1;\nCREATE INDEX people_flag ON people (flag);",
  "ALTER TABLE users RENAME COLUMN email TO mail;",
  "ALTER TABLE users DROP COLUMN email;",
  "VACUUM FULL orders;",
  "CLUSTER orders USING orders_pkey;",
  "LOCK TABLE orders IN ACCESS EXCLUSIVE MODE;",
  "UPDATE orders SET total = 0;",
  "DELETE FROM users;",
  'ALTER TABLE "Mixed Case" ADD COLUMN y int NOT NULL DEFAULT 2;',
  'CREATE INDEX ON "Mixed Case" (label);',
  'ALTER TABLE "Mixed Case" ALTER COLUMN label TYPE varchar(40);',
  "ALTER TABLE app.items ALTER COLUMN qty TYPE bigint;",
  "ALTER TABLE other.users ADD COLUMN z int NOT NULL DEFAULT 3;",
  "REINDEX TABLE orders;",
  "ALTER TABLE events ATTACH PARTITION events_2026 FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');",
  "CREATE TABLE events_2027 PARTITION OF events FOR VALUES FROM ('2027-01-01') TO ('2028-01-01');",
  "ALTER TABLE orders VALIDATE CONSTRAINT orders_total;",
  "CREATE TRIGGER orders_audit BEFORE UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION audit();",
  "ALTER TABLE users SET LOGGED;",
  "ALTER TABLE orders ADD COLUMN created timestamptz DEFAULT clock_timestamp();",
  "CREATE TABLE notes (id int REFERENCES users (id), body text);\nCREATE INDEX notes_body ON notes (body);",
  "CREATE INDEX tiny_id ON tiny (id);",
  "ALTER TABLE orders DROP CONSTRAINT orders_total;",
  "INSERT INTO orders (id, user_id, total) SELECT id, id, 0 FROM users;",
  "ALTER TABLE accounts ALTER COLUMN owner SET DATA TYPE varchar(10) USING owner::varchar(10);",
];

/** The part of TABLES a catalog read for these names returns: every schema's table of such a name. */
function scopedTables(names: ReadonlySet<string>): NonNullable<LintTextOptions["tables"]> {
  return Object.fromEntries(Object.entries(TABLES).filter(([qualified]) => names.has(qualified.slice(qualified.indexOf(".") + 1))));
}

async function namesOf(sql: string): Promise<Set<string>> {
  const names = new Set<string>();
  for (const s of (await testParser()).parse(sql)) collectNameStrings(s.stmt, names);
  return names;
}

async function lintWith(sql: string, tables: NonNullable<LintTextOptions["tables"]>) {
  const opts = { tables, serverVersionNum: 150000, smallTableRows: 1000 };
  return lintUnits([await unitOf(sql, opts)], ALL_RULES, catalogOf(opts), opts);
}

describe("collectNameStrings", () => {
  test("holds the tables a statement names in any node (RangeVar, DROP's names, a foreign key's table, quoted names) and no string longer than a name", async () => {
    const names = await namesOf(`ALTER TABLE app.items ADD CONSTRAINT f FOREIGN KEY (id) REFERENCES "Mixed Case" (id); DROP TABLE accounts; COMMENT ON TABLE orders IS '${"x".repeat(64)}';`);
    for (const name of ["app", "items", "Mixed Case", "accounts", "orders", "id", "f"]) expect(names).toContain(name);
    expect([...names].some((s) => s.length > 63)).toBe(false);
  });

  test("linting with the catalog of the named tables finds what linting with the whole catalog finds, statement by statement and as one run", async () => {
    const whole = STATEMENTS.join("\n");
    let compared = 0;
    for (const sql of [...STATEMENTS, whole]) {
      const names = await namesOf(sql);
      const all = await lintWith(sql, TABLES);
      expect(await lintWith(sql, scopedTables(names)), sql).toEqual(all);
      compared += all.length;
    }
    // The corpus exercises the catalog: the tables' sizes and columns change what is found.
    expect(compared).toBeGreaterThan(40);
    expect(await lintWith(whole, {})).not.toEqual(await lintWith(whole, TABLES));
    // The big table no statement names is not read.
    expect(Object.keys(scopedTables(await namesOf(whole)))).not.toContain("public.unmentioned");
  });
});
