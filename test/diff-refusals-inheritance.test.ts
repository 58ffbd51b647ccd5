/**
 * A table that takes a parent whose columns it must hold through the parent alone is rebuilt with
 * its rows, since INHERIT leaves the columns it has its own; but not one with children of its own,
 * which dropping it would take along: that change is refused by name (exit 3).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { diff } from "../src/index.ts";
import { refusedDiff } from "./support/refused-diff.ts";
import { createTestDatabase, type TestDatabase } from "./support/database.ts";

let from: TestDatabase;
let to: TestDatabase;

beforeAll(async () => {
  [from, to] = await Promise.all([createTestDatabase("refuse_inherit_from"), createTestDatabase("refuse_inherit_to")]);
  await from.sql.unsafe(`
    CREATE TABLE parties (id int NOT NULL);
    CREATE TABLE people (id int NOT NULL, name text);
    CREATE TABLE staff () INHERITS (people);
    CREATE TABLE guests (id int NOT NULL, name text);`);
  await to.sql.unsafe(`
    CREATE TABLE parties (id int NOT NULL);
    CREATE TABLE people (name text) INHERITS (parties);
    CREATE TABLE staff () INHERITS (people);
    CREATE TABLE guests (name text) INHERITS (parties);`);
});

afterAll(async () => {
  await Promise.all([from?.drop(), to?.drop()]);
});

describe("INHERITS that needs a table rebuilt", () => {
  it("is refused for a table with children of its own, naming only that one (the other is rebuilt)", async () => {
    const e = await refusedDiff({ cwd: process.cwd(), from: from.url, to: to.url });
    expect(e.differences.map((d) => d.object)).toEqual(['"public"."people"']);
    expect(e.differences[0]!.what).toContain("has children of its own");
  });

  it("is written in the other direction, where the tables only leave their parent", async () => {
    const result = await diff({ cwd: process.cwd(), from: to.url, to: from.url });
    expect(result.steps.map((s) => s.sql)).toEqual([
      'ALTER TABLE "public"."guests" NO INHERIT "public"."parties";',
      'ALTER TABLE "public"."people" NO INHERIT "public"."parties";',
    ]);
  });
});
