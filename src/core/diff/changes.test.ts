/** Each supported change on its own, with the exact SQL it produces. */
import { describe, expect, test } from "vitest";
import { col, con, enumOf, idx, modelOf, seq, tbl } from "./_model-builders.ts";
import { type DiffStep, diffSchemas } from "./diff.ts";
import type { ColumnDef, ConstraintDef, IndexDef, SchemaModel } from "./model.ts";

const sqlOf = (steps: readonly DiffStep[]) => steps.map((s) => s.sql);
const diffSql = (from: SchemaModel, to: SchemaModel) => sqlOf(diffSchemas(from, to));

/** Models holding one table `"Odd Schema"."we""ird"` with the given parts. */
const odd = (columns: ColumnDef[], constraints: ConstraintDef[] = [], indexes: IndexDef[] = []) =>
  modelOf({ schemas: ["Odd Schema"], tables: [tbl("Odd Schema", 'we"ird', columns, constraints, indexes)] });
const T = `"Odd Schema"."we""ird"`;

describe("schemas and extensions", () => {
  test("odd schema names are quoted with embedded quotes doubled", () => {
    const steps = diffSchemas(modelOf({ schemas: [] }), modelOf({ schemas: ['my "app"'] }));
    expect(steps).toEqual([{ sql: `CREATE SCHEMA "my ""app""";`, kind: "create-schema", object: 'my "app"', destructive: false }]);
  });

  test("dropping a schema is destructive", () => {
    expect(diffSchemas(modelOf({ schemas: ["old"] }), modelOf({ schemas: [] }))).toEqual([
      { sql: `DROP SCHEMA "old";`, kind: "drop-schema", object: "old", destructive: true, warning: `drops schema "old"` },
    ]);
  });

  test("extensions are created in their schema, moved, updated and dropped", () => {
    const ext = (schema: string, version: string) => [{ name: "uuid-ossp", schema, version }];
    expect(diffSql(modelOf({}), modelOf({ extensions: ext("public", "1.1") }))).toEqual([
      `CREATE EXTENSION "uuid-ossp" WITH SCHEMA "public" VERSION '1.1';`,
    ]);
    expect(diffSql(modelOf({ extensions: ext("public", "1.0") }), modelOf({ extensions: ext("ext", "1.1") }))).toEqual([
      `ALTER EXTENSION "uuid-ossp" SET SCHEMA "ext";`,
      `ALTER EXTENSION "uuid-ossp" UPDATE TO '1.1';`,
    ]);
    const [drop] = diffSchemas(modelOf({ extensions: ext("public", "1.1") }), modelOf({}));
    expect(drop).toMatchObject({ sql: `DROP EXTENSION "uuid-ossp";`, destructive: true, warning: expect.stringContaining("uuid-ossp") });
  });
});

