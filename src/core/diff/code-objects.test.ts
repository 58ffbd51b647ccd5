import { describe, expect, it } from "vitest";
import { col, modelOf, tbl } from "./_model-builders.ts";
import { diffSchemas, unsupportedDifferences } from "./diff.ts";
import type { FunctionDef, SchemaModel, ViewDef } from "./model.ts";

/** A view reading column `id` of each relation in `dependsOn`. */
function view(name: string, definition: string, dependsOn: string[]): ViewDef {
  const columnsRead = dependsOn.map((d) => `${d}."id"`);
  return { schema: "public", name, comment: null, acl: null, definition, columns: [{ name: "id", type: "integer" }], columnSettings: {}, options: [], dependsOn, columnsRead, functionsUsed: [], indexes: {}, triggers: {}, columnAcls: {} };
}

function fn(name: string, definition: string, extra: Partial<FunctionDef> = {}): FunctionDef {
  return { schema: "public", name, comment: null, acl: null, kind: "function", identityArguments: "", argumentTypes: "", result: null, definition, dependsOn: [], functionsUsed: [], typesUsed: [], ...extra };
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
  it("reports neither an aggregate, nor a partition key change, nor a new parent: all are written", () => {
    const agg = fn("total", "CREATE OR REPLACE AGGREGATE public.total(integer) (\n    SFUNC = int4pl,\n    STYPE = integer\n);", { kind: "aggregate", argumentTypes: "integer" });
    const a = modelOf({ tables: [tbl("public", "p", [col("id", "integer")]), tbl("public", "t", [col("id", "integer")])] });
    const b = {
      ...modelOf({ tables: [tbl("public", "p", [col("id", "integer")]), { ...tbl("public", "t", [col("id", "integer")]), partitionKey: "RANGE (id)" }] }),
      functions: { '"public"."total"(integer)': agg },
    };
    const inheriting = modelOf({ tables: [tbl("public", "p", [col("id", "integer")]), tbl("public", "t", [col("id", "integer")], [], [], { inherits: ['"public"."p"'] })] });
    expect(unsupportedDifferences(a, b)).toEqual([]);
    expect(unsupportedDifferences(b, a)).toEqual([]);
    expect(unsupportedDifferences(a, inheriting)).toEqual([]);
    expect(diffSchemas(a, inheriting).map((s) => s.sql)).toEqual(['ALTER TABLE "public"."t" INHERIT "public"."p";']);
    expect(diffSchemas(inheriting, a).map((s) => s.sql)).toEqual(['ALTER TABLE "public"."t" NO INHERIT "public"."p";']);
    expect(unsupportedDifferences(a, a)).toEqual([]);
    expect(diffSchemas(a, { ...b, functions: {} }).map((s) => s.kind)).toEqual(["save-rows", "drop-table", "create-table", "copy-rows", "drop-saved-rows"]);
  });
});

describe("INHERITS of an existing table", () => {
  const inherited = { local: false, inherited: true };
  it("rebuilds a table whose new parent's columns it must hold only through the parent", () => {
    const a = modelOf({ tables: [tbl("public", "p", [col("id", "integer")]), tbl("public", "t", [col("id", "integer"), col("note", "text")])] });
    const b = modelOf({
      tables: [tbl("public", "p", [col("id", "integer")]), tbl("public", "t", [col("id", "integer", inherited), col("note", "text")], [], [], { inherits: ['"public"."p"'] })],
    });
    expect(unsupportedDifferences(a, b)).toEqual([]);
    expect(diffSchemas(a, b).map((s) => s.kind)).toEqual(["save-rows", "drop-table", "create-table", "copy-rows", "drop-saved-rows"]);
  });

  it("is refused where that table has children of its own, which dropping it would take along", () => {
    const child = tbl("public", "u", [col("id", "integer", inherited)], [], [], { inherits: ['"public"."t"'] });
    const a = modelOf({ tables: [tbl("public", "p", [col("id", "integer")]), tbl("public", "t", [col("id", "integer")]), child] });
    const b = modelOf({
      tables: [tbl("public", "p", [col("id", "integer")]), tbl("public", "t", [col("id", "integer", inherited)], [], [], { inherits: ['"public"."p"'] }), child],
    });
    expect(unsupportedDifferences(a, b).map((d) => d.object)).toEqual(['"public"."t"']);
  });
});

