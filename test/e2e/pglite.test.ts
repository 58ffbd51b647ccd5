/**
 * The embedded database (pglite: URLs) through the compiled executable, with no server involved:
 * the example project upgrades and downgrades on a data directory that outlives each process and
 * on pglite:memory; a second process is kept off a data directory in use; watch and autogenerate
 * use an in-memory scratch database.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot, runRetort, startRetort, tempProject } from "../support/binary.ts";
import { sqlRevisionText, writeSqlRevision } from "../support/project.ts";

const HEAD = "e6a0b5c3f982";
const BEFORE_HEAD = "5b90f3d8e217";
/** One cache directory for the file (parsed revision headers; the executable keeps no database template there). */
const cacheDir = mkdtempSync(join(tmpdir(), "retort-pglite-cache-"));
const env = { RETORT_CACHE_DIR: cacheDir };

/** A copy of the repository's example project: migrations/ and the retort.toml that says pglite:./.retort/dev. */
function exampleProject(): string {
  const dir = tempProject("pglite");
  cpSync(join(repoRoot, "migrations"), join(dir, "migrations"), { recursive: true });
  cpSync(join(repoRoot, "retort.toml"), join(dir, "retort.toml"));
  return dir;
}

const retort = (dir: string, ...args: string[]) => runRetort(args, { cwd: dir, env });

describe("the example project on pglite:./.retort/dev (its retort.toml)", () => {
  it("upgrades, survives the process, downgrades and upgrades again", async () => {
    const dir = exampleProject();
    const up = await retort(dir, "upgrade", "head");
    expect(up.code, up.stderr).toBe(0);
    expect(up.stderr).toContain("Creating the embedded database pglite:./.retort/dev ...");
    expect(up.stderr).toMatch(/Embedded database ready: PostgreSQL \d+\.\d+ \(PGlite [\d.]+\)/);
    expect(up.stderr).toContain(`Upgraded to ${HEAD} (5 revisions)`);
    expect(existsSync(join(dir, ".retort", "dev", "PG_VERSION"))).toBe(true);
    // The lock file goes with the process.
    expect(existsSync(join(dir, ".retort", "dev.lock"))).toBe(false);

    const current = await retort(dir, "current");
    expect(current.code, current.stderr).toBe(0);
    expect(current.stderr).toContain("Starting the embedded database pglite:./.retort/dev ...");
    expect(current.stdout.trim()).toBe(`${HEAD} (head)`);

    const down = await retort(dir, "downgrade", "-1");
    expect(down.code, down.stderr).toBe(0);
    expect((await retort(dir, "current")).stdout.trim()).toBe(BEFORE_HEAD);

    const history = await retort(dir, "history", "--indicate-current");
    expect(history.stdout).toContain(`-> ${BEFORE_HEAD} (current), backfill post slugs`);

    const base = await retort(dir, "downgrade", "base");
    expect(base.code, base.stderr).toBe(0);
    expect((await retort(dir, "current")).stdout.trim()).toBe("");
    const again = await retort(dir, "--json", "upgrade", "head");
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ headsAfter: [HEAD] });
  });

  it("--verbose says there is no migration lock, and --version --verbose names the embedded PostgreSQL", async () => {
    const dir = exampleProject();
    const up = await retort(dir, "upgrade", "--verbose");
    expect(up.code, up.stderr).toBe(0);
    expect(up.stderr).toContain('Database: pglite:./.retort/dev ("database_url" in retort.toml)');
    expect(up.stderr).toMatch(/No migration lock: pglite:\.\/\.retort\/dev is an embedded database \(PGlite\)/);
    const version = await retort(dir, "--version", "--verbose");
    expect(version.code).toBe(0);
    expect(version.stdout).toMatch(/^retort \S+ \(\S+, bun \S+\)\nembedded database \(pglite: URLs\): PostgreSQL \d+\.\d+ \(PGlite [\d.]+\)/);
    // The version the build baked in (and a new database's lint assumes) is the one the engine reports when it runs.
    const running = /Embedded database ready: (PostgreSQL \d+\.\d+ \(PGlite [\d.]+\))/.exec(up.stderr)?.[1];
    expect(running).toBeDefined();
    expect(version.stdout).toContain(`embedded database (pglite: URLs): ${running}; servers may run another major version`);
  });
});

