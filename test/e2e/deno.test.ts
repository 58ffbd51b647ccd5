/** The TypeScript entry runs unmodified under `deno run` with narrow permissions. */
import { spawnSync } from "node:child_process";
import { cpSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot, tempProject } from "../support/binary.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { writeEnv } from "../support/project.ts";

let db: TestDatabase;
let dir: string;
let hostPort: string;

function deno(...args: string[]): { code: number; stdout: string; stderr: string } {
  return denoWith({}, `--allow-net=${hostPort}`, ...args);
}

/** `deno run` of the entry with the narrow permissions, `net` as its network permission and `env` added to its environment. */
function denoWith(env: Record<string, string>, net: string, ...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(
    join(repoRoot, "node_modules", ".bin", "deno"),
    [
      "run",
      "--no-prompt",
      `--allow-read=${repoRoot},${dir}`,
      `--allow-write=${dir}`,
      net,
      "--allow-env",
      join(repoRoot, "src", "cli", "main.ts"),
      ...args,
    ],
    { cwd: dir, encoding: "utf8", env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? dir, DENO_DIR: join(repoRoot, "node_modules", ".deno-cache"), NO_COLOR: "1", ...env } },
  );
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(async () => {
  db = await createTestDatabase("deno");
  dir = tempProject("deno");
  cpSync(join(repoRoot, "migrations"), join(dir, "migrations"), { recursive: true });
  const u = new URL(db.url);
  hostPort = u.host;
  writeEnv(dir, `postgresql+asyncpg://postgres@${u.host}/${db.name}`);
});

afterAll(async () => {
  await db.drop();
});

describe("deno run", () => {
  it("prints the version", () => {
    const r = deno("--version");
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^retort \d+\.\d+\.\d+ \(source, deno linux-x64\)\n$/);
  });

  it("upgrades to head, SQL and TypeScript revisions alike", async () => {
    const r = deno("upgrade", "head");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain("Running upgrade c47e19b2a6d3 -> 5b90f3d8e217, backfill post slugs");
    const rows = await db.sql<{ v: string }[]>`select version_num as v from alembic_version`;
    expect(rows.map((x) => x.v)).toEqual(["e6a0b5c3f982"]);
    const idx = await db.sql`select 1 from pg_indexes where indexname = 'posts_slug_key'`;
    expect(idx).toHaveLength(1);
  });

  it("reads current", () => {
    const r = deno("current");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe("e6a0b5c3f982 (head)\n");
  });

  it("runs on an embedded pglite: database, with its socket and template cache inside the allowed directory", () => {
    // The engine listens on a unix socket: Deno counts that as network access.
    const env = { TMPDIR: dir, RETORT_CACHE_DIR: join(dir, ".cache") };
    const up = denoWith(env, "--allow-net", "--url", "pglite:./.retort/dev", "upgrade", "head");
    expect(up.code, up.stderr).toBe(0);
    expect(up.stderr).toMatch(/Embedded database ready: PostgreSQL \d+\.\d+ \(PGlite [\d.]+\)/);
    expect(up.stderr).toContain("Upgraded to e6a0b5c3f982 (5 revisions)");
    const current = denoWith(env, "--allow-net", "--url", "pglite:./.retort/dev", "current");
    expect(current.code, current.stderr).toBe(0);
    expect(current.stdout).toBe("e6a0b5c3f982 (head)\n");
  });

  it("without the permissions its socket needs, pglite: fails with a message naming the database and the flag (exit 4)", () => {
    const r = denoWith({ TMPDIR: dir }, `--allow-net=${hostPort}`, "--url", "pglite:memory", "current");
    expect(r.code, r.stderr).toBe(4);
    expect(r.stderr).toMatch(/^error: Cannot start the embedded database pglite:memory: Requires net access/m);
    expect(r.stderr).toMatch(/^hint: Under deno run, .*--allow-net/m);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
