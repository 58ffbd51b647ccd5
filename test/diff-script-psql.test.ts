/**
 * The script `diff`, `dump` and `check` print applies as printed, with the real psql and nothing
 * else: over the diff corpus (test/diff-cases/), the A→B and B→A scripts run with `psql -f` and
 * `ON_ERROR_STOP`, and each database then introspects equal to the other side.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { diffSchemas } from "../src/core/diff/diff.ts";
import { renderScript } from "../src/core/diff/render.ts";
import { introspect } from "../src/db/introspect.ts";
import { createTestDatabase, type TestDatabase } from "./support/database.ts";
import { diffCases, normaliseModel, resetDatabase } from "./support/diff-cases.ts";

const PSQL = "/usr/lib/postgresql/15/bin/psql";

let db1: TestDatabase;
let db2: TestDatabase;
let dir: string;

beforeAll(async () => {
  [db1, db2] = await Promise.all([createTestDatabase("diff_psql_1"), createTestDatabase("diff_psql_2")]);
  dir = mkdtempSync(join(tmpdir(), "retort-psql-"));
});

afterAll(async () => {
  await Promise.all([db1?.drop(), db2?.drop()]);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Runs `script` with `psql -f` against `url`, stopping at the first error; its exit status and stderr. */
function psqlFile(url: string, name: string, script: string): { readonly status: number | null; readonly stderr: string } {
  const file = join(dir, `${name}.sql`);
  writeFileSync(file, script);
  const r = spawnSync(PSQL, ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url, "-f", file], { encoding: "utf8" });
  return { status: r.status, stderr: r.stderr };
}

describe.each(diffCases)("diff script through psql: $name", ({ name, a, b }) => {
  it("A→B and B→A apply with psql -f and introspect equal", async () => {
    await Promise.all([resetDatabase(db1.sql), resetDatabase(db2.sql)]);
    await Promise.all([db1.sql.unsafe(a), db2.sql.unsafe(b)]);
    const [A, B] = await Promise.all([introspect(db1.sql), introspect(db2.sql)]);
    const up = renderScript(diffSchemas(A, B));
    const down = renderScript(diffSchemas(B, A));
    expect(up.startsWith("BEGIN;\n")).toBe(true);
    expect(up.endsWith("COMMIT;\n")).toBe(true);
    const [ranUp, ranDown] = [psqlFile(db1.url, `${name}-up`, up), psqlFile(db2.url, `${name}-down`, down)];
    // psql prints "WARNING: SET LOCAL can only be used in transaction blocks" when a setting runs outside one.
    expect(ranUp).toEqual({ status: 0, stderr: "" });
    expect(ranDown).toEqual({ status: 0, stderr: "" });
    const [afterUp, afterDown] = await Promise.all([introspect(db1.sql), introspect(db2.sql)]);
    expect(normaliseModel(afterUp)).toEqual(normaliseModel(B));
    expect(normaliseModel(afterDown)).toEqual(normaliseModel(A));
  });
});