describe("the first run on a machine that never ran retort", () => {
  it("creates the data directory from the template built into the executable, not by initdb, and the database works", async () => {
    // Two projects, each with a home and a cache directory of its own that nothing has written to.
    const dirs = [exampleProject(), exampleProject()];
    const own = (dir: string) => ({ cwd: dir, env: { RETORT_CACHE_DIR: join(dir, "cache") } });
    for (const dir of dirs) {
      const up = await runRetort(["upgrade", "head"], own(dir));
      expect(up.code, up.stderr).toBe(0);
      expect(up.stderr).toMatch(/Embedded database ready: PostgreSQL \d+\.\d+ \(PGlite [\d.]+\), created from the template built into retort, in [\d.]+ s/);
      expect(up.stderr).toContain(`Upgraded to ${HEAD} (5 revisions)`);
      // The lint on upgrade ran (before the database was created: see the next case).
      expect(up.stderr).toContain("lint: migrations/versions/5b90f3d8e217_backfill_post_slugs.ts not linted: a TypeScript revision");
      // A database made by initdb is kept in the cache as a template for the next one: none was.
      expect(readdirSync(join(dir, "cache")).filter((f) => f.startsWith("pglite-template"))).toEqual([]);
      // Unpacked beside the data directory and renamed into place: nothing half-made is left.
      expect(existsSync(join(dir, ".retort", "dev.creating"))).toBe(false);
    }
    const history = await runRetort(["history", "--indicate-current"], own(dirs[0]!));
    expect(history.code, history.stderr).toBe(0);
    expect(history.stderr).toContain("Starting the embedded database pglite:./.retort/dev ...");
    expect(history.stdout).toContain(`-> ${HEAD} (head) (current), create comments`);
    // initdb gives every cluster a new system identifier (the first 8 bytes of global/pg_control);
    // these two share the one they were built with.
    const systemId = (dir: string) => readFileSync(join(dir, ".retort", "dev", "global", "pg_control")).subarray(0, 8).toString("hex");
    expect(systemId(dirs[0]!)).toBe(systemId(dirs[1]!));
  });
});

describe("the lint of a new database's upgrade", () => {
  // An enum value added by one revision and used by the next, in the run's one transaction: an
  // error finding whatever the catalog holds.
  const withEnumFinding = (): string => {
    const dir = exampleProject();
    writeSqlRevision(dir, { id: "f00000000001", down: HEAD, message: "mood", upgrade: "CREATE TYPE mood AS ENUM ('ok');\nCREATE TABLE people (id int PRIMARY KEY, m mood);", downgrade: "DROP TABLE people;\nDROP TYPE mood;" });
    writeSqlRevision(dir, { id: "f00000000002", down: "f00000000001", message: "meh", upgrade: "ALTER TYPE mood ADD VALUE 'meh';", downgrade: "SELECT 1;" });
    writeSqlRevision(dir, { id: "f00000000003", down: "f00000000002", message: "use", upgrade: "INSERT INTO people VALUES (1, 'meh');", downgrade: "DELETE FROM people;" });
    return dir;
  };

  it("runs before the database is created: a finding that stops the run leaves no database, half-made or whole", async () => {
    const dir = withEnumFinding();
    const refused = await runRetort(["upgrade", "head"], { cwd: dir, env: { ...env, RETORT_LINT_ON_UPGRADE: "error" } });
    expect(refused.code, refused.stderr).toBe(1);
    expect(refused.stderr).toContain("error[enum-value-used-in-same-transaction]");
    expect(refused.stderr).toContain("upgrade: lint found 1 error");
    expect(refused.stderr).not.toContain("Creating the embedded database");
    expect(refused.stderr).not.toContain("Embedded database ready");
    // Not even the directory made for the data directory's lock file.
    expect(existsSync(join(dir, ".retort"))).toBe(false);
    // In memory too; and the next run on the directory creates it from nothing, as the first would have.
    const memory = await runRetort(["--url", "pglite:memory", "upgrade", "head"], { cwd: dir, env: { ...env, RETORT_LINT_ON_UPGRADE: "error" } });
    expect(memory.code, memory.stderr).toBe(1);
    const up = await runRetort(["upgrade", `${HEAD}`], { cwd: dir, env: { ...env, RETORT_LINT_ON_UPGRADE: "error" } });
    expect(up.code, up.stderr).toBe(0);
    expect(up.stderr).toContain("created from the template built into retort");
  });

  it("with \"warn\", reports its findings before the database is ready, and the run goes on", async () => {
    const dir = withEnumFinding();
    const warned = await retort(dir, "upgrade", HEAD);
    expect(warned.code, warned.stderr).toBe(0);
    // Not a finding here: the pending revisions up to the target are the ones linted.
    expect(warned.stderr).not.toContain("enum-value-used-in-same-transaction");
    expect(warned.stderr).toContain(`Upgraded to ${HEAD} (5 revisions)`);
    const other = withEnumFinding();
    const all = await retort(other, "upgrade", "head");
    const finding = all.stderr.indexOf("error[enum-value-used-in-same-transaction]");
    expect(finding, all.stderr).toBeGreaterThan(-1);
    expect(all.stderr).toContain('lint: 1 finding in the revisions about to run (lint_on_upgrade = "warn": running them anyway)');
    expect(finding).toBeLessThan(all.stderr.indexOf("Creating the embedded database"));
    expect(finding).toBeLessThan(all.stderr.indexOf("Embedded database ready"));
  });
});

