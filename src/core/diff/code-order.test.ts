import { describe, expect, it } from "vitest";
import { col, enumOf, modelOf, tbl } from "./_model-builders.ts";
import { diffSchemas } from "./diff.ts";
import type { DomainDef, FunctionDef, SchemaModel } from "./model.ts";

function domain(name: string, baseType: string, extra: Partial<DomainDef> = {}): DomainDef {
  return { schema: "public", name, comment: null, baseType, collation: null, notNull: false, default: null, constraints: [], functionsUsed: [], acl: null, ...extra };
}

function fn(name: string, args: string, body: string, extra: Partial<FunctionDef> = {}): FunctionDef {
  const definition = `CREATE OR REPLACE FUNCTION public.${name}(${args})\n RETURNS boolean\n LANGUAGE sql\n IMMUTABLE\nRETURN ${body}\n`;
  return { schema: "public", name, comment: null, acl: null, kind: "function", identityArguments: args, argumentTypes: args, result: null, definition, dependsOn: [], functionsUsed: [], typesUsed: [], ...extra };
}

const keyed = <T extends { name: string }>(items: readonly T[], key = (i: T) => `"public"."${i.name}"`) => Object.fromEntries(items.map((i) => [key(i), i]));

function model(domains: DomainDef[], functions: FunctionDef[], extra: Partial<SchemaModel> = {}): SchemaModel {
  return { ...modelOf({}), domains: keyed(domains), functions: keyed(functions, (f) => `"public"."${f.name}"(${f.argumentTypes})`), ...extra };
}

// z_positive(int) is called by the CHECK of domain a_weight; b_heavy takes an a_weight; c_big rests on a_weight.
const checkFn = fn("z_positive", "integer", "(n > 0)");
const weight = domain("a_weight", "integer", { constraints: [{ name: "a_weight_check", definition: "CHECK (public.z_positive(VALUE))", notValid: false }], functionsUsed: ['"public"."z_positive"(integer)'] });
const big = domain("c_big", "public.a_weight");
const heavy = fn("b_heavy", "public.a_weight", "(w > 1000)", { typesUsed: ['"public"."a_weight"'] });
const full = model([weight, big], [checkFn, heavy]);

describe("code objects in dependency order", () => {
  it("creates a function after the domain of its parameter, which waits for the function of its CHECK", () => {
    const sql = diffSchemas(modelOf({}), full).map((s) => s.sql.split("\n")[0]);
    expect(sql).toEqual([
      "SET LOCAL check_function_bodies = false;",
      "CREATE OR REPLACE FUNCTION public.z_positive(integer)",
      'CREATE DOMAIN "public"."a_weight" AS integer CONSTRAINT "a_weight_check" CHECK (public.z_positive(VALUE));',
      'CREATE DOMAIN "public"."c_big" AS public.a_weight;',
      "CREATE OR REPLACE FUNCTION public.b_heavy(public.a_weight)",
    ]);
  });

  it("drops them in reverse: the domain over the domain and the function, the domain, its CHECK's function", () => {
    expect(diffSchemas(full, modelOf({})).map((s) => s.sql)).toEqual([
      'DROP DOMAIN "public"."c_big";',
      'DROP FUNCTION "public"."b_heavy"(public.a_weight);',
      'DROP DOMAIN "public"."a_weight";',
      'DROP FUNCTION "public"."z_positive"(integer);',
    ]);
  });
});

describe("a domain over a rebuilt enum", () => {
  const before = { ...modelOf({ enums: [enumOf("public", "colour", ["red", "green", "blue"])], tables: [tbl("public", "paints", [col("base", "public.primary_colour")])] }), domains: keyed([domain("primary_colour", "public.colour")]) };
  const after = { ...before, enums: keyed([enumOf("public", "colour", ["blue", "red"])]) };

  it("is rebuilt with it: renamed, created on the new enum, its columns converted through text, dropped before the old enum", () => {
    expect(diffSchemas(before, after).map((s) => s.sql)).toEqual([
      'ALTER TYPE "public"."colour" RENAME TO "colour__retort_old";',
      `CREATE TYPE "public"."colour" AS ENUM ('blue', 'red');`,
      'ALTER DOMAIN "public"."primary_colour" RENAME TO "primary_colour__retort_old";',
      'CREATE DOMAIN "public"."primary_colour" AS public.colour;',
      'ALTER TABLE "public"."paints" ALTER COLUMN "base" TYPE public.primary_colour USING "base"::text::public.primary_colour;',
      'DROP DOMAIN "public"."primary_colour__retort_old";',
      'DROP TYPE "public"."colour__retort_old";',
    ]);
  });
});
