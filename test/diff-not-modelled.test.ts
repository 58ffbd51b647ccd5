/**
 * What the schema model leaves out (foreign tables) is read all the same, so that a diff refuses a
 * change to it by name instead of printing a script that leaves it out. Everything else in the
 * schemas here (column settings, a view's column privileges, default privileges, an event trigger…)
 * is in the model, and written.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { diffSchemas, unsupportedDifferences } from "../src/core/diff/diff.ts";
import { introspect } from "../src/db/introspect.ts";
import { refusedDiff } from "./support/refused-diff.ts";
import { createTestDatabase, type TestDatabase } from "./support/database.ts";

let plain: TestDatabase;
let rich: TestDatabase;

const base = `
CREATE SCHEMA app;
CREATE TABLE app.docs (id int PRIMARY KEY, body text, city text, zip text);
CREATE TABLE app.docs_log (id int, body text);
CREATE FUNCTION app.on_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN END $$;`;

beforeAll(async () => {
  [plain, rich] = await Promise.all([createTestDatabase("notmodelled_plain"), createTestDatabase("notmodelled_rich")]);
  await plain.sql.unsafe(base);
  await rich.sql.unsafe(`${base}
CREATE RULE docs_log AS ON INSERT TO app.docs DO ALSO INSERT INTO app.docs_log VALUES (NEW.id, NEW.body);
CREATE STATISTICS app.docs_city_zip (dependencies) ON city, zip FROM app.docs;
CREATE TYPE app.floatrange AS RANGE (subtype = float8, subtype_diff = float8mi);
ALTER TABLE app.docs ALTER COLUMN body SET STORAGE EXTERNAL, ALTER COLUMN body SET COMPRESSION pglz, ALTER COLUMN city SET STATISTICS 500;
CREATE VIEW app.docs_view AS SELECT id, city FROM app.docs;
GRANT SELECT (city) ON app.docs_view TO pg_monitor;
CREATE MATERIALIZED VIEW app.docs_copy AS SELECT id, body, city FROM app.docs;
ALTER MATERIALIZED VIEW app.docs_copy ALTER COLUMN body SET STORAGE EXTERNAL, ALTER COLUMN body SET COMPRESSION pglz, ALTER COLUMN city SET STATISTICS 500;
ALTER DEFAULT PRIVILEGES IN SCHEMA app GRANT SELECT ON TABLES TO pg_monitor;
CREATE EVENT TRIGGER retort_test_on_ddl ON ddl_command_end WHEN TAG IN ('CREATE TABLE') EXECUTE FUNCTION app.on_ddl();
CREATE FOREIGN DATA WRAPPER retort_test_fdw;
CREATE SERVER retort_test_server FOREIGN DATA WRAPPER retort_test_fdw;
CREATE FOREIGN TABLE app.remote_docs (id int) SERVER retort_test_server;`);
});

afterAll(async () => {
  // Event triggers belong to the database, but are dropped with it.
  await Promise.all([plain?.drop(), rich?.drop()]);
});

describe("objects and settings the model leaves out", () => {
  it("are each refused by name when added, removed or changed", async () => {
    const [a, b] = await Promise.all([introspect(plain.sql), introspect(rich.sql)]);
    const added = unsupportedDifferences(a, b).map((d) => [d.what, d.object]);
    expect(added).toEqual([
      ["foreign table added, which the diff does not write", '"app"."remote_docs"'],
    ]);
    expect(unsupportedDifferences(b, a).map((d) => d.what.replace(" removed,", " added,"))).toEqual(added.map(([what]) => what));
    expect(unsupportedDifferences(b, b)).toEqual([]);
    // The rest is written: the range type (whose constructor functions are its own, not the model's),
    // the view and its column's privileges, the default privileges, the event trigger, the column
    // settings of the table and of the materialized view. The view was made before the default
    // privileges, so what they give it (and the materialized view) as they are created is revoked.
    expect(diffSchemas(a, b).map((s) => s.sql).filter((sql) => sql.includes("ALTER COLUMN"))).toEqual([
      'ALTER TABLE ONLY "app"."docs" ALTER COLUMN "body" SET STORAGE EXTERNAL;',
      'ALTER TABLE ONLY "app"."docs" ALTER COLUMN "body" SET COMPRESSION pglz;',
      'ALTER TABLE ONLY "app"."docs" ALTER COLUMN "city" SET STATISTICS 500;',
      'ALTER MATERIALIZED VIEW "app"."docs_copy" ALTER COLUMN "body" SET STORAGE EXTERNAL;',
      'ALTER MATERIALIZED VIEW "app"."docs_copy" ALTER COLUMN "body" SET COMPRESSION pglz;',
      'ALTER MATERIALIZED VIEW "app"."docs_copy" ALTER COLUMN "city" SET STATISTICS 500;',
    ]);
    expect(diffSchemas(a, b).map((s) => s.kind)).toEqual([
      "grant-default", "create-range", "alter-column", "alter-column", "alter-column", "create-statistics",
      "create-materialized-view", "create-view", "create-rule", "alter-column", "alter-column", "alter-column",
      "create-event-trigger", "revoke", "revoke", "grant",
    ]);
  });

  it("make diff fail with exit 3, naming them", async () => {
    const e = await refusedDiff({ cwd: process.cwd(), from: plain.url, to: rich.url });
    expect(e.message).toContain('foreign table added, which the diff does not write: "app"."remote_docs"');
  });
});
