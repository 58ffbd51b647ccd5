/** Which changes the online split takes, and which it leaves in the plain, transactional part. */
import { describe, expect, test } from "vitest";
import { col, con, idx, modelOf, tbl } from "./_model-builders.ts";
import { diffSchemas } from "./diff.ts";
import type { SchemaModel, TableDef } from "./model.ts";
import { splitOnline } from "./online.ts";

const T = `"public"."t"`;
const cols = [col("id", "bigint", { notNull: true }), col("a", "text"), col("b", "integer")];
const pk = con("t_pkey", "primaryKey", "PRIMARY KEY (id)");
const pkIndex = idx("t_pkey", "CREATE UNIQUE INDEX t_pkey ON public.t USING btree (id)", { constraint: "t_pkey" });
const table = (extra: { columns?: TableDef["columns"]; constraints?: TableDef["constraints"][string][]; indexes?: TableDef["indexes"][string][]; other?: Partial<TableDef> } = {}) =>
  tbl("public", "t", extra.columns ?? cols, [pk, ...(extra.constraints ?? [])], [pkIndex, ...(extra.indexes ?? [])], extra.other);
const model = (...tables: TableDef[]): SchemaModel => modelOf({ tables });
const upSql = (from: SchemaModel, to: SchemaModel) => splitOnline(from, to)?.upgrade.map((s) => s.sql) ?? null;
const firstPart = (from: SchemaModel, to: SchemaModel) => diffSchemas(from, splitOnline(from, to)!.intermediate).map((s) => s.sql);

const aIndex = idx("t_a_idx", "CREATE INDEX t_a_idx ON public.t USING btree (a)");

