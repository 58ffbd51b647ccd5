import { describe, expect, test } from "vitest";
import { col, con, enumOf, idx, modelOf, seq, tbl } from "./_model-builders.ts";
import { type DiffStep, diffSchemas } from "./diff.ts";
import { emptySchemaModel, type SchemaModel } from "./model.ts";

const sqlOf = (steps: readonly DiffStep[]) => steps.map((s) => s.sql);

const usersId = col("id", "bigint", {
  notNull: true,
  identity: {
    kind: "always",
    sequence: '"app"."users_id_seq"',
    options: { type: "bigint", start: "100", increment: "5", min: "1", max: "9223372036854775807", cache: "1", cycle: false },
  },
});

/** Close to what introspect reads from the rich schema in test/introspect.test.ts. */
/** The default names: the rich model carries a history table, which no diff may touch. */
const BOOKKEEPING = { schema: undefined, names: ["alembic_version", "retort_history"] };

function richModel(): SchemaModel {
  return modelOf({
    schemas: ["app", "audit", "public"],
    extensions: [
      { name: "plpgsql", schema: "pg_catalog", version: "1.0" },
      { name: "pgcrypto", schema: "app", version: "1.3" },
    ],
    enums: [enumOf("app", "mood", ["sad", "ok", "happy"])],
    sequences: [
      seq("app", "ticket_seq", { type: "integer", start: "7", max: "2147483647", cache: "10", ownedBy: { table: '"app"."tickets"', column: "id" } }),
    ],
    tables: [
      tbl("audit", "actors", [col("id", "integer", { notNull: true })], [con("actors_pkey", "primaryKey", "PRIMARY KEY (id)")], [
        idx("actors_pkey", "CREATE UNIQUE INDEX actors_pkey ON audit.actors USING btree (id)", { constraint: "actors_pkey" }),
      ]),
      tbl(
        "app",
        "users",
        [
          usersId,
          col("email", "text", { collation: 'pg_catalog."C"', notNull: true }),
          col("mood", "app.mood", { default: "'ok'::app.mood" }),
          col("email_lower", "text", { generated: "lower(email)" }),
          col("actor_id", "integer"),
        ],
        [
          con("users_pkey", "primaryKey", "PRIMARY KEY (id)"),
          con("users_actor_id_fkey", "foreignKey", "FOREIGN KEY (actor_id) REFERENCES audit.actors(id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED", {
            references: '"audit"."actors"',
            deferrable: true,
            initiallyDeferred: true,
          }),
          con("users_email_check", "check", "CHECK ((email ~~ '%@%'::text)) NOT VALID"),
        ],
        [
          idx("users_pkey", "CREATE UNIQUE INDEX users_pkey ON app.users USING btree (id)", { constraint: "users_pkey" }),
          idx("users_active_idx", "CREATE INDEX users_active_idx ON app.users USING btree (email) WHERE (mood <> 'sad'::app.mood)", {
            predicate: "(mood <> 'sad'::app.mood)",
          }),
        ],
      ),
      tbl("app", "tickets", [col("id", "integer", { notNull: true, default: "nextval('app.ticket_seq'::regclass)" }), col("title", "text")]),
      tbl("app", "events", [col("id", "bigint", { notNull: true }), col("at", "date", { notNull: true })], [], [], { partitionKey: "RANGE (at)" }),
      tbl(
        "app",
        "events_2024",
        [col("id", "bigint", { notNull: true, local: false, inherited: true }), col("at", "date", { notNull: true, local: false, inherited: true })],
        [],
        [],
        { partitionOf: { parent: '"app"."events"', bound: "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')" } },
      ),
      tbl("app", "base", [col("id", "integer"), col("note", "text")]),
      tbl("app", "child", [col("id", "integer", { local: false, inherited: true }), col("extra", "text")], [], [], { inherits: ['"app"."base"'] }),
      tbl("app", "scratch", [col("id", "integer")], [], [], { unlogged: true, options: ["autovacuum_enabled=false", "fillfactor=70"] }),
      tbl("public", "retort_history", [col("id", "bigint", { notNull: true })]),
    ],
  });
}

