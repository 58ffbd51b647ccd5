import { describe, expect, it } from "vitest";
import { col, modelOf, tbl } from "./_model-builders.ts";
import { diffSchemas, unsupportedDifferences } from "./diff.ts";
import type { RangeTypeDef, SchemaModel } from "./model.ts";

const range = (extra: Partial<RangeTypeDef> = {}): RangeTypeDef => ({
  schema: "public", name: "fr", comment: null, acl: null, subtype: "double precision", subtypeOpclass: null, collation: null, canonical: null, subtypeDiff: null,
  multirange: { schema: "public", name: "frs" }, functionsUsed: [], ...extra,
});
const withRange = (r: RangeTypeDef | null, columnType = "integer"): SchemaModel => ({
  ...modelOf({ tables: [tbl("public", "t", [col("x", columnType)])] }),
  rangeTypes: r ? { '"public"."fr"': r } : {},
});

describe("range types", () => {
  it("creates one with the options that are not defaults, and drops it after its columns", () => {
    const r = range({ subtypeDiff: "float8mi", collation: null });
    expect(diffSchemas(withRange(null), withRange(r)).map((s) => s.sql)).toEqual([
      'CREATE TYPE "public"."fr" AS RANGE (SUBTYPE = double precision, SUBTYPE_DIFF = float8mi, MULTIRANGE_TYPE_NAME = "public"."frs");',
    ]);
    expect(diffSchemas(withRange(r, "public.fr"), { ...withRange(null), tables: {} }).map((s) => s.sql)).toEqual(['DROP TABLE "public"."t";', 'DROP TYPE "public"."fr";']);
  });

  it("drops and recreates a changed one no column uses, and refuses one a column or its multirange uses", () => {
    expect(diffSchemas(withRange(range()), withRange(range({ subtypeDiff: "float8mi" }))).map((s) => s.kind)).toEqual(["drop-range", "create-range"]);
    expect(unsupportedDifferences(withRange(range()), withRange(range({ subtypeDiff: "float8mi" })))).toEqual([]);
    expect(unsupportedDifferences(withRange(range(), "public.frs"), withRange(range({ subtypeDiff: "float8mi" }), "public.frs"))).toEqual([
      { what: 'range type "public"."fr" changes while the column uses it (PostgreSQL cannot alter a range type: convert the column by hand)', object: '"public"."t"."x"' },
    ]);
  });

  it("refuses one with a CANONICAL function, which needs a shell type first", () => {
    expect(unsupportedDifferences(withRange(null), withRange(range({ canonical: "public.fr_canonical" })))).toEqual([
      { what: "range type with a CANONICAL function (create the shell type, the function and the type by hand)", object: '"public"."fr"' },
    ]);
  });
});