describe("privileges in the diff", () => {
  it("grants and revokes the difference, ignoring grantors and the owner's own entry", () => {
    const t = (acl: string[] | null) => modelOf({ tables: [{ ...tbl("public", "t", [col("id", "integer")]), acl }] });
    expect(diffSchemas(t(null), t(["alice=arwdDxt/alice", "reader=r/alice", "=r*/alice"])).map((s) => s.sql)).toEqual([
      'GRANT SELECT ON TABLE "public"."t" TO PUBLIC WITH GRANT OPTION;',
      'GRANT SELECT ON TABLE "public"."t" TO "reader";',
    ]);
    // Another owner (a scratch database's) with the same grants: nothing to do.
    expect(diffSchemas(t(["bob=arwdDxt/bob", "reader=r/bob"]), t(["alice=arwdDxt/alice", "reader=r/alice"]))).toEqual([]);
    expect(diffSchemas(t(["o=arwdDxt/o", "reader=rw*/o"]), t(["o=arwdDxt/o", "reader=w/o"])).map((s) => s.sql)).toEqual([
      'REVOKE SELECT ON TABLE "public"."t" FROM "reader";',
      'REVOKE GRANT OPTION FOR UPDATE ON TABLE "public"."t" FROM "reader";',
    ]);
  });

  it("grants and revokes column privileges column by column, and starts a new column's from none", () => {
    const t = (acl: string[] | null, more: string[] = []) =>
      modelOf({ tables: [tbl("public", "t", [col("id", "integer"), col("my col", "text", { acl }), ...more.map((m) => col(m, "text", { acl: ["reader=r/o"] }))])] });
    expect(diffSchemas(t(["reader=r/o"]), t(["reader=r*/o", "=a/o"])).map((s) => s.sql)).toEqual([
      'REVOKE SELECT ("my col") ON TABLE "public"."t" FROM "reader";',
      'GRANT INSERT ("my col") ON TABLE "public"."t" TO PUBLIC;',
      'GRANT SELECT ("my col") ON TABLE "public"."t" TO "reader" WITH GRANT OPTION;',
    ]);
    expect(diffSchemas(t(["reader=r*w/o"]), t(["reader=r/o"])).map((s) => s.sql)).toEqual([
      'REVOKE GRANT OPTION FOR SELECT ("my col") ON TABLE "public"."t" FROM "reader";',
      'REVOKE UPDATE ("my col") ON TABLE "public"."t" FROM "reader";',
    ]);
    expect(diffSchemas(t(["reader=r/o"]), t(null)).map((s) => s.sql)).toEqual(['REVOKE SELECT ("my col") ON TABLE "public"."t" FROM "reader";']);
    expect(diffSchemas(t(null), t(null, ["extra"])).map((s) => s.sql)).toEqual([
      'ALTER TABLE "public"."t" ADD COLUMN "extra" text;',
      'GRANT SELECT ("extra") ON TABLE "public"."t" TO "reader";',
    ]);
  });

  it("grants and revokes a view's column privileges, and grants them again on a view created anew", () => {
    const v = (definition: string, columnAcls: Record<string, string[]>) => withTable("integer", [{ ...view("v", definition, ['"public"."t"']), columnAcls }]);
    expect(diffSchemas(v(" SELECT t.id FROM public.t;", { id: ["reader=r/o"] }), v(" SELECT t.id FROM public.t;", { id: ["reader=w/o"] })).map((s) => s.sql)).toEqual([
      'REVOKE SELECT ("id") ON TABLE "public"."v" FROM "reader";',
      'GRANT UPDATE ("id") ON TABLE "public"."v" TO "reader";',
    ]);
    expect(diffSchemas(v(" SELECT t.id FROM public.t;", { id: ["reader=r/o"] }), v(" SELECT t.id FROM public.t;", {})).map((s) => s.sql)).toEqual([
      'REVOKE SELECT ("id") ON TABLE "public"."v" FROM "reader";',
    ]);
    const rebuilt = diffSchemas(withTable("integer", [{ ...view("v", " SELECT t.id FROM public.t;", ['"public"."t"']), columnAcls: { id: ["reader=r/o"] } }]), withTable("bigint", [{ ...view("v", " SELECT t.id FROM public.t;", ['"public"."t"']), columnAcls: { id: ["reader=r/o"] } }]));
    expect(rebuilt.map((s) => s.sql).at(-1)).toBe('GRANT SELECT ("id") ON TABLE "public"."v" TO "reader";');
  });

  it("starts a function's grants from PUBLIC EXECUTE", () => {
    const f = (acl: string[] | null) => ({ ...modelOf({}), functions: { '"public"."f"()': fn("f", "CREATE OR REPLACE FUNCTION public.f()\n RETURNS integer\n LANGUAGE sql\nAS $function$ SELECT 1 $function$\n", { acl }) } });
    expect(diffSchemas(f(null), f(["o=X/o"])).map((s) => s.sql)).toEqual(['REVOKE EXECUTE ON FUNCTION "public"."f"() FROM PUBLIC;']);
    expect(diffSchemas(f(["o=X/o"]), f(null)).map((s) => s.sql)).toEqual(['GRANT EXECUTE ON FUNCTION "public"."f"() TO PUBLIC;']);
  });

  it("reads quoted role names", async () => {
    const { parseAclItem } = await import("./privileges.ts");
    expect(parseAclItem('"my ""odd"" role"=r*w/"the owner"')).toEqual({
      grantee: 'my "odd" role',
      grantor: "the owner",
      grants: [
        { grantee: 'my "odd" role', privilege: "SELECT", grantable: true },
        { grantee: 'my "odd" role', privilege: "UPDATE", grantable: false },
      ],
    });
  });
});
