/**
 * A 5,000-revision project: `upgrade head` from an empty database completes, records every
 * revision once, and `downgrade base` takes it all back. (Peak memory is reported by the
 * benchmark, `npm run bench -- --only e,f`, not asserted here.)
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runRetort, tempProject } from "../support/binary.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { sqlRevisionText, writeEnv } from "../support/project.ts";

const COUNT = 5_000;
let db: TestDatabase;
let dir: string;
const id = (i: number): string => `b16${String(i).padStart(9, "0")}`;

beforeAll(async () => {
  db = await createTestDatabase("large");
  dir = tempProject("large");
  writeEnv(dir, db.url);
  const versions = join(dir, "migrations", "versions");
  mkdirSync(versions, { recursive: true });
  for (let i = 1; i <= COUNT; i++) {
    const upgrade = i === 1 ? "CREATE TABLE counter (n int NOT NULL);\nINSERT INTO counter VALUES (1);" : "UPDATE counter SET n = n + 1;";
    const downgrade = i === 1 ? "DROP TABLE counter;" : "UPDATE counter SET n = n - 1;";
    writeFileSync(join(versions, `${id(i)}_r.sql`), sqlRevisionText({ id: id(i), ...(i > 1 ? { down: id(i - 1) } : {}), message: `r${i}`, upgrade, downgrade }));
  }
});

afterAll(async () => {
  await db.drop();
});

describe(`a ${COUNT.toLocaleString("en-US")}-revision project`, () => {
  it("upgrades from empty in one run, each revision once, and downgrades back to base", async () => {
    const up = await runRetort(["-q", "upgrade", "head"], { cwd: dir });
    expect(up.code, up.stderr).toBe(0);
    const [counter] = await db.sql<{ n: number }[]>`select n from counter`;
    expect(counter!.n).toBe(COUNT);
    const [history] = await db.sql<{ n: number; distinct: number }[]>`select count(*)::int as n, count(distinct revision)::int as distinct from retort_history where direction = 'upgrade'`;
    expect(history).toEqual({ n: COUNT, distinct: COUNT });
    const again = await runRetort(["upgrade", "head"], { cwd: dir });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain(`Nothing to upgrade: the database is at ${id(COUNT)}`);
    const down = await runRetort(["-q", "downgrade", "base"], { cwd: dir });
    expect(down.code, down.stderr).toBe(0);
    const gone = await db.sql`select to_regclass('counter') is null as gone`;
    expect(gone[0]!.gone).toBe(true);
  });
});

describe("a failure deep into a long run", () => {
  it("rolls back every revision before it, past the statements still in flight, and names the file", async () => {
    const failing = await createTestDatabase("large_fail");
    try {
      const project = tempProject("large-fail");
      writeEnv(project, failing.url);
      const versions = join(project, "migrations", "versions");
      mkdirSync(versions, { recursive: true });
      const total = 2_500;
      let badFile = "";
      for (let i = 1; i <= total; i++) {
        const upgrade = i === 1 ? "CREATE TABLE counter (n int NOT NULL);\nINSERT INTO counter VALUES (1);" : i === 2_000 ? "UPDATE counter SET n = n / 0;" : "UPDATE counter SET n = n + 1;";
        const path = join(versions, `${id(i)}_r.sql`);
        if (i === 2_000) badFile = path;
        writeFileSync(path, sqlRevisionText({ id: id(i), ...(i > 1 ? { down: id(i - 1) } : {}), message: `r${i}`, upgrade }));
      }
      const r = await runRetort(["-q", "upgrade", "head"], { cwd: project });
      expect(r.code, r.stderr).toBe(4);
      expect(r.stderr).toContain(`${badFile}:10:1: division by zero`);
      const left = await failing.sql`select to_regclass('counter') is null as no_counter, to_regclass('alembic_version') is null as no_versions`;
      expect(left[0]).toEqual({ no_counter: true, no_versions: true });
    } finally {
      await failing.drop();
    }
  });
});
