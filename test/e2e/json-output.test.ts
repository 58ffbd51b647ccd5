/** `--json` documents parse and match the schemas the README documents; `-q` prints errors only. */
import { cpSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jsonSchemas, type JsonCommand } from "../../src/project/documents.ts";
import { repoRoot, runRetort, tempProject } from "../support/binary.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { writeEnv } from "../support/project.ts";

let db: TestDatabase;
let dir: string;
const retort = (...args: string[]) => runRetort(args, { cwd: dir });

async function jsonOf(command: JsonCommand, ...args: string[]): Promise<unknown> {
  const r = await retort("--json", ...args);
  expect(r.code, r.stderr).toBe(0);
  const doc: unknown = JSON.parse(r.stdout);
  return jsonSchemas[command].parse(doc);
}

beforeAll(async () => {
  db = await createTestDatabase("json");
  dir = tempProject("json");
  cpSync(join(repoRoot, "migrations"), join(dir, "migrations"), { recursive: true });
  writeEnv(dir, db.url);
});
afterAll(async () => {
  await db.drop();
});

describe("--json", () => {
  it("upgrade", async () => {
    const doc = (await jsonOf("upgrade", "upgrade", "head")) as { steps: { revision: string }[]; headsAfter: string[] };
    expect(doc.steps.map((s) => s.revision)).toEqual(["3f1c2a9b7d40", "8a2d64e0c1f5", "c47e19b2a6d3", "5b90f3d8e217", "e6a0b5c3f982"]);
    expect(doc.headsAfter).toEqual(["e6a0b5c3f982"]);
  });

  it("current, history, heads, branches and show", async () => {
    const current = (await jsonOf("current", "current")) as { current: { revision: string; isCurrent: boolean }[]; atHeads: boolean };
    expect(current.current.map((c) => c.revision)).toEqual(["e6a0b5c3f982"]);
    expect(current.atHeads).toBe(true);
    const history = (await jsonOf("history", "history", "-i", "--verbose")) as { entries: { revision: string; isCurrent: boolean; applied: unknown }[] };
    expect(history.entries).toHaveLength(5);
    expect(history.entries[0]!.isCurrent).toBe(true);
    expect(history.entries.every((e) => e.applied !== null)).toBe(true);
    const heads = (await jsonOf("heads", "heads")) as { heads: { revision: string }[] };
    expect(heads.heads.map((h) => h.revision)).toEqual(["e6a0b5c3f982"]);
    const branches = (await jsonOf("branches", "branches")) as { branches: unknown[] };
    expect(branches.branches).toEqual([]);
    const show = (await jsonOf("show", "show", "5b90")) as { revisions: { path: string; downRevisions: string[] }[] };
    expect(show.revisions[0]!.path).toMatch(/5b90f3d8e217_backfill_post_slugs\.ts$/);
    expect(show.revisions[0]!.downRevisions).toEqual(["c47e19b2a6d3"]);
  });

  it("downgrade and stamp", async () => {
    const down = (await jsonOf("downgrade", "downgrade", "-2")) as { steps: { direction: string }[]; headsAfter: string[] };
    expect(down.steps.map((s) => s.direction)).toEqual(["downgrade", "downgrade"]);
    expect(down.headsAfter).toEqual(["c47e19b2a6d3"]);
    const stamp = (await jsonOf("stamp", "stamp", "base")) as { headsBefore: string[]; headsAfter: string[] };
    expect(stamp).toMatchObject({ headsBefore: ["c47e19b2a6d3"], headsAfter: [] });
  });

  it("dump and diff (built in a scratch database)", async () => {
    const scratch = await createTestDatabase("json_scratch");
    try {
      const env = { SCRATCH_DATABASE_URL: scratch.url };
      const dump = await runRetort(["--json", "dump"], { cwd: dir, env });
      expect(dump.code, dump.stderr).toBe(0);
      const doc = jsonSchemas.dump.parse(JSON.parse(dump.stdout)) as { steps: { kind: string; object: string }[]; sql: string };
      expect(doc.steps.filter((s) => s.kind === "create-table").map((s) => s.object)).toEqual(expect.arrayContaining(['"public"."users"', '"public"."posts"']));
      expect(doc.sql).toContain('CREATE TABLE "public"."users"');
      const diff = await runRetort(["--json", "diff", "--from", "migrations@8a2d64e0c1f5", "--to", "migrations@3f1c2a9b7d40"], { cwd: dir, env });
      expect(diff.code, diff.stderr).toBe(0);
      const d = jsonSchemas.diff.parse(JSON.parse(diff.stdout)) as { steps: { kind: string; destructive: boolean; warning?: string }[] };
      expect(d.steps.some((s) => s.kind === "drop-table" && s.destructive && s.warning !== undefined)).toBe(true);
    } finally {
      await scratch.drop();
    }
  });

  it("an error is a JSON document too, with its code and exit code", async () => {
    const r = await retort("--json", "upgrade", "nope");
    expect(r.code).toBe(3);
    const doc = jsonSchemas.error.parse(JSON.parse(r.stdout));
    expect(doc.error).toMatchObject({ code: "unknown-revision", exitCode: 3 });
    expect(r.stderr).toContain('Cannot resolve revision "nope"');
  });
});

describe("-q", () => {
  it("prints nothing on success and only the error on failure", async () => {
    // The schema is at c47e19b2a6d3 again (the stamp above only emptied the table).
    expect((await retort("-q", "stamp", "c47e19b2a6d3")).stderr).toBe("");
    const ok = await retort("-q", "upgrade", "head");
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stderr).toBe("");
    expect(ok.stdout).toBe("");
    const bad = await retort("-q", "downgrade", "nope");
    expect(bad.code).toBe(3);
    expect(bad.stderr).toMatch(/^error: Cannot resolve revision "nope"/);
  });
});
