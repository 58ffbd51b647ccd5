/**
 * The library API (`import { upgrade } from "retort"`): the verbs as functions that take the
 * command line's options, return the documents `--json` prints, throw the typed errors, and print
 * nothing. Under Node (this file), and under Bun and Deno as subprocesses.
 */
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { check, current, downgrade, dump, heads, history, NotAtHeadsError, RetortError, SchemaDriftError, script, stamp, UnknownRevisionError, upgrade, type ProgressEvent } from "../../src/index.ts";
import { repoRoot, tempProject } from "../support/binary.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { writeSqlRevision } from "../support/project.ts";

let db: TestDatabase;
let scratch: TestDatabase;
let dir: string;
/** The options every call here shares: the project, and the database instead of DATABASE_URL. */
let project: { cwd: string; url: string; env: Record<string, string> };

beforeAll(async () => {
  [db, scratch] = await Promise.all([createTestDatabase("library"), createTestDatabase("library_scratch")]);
  dir = tempProject("library");
  writeFileSync(join(dir, "retort.toml"), 'script_location = "migrations"\nschema = "schema.sql"\n');
  writeSqlRevision(dir, { id: "11aa22bb33cc", message: "users", upgrade: "CREATE TABLE users (id int PRIMARY KEY);", downgrade: "DROP TABLE users;" });
  writeSqlRevision(dir, { id: "44dd55ee66ff", down: "11aa22bb33cc", message: "email", upgrade: "ALTER TABLE users ADD COLUMN email text;", downgrade: "ALTER TABLE users DROP COLUMN email;" });
  writeFileSync(join(dir, "schema.sql"), "CREATE TABLE users (id int PRIMARY KEY, email text);\n");
  // Only what is passed counts: no DATABASE_URL from the test's own environment.
  project = { cwd: dir, url: db.url, env: { SCRATCH_DATABASE_URL: scratch.url } };
});

afterAll(async () => {
  await Promise.all([db?.drop(), scratch?.drop()]);
});

describe("the library API under Node", () => {
  it("upgrade returns the document --json prints, reports progress to onProgress, and prints nothing", async () => {
    const events: ProgressEvent[] = [];
    const out = vi.spyOn(process.stdout, "write");
    const err = vi.spyOn(process.stderr, "write");
    try {
      const r = await upgrade({ ...project, onProgress: (e) => events.push(e) });
      expect(r).toMatchObject({ command: "upgrade", direction: "upgrade", target: "head", headsBefore: [], headsAfter: ["44dd55ee66ff"] });
      expect(r.steps.map((s) => s.revision)).toEqual(["11aa22bb33cc", "44dd55ee66ff"]);
      expect(out).not.toHaveBeenCalled();
      expect(err).not.toHaveBeenCalled();
    } finally {
      out.mockRestore();
      err.mockRestore();
    }
    expect(events.filter((e) => e.kind === "step-done").map((e) => (e as { label: string }).label)).toEqual([
      "Running upgrade  -> 11aa22bb33cc, users",
      "Running upgrade 11aa22bb33cc -> 44dd55ee66ff, email",
    ]);
    expect(await db.sql.unsafe("select version_num from alembic_version")).toEqual([{ version_num: "44dd55ee66ff" }]);
  });

  it("current, heads and history read the project and the database", async () => {
    expect(await current(project)).toMatchObject({ command: "current", atHeads: true, current: [{ revision: "44dd55ee66ff", isCurrent: true }] });
    expect((await heads(project)).heads.map((h) => h.revision)).toEqual(["44dd55ee66ff"]);
    const h = await history({ ...project, indicateCurrent: true, verbose: true });
    expect(h.entries.map((e) => [e.revision, e.isCurrent])).toEqual([["44dd55ee66ff", true], ["11aa22bb33cc", false]]);
    expect(h.entries[0]!.applied).toMatchObject({ user: "postgres" });
  });

  it("check, diff and dump compare the schema files with the revisions", async () => {
    expect(await check(project)).toMatchObject({ command: "check", against: "schema", clean: true, steps: [] });
    expect((await dump(project)).sql).toContain('CREATE TABLE "public"."users"');
    writeFileSync(join(dir, "schema.sql"), "CREATE TABLE users (id int PRIMARY KEY, email text, name text);\n");
    const drift = await check(project).catch((e: unknown) => e);
    expect(drift).toBeInstanceOf(SchemaDriftError);
    expect((drift as SchemaDriftError).code).toBe("schema-drift");
    expect((drift as SchemaDriftError).exitCode).toBe(1);
    expect((drift as SchemaDriftError).findings.sql).toContain('ADD COLUMN "name" text');
    expect((await script({ ...project, direction: "upgrade", range: "base:head" }))).toContain("ALTER TABLE users ADD COLUMN email text;");
  });

  it("failures are the typed error classes, with their codes and exit codes", async () => {
    const e = await upgrade({ ...project, target: "nope1234" }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(UnknownRevisionError);
    expect(e).toBeInstanceOf(RetortError);
    expect((e as RetortError).code).toBe("unknown-revision");
    expect((e as RetortError).exitCode).toBe(3);
    await downgrade({ ...project, target: "-1" });
    const behind = await current({ ...project, checkHeads: true }).catch((x: unknown) => x);
    expect(behind).toBeInstanceOf(NotAtHeadsError);
    expect((behind as NotAtHeadsError).heads).toEqual(["44dd55ee66ff"]);
    expect(await stamp({ ...project, revisions: ["heads"] })).toMatchObject({ command: "stamp", headsAfter: ["44dd55ee66ff"] });
  });
});

/** A script that imports the package entry from source and runs a few verbs, printing what they return. */
function runtimeScript(url: string): string {
  return `
import { current, upgrade, UnknownRevisionError } from ${JSON.stringify(join(repoRoot, "src", "index.ts"))};
const project = { cwd: ${JSON.stringify(dir)}, url: ${JSON.stringify(url)}, env: {} };
const up = await upgrade(project);
const now = await current(project);
const failed = await upgrade({ ...project, target: "nope1234" }).catch((e) => e);
console.log(JSON.stringify({ steps: up.steps.length, atHeads: now.atHeads, typed: failed instanceof UnknownRevisionError, code: failed.code }));
`;
}

describe.each([
  ["Bun", (file: string) => spawnSync(join(repoRoot, "node_modules", ".bin", "bun"), [file], { cwd: dir, encoding: "utf8" })],
  [
    "Deno",
    (file: string) =>
      spawnSync(join(repoRoot, "node_modules", ".bin", "deno"), ["run", "--no-prompt", "--allow-all", "--node-modules-dir=manual", file], {
        // The script lives outside the repository: Deno is told to take the packages from node_modules.
        cwd: dir,
        encoding: "utf8",
        env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? dir, DENO_DIR: join(repoRoot, "node_modules", ".deno-cache"), NO_COLOR: "1" },
      }),
  ],
] as const)("the library API under %s", (_runtime, run) => {
  it("upgrades, reads the database back, and throws the typed errors", async () => {
    const own = await createTestDatabase(`library_${_runtime.toLowerCase()}`);
    try {
      const file = join(dir, `library-${_runtime.toLowerCase()}.ts`);
      writeFileSync(file, runtimeScript(own.url));
      const r = run(file);
      expect(r.status, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout.trim().split("\n").at(-1)!)).toEqual({ steps: 2, atHeads: true, typed: true, code: "unknown-revision" });
    } finally {
      await own.drop();
    }
  });
});