describe("diffSchemas", () => {
  test("a model diffed with itself gives no steps", () => {
    expect(diffSchemas(richModel(), richModel(), BOOKKEEPING)).toEqual([]);
  });

  test("building the rich model from nothing creates everything before it is used", () => {
    const steps = diffSchemas(emptySchemaModel(), richModel(), BOOKKEEPING);
    expect(sqlOf(steps)).toEqual([
      `CREATE SCHEMA "app";`,
      `CREATE SCHEMA "audit";`,
      `CREATE SCHEMA "public";`,
      `CREATE EXTENSION "pgcrypto" WITH SCHEMA "app" VERSION '1.3';`,
      `CREATE EXTENSION "plpgsql" WITH SCHEMA "pg_catalog" VERSION '1.0';`,
      `CREATE TYPE "app"."mood" AS ENUM ('sad', 'ok', 'happy');`,
      `CREATE SEQUENCE "app"."ticket_seq" AS integer START WITH 7 INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 CACHE 10 NO CYCLE;`,
      `CREATE TABLE "app"."base" (\n  "id" integer,\n  "note" text\n);`,
      `CREATE TABLE "app"."events" (\n  "id" bigint NOT NULL,\n  "at" date NOT NULL\n) PARTITION BY RANGE (at);`,
      `CREATE UNLOGGED TABLE "app"."scratch" (\n  "id" integer\n) WITH (autovacuum_enabled=false, fillfactor=70);`,
      `CREATE TABLE "app"."tickets" (\n  "id" integer DEFAULT nextval('app.ticket_seq'::regclass) NOT NULL,\n  "title" text\n);`,
      `CREATE TABLE "app"."users" (\n` +
        `  "id" bigint GENERATED ALWAYS AS IDENTITY (SEQUENCE NAME "app"."users_id_seq" START WITH 100 INCREMENT BY 5 MINVALUE 1 MAXVALUE 9223372036854775807 CACHE 1 NO CYCLE) NOT NULL,\n` +
        `  "email" text COLLATE pg_catalog."C" NOT NULL,\n` +
        `  "mood" app.mood DEFAULT 'ok'::app.mood,\n` +
        `  "email_lower" text GENERATED ALWAYS AS (lower(email)) STORED,\n` +
        `  "actor_id" integer,\n` +
        `  CONSTRAINT "users_pkey" PRIMARY KEY (id)\n);`,
      `CREATE TABLE "audit"."actors" (\n  "id" integer NOT NULL,\n  CONSTRAINT "actors_pkey" PRIMARY KEY (id)\n);`,
      `CREATE TABLE "app"."child" (\n  "extra" text\n) INHERITS ("app"."base");`,
      `CREATE TABLE "app"."events_2024" PARTITION OF "app"."events" FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');`,
      `ALTER SEQUENCE "app"."ticket_seq" OWNED BY "app"."tickets"."id";`,
      `ALTER TABLE "app"."users" ADD CONSTRAINT "users_email_check" CHECK ((email ~~ '%@%'::text)) NOT VALID;`,
      `CREATE INDEX users_active_idx ON app.users USING btree (email) WHERE (mood <> 'sad'::app.mood);`,
      `ALTER TABLE "app"."users" ADD CONSTRAINT "users_actor_id_fkey" FOREIGN KEY (actor_id) REFERENCES audit.actors(id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED;`,
    ]);
    expect(steps.every((s) => !s.destructive)).toBe(true);
  });

  test("tearing the rich model down drops foreign keys first and containers last, all flagged destructive", () => {
    const steps = diffSchemas(richModel(), emptySchemaModel(), BOOKKEEPING);
    expect(sqlOf(steps)).toEqual([
      `ALTER TABLE "app"."users" DROP CONSTRAINT "users_actor_id_fkey";`,
      `DROP TABLE "app"."events_2024";`,
      `DROP TABLE "app"."child";`,
      `DROP TABLE "audit"."actors";`,
      `DROP TABLE "app"."users";`,
      `DROP TABLE "app"."tickets";`,
      `DROP TABLE "app"."scratch";`,
      `DROP TABLE "app"."events";`,
      `DROP TABLE "app"."base";`,
      // ticket_seq is OWNED BY app.tickets, so dropping the table dropped it.
      `DROP TYPE "app"."mood";`,
      `DROP EXTENSION "plpgsql";`,
      `DROP EXTENSION "pgcrypto";`,
      `DROP SCHEMA "public";`,
      `DROP SCHEMA "audit";`,
      `DROP SCHEMA "app";`,
    ]);
    for (const s of steps.filter((s) => s.kind !== "drop-constraint")) {
      expect(s.destructive).toBe(true);
      expect(s.warning).toBeTruthy();
    }
    expect(steps.find((s) => s.object === '"app"."users"')?.warning).toBe(`drops table "app"."users" and its data`);
  });

  test("retort's and Alembic's own tables are never diffed, in any schema", () => {
    const from = modelOf({ tables: [tbl("public", "alembic_version", [col("version_num", "character varying(32)", { notNull: true })])] });
    const to = modelOf({ tables: [tbl("public", "retort_history", [col("id", "bigint")]), tbl("public", "alembic_version", [])] });
    expect(diffSchemas(from, to, BOOKKEEPING)).toEqual([]);
  });

  test("the bookkeeping tables are the configured ones: a renamed version table is left alone, and alembic_version is then an ordinary table", () => {
    const versions = tbl("public", "my_versions", [col("version_num", "character varying(32)", { notNull: true })]);
    const history = tbl("public", "retort_history", [col("id", "bigint", { notNull: true })]);
    const bookkeeping = { schema: undefined, names: ["my_versions", "retort_history"] };
    expect(diffSchemas(modelOf({ tables: [versions, history] }), modelOf({ tables: [] }), bookkeeping)).toEqual([]);
    expect(diffSchemas(modelOf({ tables: [] }), modelOf({ tables: [versions, history] }), bookkeeping)).toEqual([]);
    const dropped = diffSchemas(modelOf({ tables: [tbl("public", "alembic_version", [col("version_num", "text")])] }), modelOf({ tables: [] }), bookkeeping);
    expect(dropped.map((s) => s.sql)).toEqual(['DROP TABLE "public"."alembic_version";']);
  });

  test("with a configured schema, only the bookkeeping tables in that schema, and the schema itself, are left alone", () => {
    const bookkeeping = { schema: "meta", names: ["alembic_version", "retort_history"] };
    const from = modelOf({
      schemas: ["public", "meta"],
      tables: [tbl("meta", "alembic_version", [col("version_num", "text")]), tbl("meta", "retort_history", [col("id", "bigint")]), tbl("public", "retort_history", [col("id", "bigint")])],
    });
    // retort creates the configured schema whenever it is missing: the diff neither drops nor creates it.
    const to = modelOf({ schemas: ["public"], tables: [] });
    expect(diffSchemas(from, to, bookkeeping).map((s) => s.sql)).toEqual(['DROP TABLE "public"."retort_history";']);
    expect(diffSchemas(to, from, bookkeeping).map((s) => s.sql)).toEqual([expect.stringMatching(/^CREATE TABLE "public"."retort_history"/)]);
  });
});