describe("enums", () => {
  const mood = (...labels: string[]) => modelOf({ enums: [enumOf("public", "mood", labels)] });

  test("new labels are added in place, keeping the declared order", () => {
    const steps = diffSchemas(mood("sad", "happy"), mood("meh", "sad", "ok", "happy", "it's great"));
    expect(sqlOf(steps)).toEqual([
      `ALTER TYPE "public"."mood" ADD VALUE 'meh' BEFORE 'sad';`,
      `ALTER TYPE "public"."mood" ADD VALUE 'ok' AFTER 'sad';`,
      `ALTER TYPE "public"."mood" ADD VALUE 'it''s great' AFTER 'happy';`,
    ]);
    expect(steps.every((s) => !s.destructive && s.warning?.includes("same transaction"))).toBe(true);
  });

  test("several new labels in front go before the old first label, then after each other", () => {
    expect(diffSql(mood("c"), mood("a", "b", "c"))).toEqual([
      `ALTER TYPE "public"."mood" ADD VALUE 'a' BEFORE 'c';`,
      `ALTER TYPE "public"."mood" ADD VALUE 'b' AFTER 'a';`,
    ]);
    expect(diffSql(mood(), mood("a"))).toEqual([`ALTER TYPE "public"."mood" ADD VALUE 'a';`]);
  });

  test("a removed or reordered label rebuilds the type and converts the columns that use it", () => {
    const users = (labels: string[]) =>
      modelOf({
        enums: [enumOf("public", "mood", labels)],
        // format_type qualifies the type, since introspection reads with search_path = pg_catalog.
        tables: [tbl("public", "users", [col("mood", "public.mood", { default: "'ok'::public.mood" }), col("past", "public.mood[]"), col("n", "text")])],
      });
    const steps = diffSchemas(users(["sad", "ok", "happy"]), users(["happy", "ok"]));
    expect(sqlOf(steps)).toEqual([
      `ALTER TYPE "public"."mood" RENAME TO "mood__retort_old";`,
      `CREATE TYPE "public"."mood" AS ENUM ('happy', 'ok');`,
      `ALTER TABLE "public"."users" ALTER COLUMN "mood" DROP DEFAULT;`,
      `ALTER TABLE "public"."users" ALTER COLUMN "mood" TYPE public.mood USING "mood"::text::public.mood;`,
      `ALTER TABLE "public"."users" ALTER COLUMN "mood" SET DEFAULT 'ok'::public.mood;`,
      `ALTER TABLE "public"."users" ALTER COLUMN "past" TYPE public.mood[] USING "past"::text[]::public.mood[];`,
      `DROP TYPE "public"."mood__retort_old";`,
    ]);
    expect(steps[0]).toMatchObject({ destructive: true, warning: expect.stringContaining("removed label") });
  });

  test("a dropped enum is destructive", () => {
    expect(diffSchemas(mood("a"), modelOf({}))).toEqual([
      { sql: `DROP TYPE "public"."mood";`, kind: "drop-enum", object: '"public"."mood"', destructive: true, warning: `drops type "public"."mood"` },
    ]);
  });
});

describe("sequences", () => {
  test("changed options are altered, identity sequences are left to their column", () => {
    const from = modelOf({ sequences: [seq("public", "s")] });
    const to = modelOf({ sequences: [seq("public", "s", { type: "integer", increment: "2", max: "2147483647", cycle: true })] });
    expect(diffSql(from, to)).toEqual([`ALTER SEQUENCE "public"."s" AS integer INCREMENT BY 2 MAXVALUE 2147483647 CYCLE;`]);
  });

  test("a sequence is dropped unless its OWNED BY table takes it along", () => {
    const owned = seq("public", "t_id_seq", { ownedBy: { table: '"public"."t"', column: "id" } });
    const from = modelOf({ sequences: [owned, seq("public", "free")], tables: [tbl("public", "t", [col("id", "integer")])] });
    const steps = diffSchemas(from, modelOf({}));
    expect(sqlOf(steps)).toEqual([`DROP TABLE "public"."t";`, `DROP SEQUENCE "public"."free";`]);
    expect(steps[1]).toMatchObject({ destructive: true, warning: `drops sequence "public"."free" and its current value` });
  });
});

