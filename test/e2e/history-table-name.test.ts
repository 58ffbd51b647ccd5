/** `history_table` names retort's history table: created, read and left out of diffs under that name. */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runRetort } from "../support/binary.ts";
import { freshProjects } from "../support/fresh-project.ts";
import { writeSqlRevision } from "../support/project.ts";

const newProject = freshProjects();

describe("history_table", () => {
  it("upgrade records its steps in the configured table, history reads them, and check leaves it out", async () => {
    const { db, dir } = await newProject("history-name", 'history_table = "app_migration_log"\n');
    writeSqlRevision(dir, { id: "4a5b00000001", upgrade: "CREATE TABLE notes (id int PRIMARY KEY);", downgrade: "DROP TABLE notes;" });
    writeFileSync(join(dir, "schema.sql"), "CREATE TABLE notes (id int PRIMARY KEY);\n");
    expect((await runRetort(["upgrade", "head"], { cwd: dir })).code).toBe(0);
    const tables = (await db.sql<{ t: string }[]>`select table_name as t from information_schema.tables where table_schema = 'public' order by 1`).map((r) => r.t);
    expect(tables).toEqual(["alembic_version", "app_migration_log", "notes"]);
    const rows = await db.sql`select revision, direction from app_migration_log`;
    expect(rows).toEqual([{ revision: "4a5b00000001", direction: "upgrade" }]);
    const history = await runRetort(["history", "-i", "--verbose"], { cwd: dir });
    expect(history.code).toBe(0);
    expect(history.stdout).toContain("Applied:");
    // Neither bookkeeping table is a difference between the schema files and the revisions, nor drift.
    expect((await runRetort(["check"], { cwd: dir })).code).toBe(0);
    expect((await runRetort(["check", "--database"], { cwd: dir })).code).toBe(0);
  });

  it("a name that is not a plain identifier is refused, naming the key", async () => {
    const { dir } = await newProject("history-name-bad", 'history_table = "app log; drop"\n');
    const r = await runRetort(["current"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("history_table");
  });
});