describe("pglite:memory", () => {
  it("upgrades in one process, starts empty in the next, and serves dump and check as their scratch database", async () => {
    const dir = exampleProject();
    const up = await retort(dir, "--url", "pglite:memory", "upgrade", "head");
    expect(up.code, up.stderr).toBe(0);
    expect(up.stderr).toContain("created from the template built into retort");
    expect(up.stderr).toContain(`Upgraded to ${HEAD} (5 revisions)`);
    // Each process has its own: the next one starts empty.
    expect((await retort(dir, "--url", "pglite:memory", "current")).stdout.trim()).toBe("");
    // dump applies every revision to an in-memory scratch database; check applies the upgrades,
    // then the downgrades in between, and compares.
    const dump = await retort(dir, "dump");
    expect(dump.code, dump.stderr).toBe(0);
    expect(dump.stdout).toContain('CREATE TABLE "public"."comments"');
    writeFileSync(join(dir, "schema.sql"), dump.stdout);
    const check = await retort(dir, "check");
    expect(check.code, check.stderr).toBe(0);
    expect(check.stderr).toContain("The schema files and the revisions agree");
    // The scratch database is not the project's: .retort/dev was never created.
    expect(existsSync(join(dir, ".retort"))).toBe(false);
  });
});

describe("one process at a time per data directory", () => {
  it("a second process exits 5 naming the first; a lock file left by a dead process is taken over", async () => {
    const dir = exampleProject();
    writeSqlRevision(dir, { id: "f00000000001", down: HEAD, message: "slow", upgrade: "SELECT pg_sleep(3);", downgrade: "SELECT 1;" });
    const slow = startRetort(["upgrade", "head"], { cwd: dir, env });
    // The lock is taken before the engine starts. (PGlite runs the whole pipelined run at once, so
    // the step lines all come at the end.)
    await slow.waitForStderr(/(Creating|Starting) the embedded database/);
    const second = await retort(dir, "current");
    expect(second.code, second.stderr).toBe(5);
    expect(second.stderr).toContain(`error: The embedded database pglite:./.retort/dev is in use by process ${slow.child.pid}`);
    expect(second.stderr).toContain(join(dir, ".retort", "dev.lock"));
    expect((await slow.done).code).toBe(0);

    writeFileSync(join(dir, ".retort", "dev.lock"), "999999999\n");
    const after = await retort(dir, "current");
    expect(after.code, after.stderr).toBe(0);
    expect(after.stdout.trim()).toBe("f00000000001 (head)");
  });
});

describe("a process killed in the middle of a run", () => {
  it("leaves the data directory as before the run; the next process takes over its lock file and completes", async () => {
    const dir = exampleProject();
    expect((await retort(dir, "upgrade", "head")).code).toBe(0);
    writeSqlRevision(dir, { id: "f00000000003", down: HEAD, message: "killed", upgrade: "CREATE TABLE during (id int);\nINSERT INTO during SELECT generate_series(1, 100000);\nSELECT pg_sleep(3);", downgrade: "DROP TABLE during;" });
    const run = startRetort(["upgrade", "head"], { cwd: dir, env });
    await run.waitForStderr(/Embedded database ready/);
    await new Promise((r) => setTimeout(r, 500));
    run.child.kill("SIGKILL");
    await run.done;
    expect(existsSync(join(dir, ".retort", "dev.lock"))).toBe(true);
    const after = await retort(dir, "current");
    expect(after.code, after.stderr).toBe(0);
    expect(after.stdout.trim()).toBe(HEAD);
    const schema = await retort(dir, "dump", "--from", "database");
    expect(schema.code, schema.stderr).toBe(0);
    expect(schema.stdout).toContain('CREATE TABLE "public"."comments"');
    expect(schema.stdout).not.toContain("during");
    const again = await retort(dir, "upgrade", "head");
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain("Upgraded to f00000000003 (1 revision)");
  });
});

