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

  it("drops and recreates a changed one no column uses", () => {
    expect(diffSchemas(withRange(range()), withRange(range({ subtypeDiff: "float8mi" }))).map((s) => s.kind)).toEqual(["drop-range", "create-range"]);
    expect(unsupportedDifferences(withRange(range()), withRange(range()))).toEqual([]);
  });

  it("recreates one a column's multirange uses beside the old one, constructors and all, and converts the column through text", () => {
    const from = withRange(range(), "public.frs");
    const to = withRange(range({ subtypeDiff: "float8mi" }), "public.frs");
    expect(unsupportedDifferences(from, to)).toEqual([]);
    expect(diffSchemas(from, to).map((s) => s.sql)).toEqual([
      'ALTER FUNCTION "public"."fr"(double precision, double precision) RENAME TO "fr__retort_old";',
      'ALTER FUNCTION "public"."fr"(double precision, double precision, text) RENAME TO "fr__retort_old";',
      'ALTER FUNCTION "public"."frs"() RENAME TO "frs__retort_old";',
      'ALTER FUNCTION "public"."frs"("public"."fr") RENAME TO "frs__retort_old";',
      'ALTER FUNCTION "public"."frs"("public"."fr"[]) RENAME TO "frs__retort_old";',
      'ALTER TYPE "public"."fr" RENAME TO "fr__retort_old";',
      'ALTER TYPE "public"."frs" RENAME TO "frs__retort_old";',
      'CREATE TYPE "public"."fr" AS RANGE (SUBTYPE = double precision, SUBTYPE_DIFF = float8mi, MULTIRANGE_TYPE_NAME = "public"."frs");',
      'ALTER TABLE "public"."t" ALTER COLUMN "x" TYPE public.frs USING "x"::text::public.frs;',
      'DROP TYPE "public"."fr__retort_old";',
    ]);
  });

  it("creates one with a CANONICAL function from a shell type, and drops it with CASCADE, which takes the function", () => {
    const canonical = range({ canonical: "public.fr_canonical", functionsUsed: ['"public"."fr_canonical"(public.fr)'] });
    expect(unsupportedDifferences(withRange(null), withRange(canonical))).toEqual([]);
    expect(diffSchemas(withRange(null), withRange(canonical)).map((s) => s.sql)).toEqual([
      "SET LOCAL client_min_messages = warning;",
      'CREATE TYPE "public"."fr";',
      'CREATE TYPE "public"."fr" AS RANGE (SUBTYPE = double precision, CANONICAL = public.fr_canonical, MULTIRANGE_TYPE_NAME = "public"."frs");',
    ]);
    expect(diffSchemas(withRange(canonical), withRange(null)).map((s) => s.sql)).toEqual(["SET LOCAL client_min_messages = warning;", 'DROP TYPE "public"."fr" CASCADE;']);
  });

  it("refuses a change to one with a CANONICAL function, which would need the function made again for the new type", () => {
    expect(unsupportedDifferences(withRange(range()), withRange(range({ canonical: "public.fr_canonical" })))).toEqual([
      { what: "range type with a CANONICAL function changes (PostgreSQL cannot alter it, and the function takes the type: drop and create the type and the function by hand)", object: '"public"."fr"' },
    ]);
  });
});
