/**
 * Warnings that are true: a column change is flagged as one that "may fail or lose data" only when
 * PostgreSQL rewrites the table and a row can fail to convert, and dropping a column rebuilds only
 * the views that read it.
 */
import { describe, expect, it } from "vitest";
import { col, idx, modelOf, tbl } from "./_model-builders.ts";
import { diffSchemas } from "./diff.ts";
import type { SchemaModel, ViewDef } from "./model.ts";

const T = '"public"."articles"';

/** A view of `articles` reading `columns`. */
function view(name: string, columns: string[]): ViewDef {
  return {
    schema: "public",
    name,
    comment: null,
    acl: null,
    definition: ` SELECT ${columns.join(", ")} FROM public.articles;`,
    columns: columns.map((c) => ({ name: c, type: "text" })),
    columnSettings: {},
    options: [],
    dependsOn: [T],
    columnsRead: columns.map((c) => `${T}."${c}"`),
    functionsUsed: [],
    indexes: {},
    triggers: {},
    columnAcls: {},
  };
}

function model(columns: ReturnType<typeof col>[], views: ViewDef[] = []): SchemaModel {
  const table = tbl("public", "articles", columns, [], [idx("articles_title", "CREATE INDEX articles_title ON public.articles USING btree (title)", { columns: ["title"] })]);
  return { ...modelOf({ tables: [table] }), views: Object.fromEntries(views.map((v) => [`"public"."${v.name}"`, v])) };
}

describe("warnings on column type changes", () => {
  it("changes varchar(n) to text, and widens varchar, numeric and timestamp, in place: no USING, nothing destructive, no warning", () => {
    const before = model([col("id", "integer"), col("title", "character varying(200)"), col("slug", "character varying(80)"), col("price", "numeric(8,2)"), col("at", "timestamp(0) without time zone")]);
    const after = model([col("id", "integer"), col("title", "text"), col("slug", "character varying(120)"), col("price", "numeric(12,2)"), col("at", "timestamp(3) without time zone")]);
    expect(diffSchemas(before, after)).toEqual([
      { sql: `ALTER TABLE ${T} ALTER COLUMN "title" TYPE text;`, kind: "alter-column", object: `${T}."title"`, destructive: false },
      { sql: `ALTER TABLE ${T} ALTER COLUMN "slug" TYPE character varying(120);`, kind: "alter-column", object: `${T}."slug"`, destructive: false },
      { sql: `ALTER TABLE ${T} ALTER COLUMN "price" TYPE numeric(12,2);`, kind: "alter-column", object: `${T}."price"`, destructive: false },
      { sql: `ALTER TABLE ${T} ALTER COLUMN "at" TYPE timestamp(3) without time zone;`, kind: "alter-column", object: `${T}."at"`, destructive: false },
    ]);
  });

  it("flags the narrowing and the rewriting changes, and only those", () => {
    const before = model([col("id", "integer"), col("title", "text"), col("price", "numeric(12,2)")]);
    const after = model([col("id", "bigint"), col("title", "character varying(50)"), col("price", "numeric(12,2)")]);
    const steps = diffSchemas(before, after);
    expect(steps.map((s) => [s.sql, s.destructive])).toEqual([
      [`ALTER TABLE ${T} ALTER COLUMN "id" TYPE bigint USING "id"::bigint;`, true],
      [`ALTER TABLE ${T} ALTER COLUMN "title" TYPE character varying(50) USING "title"::character varying(50);`, true],
    ]);
    for (const s of steps) expect(s.warning).toMatch(/rewrites the table under an ACCESS EXCLUSIVE lock and may fail or lose data$/);
  });
});

describe("views around a dropped column", () => {
  it("drops the column without touching a view that does not read it", () => {
    const titles = view("article_titles", ["id", "title"]);
    const before = model([col("id", "integer"), col("title", "text"), col("fax", "text")], [titles]);
    const after = model([col("id", "integer"), col("title", "text")], [titles]);
    expect(diffSchemas(before, after)).toEqual([
      { sql: `ALTER TABLE ${T} DROP COLUMN "fax";`, kind: "drop-column", object: `${T}."fax"`, destructive: true, warning: `drops column ${T}."fax" and its data` },
    ]);
  });

  it("rebuilds the view that reads the dropped column, and only that one", () => {
    const titles = view("article_titles", ["id", "title"]);
    const before = model([col("id", "integer"), col("title", "text"), col("fax", "text")], [titles, view("article_contacts", ["id", "fax"])]);
    const after = model([col("id", "integer"), col("title", "text")], [titles, view("article_contacts", ["id"])]);
    expect(diffSchemas(before, after).map((s) => [s.kind, s.object])).toEqual([
      ["drop-view", '"public"."article_contacts"'],
      ["drop-column", `${T}."fax"`],
      ["create-view", '"public"."article_contacts"'],
    ]);
  });
});
