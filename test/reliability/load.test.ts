/**
 * Load: 16 processes run `upgrade head` at once, in 3 rounds that each add 20 revisions. Every
 * process exits 0, no run waits as long as the lock timeout, and every revision is applied
 * exactly once (each inserts its own key into a table with a primary key).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRetort, tempProject } from "../support/binary.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { writeEnv, writeSqlRevision } from "../support/project.ts";

let db: TestDatabase;
let dir: string;
const id = (i: number): string => `10ad${String(i).padStart(8, "0")}`;
const PROCESSES = 16;
const ROUNDS = 3;
const PER_ROUND = 20;
const LOCK_TIMEOUT_MS = 30_000;

beforeAll(async () => {
  db = await createTestDatabase("load");
  dir = tempProject("load");
  writeEnv(dir, db.url);
});

afterAll(async () => {
  await db.drop();
});

describe(`${PROCESSES} processes, ${ROUNDS} rounds of ${PER_ROUND} new revisions`, () => {
  it("every process exits 0 in time, and every revision is applied exactly once", async () => {
    let last = 0;
    for (let round = 0; round < ROUNDS; round++) {
      for (let i = last + 1; i <= last + PER_ROUND; i++) {
        const upgrade = i === 1
          ? "CREATE TABLE applied (revision text PRIMARY KEY, at timestamptz DEFAULT clock_timestamp());\nINSERT INTO applied (revision) VALUES ('1');"
          : `INSERT INTO applied (revision) VALUES ('${i}');`;
        writeSqlRevision(dir, { id: id(i), ...(i > 1 ? { down: id(i - 1) } : {}), message: `r${i}`, upgrade, downgrade: i === 1 ? "DROP TABLE applied;" : `DELETE FROM applied WHERE revision = '${i}';` });
      }
      last += PER_ROUND;
      const started = performance.now();
      const runs = Array.from({ length: PROCESSES }, () => startRetort(["upgrade", "head", "--lock-timeout", `${LOCK_TIMEOUT_MS / 1000}s`], { cwd: dir }).done.then((r) => ({ ...r, ms: performance.now() - started })));
      const results = await Promise.all(runs);
      for (const r of results) {
        expect(r.code, r.stderr).toBe(0);
        expect(r.ms).toBeLessThan(LOCK_TIMEOUT_MS);
      }
      // Exactly one process applied this round's revisions; the others found nothing to do.
      expect(results.filter((r) => r.stderr.includes(`Upgraded to ${id(last)}`))).toHaveLength(1);
      const rows = await db.sql<{ n: number; distinct: number }[]>`select count(*)::int as n, count(distinct revision)::int as distinct from applied`;
      expect(rows[0]).toEqual({ n: last, distinct: last });
      const versions = await db.sql<{ v: string }[]>`select version_num as v from alembic_version`;
      expect(versions.map((v) => v.v)).toEqual([id(last)]);
    }
    const history = await db.sql<{ n: number }[]>`select count(*)::int as n from retort_history where direction = 'upgrade'`;
    expect(history[0]!.n).toBe(ROUNDS * PER_ROUND);
  });
});
