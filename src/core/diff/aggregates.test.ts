import { describe, expect, it } from "vitest";
import { modelOf } from "./_model-builders.ts";
import { diffSchemas } from "./diff.ts";
import type { FunctionDef, SchemaModel } from "./model.ts";

const ROOT = (returns: string) => `CREATE OR REPLACE FUNCTION public.root(acc numeric)\n RETURNS ${returns}\n LANGUAGE sql\nAS $function$ SELECT sqrt(acc) $function$\n`;

function routine(name: string, argumentTypes: string, definition: string, extra: Partial<FunctionDef> = {}): FunctionDef {
  return { schema: "public", name, comment: null, acl: null, kind: "function", identityArguments: argumentTypes, argumentTypes, result: null, definition, dependsOn: [], functionsUsed: [], typesUsed: [], ...extra };
}

/** `CREATE OR REPLACE AGGREGATE public.<head> (options);`, as introspection prints it. */
function aggregate(name: string, argumentTypes: string, head: string, options: string[], extra: Partial<FunctionDef> = {}): FunctionDef {
  return routine(name, argumentTypes, `CREATE OR REPLACE AGGREGATE public.${head} (\n    ${options.join(",\n    ")}\n);`, { kind: "aggregate", result: "numeric", ...extra });
}

const withFunctions = (functions: FunctionDef[]): SchemaModel => ({
  ...modelOf({}),
  functions: Object.fromEntries(functions.map((f) => [`"public"."${f.name}"(${f.argumentTypes})`, f])),
});

describe("aggregates in the diff", () => {
  it("creates one after the functions it uses, and drops one before them, `(*)` for no arguments", () => {
    const root = routine("root", "numeric", ROOT("numeric"));
    const norm = aggregate("norm", "numeric", "norm(numeric)", ["SFUNC = numeric_add", "STYPE = numeric", "FINALFUNC = public.root"], { functionsUsed: ['"public"."root"(numeric)'] });
    const count = aggregate("cnt", "", "cnt(*)", ["SFUNC = int8inc", "STYPE = bigint", "INITCOND = '0'"], { result: "bigint" });
    const up = diffSchemas(withFunctions([]), withFunctions([norm, root, count]));
    expect(up.map((s) => s.sql.split("\n")[0])).toEqual([
      "SET LOCAL check_function_bodies = false;",
      "CREATE OR REPLACE AGGREGATE public.cnt(*) (",
      "CREATE OR REPLACE FUNCTION public.root(acc numeric)",
      "CREATE OR REPLACE AGGREGATE public.norm(numeric) (",
    ]);
    expect(diffSchemas(withFunctions([norm, root, count]), withFunctions([])).map((s) => s.sql)).toEqual([
      'DROP AGGREGATE "public"."norm"(numeric);',
      'DROP FUNCTION "public"."root"(numeric);',
      'DROP AGGREGATE "public"."cnt"(*);',
    ]);
  });

  it("replaces one in place when its name, arguments, kind and result stay", () => {
    const a = aggregate("sum_sq", "numeric", "sum_sq(numeric)", ["SFUNC = public.add_sq", "STYPE = numeric", "INITCOND = '0'"]);
    const b = aggregate("sum_sq", "numeric", "sum_sq(numeric)", ["SFUNC = public.add_sq", "STYPE = numeric", "INITCOND = '1'", "PARALLEL = SAFE"]);
    expect(diffSchemas(withFunctions([a]), withFunctions([b])).map((s) => s.kind)).toEqual(["set", "replace-function"]);
  });

  it("drops and recreates one that turns hypothetical, or whose result type changes", () => {
    const head = 'rk(VARIADIC "any" ORDER BY VARIADIC "any")';
    const options = ["SFUNC = ordered_set_transition_multi", "STYPE = internal", "FINALFUNC = rank_final", "FINALFUNC_EXTRA"];
    const ordered = aggregate("rk", '"any"', head, options, { result: "bigint" });
    const hypothetical = aggregate("rk", '"any"', head, [...options, "HYPOTHETICAL"], { result: "bigint" });
    expect(diffSchemas(withFunctions([ordered]), withFunctions([hypothetical])).map((s) => s.sql.split("\n")[0])).toEqual([
      "SET LOCAL check_function_bodies = false;",
      'DROP AGGREGATE "public"."rk"("any");',
      `CREATE OR REPLACE AGGREGATE public.${head} (`,
    ]);
    const numeric = aggregate("m", "integer", "m(integer)", ["SFUNC = int4pl", "STYPE = integer", "FINALFUNC = public.f"], { result: "numeric" });
    const float = aggregate("m", "integer", "m(integer)", ["SFUNC = int4pl", "STYPE = integer", "FINALFUNC = public.g"], { result: "double precision" });
    expect(diffSchemas(withFunctions([numeric]), withFunctions([float])).map((s) => s.kind)).toEqual(["set", "drop-function", "create-function"]);
  });

  it("drops and recreates an unchanged one around a function it uses that is dropped and recreated", () => {
    const norm = aggregate("norm", "numeric", "norm(numeric)", ["SFUNC = numeric_add", "STYPE = numeric", "FINALFUNC = public.root"], { functionsUsed: ['"public"."root"(numeric)'] });
    const a = withFunctions([routine("root", "numeric", ROOT("numeric")), norm]);
    const b = withFunctions([routine("root", "numeric", ROOT("double precision")), norm]);
    expect(diffSchemas(a, b).map((s) => s.sql.split("\n")[0])).toEqual([
      "SET LOCAL check_function_bodies = false;",
      'DROP AGGREGATE "public"."norm"(numeric);',
      'DROP FUNCTION "public"."root"(numeric);',
      "CREATE OR REPLACE FUNCTION public.root(acc numeric)",
      "CREATE OR REPLACE AGGREGATE public.norm(numeric) (",
    ]);
  });

  it("comments on and grants on one as on a function", () => {
    const f = (extra: Partial<FunctionDef>) => withFunctions([aggregate("total", "integer", "total(integer)", ["SFUNC = int4pl", "STYPE = integer"], extra)]);
    expect(diffSchemas(f({}), f({ comment: "sum", acl: ["o=X/o", "reader=X/o"] })).map((s) => s.sql)).toEqual([
      `COMMENT ON FUNCTION "public"."total"(integer) IS 'sum';`,
      'REVOKE EXECUTE ON FUNCTION "public"."total"(integer) FROM PUBLIC;',
      'GRANT EXECUTE ON FUNCTION "public"."total"(integer) TO "reader";',
    ]);
  });
});