describe("autogenerate and watch on a pglite: project", () => {
  it("revision --autogenerate writes the difference, found on an in-memory scratch database", async () => {
    const dir = exampleProject();
    const dump = await retort(dir, "dump");
    writeFileSync(join(dir, "schema.sql"), `${dump.stdout}\nCREATE TABLE tags (id int PRIMARY KEY, name text NOT NULL);\n`);
    const r = await retort(dir, "revision", "--autogenerate", "-m", "add tags");
    expect(r.code, r.stderr).toBe(0);
    const file = readdirSync(join(dir, "migrations", "versions")).find((f) => f.endsWith("_add_tags.sql"))!;
    const text = readFileSync(join(dir, "migrations", "versions", file), "utf8");
    expect(text).toMatch(/-- migrate:upgrade\nCREATE TABLE "public"\."tags"/);
    expect(text).toContain('DROP TABLE "public"."tags";');
    const up = await retort(dir, "upgrade", "head");
    expect(up.code, up.stderr).toBe(0);
    expect((await retort(dir, "check", "--database")).code).toBe(0);
  });

  it("watch re-applies the head on each save against pglite:memory and leaves the project's database alone", async () => {
    const dir = exampleProject();
    const head = "f00000000002";
    const path = writeSqlRevision(dir, { id: head, down: HEAD, message: "notes", labels: ["notes"], upgrade: "CREATE TABLE notes (id int);", downgrade: "DROP TABLE notes;" });
    // --revision takes any target that names one revision, as completion offers them.
    const watch = startRetort(["watch", "--revision", "notes@head"], { cwd: dir, env });
    const runs = () => watch.stdout().split("\n").filter((l) => l.startsWith("✓") || l.startsWith("="));
    try {
      await watch.waitForStdout(() => runs().length >= 1, "the first run");
      expect(runs()[0]).toMatch(/^✓ f00000000002_notes\.sql \(f00000000002\) in .*\+table notes; downgrade restores the schema/);
      writeFileSync(path, sqlRevisionText({ id: head, down: HEAD, message: "notes", labels: ["notes"], upgrade: "CREATE TABLE notes (id int, body text);", downgrade: "DROP TABLE notes;" }));
      await watch.waitForStdout(() => runs().length >= 2, "the run after the save");
      expect(runs()[1]).toMatch(/^✓ f00000000002_notes\.sql .*\[undo .*downgrade restores the schema/);
    } finally {
      watch.child.kill("SIGINT");
    }
    const r = await watch.done;
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain("Scratch database: pglite:memory");
    expect(existsSync(join(dir, ".retort"))).toBe(false);
    // An in-memory scratch database ends with the process: nothing was "left as it is".
    expect(r.stderr).toContain("The scratch database pglite:memory lived in this process and is gone with it");
    expect(r.stderr).not.toContain("Left the scratch database");
  });
});

describe("bad pglite: URLs", () => {
  it("a URL without a location is a configuration error naming its source (exit 2)", async () => {
    const r = await retort(exampleProject(), "--url", "pglite:", "current");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Invalid database URL "pglite:" from --url: it names no data directory');
    expect(r.stderr).toContain("pglite:memory");
  });

  it("a directory that holds other files but no database is refused (exit 4), not filled", async () => {
    const dir = exampleProject();
    mkdirSync(join(dir, "notes"));
    writeFileSync(join(dir, "notes", "todo.txt"), "hello");
    const r = await retort(dir, "--url", "pglite:./notes", "upgrade", "head");
    expect(r.code, r.stderr).toBe(4);
    expect(r.stderr).toContain(`error: Cannot start the embedded database pglite:./notes: ${join(dir, "notes")} holds files but no database (no PG_VERSION)`);
    expect(readdirSync(join(dir, "notes"))).toEqual(["todo.txt"]);
  });

  it("a data directory that is not one (a file in its place) fails with exit 4 naming it", async () => {
    const dir = exampleProject();
    writeFileSync(join(dir, "not-a-dir"), "hello");
    const r = await retort(dir, "--url", "pglite:./not-a-dir", "upgrade", "head");
    expect(r.code, r.stderr).toBe(4);
    expect(r.stderr).toContain("error: Cannot start the embedded database pglite:./not-a-dir");
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(readFileSync(join(dir, "not-a-dir"), "utf8")).toBe("hello");
  });
});
