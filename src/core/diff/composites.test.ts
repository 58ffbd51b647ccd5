import { describe, expect, it } from "vitest";
import { col, modelOf, tbl } from "./_model-builders.ts";
import { diffSchemas, unsupportedDifferences } from "./diff.ts";
import type { CompositeTypeDef, SchemaModel } from "./model.ts";

const type = (name: string, attributes: [string, string][]): CompositeTypeDef => ({
  schema: "public", name, comment: null, acl: null, attributes: attributes.map(([n, t]) => ({ name: n, type: t, collation: null })),
});
const model = (types: CompositeTypeDef[], columns: [string, string][]): SchemaModel => ({
  ...modelOf({ tables: [tbl("public", "t", columns.map(([n, t]) => col(n, t)))] }),
  compositeTypes: Object.fromEntries(types.map((t) => [`"public"."${t.name}"`, t])),
});
const sqlOf = (a: SchemaModel, b: SchemaModel) => diffSchemas(a, b).map((s) => s.sql);

describe("composite types in use", () => {
  it("adds an attribute at the end and drops one in place while a column uses the type", () => {
    const a = model([type("p", [["x", "integer"], ["y", "integer"]])], [["v", "public.p"]]);
    const b = model([type("p", [["x", "integer"], ["z", "text"]])], [["v", "public.p"]]);
    expect(sqlOf(a, b)).toEqual(['ALTER TYPE "public"."p" DROP ATTRIBUTE "y", ADD ATTRIBUTE "z" text;']);
  });

  it("recreates a reordered one beside the old and converts the column attribute by attribute, NULL staying NULL", () => {
    const a = model([type("p", [["x", "integer"], ["y", "integer"]])], [["v", "public.p"]]);
    const b = model([type("p", [["y", "integer"], ["x", "bigint"], ["z", "text"]])], [["v", "public.p"]]);
    expect(sqlOf(a, b)).toEqual([
      'ALTER TYPE "public"."p" RENAME TO "p__retort_old";',
      'CREATE TYPE "public"."p" AS ("y" integer, "x" bigint, "z" text);',
      'ALTER TABLE "public"."t" ALTER COLUMN "v" TYPE public.p USING CASE WHEN ("v")::text IS NULL THEN NULL ELSE ROW(("v")."y", ("v")."x"::text::bigint, NULL)::public.p END;',
      'DROP TYPE "public"."p__retort_old";',
    ]);
    expect(unsupportedDifferences(a, b)).toEqual([]);
  });

  it("retypes an attribute of a type held by another that a column uses by recreating both beside the old ones", () => {
    const inner = (t: string) => type("inner", [["x", t]]);
    const outer = type("outer", [["a", "public.inner"], ["b", "text"]]);
    const a = model([inner("integer"), outer], [["v", "public.outer"]]);
    const b = model([inner("bigint"), outer], [["v", "public.outer"]]);
    expect(sqlOf(a, b)).toEqual([
      'ALTER TYPE "public"."inner" RENAME TO "inner__retort_old";',
      'CREATE TYPE "public"."inner" AS ("x" bigint);',
      'ALTER TYPE "public"."outer" RENAME TO "outer__retort_old";',
      'CREATE TYPE "public"."outer" AS ("a" public.inner, "b" text);',
      'ALTER TABLE "public"."t" ALTER COLUMN "v" TYPE public.outer USING "v"::text::public.outer;',
      'DROP TYPE "public"."outer__retort_old";',
      'DROP TYPE "public"."inner__retort_old";',
    ]);
  });

  it("retypes in place a type held only by another type no column uses", () => {
    const inner = (t: string) => type("inner", [["x", t]]);
    const outer = type("outer", [["a", "public.inner"]]);
    expect(sqlOf(model([inner("integer"), outer], []), model([inner("bigint"), outer], []))).toEqual(['ALTER TYPE "public"."inner" ALTER ATTRIBUTE "x" TYPE bigint;']);
  });

  it("refuses an array column of a reordered type, which no USING expression converts", () => {
    const a = model([type("p", [["x", "integer"], ["y", "integer"]])], [["vs", "public.p[]"]]);
    const b = model([type("p", [["y", "integer"], ["x", "integer"]])], [["vs", "public.p[]"]]);
    expect(unsupportedDifferences(a, b)).toEqual([
      { what: 'array of composite type "public"."p", whose attributes are reordered, added before others or removed while it is in use (convert the column by hand)', object: '"public"."t"."vs"' },
    ]);
  });

  it("refuses a domain over a reordered type (its columns convert through text), and a generated column on a type recreated beside", () => {
    const p = (order: [string, string][]) => type("p", order);
    const withDomain = (t: CompositeTypeDef): SchemaModel => ({
      ...model([t], [["v", "public.p"], ["g", "public.p"]]),
      domains: { '"public"."pd"': { schema: "public", name: "pd", comment: null, acl: null, baseType: "public.p", collation: null, default: null, notNull: false, constraints: [], functionsUsed: [] } },
    });
    const generated = (m: SchemaModel): SchemaModel => ({
      ...m,
      tables: { '"public"."t"': { ...m.tables['"public"."t"']!, columns: m.tables['"public"."t"']!.columns.map((c) => (c.name === "g" ? { ...c, generated: "ROW(1, 2)" } : c)) } },
    });
    const a = generated(withDomain(p([["x", "integer"], ["y", "integer"]])));
    const b = generated(withDomain(p([["y", "integer"], ["x", "integer"]])));
    expect(unsupportedDifferences(a, b).map((d) => [d.object, d.what.split(" (")[0]])).toEqual([
      ['"public"."pd"', 'composite type "public"."p" is reordered, gains an attribute before others or loses one while the domain rests on it'],
      ['"public"."t"."g"', "generated column on a type that is recreated"],
    ]);
  });
});
