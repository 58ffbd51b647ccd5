import { describe, expect, it } from "vitest";
import { col, modelOf, tbl } from "./_model_builders.ts";
import { diffSchemas, unsupportedDifferences } from "./diff.ts";
import type { FunctionDef, SchemaModel, ViewDef } from "./model.ts";

function view(name: string, definition: string, dependsOn: string[]): ViewDef {
  return { schema: "public", name, comment: null, acl: null, definition, columns: [{ name: "id", type: "integer" }], options: [], dependsOn, indexes: {} };
}

function fn(name: string, definition: string, extra: Partial<FunctionDef> = {}): FunctionDef {
  return { schema: "public", name, comment: null, acl: null, kind: "function", identityArguments: "", argumentTypes: "", definition, ...extra };
}

const withTable = (type: string, views: ViewDef[] = [], functions: FunctionDef[] = []): SchemaModel => ({
  ...modelOf({ tables: [tbl("public", "t", [col("id", type)])] }),
  views: Object.fromEntries(views.map((v) => [`"public"."${v.name}"`, v])),
  functions: Object.fromEntries(functions.map((f) => [`"public"."${f.name}"()`, f])),
});

describe("views in the diff", () => {
  it("drops the views over a retyped column before the change, dependents first, and recreates them after", () => {
    const views = [view("v1", " SELECT t.id FROM public.t;", ['"public"."t"']), view("v2", " SELECT v1.id FROM public.v1;", ['"public"."v1"'])];
    const steps = diffSchemas(withTable("integer", views), withTable("bigint", views));
    expect(steps.map((s) => s.sql)).toEqual([
      'DROP VIEW "public"."v2";',
      'DROP VIEW "public"."v1";',
      'ALTER TABLE "public"."t" ALTER COLUMN "id" TYPE bigint USING "id"::bigint;',
      'CREATE VIEW "public"."v1" AS\nSELECT t.id FROM public.t;',
      'CREATE VIEW "public"."v2" AS\nSELECT v1.id FROM public.v1;',
    ]);
    expect(steps[0]!.warning).toContain("recreates");
  });

  it("leaves views alone when nothing they read changes", () => {
    const views = [view("v1", " SELECT t.id FROM public.t;", ['"public"."t"'])];
    expect(diffSchemas(withTable("integer", views), withTable("integer", views))).toEqual([]);
  });
});

describe("functions in the diff", () => {
  it("replaces a changed body in place, after turning off body checks", () => {
    const a = withTable("integer", [], [fn("f", "CREATE OR REPLACE FUNCTION public.f()\n RETURNS integer\n LANGUAGE sql\nAS $function$ SELECT 1 $function$\n")]);
    const b = withTable("integer", [], [fn("f", "CREATE OR REPLACE FUNCTION public.f()\n RETURNS integer\n LANGUAGE sql\nAS $function$ SELECT 2 $function$\n")]);
    const steps = diffSchemas(a, b);
    expect(steps.map((s) => s.kind)).toEqual(["set", "replace-function"]);
    expect(steps[1]!.sql).toMatch(/SELECT 2 \$function\$;$/);
  });

  it("drops and recreates a function whose return type changes", () => {
    const a = withTable("integer", [], [fn("f", "CREATE OR REPLACE FUNCTION public.f()\n RETURNS integer\n LANGUAGE sql\nAS $function$ SELECT 1 $function$\n")]);
    const b = withTable("integer", [], [fn("f", "CREATE OR REPLACE FUNCTION public.f()\n RETURNS bigint\n LANGUAGE sql\nAS $function$ SELECT 1 $function$\n")]);
    expect(diffSchemas(a, b).map((s) => s.kind)).toEqual(["set", "drop-function", "create-function"]);
  });
});

describe("unsupportedDifferences", () => {
  it("reports privilege changes and partition-key changes instead of ignoring them", () => {
    const a = modelOf({ tables: [tbl("public", "t", [col("id", "integer")])] });
    const b = modelOf({ tables: [{ ...tbl("public", "t", [col("id", "integer")]), acl: ["app=r/postgres"], partitionKey: "RANGE (id)" }] });
    expect(unsupportedDifferences(a, b)).toEqual([
      { what: "privileges of table", object: '"public"."t"' },
      { what: "partition key of an existing table", object: '"public"."t"' },
    ]);
    expect(unsupportedDifferences(a, a)).toEqual([]);
  });
});
