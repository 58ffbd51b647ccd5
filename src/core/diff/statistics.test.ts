import { describe, expect, it } from "vitest";
import { col, modelOf, tbl } from "./_model-builders.ts";
import { diffSchemas } from "./diff.ts";
import type { SchemaModel, StatisticsDef } from "./model.ts";

const stat = (definition: string, target: string | null = null): StatisticsDef => ({
  schema: "public", name: "s", comment: null, table: '"public"."t"', definition, target, columns: ["a", "b"],
});
const model = (s: StatisticsDef | null, table = true): SchemaModel => ({
  ...modelOf({ tables: table ? [tbl("public", "t", [col("a", "integer"), col("b", "integer")])] : [] }),
  statistics: s ? { '"public"."s"': s } : {},
});
const DEF = "CREATE STATISTICS public.s (dependencies) ON a, b FROM public.t";

describe("statistics objects", () => {
  it("sets a changed target in place, and recreates a changed definition with its target", () => {
    expect(diffSchemas(model(stat(DEF)), model(stat(DEF, "500"))).map((s) => s.sql)).toEqual(['ALTER STATISTICS "public"."s" SET STATISTICS 500;']);
    expect(diffSchemas(model(stat(DEF, "500")), model(stat(DEF))).map((s) => s.sql)).toEqual(['ALTER STATISTICS "public"."s" SET STATISTICS -1;']);
    const ndistinct = "CREATE STATISTICS public.s (ndistinct) ON a, b FROM public.t";
    expect(diffSchemas(model(stat(DEF)), model(stat(ndistinct, "100"))).map((s) => s.sql)).toEqual([
      'DROP STATISTICS "public"."s";',
      `${ndistinct};`,
      'ALTER STATISTICS "public"."s" SET STATISTICS 100;',
    ]);
  });

  it("leaves a dropped table's statistics to go with it", () => {
    expect(diffSchemas(model(stat(DEF)), model(null, false)).map((s) => s.sql)).toEqual(['DROP TABLE "public"."t";']);
  });
});
