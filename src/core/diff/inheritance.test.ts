import { describe, expect, it } from "vitest";
import { col, con, modelOf, tbl } from "./_model-builders.ts";
import { diffSchemas } from "./diff.ts";
import { parentChange } from "./inheritance.ts";
import type { QualifiedName, TableDef } from "./model.ts";

const child = (inherits: QualifiedName[]) => tbl("public", "c", [col("id", "integer")], [], [], { inherits });
const [p1, p2, p3] = ['"public"."p1"', '"public"."p2"', '"public"."p3"'];

describe("parentChange", () => {
  it("keeps the longest start of the wanted list the table has in order, since INHERIT appends", () => {
    expect(parentChange(child([p1, p2]), child([p1, p2]))).toBeNull();
    expect(parentChange(child([p1]), child([p1, p2]))).toEqual({ kept: [p1], removed: [], added: [p2] });
    expect(parentChange(child([p1, p2]), child([p2, p1]))).toEqual({ kept: [p2], removed: [p1], added: [p1] });
    expect(parentChange(child([p1, p2, p3]), child([p1, p3]))).toEqual({ kept: [p1, p3], removed: [p2], added: [] });
    expect(parentChange(child([p1, p2, p3]), child([p3, p2, p1]))).toEqual({ kept: [p3], removed: [p1, p2], added: [p2, p1] });
    expect(parentChange(child([p1]), child([]))).toEqual({ kept: [], removed: [p1], added: [] });
  });
});

describe("parents swapped on a table that inherits a column only", () => {
  const parent = (name: string) => tbl("public", name, [col("id", "integer")], [con("id_positive", "check", "CHECK ((id > 0))")]);
  const inheritedOnly = { local: false, inherited: true };
  const swapping = (inherits: QualifiedName[], extra: TableDef[] = []) =>
    modelOf({
      tables: [
        parent("p1"),
        parent("p2"),
        tbl("public", "c", [col("id", "integer", inheritedOnly)], [con("id_positive", "check", "CHECK ((id > 0))", inheritedOnly)], [], { inherits }),
        ...extra,
      ],
    });

  it("holds it through a placeholder parent from before NO INHERIT to after INHERIT", () => {
    expect(diffSchemas(swapping([p1]), swapping([p2])).map((s) => s.sql)).toEqual([
      'CREATE TABLE "public"."retort_inherit_c" (\n  "id" integer,\n  CONSTRAINT "id_positive" CHECK ((id > 0))\n);',
      'ALTER TABLE "public"."c" INHERIT "public"."retort_inherit_c";',
      'ALTER TABLE "public"."c" NO INHERIT "public"."p1";',
      'ALTER TABLE "public"."c" INHERIT "public"."p2";',
      'ALTER TABLE "public"."c" NO INHERIT "public"."retort_inherit_c";',
      'DROP TABLE "public"."retort_inherit_c";',
    ]);
  });

  it("names the placeholder apart from a table either side has", () => {
    const taken = [tbl("public", "retort_inherit_c", [col("x", "text")])];
    const sql = diffSchemas(swapping([p1], taken), swapping([p2], taken)).map((s) => s.sql);
    expect(sql[0]).toMatch(/^CREATE TABLE "public"."retort_inherit_c_2" /);
    expect(sql.at(-1)).toBe('DROP TABLE "public"."retort_inherit_c_2";');
  });
});
