/** What the lint reads from a real database: every user table's size, columns, indexes and single-column CHECKs. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseDatabaseUrl } from "../src/config/database-url.ts";
import { closeConnection, openConnection, type Sql } from "../src/db/connect.ts";
import { readLintCatalog, readTableSizes } from "../src/db/lint-catalog.ts";
import { createTestDatabase, type TestDatabase } from "./support/database.ts";

let db: TestDatabase;
let sql: Sql;

beforeAll(async () => {
  db = await createTestDatabase("lintcatalog");
  sql = openConnection(parseDatabaseUrl(db.url, "the test database"), { applicationName: "lint-catalog-test" });
  await db.sql.unsafe(`
    create schema app;
    create type app.mood as enum ('ok', 'sad');
    create table app.items (id bigint primary key, name text not null, qty int check (qty > 0), gone text, mood app.mood, note varchar(20));
    alter table app.items drop column gone;
    create index items_name_id on app.items (name, id);
    create index items_lower_name on app.items (lower(name));
    create index items_mixed on app.items (qty, lower(name), id);
    create index items_partial on app.items (qty) where qty > 10;
    create index items_invalid on app.items (note);
    update pg_index set indisvalid = false where indexrelid = 'app.items_invalid'::regclass;
    insert into app.items (id, name, qty) select g, 'n' || g, g from generate_series(1, 50) g;
    analyze app.items;
    create table app.parts (id int) partition by range (id);
    create view app.items_view as select id from app.items;
    create table public.items (id int);
    create table public."Items" (id int);
    create table public.other (id int);
  `);
});
afterAll(async () => {
  await closeConnection(sql);
  await db.drop();
});

describe("readLintCatalog", () => {
  it("reads each table's size, live columns with their types, valid non-partial indexes by column (an expression as \"\"), and single-column CHECKs", async () => {
    const catalog = await readLintCatalog(sql);
    expect(catalog.serverVersionNum).toBeGreaterThanOrEqual(100000);
    const items = catalog.tables.find((t) => t.schema === "app" && t.name === "items");
    expect(items).toMatchObject({ rows: 50 });
    expect(items!.columns).toEqual([
      { name: "id", type: "bigint", notNull: true },
      { name: "name", type: "text", notNull: true },
      { name: "qty", type: "integer", notNull: false },
      { name: "mood", type: "app.mood", notNull: false },
      { name: "note", type: "character varying(20)", notNull: false },
    ]);
    expect([...items!.indexes].map((i) => JSON.stringify(i)).sort()).toEqual(['["id"]', '["name","id"]', '["qty","","id"]', '[""]'].sort());
    expect(items!.checks).toEqual([{ column: "qty", definition: "CHECK ((qty > 0))" }]);
    // A partitioned table is a table; a view is not.
    expect(catalog.tables.some((t) => t.name === "parts")).toBe(true);
    expect(catalog.tables.some((t) => t.name === "items_view")).toBe(false);
  });

  it("with names, reads only the tables of those names, in every schema, names compared exactly; an empty list reads none", async () => {
    const whole = await readLintCatalog(sql);
    const scoped = await readLintCatalog(sql, ["items", "parts", "nope", "it's", "items_view"]);
    const named = (c: typeof whole) => c.tables.map((t) => `${t.schema}.${t.name}`).sort();
    expect(named(scoped)).toEqual(["app.items", "app.parts", "public.items"]);
    // Each table as the whole catalog describes it.
    expect(scoped.tables.find((t) => t.schema === "app" && t.name === "items")).toEqual(whole.tables.find((t) => t.schema === "app" && t.name === "items"));
    expect(scoped.serverVersionNum).toBe(whole.serverVersionNum);
    expect(named(await readLintCatalog(sql, ["Items"]))).toEqual(["public.Items"]);
    expect(await readLintCatalog(sql, [])).toEqual({ serverVersionNum: whole.serverVersionNum, tables: [] });
    expect(named(whole)).toEqual(expect.arrayContaining(["public.other", "public.Items"]));
  });

  it("readTableSizes gives every table's size; a scoped read given them reports those, though the table has grown and been analysed since", async () => {
    const sizes = await readTableSizes(sql);
    expect(sizes.get("app\0items")).toEqual({ rows: 50, pages: expect.any(Number) });
    expect([...sizes.keys()]).toEqual(expect.arrayContaining(["app\0parts", "public\0Items", "public\0other"]));
    expect(sizes.has("app\0items_view")).toBe(false);
    await db.sql.unsafe("create table app.grows (id int); insert into app.grows select generate_series(1, 500); analyze app.grows");
    const before = await readTableSizes(sql);
    await db.sql.unsafe("insert into app.grows select generate_series(501, 5000); analyze app.grows");
    const scoped = await readLintCatalog(sql, ["grows"], before);
    expect(scoped.tables.map((t) => [t.name, t.rows])).toEqual([["grows", 500]]);
    expect((await readLintCatalog(sql, ["grows"])).tables.map((t) => t.rows)).toEqual([5000]);
  });
});
