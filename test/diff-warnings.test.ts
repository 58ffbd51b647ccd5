/**
 * The diff's warnings are true on a real server: a type change PostgreSQL makes in place (the
 * table keeps its file: no rewrite) carries no warning and no USING, one that rewrites does, and a
 * view is rebuilt only when it reads a column that changes.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { diffSchemas, type DiffStep } from "../src/core/diff/diff.ts";
import { introspect } from "../src/db/introspect.ts";
import { createTestDatabase, type TestDatabase } from "./support/database.ts";
import { applySteps, normaliseModel, resetDatabase } from "./support/diff-cases.ts";

let db: TestDatabase;
let target: TestDatabase;

beforeAll(async () => {
  [db, target] = await Promise.all([createTestDatabase("diff_warnings"), createTestDatabase("diff_warnings_target")]);
});

afterAll(async () => {
  await Promise.all([db?.drop(), target?.drop()]);
});

/** The steps from schema `a` to schema `b` (built in the two databases), applied to the first; the table's file before and after. */
async function applyDiff(a: string, b: string): Promise<{ steps: DiffStep[]; before: string[]; after: string[] }> {
  await Promise.all([resetDatabase(db.sql), resetDatabase(target.sql)]);
  await Promise.all([db.sql.unsafe(a), target.sql.unsafe(b)]);
  await db.sql.unsafe("INSERT INTO t (id, v) VALUES (1, NULL)");
  const files = async () => (await db.sql<{ f: string }[]>`select relname || ':' || relfilenode as f from pg_class where relnamespace = 'public'::regnamespace and relkind in ('r', 'i') order by relname`).map((r) => r.f);
  const [A, B] = await Promise.all([introspect(db.sql), introspect(target.sql)]);
  const before = await files();
  const steps = diffSchemas(A, B);
  await applySteps(db.sql, steps);
  expect(normaliseModel(await introspect(db.sql))).toEqual(normaliseModel(B));
  return { steps, before, after: await files() };
}

const IN_PLACE: readonly [string, string][] = [
  ["varchar(200)", "text"],
  ["varchar(200)", "varchar(300)"],
  ["varchar(200)", "varchar"],
  ["text", "varchar"],
  ["numeric(10,2)", "numeric(14,2)"],
  ["numeric(10,2)", "numeric"],
  ["cidr", "inet"],
  ["timestamp(3)", "timestamp(6)"],
  ["timestamptz(0)", "timestamptz"],
  ["bit varying(8)", "bit varying(16)"],
];

const REWRITES: readonly [string, string][] = [
  ["int", "bigint"],
  ["varchar(300)", "varchar(200)"],
  ["text", "varchar(200)"],
  ["numeric(10,2)", "numeric(12,3)"],
  ["timestamp", "timestamptz"],
];

const table = (type: string) => `CREATE TABLE t (id int PRIMARY KEY, v ${type}); CREATE INDEX t_v ON t (v);`;

describe("type changes", () => {
  it.each(IN_PLACE)("%s → %s keeps the table's file, with no warning and no USING", async (from, to) => {
    const { steps, before, after } = await applyDiff(table(from), table(to));
    expect(after).toEqual(before);
    expect(steps).toHaveLength(1);
    expect(steps[0]).toMatchObject({ kind: "alter-column", destructive: false });
    expect(steps[0]!.warning).toBeUndefined();
    expect(steps[0]!.sql).not.toContain("USING");
  });

  it.each(REWRITES)("%s → %s rewrites the table, and says so", async (from, to) => {
    const { steps, before, after } = await applyDiff(table(from), table(to));
    expect(after).not.toEqual(before);
    expect(steps).toHaveLength(1);
    expect(steps[0]).toMatchObject({ kind: "alter-column", destructive: true });
    expect(steps[0]!.warning).toMatch(/rewrites the table .* may fail or lose data$/);
  });
});

describe("views around column changes", () => {
  const views = `
    CREATE VIEW names AS SELECT id, name FROM t;
    CREATE MATERIALIZED VIEW counted AS SELECT count(*) AS n FROM t;
    CREATE VIEW name_list AS SELECT name FROM names;`;

  it("dropping or retyping a column no view reads leaves the views alone", async () => {
    const { steps } = await applyDiff(`CREATE TABLE t (id int PRIMARY KEY, name text, v int, note text);${views}`, `CREATE TABLE t (id int PRIMARY KEY, name text, v bigint);${views}`);
    expect(steps.map((s) => [s.kind, s.object])).toEqual([
      ["drop-column", '"public"."t"."note"'],
      ["alter-column", '"public"."t"."v"'],
    ]);
  });

  it("retyping a column a view reads rebuilds that view and the views over it, not the others", async () => {
    const { steps } = await applyDiff(`CREATE TABLE t (id int PRIMARY KEY, name varchar(20), v int);${views}`, `CREATE TABLE t (id int PRIMARY KEY, name varchar(10), v int);${views}`);
    const viewSteps = steps.filter((s) => s.kind.includes("view")).map((s) => [s.kind, s.object]);
    expect(viewSteps).toEqual([
      ["drop-view", '"public"."name_list"'],
      ["drop-view", '"public"."names"'],
      ["create-view", '"public"."names"'],
      ["create-view", '"public"."name_list"'],
    ]);
  });
});
