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

  it("recreates a changed one with a CANONICAL function from a shell, the function made again for it and the old one dropped with CASCADE", () => {
    const canonicalKey = '"public"."fr_canonical"(public.fr)';
    const canonical = { schema: "public", name: "fr_canonical", comment: null, acl: null, kind: "function", identityArguments: "public.fr", argumentTypes: "public.fr", definition: "CREATE FUNCTION public.fr_canonical(public.fr) RETURNS public.fr LANGUAGE internal AS 'int4range_canonical'", dependsOn: [], functionsUsed: [], typesUsed: [], result: null } as const;
    const withCanonical = (r: RangeTypeDef): SchemaModel => ({ ...withRange(r, "public.fr"), functions: { [canonicalKey]: canonical } });
    const r = range({ canonical: "public.fr_canonical", functionsUsed: [canonicalKey] });
    const from = withCanonical(r);
    const to = withCanonical({ ...r, subtypeDiff: "float8mi" });
    expect(unsupportedDifferences(from, to)).toEqual([]);
    expect(diffSchemas(from, to).map((s) => s.sql).filter((sql) => !sql.includes("RENAME TO \"fr__retort_old\"") && !sql.includes("RENAME TO \"frs__retort_old\""))).toEqual([
      "SET LOCAL client_min_messages = warning;",
      'ALTER FUNCTION "public"."fr_canonical"(public.fr) RENAME TO "fr_canonical__retort_old";',
      'CREATE TYPE "public"."fr";',
      "CREATE FUNCTION public.fr_canonical(public.fr) RETURNS public.fr LANGUAGE internal AS 'int4range_canonical';",
      'CREATE TYPE "public"."fr" AS RANGE (SUBTYPE = double precision, CANONICAL = public.fr_canonical, SUBTYPE_DIFF = float8mi, MULTIRANGE_TYPE_NAME = "public"."frs");',
      'ALTER TABLE "public"."t" ALTER COLUMN "x" TYPE public.fr USING "x"::text::public.fr;',
      'DROP TYPE "public"."fr__retort_old" CASCADE;',
    ]);
  });
});
