/**
 * Switching from Alembic: real Alembic (Debian's python3-alembic) migrates a database part of the
 * way, retort reads its version table and carries on, and Alembic reads retort's rows back.
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot, runRetort, tempProject } from "../support/binary.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { requirePythonModules } from "../support/prerequisites.ts";
import { writeEnv } from "../support/project.ts";

const python = "/usr/bin/python3";

let db: TestDatabase;
let dir: string;

const alembicRevisions = [
  { id: "3f1c2a9b7d40", down: null, up: "CREATE TABLE users (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, email text NOT NULL UNIQUE, created_at timestamptz NOT NULL DEFAULT now())", downSql: "DROP TABLE users" },
  { id: "8a2d64e0c1f5", down: "3f1c2a9b7d40", up: "CREATE TABLE posts (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, author_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE, title text NOT NULL, body text NOT NULL DEFAULT '', published_at timestamptz); CREATE INDEX posts_author_id_idx ON posts (author_id)", downSql: "DROP TABLE posts" },
];

function writeAlembicProject(url: string): void {
  const scripts = join(dir, "alembic");
  mkdirSync(join(scripts, "versions"), { recursive: true });
  writeFileSync(join(dir, "alembic.ini"), `[alembic]\nscript_location = alembic\nsqlalchemy.url = ${url}\n`);
  writeFileSync(
    join(scripts, "env.py"),
    `from alembic import context
from sqlalchemy import engine_from_config, pool

config = context.config
engine = engine_from_config(config.get_section(config.config_ini_section), prefix="sqlalchemy.", poolclass=pool.NullPool)
with engine.connect() as connection:
    context.configure(connection=connection, target_metadata=None)
    with context.begin_transaction():
        context.run_migrations()
`,
  );
  for (const r of alembicRevisions) {
    writeFileSync(
      join(scripts, "versions", `${r.id}.py`),
      `from alembic import op

revision = ${JSON.stringify(r.id)}
down_revision = ${r.down ? JSON.stringify(r.down) : "None"}
branch_labels = None
depends_on = None

def upgrade():
    op.execute(${JSON.stringify(r.up)})

def downgrade():
    op.execute(${JSON.stringify(r.downSql)})
`,
    );
  }
}

function alembic(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(python, ["-m", "alembic", ...args], { cwd: dir, encoding: "utf8" });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(async () => {
  db = await createTestDatabase("alembic");
  dir = tempProject("alembic");
  cpSync(join(repoRoot, "migrations"), join(dir, "migrations"), { recursive: true });
  const u = new URL(db.url);
  writeEnv(dir, `postgresql+psycopg2://postgres@${u.host}/${db.name}`);
  writeAlembicProject(`postgresql+psycopg2://postgres@${u.host}/${db.name}`);
});

afterAll(async () => {
  await db.drop();
});

describe("a database migrated by Alembic", () => {
  beforeAll(() => requirePythonModules(python, ["alembic", "psycopg2"], "python3-alembic python3-psycopg2"));

  it("Alembic applies the first two revisions", () => {
    const r = alembic("upgrade", "8a2d64e0c1f5");
    expect(r.code, r.stderr).toBe(0);
  });

  it("retort current reads Alembic's row", async () => {
    const r = await runRetort(["current"], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe("8a2d64e0c1f5\n");
  });

  it("retort upgrade head continues from there without re-running Alembic's revisions", async () => {
    const r = await runRetort(["upgrade", "head"], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toContain("create users");
    expect(r.stderr).toContain("Running upgrade 8a2d64e0c1f5 -> c47e19b2a6d3, add post slug");
    const rows = await db.sql<{ v: string }[]>`select version_num as v from alembic_version`;
    expect(rows.map((x) => x.v)).toEqual(["e6a0b5c3f982"]);
  });

  it("Alembic reads the rows retort writes", async () => {
    const down = await runRetort(["downgrade", "8a2d64e0c1f5"], { cwd: dir });
    expect(down.code, down.stderr).toBe(0);
    const r = alembic("current");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe("8a2d64e0c1f5 (head)");
    const back = alembic("downgrade", "base");
    expect(back.code, back.stderr).toBe(0);
    const tables = await db.sql`select tablename from pg_tables where schemaname = 'public' and tablename not in ('alembic_version', 'retort_history')`;
    expect(tables).toHaveLength(0);
  });
});
