/** Transaction layouts: one per run, one per migration, and revisions that run outside one. */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runRetort } from "../support/binary.ts";
import type { TestDatabase } from "../support/database.ts";
import { freshProjects } from "../support/fresh-project.ts";
import { writeSqlRevision } from "../support/project.ts";

const freshProject = freshProjects();

const id = (i: number): string => `7a0000${String(i).padStart(6, "0")}`;

/** Five revisions creating t1..t5, the third of which fails at run time. */
function fiveWithThirdFailing(dir: string): void {
  for (let i = 1; i <= 5; i++) {
    const upgrade = i === 3 ? "CREATE TABLE t3 (id int);\nALTER TABLE t3 DROP CONSTRAINT no_such_constraint;" : `CREATE TABLE t${i} (id int);`;
    writeSqlRevision(dir, { id: id(i), ...(i > 1 ? { down: id(i - 1) } : {}), message: `t${i}`, upgrade, downgrade: `DROP TABLE t${i};` });
  }
}

async function userTables(db: TestDatabase): Promise<string[]> {
  const rows = await db.sql<{ t: string }[]>`select tablename as t from pg_tables where schemaname = 'public' and tablename not in ('alembic_version', 'retort_history') order by 1`;
  return rows.map((r) => r.t);
}

describe("a failure in the 3rd of 5 pending revisions", () => {
  it("by default (one transaction per run) applies nothing", async () => {
    const { db, dir } = await freshProject("tx_run");
    fiveWithThirdFailing(dir);
    const r = await runRetort(["upgrade", "head"], { cwd: dir });
    expect(r.code).toBe(4);
    // A runtime error has no server position: it points at the failing statement's first character.
    expect(r.stderr).toMatch(new RegExp(`${id(3)}_t3\\.sql:11:1: constraint "no_such_constraint" of relation "t3" does not exist`));
    expect(await userTables(db)).toEqual([]);
    const tables = await db.sql`select tablename from pg_tables where schemaname = 'public'`;
    expect(tables).toHaveLength(0);
  });

  it("with transaction_per_migration applies the first 2, and the version table and history say so", async () => {
    const { db, dir } = await freshProject("tx_step", "transaction_per_migration = true\n");
    fiveWithThirdFailing(dir);
    const r = await runRetort(["upgrade", "head"], { cwd: dir });
    expect(r.code).toBe(4);
    expect(await userTables(db)).toEqual(["t1", "t2"]);
    const versions = await db.sql`select version_num from alembic_version`;
    expect(versions.map((v) => v.version_num)).toEqual([id(2)]);
    const history = await db.sql`select revision, direction from retort_history order by id`;
    expect(history.map((h) => [h.revision, h.direction])).toEqual([
      [id(1), "upgrade"],
      [id(2), "upgrade"],
    ]);
    const current = await runRetort(["current"], { cwd: dir });
    expect(current.stdout).toBe(`${id(2)}\n`);
  });
});

describe("transaction: false revisions", () => {
  const nonTx = (upgrade: string): string =>
    `-- concurrent index\n--\n-- revision: ${id(2)}\n-- down_revision: ${id(1)}\n-- transaction: false\n\n-- migrate:upgrade\n${upgrade}\n\n-- migrate:downgrade\nDROP INDEX CONCURRENTLY IF EXISTS items_name_idx;\n`;

  it("CREATE INDEX CONCURRENTLY with two other statements applies, between transactional revisions", async () => {
    const { db, dir } = await freshProject("nontx_ok");
    writeSqlRevision(dir, { id: id(1), message: "items", upgrade: "CREATE TABLE items (id int primary key, name text);\nCREATE TYPE mood AS ENUM ('ok');", downgrade: "DROP TABLE items;\nDROP TYPE mood;" });
    writeFileSync(
      join(dir, "migrations", "versions", `${id(2)}_concurrent_index.sql`),
      nonTx("ALTER TYPE mood ADD VALUE 'great';\nCREATE INDEX CONCURRENTLY items_name_idx ON items (name);\nINSERT INTO items VALUES (1, 'great');"),
    );
    writeSqlRevision(dir, { id: id(3), down: id(2), message: "uses the value", upgrade: "CREATE TABLE moods (m mood DEFAULT 'great');", downgrade: "DROP TABLE moods;" });
    const r = await runRetort(["upgrade", "head"], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const idx = await db.sql`select indexname from pg_indexes where indexname = 'items_name_idx'`;
    expect(idx).toHaveLength(1);
    expect((await db.sql`select count(*)::int as n from items`)[0]!.n).toBe(1);
    expect((await db.sql`select version_num from alembic_version`).map((v) => v.version_num)).toEqual([id(3)]);
    const down = await runRetort(["downgrade", id(1)], { cwd: dir });
    expect(down.code, down.stderr).toBe(0);
    expect(await db.sql`select indexname from pg_indexes where indexname = 'items_name_idx'`).toHaveLength(0);
  });

  it("a failing statement reports which statements were committed and leaves the revision unapplied", async () => {
    const { db, dir } = await freshProject("nontx_fail");
    writeSqlRevision(dir, { id: id(1), message: "items", upgrade: "CREATE TABLE items (id int primary key, name text);", downgrade: "DROP TABLE items;" });
    const path = join(dir, "migrations", "versions", `${id(2)}_concurrent_index.sql`);
    writeFileSync(path, nonTx("CREATE INDEX CONCURRENTLY items_name_idx ON items (name);\nINSERT INTO items VALUES (1, 'a');\nINSERT INTO items VALUES (1, 'duplicate');"));
    const r = await runRetort(["upgrade", "head"], { cwd: dir });
    expect(r.code).toBe(4);
    expect(r.stderr).toContain(`${path}:10:1: duplicate key value violates unique constraint "items_pkey"`);
    expect(r.stderr).toContain("Already committed (the revision is not marked applied):");
    expect(r.stderr).toContain("line 8: CREATE INDEX CONCURRENTLY items_name_idx ON items (name)");
    expect(r.stderr).toContain("line 9: INSERT INTO items VALUES (1, 'a')");
    expect((await db.sql`select version_num from alembic_version`).map((v) => v.version_num)).toEqual([id(1)]);
    expect(readFileSync(path, "utf8")).toContain("transaction: false");
  });
});