describe("columns", () => {
  test("adding and dropping columns quotes odd names; dropping is destructive", () => {
    const steps = diffSchemas(odd([col("id", "integer"), col("Old Col", "text")]), odd([col("id", "integer"), col('new"col', "numeric(10,2)", { default: "0" })]));
    expect(steps).toEqual([
      {
        sql: `ALTER TABLE ${T} DROP COLUMN "Old Col";`,
        kind: "drop-column",
        object: `${T}."Old Col"`,
        destructive: true,
        warning: `drops column ${T}."Old Col" and its data`,
      },
      { sql: `ALTER TABLE ${T} ADD COLUMN "new""col" numeric(10,2) DEFAULT 0;`, kind: "add-column", object: `${T}."new""col"`, destructive: false },
    ]);
  });

  test("a type change casts with USING and is flagged destructive", () => {
    const [step] = diffSchemas(odd([col("n", "integer")]), odd([col("n", "bigint")]));
    expect(step).toMatchObject({
      sql: `ALTER TABLE ${T} ALTER COLUMN "n" TYPE bigint USING "n"::bigint;`,
      kind: "alter-column",
      destructive: true,
      warning: expect.stringContaining("ACCESS EXCLUSIVE"),
    });
  });

  test("collation changes keep the type and need no USING", () => {
    expect(diffSql(odd([col("n", "text")]), odd([col("n", "text", { collation: 'pg_catalog."C"' })]))).toEqual([
      `ALTER TABLE ${T} ALTER COLUMN "n" TYPE text COLLATE pg_catalog."C";`,
    ]);
  });

  test("defaults are set, changed and dropped; the old default goes before a type change", () => {
    expect(diffSql(odd([col("n", "integer")]), odd([col("n", "integer", { default: "1" })]))).toEqual([`ALTER TABLE ${T} ALTER COLUMN "n" SET DEFAULT 1;`]);
    expect(diffSql(odd([col("n", "integer", { default: "1" })]), odd([col("n", "integer")]))).toEqual([`ALTER TABLE ${T} ALTER COLUMN "n" DROP DEFAULT;`]);
    expect(diffSql(odd([col("n", "integer", { default: "1" })]), odd([col("n", "text", { default: "'1'::text" })]))).toEqual([
      `ALTER TABLE ${T} ALTER COLUMN "n" DROP DEFAULT;`,
      `ALTER TABLE ${T} ALTER COLUMN "n" TYPE text USING "n"::text;`,
      `ALTER TABLE ${T} ALTER COLUMN "n" SET DEFAULT '1'::text;`,
    ]);
  });

  test("adding NOT NULL warns about the scan and lock; dropping it does not", () => {
    const [set] = diffSchemas(odd([col("n", "integer")]), odd([col("n", "integer", { notNull: true })]));
    expect(set).toEqual({
      sql: `ALTER TABLE ${T} ALTER COLUMN "n" SET NOT NULL;`,
      kind: "alter-column",
      object: `${T}."n"`,
      destructive: false,
      warning: `scans the whole table under an ACCESS EXCLUSIVE lock and fails if ${T}."n" has nulls`,
    });
    const [drop] = diffSchemas(odd([col("n", "integer", { notNull: true })]), odd([col("n", "integer")]));
    expect(drop).toEqual({ sql: `ALTER TABLE ${T} ALTER COLUMN "n" DROP NOT NULL;`, kind: "alter-column", object: `${T}."n"`, destructive: false });
  });

  test("identity is added after NOT NULL, dropped before it, and its kind and options are altered in place", () => {
    const options = { type: "integer", start: "1", increment: "1", min: "1", max: "2147483647", cache: "1", cycle: false };
    const identity = { kind: "byDefault" as const, sequence: `"Odd Schema"."we""ird_id_seq"`, options };
    const plain = odd([col("id", "integer")]);
    const withIdentity = odd([col("id", "integer", { notNull: true, identity })]);
    expect(diffSql(plain, withIdentity)).toEqual([
      `ALTER TABLE ${T} ALTER COLUMN "id" SET NOT NULL;`,
      `ALTER TABLE ${T} ALTER COLUMN "id" ADD GENERATED BY DEFAULT AS IDENTITY (SEQUENCE NAME "Odd Schema"."we""ird_id_seq" START WITH 1 INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 CACHE 1 NO CYCLE);`,
    ]);
    expect(diffSql(withIdentity, plain)).toEqual([`ALTER TABLE ${T} ALTER COLUMN "id" DROP IDENTITY;`, `ALTER TABLE ${T} ALTER COLUMN "id" DROP NOT NULL;`]);
    const changed = odd([col("id", "integer", { notNull: true, identity: { ...identity, kind: "always", options: { ...options, increment: "10" } } })]);
    expect(diffSql(withIdentity, changed)).toEqual([`ALTER TABLE ${T} ALTER COLUMN "id" SET GENERATED ALWAYS SET INCREMENT BY 10;`]);
  });

  test("a changed generated expression drops and re-adds the column", () => {
    const steps = diffSchemas(odd([col("g", "integer", { generated: "1" })]), odd([col("g", "integer", { generated: "2" })]));
    expect(sqlOf(steps)).toEqual([`ALTER TABLE ${T} DROP COLUMN "g";`, `ALTER TABLE ${T} ADD COLUMN "g" integer GENERATED ALWAYS AS (2) STORED;`]);
    expect(steps[0]).toMatchObject({ destructive: true, warning: expect.stringContaining("generated expression") });
  });

  test("a generated column turning plain keeps its values: DROP EXPRESSION, not a drop", () => {
    const steps = diffSchemas(odd([col("g", "integer", { generated: "1" })]), odd([col("g", "integer")]));
    expect(sqlOf(steps)).toEqual([`ALTER TABLE ${T} ALTER COLUMN "g" DROP EXPRESSION;`]);
    expect(steps[0]).toMatchObject({ destructive: false });
  });
});

