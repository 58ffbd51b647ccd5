import { describe, expect, it } from "vitest";
import { col, modelOf, tbl } from "./_model-builders.ts";
import { diffSchemas } from "./diff.ts";
import type { RuleDef, SchemaModel } from "./model.ts";

const RULE = 'CREATE RULE r AS\n    ON INSERT TO public.t DO ALSO INSERT INTO public.log (id)\n  VALUES (new.id);';
const rule = (extra: Partial<RuleDef> = {}): RuleDef => ({ name: "r", relation: '"public"."t"', definition: RULE, enabled: "O", dependsOn: ['"public"."log"'], comment: null, ...extra });
const model = (idType: string, r: RuleDef | null): SchemaModel => ({
  ...modelOf({ tables: [tbl("public", "t", [col("id", idType)]), tbl("public", "log", [col("id", "bigint")])] }),
  rules: r ? { '"public"."t"."r"': r } : {},
});

describe("rules", () => {
  it("creates a rule after the tables, and disables it when it is disabled", () => {
    expect(diffSchemas(model("integer", null), model("integer", rule({ enabled: "D" }))).map((s) => s.sql)).toEqual([
      RULE,
      'ALTER TABLE "public"."t" DISABLE RULE "r";',
    ]);
  });

  it("drops a rule before a column of its table changes type and creates it again after", () => {
    expect(diffSchemas(model("integer", rule()), model("bigint", rule())).map((s) => s.kind)).toEqual(["drop-rule", "alter-column", "create-rule"]);
  });

  it("only switches a rule that is only enabled differently", () => {
    expect(diffSchemas(model("integer", rule()), model("integer", rule({ enabled: "A" }))).map((s) => s.sql)).toEqual(['ALTER TABLE "public"."t" ENABLE ALWAYS RULE "r";']);
  });
});
