import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ExitCode } from "../core/errors.ts";
import { RevisionFileError } from "./errors.ts";
import { loadTsRevision, type MigrationContext } from "./ts-revision.ts";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "retort-ts-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function fixture(name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

async function loadError(name: string, text: string): Promise<RevisionFileError> {
  const path = await fixture(name, text);
  try {
    await loadTsRevision(path);
  } catch (error) {
    expect(error).toBeInstanceOf(RevisionFileError);
    const e = error as RevisionFileError;
    expect(e.path).toBe(path);
    expect(e.exitCode).toBe(ExitCode.scripts);
    expect(e.message.startsWith(`${path}:`)).toBe(true);
    return e;
  }
  throw new Error(`${name} loaded without error`);
}

describe("loadTsRevision", () => {
  it("loads a revision's exports and functions", async () => {
    const path = await fixture(
      "good.ts",
      `import type { MigrationContext } from "retort";
export const revision = "1a2b3c4d5e6f";
export const down_revision = ["aaaa1111", "bbbb2222"];
export const branch_labels = "billing";
export const message = "backfill slugs";
export const transaction = false;
export async function upgrade({ sql }: MigrationContext): Promise<void> {
  await (sql as unknown as (s: string) => Promise<void>)("up");
}
`,
    );
    const m = await loadTsRevision(path);
    expect(m).toMatchObject({
      id: "1a2b3c4d5e6f",
      downRevisions: ["aaaa1111", "bbbb2222"],
      branchLabels: ["billing"],
      dependsOn: [],
      message: "backfill slugs",
      transaction: false,
      downgrade: undefined,
    });
    const calls: string[] = [];
    const sql = (async (s: string) => void calls.push(s)) as unknown as MigrationContext["sql"];
    await m.upgrade({ sql });
    expect(calls).toEqual(["up"]);
  });

  it("reads a null down_revision as a base and defaults the optional exports", async () => {
    const path = await fixture(
      "base.ts",
      `export const revision = "abcd";\nexport const down_revision = null;\nexport function upgrade() {}\nexport function downgrade() {}\n`,
    );
    const m = await loadTsRevision(path);
    expect(m).toMatchObject({ downRevisions: [], branchLabels: [], message: "", transaction: true });
    expect(typeof m.downgrade).toBe("function");
  });

  it("reports a revision that throws at import, with the original message", async () => {
    const e = await loadError("throws.ts", `export const revision = "abcd";\nthrow new Error("boom at import");\n`);
    expect(e.line).toBeUndefined();
    expect(e.reason).toMatch(/cannot import the revision: .*boom at import/);
    expect(e.hint).toBeUndefined();
    expect(e.message).toBe(`${e.path}: ${e.reason}`);
  });

  it("reports an import of a package, advising against it", async () => {
    const e = await loadError("imports.ts", `import "retort-no-such-package-xyz";\nexport const revision = "abcd";\n`);
    expect(e.reason).toMatch(/cannot import the revision: .*retort-no-such-package-xyz/);
  });

  it("reports a missing upgrade function", async () => {
    const e = await loadError("noup.ts", `export const revision = "abcd";\nexport const down_revision = null;\n`);
    expect(e.reason).toBe(`missing export "upgrade"`);
  });

  it("reports a missing down_revision with the advice to use null", async () => {
    const e = await loadError("nodown.ts", `export const revision = "abcd";\nexport function upgrade() {}\n`);
    expect(e.reason).toBe(`missing export "down_revision" (use null for a base revision)`);
  });

  it("reports a number exported as revision at the line that declares it", async () => {
    const e = await loadError(
      "number.ts",
      `// a comment\nexport const revision = 42;\nexport const down_revision = null;\nexport function upgrade() {}\n`,
    );
    expect(e.line).toBe(2);
    expect(e.reason).toMatch(/^invalid export "revision": expected string, received number/);
    expect(e.message).toBe(`${e.path}:2: ${e.reason}`);
  });

  it("reads a revision's own timeouts from its exports and refuses a bad one at its line", async () => {
    const path = await fixture(
      "timeouts.ts",
      `export const revision = "abcd";\nexport const down_revision = null;\nexport const lock_timeout = "5s";\nexport const lock_retry_budget = "1m";\nexport function upgrade() {}\n`,
    );
    expect((await loadTsRevision(path)).timeouts).toEqual({ lockTimeoutMs: 5_000, retryBudgetMs: 60_000 });
    const bad = await loadError("badtimeout.ts", `export const revision = "abcd";\nexport const down_revision = null;\nexport const statement_timeout = "soon";\nexport function upgrade() {}\n`);
    expect([bad.line, bad.reason]).toEqual([3, 'invalid export "statement_timeout": "soon": expected a duration such as "500ms", "5s" or "10m"']);
  });

  it("reports an upgrade that is not a function, and an invalid parent id", async () => {
    const notFn = await loadError(
      "notfn.ts",
      `export const revision = "abcd";\nexport const down_revision = null;\nexport const upgrade = "select 1";\n`,
    );
    expect(notFn.reason).toBe(`invalid export "upgrade": expected a function, received string`);
    expect(notFn.line).toBe(3);
    const badParent = await loadError(
      "badparent.ts",
      `export const revision = "abcd";\nexport const down_revision = "a b";\nexport function upgrade() {}\n`,
    );
    expect(badParent.reason).toMatch(/invalid export "down_revision": .*"a b": it contains white space/);
    const numberParent = await loadError(
      "numparent.ts",
      `export const revision = "abcd";\nexport const down_revision = 5;\nexport function upgrade() {}\n`,
    );
    expect(numberParent.reason).toBe(`invalid export "down_revision": expected a string, an array of strings or null, received number`);
    expect(numberParent.line).toBe(2);
  });

  it("imports an edited file afresh when given a new cache key", async () => {
    const path = await fixture("edit.ts", `export const revision = "aaaa";\nexport const down_revision = null;\nexport function upgrade() {}\n`);
    expect((await loadTsRevision(path, { cacheKey: "1" })).id).toBe("aaaa");
    await writeFile(path, `export const revision = "bbbb";\nexport const down_revision = null;\nexport function upgrade() {}\n`);
    expect((await loadTsRevision(path, { cacheKey: "2" })).id).toBe("bbbb");
  });
});
