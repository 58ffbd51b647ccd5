import { describe, expect, it } from "vitest";
import { col, con, idx, modelOf, tbl } from "./_model-builders.ts";
import { NO_BOOKKEEPING } from "./bookkeeping.ts";
import { describeChanges, displayName } from "./summary.ts";

describe("describeChanges", () => {
  it("lists added, removed and changed objects, one item each", () => {
    const a = modelOf({ tables: [tbl("public", "orders", [col("id", "integer"), col("total", "numeric(12,2)"), col("note", "text")]), tbl("public", "gone", [col("id", "integer")])] });
    const b = modelOf({
      schemas: ["public", "app"],
      tables: [
        tbl("public", "orders", [col("id", "integer"), col("total", "numeric(14,2)"), col("at", "timestamptz")], [], [idx("orders_at", "CREATE INDEX orders_at ON public.orders USING btree (at)")]),
        tbl("app", "Users", [col("id", "integer")]),
      ],
    });
    expect(describeChanges(a, b, NO_BOOKKEEPING)).toEqual([
      "+schema app",
      "+table app.\"Users\"",
      "+column orders.at",
      "~column orders.total numeric(12,2)→numeric(14,2)",
      "-column orders.note",
      "+index orders_at",
      "-table gone",
    ]);
    expect(describeChanges(b, b, NO_BOOKKEEPING)).toEqual([]);
  });

  it("names a table's columns and constraints after the table, quoted where its name needs it", () => {
    const a = modelOf({ schemas: ["public", "app"], tables: [tbl("app", "Users", [col("id", "integer"), col("email", "text")], [con("positive", "check", "CHECK (id > 0)")])] });
    const b = modelOf({
      schemas: ["public", "app"],
      tables: [tbl("app", "Users", [col("id", "bigint"), col("email", "text"), col("Nick Name", "text")], [con("positive", "check", "CHECK (id > 1)")])],
    });
    expect(describeChanges(a, b, NO_BOOKKEEPING)).toEqual(['+column app."Users"."Nick Name"', '~column app."Users".id integer→bigint', '~constraint app."Users".positive']);
  });

  it("names default privileges by role, schema and kind", () => {
    const entry = { role: "app", schema: "api", objectType: "tables", acl: ["reader=r/app"], baseline: [] } as const;
    const b = { ...modelOf({}), defaultPrivileges: { 'for role "app" in schema "api" on tables': entry } };
    expect(describeChanges(modelOf({}), b, NO_BOOKKEEPING)).toEqual(["+default privileges for role app in schema api on tables"]);
  });

  it("shows names as people write them", () => {
    expect(displayName('"public"."users"')).toBe("users");
    expect(displayName('"app"."Mixed Case"')).toBe('app."Mixed Case"');
  });
});