describe("constraints", () => {
  const check = (def: string) => con("n_positive", "check", def);

  test("a changed definition drops the old constraint and adds the new one", () => {
    expect(diffSql(odd([col("n", "integer")], [check("CHECK ((n > 0))")]), odd([col("n", "integer")], [check("CHECK ((n >= 0))")]))).toEqual([
      `ALTER TABLE ${T} DROP CONSTRAINT "n_positive";`,
      `ALTER TABLE ${T} ADD CONSTRAINT "n_positive" CHECK ((n >= 0));`,
    ]);
  });

  test("a NOT VALID constraint is added NOT VALID, without the validation warning", () => {
    const [step] = diffSchemas(odd([col("n", "integer")]), odd([col("n", "integer")], [check("CHECK ((n > 0)) NOT VALID")]));
    expect(step).toEqual({
      sql: `ALTER TABLE ${T} ADD CONSTRAINT "n_positive" CHECK ((n > 0)) NOT VALID;`,
      kind: "add-constraint",
      object: `${T}."n_positive"`,
      destructive: false,
    });
  });

  test("a validated constraint on an existing table warns about the scan", () => {
    const [step] = diffSchemas(odd([col("n", "integer")]), odd([col("n", "integer")], [check("CHECK ((n > 0))")]));
    expect(step?.warning).toContain("NOT VALID");
  });

  test("a constraint that becomes valid is validated, not recreated", () => {
    expect(diffSql(odd([col("n", "integer")], [check("CHECK ((n > 0)) NOT VALID")]), odd([col("n", "integer")], [check("CHECK ((n > 0))")]))).toEqual([
      `ALTER TABLE ${T} VALIDATE CONSTRAINT "n_positive";`,
    ]);
  });

  test("NOT VALID constraints of a new table are added after it so they stay NOT VALID", () => {
    expect(diffSql(modelOf({ schemas: ["Odd Schema"] }), odd([col("n", "integer")], [check("CHECK ((n > 0)) NOT VALID")]))).toEqual([
      `CREATE TABLE ${T} (\n  "n" integer\n);`,
      `ALTER TABLE ${T} ADD CONSTRAINT "n_positive" CHECK ((n > 0)) NOT VALID;`,
    ]);
  });

  test("constraints cloned from a parent are left to the parent", () => {
    const cloned = con("n_positive", "check", "CHECK ((n > 0))", { local: false, inherited: true });
    expect(diffSchemas(odd([col("n", "integer")]), odd([col("n", "integer")], [cloned]))).toEqual([]);
  });
});