describe("ordering between tables", () => {
  const parent = tbl("public", "orgs", [col("id", "integer", { notNull: true })], [con("orgs_pkey", "primaryKey", "PRIMARY KEY (id)")]);
  const fk = con("members_org_id_fkey", "foreignKey", "FOREIGN KEY (org_id) REFERENCES public.orgs(id)", { references: '"public"."orgs"' });
  // "members" sorts before "orgs", so only phase ordering keeps the foreign key after both tables.
  const child = tbl("public", "members", [col("org_id", "integer")], [fk]);
  const both = modelOf({ tables: [parent, child] });

  test("two new tables, one referencing the other, are both created before the foreign key", () => {
    expect(sqlOf(diffSchemas(modelOf({}), both))).toEqual([
      `CREATE TABLE "public"."members" (\n  "org_id" integer\n);`,
      `CREATE TABLE "public"."orgs" (\n  "id" integer NOT NULL,\n  CONSTRAINT "orgs_pkey" PRIMARY KEY (id)\n);`,
      `ALTER TABLE "public"."members" ADD CONSTRAINT "members_org_id_fkey" FOREIGN KEY (org_id) REFERENCES public.orgs(id);`,
    ]);
  });

  test("dropping two related tables drops the foreign key before either table", () => {
    const steps = diffSchemas(both, modelOf({}));
    expect(sqlOf(steps)).toEqual([
      `ALTER TABLE "public"."members" DROP CONSTRAINT "members_org_id_fkey";`,
      `DROP TABLE "public"."orgs";`,
      `DROP TABLE "public"."members";`,
    ]);
    expect(steps.map((s) => s.destructive)).toEqual([false, true, true]);
  });

  test("a foreign key from a kept table to a dropped one is dropped before the table", () => {
    const to = modelOf({ tables: [tbl("public", "members", [col("org_id", "integer")])] });
    expect(sqlOf(diffSchemas(both, to))).toEqual([
      `ALTER TABLE "public"."members" DROP CONSTRAINT "members_org_id_fkey";`,
      `DROP TABLE "public"."orgs";`,
    ]);
  });

  test("a new column of a new enum type comes after the type, and the old type is dropped after the column changes", () => {
    const from = modelOf({ enums: [enumOf("public", "old_state", ["a"])], tables: [tbl("public", "t", [col("s", "old_state")])] });
    const to = modelOf({ enums: [enumOf("public", "state", ["a"])], tables: [tbl("public", "t", [col("s", "state")])] });
    expect(sqlOf(diffSchemas(from, to))).toEqual([
      `CREATE TYPE "public"."state" AS ENUM ('a');`,
      `ALTER TABLE "public"."t" ALTER COLUMN "s" TYPE state USING "s"::state;`,
      `DROP TYPE "public"."old_state";`,
    ]);
  });
});
