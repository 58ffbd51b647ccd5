/**
 * Round trip of the schema diff on a real database, over the corpus in test/diff-cases/<case>/:
 * build a.sql and b.sql in two databases, apply diff(A→B) to the first and diff(B→A) to the
 * second, and check each then introspects equal to the other side.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { introspect } from "../src/db/introspect.ts";
import { diffSchemas, unsupportedDifferences } from "../src/core/diff/diff.ts";
import { createTestDatabase, type TestDatabase } from "./support/database.ts";
import { applySteps as apply, diffCases as cases, normaliseModel as normalise, resetDatabase as reset } from "./support/diff-cases.ts";

let db1: TestDatabase;
let db2: TestDatabase;
let db3: TestDatabase;

beforeAll(async () => {
  [db1, db2, db3] = await Promise.all([createTestDatabase("diff_rt_1"), createTestDatabase("diff_rt_2"), createTestDatabase("diff_rt_3")]);
});

afterAll(async () => {
  await Promise.all([db1?.drop(), db2?.drop(), db3?.drop()]);
});

describe.each(cases)("diff round trip: $name", ({ a, b }) => {
  it("A→B, B→A and A→A", async () => {
    await Promise.all([reset(db1.sql), reset(db2.sql), reset(db3.sql)]);
    await Promise.all([db1.sql.unsafe(a), db2.sql.unsafe(b), db3.sql.unsafe(a)]);
    const [A, B, A3] = await Promise.all([introspect(db1.sql), introspect(db2.sql), introspect(db3.sql)]);

    // 4. Nothing to do between a schema and itself, nor between two databases built from one script.
    expect(diffSchemas(A, A)).toEqual([]);
    expect(diffSchemas(B, B)).toEqual([]);
    expect(A3).toEqual(A);
    expect(diffSchemas(A, A3)).toEqual([]);

    // 2. and 3., in parallel on the two databases.
    const up = diffSchemas(A, B);
    const down = diffSchemas(B, A);
    expect(up.length).toBeGreaterThan(0);
    expect(down.length).toBeGreaterThan(0);
    await Promise.all([apply(db1.sql, up), apply(db2.sql, down)]);
    const [afterUp, afterDown] = await Promise.all([introspect(db1.sql), introspect(db2.sql)]);
    expect(normalise(afterUp)).toEqual(normalise(B));
    expect(normalise(afterDown)).toEqual(normalise(A));
    expect(diffSchemas(afterUp, B)).toEqual([]);
    expect(diffSchemas(afterDown, A)).toEqual([]);
    // Nothing here is beyond the diff: no difference is left out as unsupported.
    expect(unsupportedDifferences(A, B)).toEqual([]);
    expect(unsupportedDifferences(B, A)).toEqual([]);
  });

  it("dump of B (the diff from an empty database) recreates B in an empty database", async () => {
    await Promise.all([reset(db1.sql), reset(db2.sql)]);
    await db2.sql.unsafe(b);
    const [empty, B] = await Promise.all([introspect(db1.sql), introspect(db2.sql)]);
    await apply(db1.sql, diffSchemas(empty, B));
    expect(normalise(await introspect(db1.sql))).toEqual(normalise(B));
  });
});
