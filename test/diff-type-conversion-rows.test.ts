/**
 * What converting columns onto a type recreated under the same name does to the rows, on a real
 * server: a composite reordered, given an attribute before the others or retyped keeps each value
 * in its attribute (NULL rows stay NULL), nested composites and arrays of them included; a range
 * type recreated over another subtype, or with a CANONICAL function, keeps its bounds. The schemas are those of the diff corpus,
 * whose b.sql holds the rows a.sql's become; the round trip (test/diff-roundtrip.test.ts) checks
 * the schema, this checks the data.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "./support/database.ts";
import { diffCase, migrateWithDiff } from "./support/diff-cases.ts";

let db: TestDatabase;
let target: TestDatabase;

beforeAll(async () => {
  [db, target] = await Promise.all([createTestDatabase("diff_type_conversion_rows"), createTestDatabase("diff_type_conversion_rows_target")]);
});

afterAll(async () => {
  await Promise.all([db?.drop(), target?.drop()]);
});

const migrate = (from: string, to: string): Promise<void> => migrateWithDiff(db.sql, target.sql, from, to);

/** Each row of `table` as its text, in `id` order. */
async function rows(sql: TestDatabase["sql"], table: string): Promise<string[]> {
  const found = await sql.unsafe<{ r: string }[]>(`select t::text as r from ${table} t order by id`);
  return found.map((x) => x.r);
}

describe("rows across a type recreated under its name", () => {
  it("composites reordered, widened, given a first attribute or nested keep each value in its attribute", async () => {
    const { a, b } = diffCase("typeconv-composites-reshaped-in-use");
    await migrate(a, b);
    expect(await rows(db.sql, "drawings")).toEqual(await rows(target.sql, "drawings"));
    expect(await rows(db.sql, "drawings")).toEqual([
      '(1,"(2,1)","(,hello,en)","(9.99,EUR)","(3,4,)","{""(1,1,)""}","{""(a,open)""}","(""(6,5)"",""(7,8,)"",""(,sq,fr)"")")',
      '(2,"(,)",,,,,{},"(,,)")',
    ]);
  });

  it("and back: an attribute added again is NULL, the others keep their values", async () => {
    const { a, b } = diffCase("typeconv-composites-reshaped-in-use");
    await migrate(b, a);
    expect(await rows(db.sql, "drawings")).toEqual([
      '(1,"(1,2)","(hello,en)","(9.99,EUR,)","(3,4)","{""(1,1)""}","{""(a,open)""}","(""(5,6)"",""(7,8)"",""(sq,fr)"")")',
      '(2,"(,)",,,,,{},"(,,)")',
    ]);
  });

  it("a range type over another subtype keeps the bounds of its columns, multirange and domain over it", async () => {
    const { a, b } = diffCase("typeconv-range-used-by-columns");
    await migrate(a, b);
    expect(await rows(db.sql, "bookings")).toEqual(await rows(target.sql, "bookings"));
    await migrate(b, a);
    expect(await rows(db.sql, "bookings")).toEqual(await rows(target.sql, "bookings"));
  });

  it("a range type recreated with a CANONICAL function keeps its columns' bounds, both ways", async () => {
    const { a, b } = diffCase("typeconv-range-canonical-changes-under-columns");
    await migrate(a, b);
    expect(await rows(db.sql, "seatings")).toEqual(await rows(target.sql, "seatings"));
    expect(await rows(db.sql, "seatings")).toEqual(['(1,"[1,5)","[2,3)","{[1,3),[5,7)}")', "(2,empty,,)"]);
    await migrate(b, a);
    expect(await rows(db.sql, "seatings")).toEqual(await rows(target.sql, "seatings"));
  });

  it("columns of a recreated domain, composite and collation keep their values under the views rebuilt around them", async () => {
    const { a, b } = diffCase("typeconv-views-over-recreated-types");
    await migrate(a, b);
    expect(await rows(db.sql, "items")).toEqual(await rows(target.sql, "items"));
    expect(await rows(db.sql, "item_costs")).toEqual(await rows(target.sql, "item_costs"));
  });
});
