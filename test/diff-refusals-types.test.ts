/**
 * Type changes under columns that no SQL converts correctly are refused by name (exit 3): an array
 * column of a composite type whose attributes are reordered (USING takes no subquery to rebuild
 * each element, and text would put values in the wrong attributes), and a composite type that a
 * typed table is of (its columns change only with ALTER TYPE … CASCADE, and the model does not
 * know the table is typed). The rest of the same change is
 * written: the plain column of the reordered type is converted attribute by attribute, and a range
 * type with a CANONICAL function is recreated with it (see the diff corpus, typeconv-*).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { refusedDiff } from "./support/refused-diff.ts";
import { diffSchemas, unsupportedDifferences } from "../src/core/diff/diff.ts";
import { introspect } from "../src/db/introspect.ts";
import { tempProject } from "./support/binary.ts";
import { createTestDatabase, type TestDatabase } from "./support/database.ts";

let from: TestDatabase;
let to: TestDatabase;
let scratch: TestDatabase;

const range = (options: string) => `
CREATE TYPE seat_span;
CREATE FUNCTION seat_span_canonical(seat_span) RETURNS seat_span LANGUAGE internal IMMUTABLE STRICT AS 'int4range_canonical';
CREATE TYPE seat_span AS RANGE (subtype = int4, canonical = seat_span_canonical${options});
CREATE TABLE seatings (id int PRIMARY KEY, seats seat_span);`;
const before = `CREATE TYPE point2 AS (x int, y int); CREATE TABLE shapes (id int PRIMARY KEY, at point2, path point2[]); ${range("")}
CREATE TYPE entry AS (k text, v int); CREATE TABLE entries OF entry;`;
const after = `CREATE TYPE point2 AS (y int, x int); CREATE TABLE shapes (id int PRIMARY KEY, at point2, path point2[]);
CREATE FUNCTION seat_diff(int, int) RETURNS float8 LANGUAGE sql IMMUTABLE AS 'SELECT ($1 - $2)::float8';
${range(", subtype_diff = seat_diff")}
CREATE TYPE entry AS (k text, v int, note text); CREATE TABLE entries OF entry;`;

beforeAll(async () => {
  [from, to, scratch] = await Promise.all([createTestDatabase("refuse_types_from"), createTestDatabase("refuse_types_to"), createTestDatabase("refuse_types_scratch")]);
  await Promise.all([from.sql.unsafe(before), to.sql.unsafe(after)]);
});

afterAll(async () => {
  await Promise.all([from?.drop(), to?.drop(), scratch?.drop()]);
});

describe("type changes under columns with no correct conversion", () => {
  it("diff refuses with exit 3, naming the array column and the typed table", async () => {
    const dir = tempProject("refuse-types");
    const e = await refusedDiff({ cwd: dir, url: from.url, env: { SCRATCH_DATABASE_URL: scratch.url }, from: from.url, to: to.url });
    expect(e.differences).toEqual([
      {
        what: "composite type public.entry changes while the typed table is of it (alter the type with CASCADE by hand)",
        object: '"public"."entries"',
      },
      {
        what: 'array of composite type "public"."point2", whose attributes are reordered, added before others or removed while it is in use (convert the column by hand)',
        object: '"public"."shapes"."path"',
      },
    ]);
  });

  it("the plain column of the reordered type is converted attribute by attribute, and the range with its CANONICAL function recreated", async () => {
    const [A, B] = await Promise.all([introspect(from.sql), introspect(to.sql)]);
    expect(unsupportedDifferences(A, B).map((d) => d.object)).toEqual(['"public"."entries"', '"public"."shapes"."path"']);
    const sql = diffSchemas(A, B).map((s) => s.sql);
    expect(sql).toContain('ALTER TABLE "public"."shapes" ALTER COLUMN "at" TYPE public.point2 USING CASE WHEN ("at")::text IS NULL THEN NULL ELSE ROW(("at")."y", ("at")."x")::public.point2 END;');
    expect(sql).toContain('ALTER TABLE "public"."seatings" ALTER COLUMN "seats" TYPE public.seat_span USING "seats"::text::public.seat_span;');
  });
});
