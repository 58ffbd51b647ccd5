/**
 * What a partitioning change does to the rows, on a real server: a table rebuilt to change its
 * partitioning keeps every row (routed to the new partitions), the rows of the foreign keys that
 * point at it stay valid, identity and serial sequences go on where they were, and a partition
 * that leaves its parent keeps its own rows. The schemas are those of the diff corpus; the round
 * trip (test/diff-roundtrip.test.ts) checks the schema, this checks the data.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { diffSchemas } from "../src/core/diff/diff.ts";
import { introspect } from "../src/db/introspect.ts";
import { createTestDatabase, type TestDatabase } from "./support/database.ts";
import { applySteps, diffCase, migrateWithDiff, resetDatabase } from "./support/diff-cases.ts";

let db: TestDatabase;
let target: TestDatabase;

beforeAll(async () => {
  [db, target] = await Promise.all([createTestDatabase("diff_partitioning_rows"), createTestDatabase("diff_partitioning_rows_target")]);
});

afterAll(async () => {
  await Promise.all([db?.drop(), target?.drop()]);
});

const migrate = (from: string, to: string): Promise<void> => migrateWithDiff(db.sql, target.sql, from, to);

/** `table`'s rows as `partition:columns…` text, sorted. */
async function rows(table: string, columns: string): Promise<string[]> {
  const found = await db.sql.unsafe<{ r: string }[]>(`select tableoid::regclass::text || ':' || concat_ws(',', ${columns}) as r from ${table}`);
  return found.map((x) => x.r).sort();
}

describe("rows across a partitioning change", () => {
  it("a plain table becoming range-partitioned keeps its rows, routed by date, and the rows that reference it", async () => {
    const { a, b } = diffCase("partitioning-plain-to-range-with-dependants");
    await migrate(a, b);
    expect(await rows("orders", "id, placed, ref, total, note")).toEqual(["orders_2024:1,2024-03-01,1,50.00,a", "orders_2024:2,2024-11-20,2,150.00,b", "orders_2025:3,2025-02-02,3,300.00"]);
    expect(await rows("order_lines", "order_id, sku")).toEqual(["order_lines:1,x", "order_lines:3,y"]);
    // The serial sequence was kept: the next row does not collide.
    await db.sql.unsafe("insert into orders (id, placed) values (4, '2025-05-05')");
    expect(await rows("orders where id = 4", "ref")).toEqual(["orders_2025:4"]);
  });

  it("an identity column's sequence goes on from its value, and GENERATED ALWAYS values are kept", async () => {
    const { a, b } = diffCase("partitioning-identity-column-becomes-partitioned");
    const sequence = "select last_value from tickets_id_seq";
    await migrate(a, b);
    const after = await rows("tickets", "id, title, done, title_len");
    expect(after.map((r) => r.split(":")[1]).sort()).toEqual(["100,a,f,1", "101,b,t,1", "102,c,f,1"]);
    expect(new Set(after.map((r) => r.split(":")[0]))).toEqual(new Set(["tickets_0", "tickets_1"]));
    expect((await db.sql.unsafe<{ last_value: string }[]>(sequence))[0]!.last_value).toBe("102");
    await db.sql.unsafe("insert into tickets (title) values ('d')");
    expect(await rows("tickets where title = 'd'", "id")).toEqual([expect.stringMatching(/:103$/)]);
    // And back: from partitioned to plain.
    await migrate(b, a);
    expect(await rows("tickets", "id, title")).toEqual(["tickets:100,a", "tickets:101,b", "tickets:102,c"]);
  });

  it("list to hash routes every row again, the default partition's included", async () => {
    const { a, b } = diffCase("partitioning-list-to-hash");
    await migrate(a, b);
    const after = await rows("accounts", "id, region, balance");
    expect(after.map((r) => r.split(":")[1]).sort()).toEqual(["1,eu,10", "2,us,20", "3,ca,30", "4,jp,40", "5,eu,50"]);
    expect(new Set(after.map((r) => r.split(":")[0]))).toEqual(new Set(["accounts_h0", "accounts_h1", "accounts_h2"]));
  });

  it("a partition that leaves a parent rebuilt as a plain table keeps its own rows, and the parent the others", async () => {
    const { a, b } = diffCase("partitioning-partition-kept-when-parent-becomes-plain");
    await migrate(a, b);
    expect(await rows("logs", "id, msg")).toEqual(["logs:2,new", "logs:3,newer"]);
    expect(await rows("logs_old", "id, msg")).toEqual(["logs_old:1,old"]);
  });

  it("a table attached as a partition keeps its rows in place, and fails as a whole when a row falls outside the bound", async () => {
    const { a, b } = diffCase("partitioning-table-becomes-partition");
    await migrate(a, b);
    expect(await rows("events", "id, kind")).toEqual(["events_2024:1,info", "events_2025:2,warn", "events_2025:3,info"]);
    await Promise.all([resetDatabase(db.sql), resetDatabase(target.sql)]);
    await Promise.all([db.sql.unsafe(a), target.sql.unsafe(b)]);
    await db.sql.unsafe("insert into events_2025 values (9, '2031-01-01', 'late', null, null)");
    const [A, B] = await Promise.all([introspect(db.sql), introspect(target.sql)]);
    const failed = await applySteps(db.sql, diffSchemas(A, B)).then(() => undefined, (e: unknown) => e);
    expect(String(failed)).toContain("partition constraint");
    expect(await introspect(db.sql)).toEqual(A);
  });
});
