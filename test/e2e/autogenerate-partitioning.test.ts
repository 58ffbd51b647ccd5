/**
 * A table partitioned after the fact, with the binary: `revision --autogenerate` writes the
 * rebuild (with its warning on stderr and in the file), `upgrade head` moves the rows into the
 * partitions, `check` agrees, and `downgrade -1` brings the plain table back with its rows.
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runRetort, tempProject } from "../support/binary.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { writeEnv } from "../support/project.ts";

let db: TestDatabase;
let scratch: TestDatabase;
let dir: string;
let env: Record<string, string>;

const versions = () => readdirSync(join(dir, "migrations", "versions")).filter((f) => f.endsWith(".sql")).sort();

const PLAIN = `
CREATE TABLE events (id bigint GENERATED ALWAYS AS IDENTITY, at date NOT NULL, kind text NOT NULL, PRIMARY KEY (id, at));
CREATE VIEW recent_events AS SELECT id, kind FROM events WHERE at >= DATE '2025-01-01';
`;

const PARTITIONED = `
CREATE TABLE events (id bigint GENERATED ALWAYS AS IDENTITY, at date NOT NULL, kind text NOT NULL, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE VIEW recent_events AS SELECT id, kind FROM events WHERE at >= DATE '2025-01-01';
`;

beforeAll(async () => {
  [db, scratch] = await Promise.all([createTestDatabase("autogen_part"), createTestDatabase("autogen_part_scratch")]);
  dir = tempProject("autogen-part");
  writeEnv(dir, db.url);
  env = { SCRATCH_DATABASE_URL: scratch.url };
  expect((await runRetort(["init"], { cwd: dir })).code).toBe(0);
});

afterAll(async () => {
  await Promise.all([db?.drop(), scratch?.drop()]);
});

describe("partitioning an existing table through autogenerate", () => {
  it("rebuilds the table with its rows, warns about it, and downgrades back", async () => {
    writeFileSync(join(dir, "schema.sql"), PLAIN);
    expect((await runRetort(["revision", "--autogenerate", "-m", "events"], { cwd: dir, env })).code).toBe(0);
    expect((await runRetort(["upgrade", "head"], { cwd: dir, env })).code).toBe(0);
    await db.sql.unsafe("insert into events (at, kind) values ('2024-06-01', 'a'), ('2025-02-01', 'b'), ('2025-03-01', 'c')");

    writeFileSync(join(dir, "schema.sql"), PARTITIONED);
    const gen = await runRetort(["revision", "--autogenerate", "-m", "partition events"], { cwd: dir, env });
    expect(gen.code, gen.stderr).toBe(0);
    expect(gen.stderr).toContain('warning: rebuilds "public"."events" to change its partitioning');
    const text = readFileSync(join(dir, "migrations", "versions", versions()[1]!), "utf8");
    expect(text).toMatch(/-- warning: rebuilds "public"\."events" to change its partitioning: [^\n]*ACCESS EXCLUSIVE[^\n]*\nCREATE TEMPORARY TABLE "retort_rebuild_1" AS SELECT \* FROM "public"\."events";/);

    const up = await runRetort(["upgrade", "head"], { cwd: dir, env });
    expect(up.code, up.stderr).toBe(0);
    const placed = await db.sql<{ part: string; id: string }[]>`select tableoid::regclass::text as part, id::text from events order by id`;
    expect(placed).toEqual([
      { part: "events_2024", id: "1" },
      { part: "events_2025", id: "2" },
      { part: "events_2025", id: "3" },
    ]);
    const check = await runRetort(["check"], { cwd: dir, env });
    expect(check.code, check.stdout).toBe(0);
    // The identity goes on where it was.
    await db.sql.unsafe("insert into events (at, kind) values ('2025-04-01', 'd')");
    expect((await db.sql<{ id: string }[]>`select id::text from events where kind = 'd'`)[0]!.id).toBe("4");

    const down = await runRetort(["downgrade", "-1"], { cwd: dir, env });
    expect(down.code, down.stderr).toBe(0);
    const back = await db.sql<{ part: string; n: string }[]>`select tableoid::regclass::text as part, count(*)::text as n from events group by 1`;
    expect(back).toEqual([{ part: "events", n: "4" }]);
  });
});
