/** init, revision (with --head, --splice, --branch-label, --depends-on, --rev-id, --ts), heads, branches, show, history ranges. */
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runRetort, tempProject } from "../support/binary.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { writeEnv } from "../support/project.ts";

let db: TestDatabase;
let dir: string;
const retort = (...args: string[]) => runRetort(args, { cwd: dir });
const versionsDir = () => join(dir, "migrations", "versions");
const fileOf = (id: string) => join(versionsDir(), readdirSync(versionsDir()).find((f) => f.startsWith(id))!);

beforeAll(async () => {
  db = await createTestDatabase("revcmds");
  dir = tempProject("revcmds");
  writeEnv(dir, db.url);
});
afterAll(async () => {
  await db.drop();
});

describe("init", () => {
  it("creates the versions directory and a retort.toml", async () => {
    const r = await retort("init");
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(versionsDir())).toBe(true);
    expect(readFileSync(join(dir, "retort.toml"), "utf8")).toContain('script_location = "migrations"');
  });

  it("refuses a directory that is not empty", async () => {
    const r = await retort("init");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Directory "migrations" already exists and is not empty');
  });
});

describe("revision and the graph commands", () => {
  it("the first revision is a base; --rev-id sets its id", async () => {
    const r = await retort("revision", "-m", "Create the accounts table!", "--rev-id", "a0000000000a");
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(versionsDir())).toEqual(["a0000000000a_create_the_accounts_table.sql"]);
    expect(readFileSync(fileOf("a0000000000a"), "utf8")).toMatch(/^-- Create the accounts table!\n--\n-- revision: a0000000000a\n-- down_revision:\n/);
  });

  it("--rev-id rejects reserved words and separators", async () => {
    for (const bad of ["head", "a-b", "x:y", "has space"]) {
      const r = await retort("revision", "-m", "bad", "--rev-id", bad);
      expect(r.code, bad).toBe(2);
      expect(r.stderr).toContain(`"${bad}"`);
    }
    expect(readdirSync(versionsDir())).toHaveLength(1);
  });

  it("a second revision sits on the head; --ts writes TypeScript", async () => {
    const r = await retort("revision", "-m", "backfill", "--rev-id", "b0000000000b", "--ts");
    expect(r.code, r.stderr).toBe(0);
    const text = readFileSync(fileOf("b0000000000b"), "utf8");
    expect(text).toContain('import type { MigrationContext } from "retort";');
    expect(text).toMatch(/^export const down_revision\b.* = "a0000000000a";$/m);
  });

  it("--head base with --branch-label starts a second branch", async () => {
    const r = await retort("revision", "-m", "billing", "--head", "base", "--branch-label", "billing", "--rev-id", "c0000000000c");
    expect(r.code, r.stderr).toBe(0);
    const h = await retort("heads");
    expect(h.stdout).toBe("b0000000000b (head)\nc0000000000c (billing) (head)\n");
  });

  it("revision with two heads and no --head fails with Alembic's advice", async () => {
    const r = await retort("revision", "-m", "ambiguous");
    expect(r.code).toBe(3);
    expect(r.stderr).toContain("b0000000000b");
    expect(r.stderr).toContain("c0000000000c");
  });

  it("--head label@head extends that branch", async () => {
    const r = await retort("revision", "-m", "invoices", "--head", "billing@head", "--rev-id", "d0000000000d");
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(fileOf("d0000000000d"), "utf8")).toContain("-- down_revision: c0000000000c");
  });

  it("--head on a revision that is not a head needs --splice", async () => {
    const refused = await retort("revision", "-m", "side", "--head", "a000", "--rev-id", "e0000000000e");
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('Revision "a0000000000a" is not a head revision');
    expect(refused.stderr).toContain("--splice");
    const r = await retort("revision", "-m", "side", "--head", "a000", "--splice", "--rev-id", "e0000000000e");
    expect(r.code, r.stderr).toBe(0);
    const b = await retort("branches");
    expect(b.stdout).toBe("a0000000000a (branchpoint)\n             -> b0000000000b (head)\n             -> e0000000000e (head)\n");
  });

  it("--depends-on records a dependency, by label or by prefix", async () => {
    const r = await retort("revision", "-m", "reports", "--head", "e000", "--depends-on", "billing", "--depends-on", "d000", "--rev-id", "f0000000000f");
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(fileOf("f0000000000f"), "utf8")).toContain("-- depends_on: billing, d0000000000d");
    const s = await retort("show", "f000");
    expect(s.stdout).toContain("Rev: f0000000000f (head)\nParent: e0000000000e\nAlso depends on: billing, d0000000000d\n");
  });

  it("a reused branch label is refused before any file is written", async () => {
    const before = readdirSync(versionsDir()).length;
    const r = await retort("revision", "-m", "again", "--head", "base", "--branch-label", "billing");
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('"billing"');
    expect(readdirSync(versionsDir())).toHaveLength(before);
  });

  it("history shows Alembic's one-line format with tree markers", async () => {
    const r = await retort("history");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.split("\n")).toEqual(
      expect.arrayContaining([
        "<base> -> a0000000000a (branchpoint), Create the accounts table!",
        "e0000000000e (billing, d0000000000d) -> f0000000000f (head), reports",
        "<base> -> c0000000000c (billing), billing",
      ]),
    );
  });

  it("history ranges: a:b, -N:, and :current with --indicate-current", async () => {
    const range = await retort("history", "-r", "a000:b000");
    expect(range.stdout).toBe("a0000000000a -> b0000000000b (head), backfill\n<base> -> a0000000000a (branchpoint), Create the accounts table!\n");
    const last = await retort("history", "-r", "-1:d000");
    expect(last.stdout).toBe("c0000000000c -> d0000000000d (billing) (effective head), invoices\n<base> -> c0000000000c (billing), billing\n");
    const up = await retort("upgrade", "billing@head");
    expect(up.code, up.stderr).toBe(0);
    const cur = await retort("history", "-r", ":current", "--indicate-current");
    expect(cur.stdout).toBe("c0000000000c -> d0000000000d (billing) (effective head) (current), invoices\n<base> -> c0000000000c (billing), billing\n");
    const bad = await retort("history", "-r", "b000:a000");
    expect(bad.code).toBe(3);
  });
});
