import { mkdtempSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { RevisionFileError } from "./errors.ts";
import { readRevisionFiles } from "./revision-files.ts";

function revisionText(id: string, upgrade: string): string {
  return `-- ${id}\n--\n-- revision: ${id}\n-- down_revision:\n\n-- migrate:upgrade\n${upgrade}\n\n-- migrate:downgrade\nSELECT 1;\n`;
}

/** A versions dir with one revision whose mtime is an hour old, and a cache dir. */
function fixture(): { versions: string; cacheDir: string; file: string } {
  const root = mkdtempSync(join(tmpdir(), "retort-cache-"));
  const versions = join(root, "versions");
  mkdirSync(versions);
  const file = join(versions, "aaaa00000001_a.sql");
  writeFileSync(file, revisionText("aaaa00000001", "SELECT 1;"));
  const old = new Date(Date.now() - 3_600_000);
  utimesSync(file, old, old);
  return { versions, cacheDir: join(root, "cache"), file };
}

/** Rewrites `file` with same-length content and puts its mtime back, as a stale cache would never see. */
function rewriteKeepingStat(file: string, text: string): void {
  const before = statSync(file);
  expect(text.length).toBe(readFileSync(file, "utf8").length);
  writeFileSync(file, text);
  utimesSync(file, before.atime, before.mtime);
}

describe("the header cache", () => {
  it("keeps a revision's own timeouts", async () => {
    const { versions, cacheDir, file } = fixture();
    const text = revisionText("aaaa00000001", "SELECT 1;").replace("-- down_revision:\n", "-- down_revision:\n-- lock_timeout: 5s\n");
    writeFileSync(file, text);
    const old = new Date(Date.now() - 3_600_000);
    utimesSync(file, old, old);
    const [parsed] = await readRevisionFiles([versions], { cacheDir });
    const [cached] = await readRevisionFiles([versions], { cacheDir });
    expect(parsed!.timeouts).toEqual({ lockTimeoutMs: 5_000 });
    expect(cached!.timeouts).toEqual({ lockTimeoutMs: 5_000 });
    expect(readFileSync(join(cacheDir, readdirSync(cacheDir)[0]!), "utf8")).toContain('{"lockTimeoutMs":5000}');
  });

  it("serves an unchanged file from the cache and reads its sections only when used", async () => {
    const { versions, cacheDir, file } = fixture();
    const [first] = await readRevisionFiles([versions], { cacheDir });
    expect(first!.revision.id).toBe("aaaa00000001");
    rewriteKeepingStat(file, revisionText("bbbb00000001", "SELECT 1;"));
    const [second] = await readRevisionFiles([versions], { cacheDir });
    // The header came from the cache (the file now says otherwise)…
    expect(second!.revision.id).toBe("aaaa00000001");
    // …and reading the sections notices the file no longer matches, instead of running it.
    expect(second!.kind).toBe("sql");
    let error: unknown;
    try {
      void (second as { upgrade: unknown }).upgrade;
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RevisionFileError);
    expect((error as Error).message).toContain("the file changed while retort was reading it");
  });

  it("re-reads a file whose size or mtime changed", async () => {
    const { versions, cacheDir, file } = fixture();
    await readRevisionFiles([versions], { cacheDir });
    writeFileSync(file, revisionText("aaaa00000001", "SELECT 2 + 2;"));
    const [again] = await readRevisionFiles([versions], { cacheDir });
    expect((again as { upgrade: { sql: string } }).upgrade.sql).toBe("SELECT 2 + 2;");
  });

  it("does not trust a file modified just before the cache was written (racy entry)", async () => {
    const { versions, cacheDir, file } = fixture();
    const now = new Date();
    utimesSync(file, now, now);
    await readRevisionFiles([versions], { cacheDir });
    rewriteKeepingStat(file, revisionText("bbbb00000001", "SELECT 1;"));
    const [again] = await readRevisionFiles([versions], { cacheDir });
    expect(again!.revision.id).toBe("bbbb00000001");
  });

  it("keys entries by the path below the versions directory, not by the whole path", async () => {
    const { versions, cacheDir } = fixture();
    await readRevisionFiles([versions], { cacheDir });
    const text = readFileSync(join(cacheDir, readdirSync(cacheDir)[0]!), "utf8");
    expect(text).toContain('"aaaa00000001_a.sql"');
    expect(text).not.toContain(versions);
  });

  it("still finds a file's entry when a file added before it moves it down the listing", async () => {
    const { versions, cacheDir, file } = fixture();
    await readRevisionFiles([versions], { cacheDir });
    const added = join(versions, "0000aaaa0001_added.sql");
    writeFileSync(added, revisionText("0000aaaa0001", "SELECT 3;"));
    rewriteKeepingStat(file, revisionText("bbbb00000001", "SELECT 1;"));
    const files = await readRevisionFiles([versions], { cacheDir });
    // The second file listed is served from the entry the first run stored first.
    expect(files.map((f) => f.revision.id)).toEqual(["0000aaaa0001", "aaaa00000001"]);
  });

  it("serves files of several versions directories, each under its own key", async () => {
    const { versions, cacheDir, file } = fixture();
    const other = join(versions, "..", "more");
    mkdirSync(other);
    const second = join(other, "aaaa00000001_a.sql");
    writeFileSync(second, revisionText("cccc00000001", "SELECT 1;"));
    const old = new Date(Date.now() - 3_600_000);
    utimesSync(second, old, old);
    await readRevisionFiles([versions, other], { cacheDir });
    rewriteKeepingStat(file, revisionText("bbbb00000001", "SELECT 1;"));
    rewriteKeepingStat(second, revisionText("dddd00000001", "SELECT 1;"));
    const files = await readRevisionFiles([versions, other], { cacheDir });
    // Same file name in both: each directory's file kept its own header.
    expect(files.map((f) => f.revision.id)).toEqual(["aaaa00000001", "cccc00000001"]);
  });

  it("without a cache directory reads every file", async () => {
    const { versions, file } = fixture();
    await readRevisionFiles([versions]);
    rewriteKeepingStat(file, revisionText("bbbb00000001", "SELECT 1;"));
    const [again] = await readRevisionFiles([versions]);
    expect(again!.revision.id).toBe("bbbb00000001");
  });
});
