/**
 * The README's `include_object` snippet, run by Debian's Alembic (/usr/bin/python3 with
 * python3-alembic and python3-psycopg2): against a database retort migrated, Alembic's
 * autogenerate comparison proposes dropping retort's history table without it, and nothing with it.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { upgrade } from "../src/index.ts";
import { tempProject } from "./support/binary.ts";
import { createTestDatabase, type TestDatabase } from "./support/database.ts";
import { writeSqlRevision } from "./support/project.ts";

const PYTHON = "/usr/bin/python3";
let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase("alembic_include_object");
  const dir = tempProject("alembic_include_object");
  writeSqlRevision(dir, { id: "aa0000000001", message: "nothing", upgrade: "SELECT 1;", downgrade: "SELECT 1;" });
  await upgrade({ cwd: dir, url: db.url, target: "head" });
});
afterAll(async () => {
  await db.drop();
});

/** The snippet as the README shows it. */
function readmeSnippet(): string {
  const readme = readFileSync(join(import.meta.dirname, "..", "README.md"), "utf8");
  const match = /```python\n(def include_object\([\s\S]*?)```/.exec(readme);
  expect(match, "README's include_object snippet").not.toBeNull();
  return match![1]!;
}

/** What Alembic's autogenerate proposes for empty models, with or without the snippet. */
function proposedChanges(withSnippet: boolean): string[] {
  const code = `
import json, sys
import sqlalchemy as sa
from alembic.migration import MigrationContext
from alembic.autogenerate import compare_metadata
${readmeSnippet()}
engine = sa.create_engine(sys.argv[1])
with engine.connect() as conn:
    opts = {"include_object": include_object} if sys.argv[2] == "yes" else {}
    ctx = MigrationContext.configure(conn, opts=opts)
    print(json.dumps([[d[0], d[1].name] for d in compare_metadata(ctx, sa.MetaData())]))
`;
  const url = db.url.replace(/^postgres:/, "postgresql+psycopg2:");
  const r = spawnSync(PYTHON, ["-c", code, url, withSnippet ? "yes" : "no"], { encoding: "utf8" });
  expect(r.status, r.stderr).toBe(0);
  // Sorted: Alembic reports a table's indexes in no fixed order.
  return (JSON.parse(r.stdout) as [string, string][]).map(([op, name]) => `${op} ${name}`).sort();
}

describe("living next to Alembic", () => {
  it("without the snippet Alembic's autogenerate proposes dropping retort_history; with it, nothing", () => {
    expect(proposedChanges(false)).toEqual(["remove_index retort_history_revision_idx", "remove_index retort_history_statement_idx", "remove_table retort_history"]);
    expect(proposedChanges(true)).toEqual([]);
  });
});