describe("indexes", () => {
  const index = (def: string) => idx("we_n_idx", def);

  test("a new index on an existing table is created from its definition and warns about blocking writes", () => {
    const [step] = diffSchemas(odd([col("n", "integer")]), odd([col("n", "integer")], [], [index(`CREATE INDEX we_n_idx ON "Odd Schema"."we""ird" USING btree (n)`)]));
    expect(step).toEqual({
      sql: `CREATE INDEX we_n_idx ON "Odd Schema"."we""ird" USING btree (n);`,
      kind: "create-index",
      object: `"Odd Schema"."we_n_idx"`,
      destructive: false,
      warning: `blocks writes to ${T} while the index builds`,
    });
  });

  test("a changed index is dropped and created again; indexes backing constraints are left to them", () => {
    const pk = con("we_pkey", "primaryKey", "PRIMARY KEY (n)");
    const pkIndex = idx("we_pkey", `CREATE UNIQUE INDEX we_pkey ON "Odd Schema"."we""ird" USING btree (n)`, { constraint: "we_pkey" });
    const pkIndexChanged = { ...pkIndex, definition: `${pkIndex.definition} WITH (fillfactor='50')` };
    const from = odd([col("n", "integer")], [pk], [pkIndex, index(`CREATE INDEX we_n_idx ON "Odd Schema"."we""ird" USING btree (n)`)]);
    const to = odd([col("n", "integer")], [pk], [pkIndexChanged, index(`CREATE INDEX we_n_idx ON "Odd Schema"."we""ird" USING hash (n)`)]);
    expect(diffSql(from, to)).toEqual([`DROP INDEX "Odd Schema"."we_n_idx";`, `CREATE INDEX we_n_idx ON "Odd Schema"."we""ird" USING hash (n);`]);
  });
});

describe("table settings and partitioning", () => {
  test("UNLOGGED and storage parameters are altered on an existing table", () => {
    const t = (extra: Parameters<typeof tbl>[5]) => modelOf({ tables: [tbl("public", "t", [col("a", "integer")], [], [], extra)] });
    const steps = diffSchemas(t({ unlogged: true, options: ["autovacuum_enabled=false", "fillfactor=50"] }), t({ options: ["fillfactor=60"] }));
    expect(sqlOf(steps)).toEqual([
      `ALTER TABLE "public"."t" SET LOGGED;`,
      `ALTER TABLE "public"."t" RESET (autovacuum_enabled);`,
      `ALTER TABLE "public"."t" SET (fillfactor=60);`,
    ]);
    expect(steps[0]?.warning).toContain("rewrites");
  });

  test("an index on a partitioned table is created without ON ONLY so its partitions get one too, each partition's own first so the parent adopts it under its name", () => {
    const parent = (indexes: IndexDef[]) =>
      tbl("public", "ev", [col("at", "date")], [], indexes, { partitionKey: "RANGE (at)" });
    const partition = (indexes: IndexDef[]) =>
      tbl("public", "ev1", [col("at", "date", { local: false, inherited: true })], [], indexes, {
        partitionOf: { parent: '"public"."ev"', bound: "DEFAULT" },
      });
    const from = modelOf({ tables: [parent([]), partition([])] });
    const to = modelOf({
      tables: [
        parent([idx("ev_at", "CREATE INDEX ev_at ON ONLY public.ev USING btree (at)")]),
        partition([idx("ev1_at_idx", "CREATE INDEX ev1_at_idx ON public.ev1 USING btree (at)", { partitionOf: '"public"."ev_at"' })]),
      ],
    });
    expect(diffSql(from, to)).toEqual([`CREATE INDEX ev1_at_idx ON public.ev1 USING btree (at);`, `CREATE INDEX ev_at ON public.ev USING btree (at);`]);
    expect(diffSql(modelOf({}), to)).toEqual([
      `CREATE TABLE "public"."ev" (\n  "at" date\n) PARTITION BY RANGE (at);`,
      `CREATE TABLE "public"."ev1" PARTITION OF "public"."ev" DEFAULT;`,
      `CREATE INDEX ev1_at_idx ON public.ev1 USING btree (at);`,
      `CREATE INDEX ev_at ON public.ev USING btree (at);`,
    ]);
  });
});