describe("splitOnline", () => {
  test("nothing online: null, so the plain single revision is written", () => {
    expect(splitOnline(model(table()), model(table({ columns: [...cols, col("c", "text")] })))).toBeNull();
    expect(splitOnline(model(), model(table({ indexes: [aIndex] })))).toBeNull();
  });

  test("a foreign key to a partitioned table is added plainly: VALIDATE would leave its per-partition constraints NOT VALID", () => {
    const parent = tbl("public", "p", [col("id", "bigint", { notNull: true })], [con("p_pkey", "primaryKey", "PRIMARY KEY (id)")], [], { partitionKey: "HASH (id)" });
    const fk = con("t_b_fkey", "foreignKey", "FOREIGN KEY (id) REFERENCES public.p(id)", { references: '"public"."p"' });
    const from = model(table(), parent);
    const to = model(table({ constraints: [fk] }), parent);
    expect(splitOnline(from, to)).toBeNull();
    expect(diffSchemas(from, to).map((s) => s.sql)).toEqual([`ALTER TABLE ${T} ADD CONSTRAINT "t_b_fkey" FOREIGN KEY (id) REFERENCES public.p(id);`]);
  });

  test("a changed index definition is dropped then built again, both concurrently", () => {
    const changed = idx("t_a_idx", "CREATE INDEX t_a_idx ON public.t USING btree (a, b)");
    const split = splitOnline(model(table({ indexes: [aIndex] })), model(table({ indexes: [changed] })))!;
    expect(split.upgrade.map((s) => s.sql)).toEqual([
      `DROP INDEX CONCURRENTLY IF EXISTS "public"."t_a_idx";`,
      "CREATE INDEX CONCURRENTLY IF NOT EXISTS t_a_idx ON public.t USING btree (a, b);",
    ]);
    expect(split.downgrade.map((s) => s.sql)).toEqual([
      `DROP INDEX CONCURRENTLY IF EXISTS "public"."t_a_idx";`,
      "CREATE INDEX CONCURRENTLY IF NOT EXISTS t_a_idx ON public.t USING btree (a);",
    ]);
    expect(firstPart(model(table({ indexes: [aIndex] })), model(table({ indexes: [changed] })))).toEqual([]);
  });

  test("an index drop stays in the transaction when the same revision drops or retypes a column of the table", () => {
    const from = model(table({ indexes: [aIndex] }));
    const dropped = model(table({ columns: cols.filter((c) => c.name !== "a") }));
    expect(splitOnline(from, dropped)).toBeNull();
    const retyped = model(table({ columns: cols.map((c) => (c.name === "a" ? { ...c, type: "character varying(10)" } : c)) }));
    expect(splitOnline(from, retyped)).toBeNull();
    expect(diffSchemas(from, retyped).map((s) => s.kind)).toContain("drop-index");
  });

  test("an index drop stays in the transaction when another table's new index takes its name", () => {
    const other = tbl("public", "u", [col("a", "text")], [], [idx("t_a_idx", "CREATE INDEX t_a_idx ON public.u USING btree (a)")]);
    const split = splitOnline(model(table({ indexes: [aIndex] })), model(table(), other));
    expect(split).toBeNull();
  });

  test("an index drop stays in the transaction when a new table takes its name", () => {
    const other = tbl("public", "t_a_idx", [col("a", "text")]);
    expect(splitOnline(model(table({ indexes: [aIndex] })), model(table(), other))).toBeNull();
  });

  test("partitioned tables keep the plain form", () => {
    const other = { partitionKey: "RANGE (id)" };
    expect(splitOnline(model(table({ other })), model(table({ indexes: [aIndex], constraints: [con("t_b_check", "check", "CHECK ((b > 0))")], other })))).toBeNull();
  });

  test("inheritance parents and children keep the plain form", () => {
    const child = (notNull: boolean) => tbl("public", "c", [col("a", "text", { notNull, local: false, inherited: true })], [], [], { inherits: [T] });
    const to = model(table({ columns: cols.map((c) => (c.name === "a" ? { ...c, notNull: true } : c)) }), child(true));
    expect(splitOnline(model(table(), child(false)), to)).toBeNull();
  });

  test("an identity added with NOT NULL keeps the plain SET NOT NULL, which ADD IDENTITY needs", () => {
    const identity = { kind: "byDefault" as const, sequence: `"public"."t_b_seq"`, options: { type: "integer", start: "1", increment: "1", min: "1", max: "2147483647", cache: "1", cycle: false } };
    const to = model(table({ columns: cols.map((c) => (c.name === "b" ? { ...c, notNull: true, identity } : c)) }));
    expect(splitOnline(model(table()), to)).toBeNull();
  });

  test("a CHECK constraint made valid is validated in the online part", () => {
    const check = con("t_b_check", "check", "CHECK ((b > 0))");
    const notValid = con("t_b_check", "check", "CHECK ((b > 0)) NOT VALID");
    const from = model(table({ constraints: [notValid] }));
    const to = model(table({ constraints: [check] }));
    expect(upSql(from, to)).toEqual([`ALTER TABLE ${T} VALIDATE CONSTRAINT "t_b_check";`]);
    expect(firstPart(from, to)).toEqual([]);
    expect(splitOnline(from, to)!.downgrade.map((s) => s.sql)).toEqual([
      `ALTER TABLE ${T} DROP CONSTRAINT "t_b_check";`,
      `ALTER TABLE ${T} ADD CONSTRAINT "t_b_check" CHECK ((b > 0)) NOT VALID;`,
    ]);
  });

  test("the NOT NULL helper check takes a free name", () => {
    const taken = con("a_not_null", "check", "CHECK ((length(a) > 0))");
    const to = model(table({ columns: cols.map((c) => (c.name === "a" ? { ...c, notNull: true } : c)), constraints: [taken] }));
    expect(firstPart(model(table({ constraints: [taken] })), to)).toEqual([`ALTER TABLE ${T} ADD CONSTRAINT "a_not_null1" CHECK ("a" IS NOT NULL) NOT VALID;`]);
  });

  test("a deferrable UNIQUE keeps its deferral when added USING INDEX", () => {
    const unique = con("t_a_key", "unique", "UNIQUE (a) DEFERRABLE INITIALLY DEFERRED", { deferrable: true, initiallyDeferred: true });
    const index = idx("t_a_key", "CREATE UNIQUE INDEX t_a_key ON public.t USING btree (a)", { constraint: "t_a_key" });
    expect(upSql(model(table()), model(table({ constraints: [unique], indexes: [index] })))).toEqual([
      "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS t_a_key ON public.t USING btree (a);",
      `ALTER TABLE ${T} ADD CONSTRAINT "t_a_key" UNIQUE USING INDEX "t_a_key" DEFERRABLE INITIALLY DEFERRED;`,
    ]);
  });
});
