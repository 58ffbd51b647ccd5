import { mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { listRevisionFilesCached, type ListingCacheOptions } from "./listing-cache.ts";
import { listRevisionFiles } from "./revision-files.ts";

/** A versions directory with two SQL revisions, a TS one and a README, and a cache directory. */
function fixture(): { versions: string; cacheDir: string } {
  const root = mkdtempSync(join(tmpdir(), "retort-listing-"));
  const versions = join(root, "versions");
  mkdirSync(versions);
  for (const name of ["bbbb_b.sql", "aaaa_a.sql", "cccc_c.ts", "README.md"]) writeFileSync(join(versions, name), "");
  return { versions, cacheDir: join(root, "cache") };
}

/** Options whose clock is an hour ahead: the directory then looks settled, as a checked-out project's does. */
function settled(cacheDir: string, version = "1.0.0"): ListingCacheOptions {
  return { cacheDir, version, now: () => Date.now() + 3_600_000 };
}

/** The one listing file in `cacheDir`, or undefined. */
function listingFile(cacheDir: string): string | undefined {
  let names: string[];
  try {
    names = readdirSync(cacheDir);
  } catch {
    return undefined;
  }
  const name = names.find((n) => n.startsWith("listing-"));
  return name === undefined ? undefined : join(cacheDir, name);
}

/** Rewrites the stored listing's paths, leaving its stamps: what only a stored listing that is used can return. */
function tamperPaths(file: string, paths: string): void {
  const stored = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
  writeFileSync(file, JSON.stringify({ ...stored, paths }));
}

describe("the listing cache", () => {
  it("gives what listing the directory gives, from the cache once it is stored", () => {
    const { versions, cacheDir } = fixture();
    const fresh = listRevisionFiles([versions]);
    const first = listRevisionFilesCached([versions], settled(cacheDir));
    expect(first).toEqual(fresh);
    expect(listingFile(cacheDir)).toBeDefined();
    const second = listRevisionFilesCached([versions], settled(cacheDir));
    expect(second).toEqual(fresh);
    expect(second.paths).toEqual([join(versions, "aaaa_a.sql"), join(versions, "bbbb_b.sql"), join(versions, "cccc_c.ts")]);
    expect(second.ignored).toEqual([{ dir: versions, name: "README.md" }]);
    expect(second.typescript).toBe(true);
  });

  it("is used while the directory is unchanged: a stored listing is trusted as it is", () => {
    const { versions, cacheDir } = fixture();
    listRevisionFilesCached([versions], settled(cacheDir));
    tamperPaths(listingFile(cacheDir)!, join(versions, "zzzz_z.sql"));
    expect(listRevisionFilesCached([versions], settled(cacheDir)).paths).toEqual([join(versions, "zzzz_z.sql")]);
  });

  it("lists again once a file is added, removed or renamed", () => {
    const { versions, cacheDir } = fixture();
    listRevisionFilesCached([versions], settled(cacheDir));
    const file = listingFile(cacheDir)!;
    writeFileSync(join(versions, "dddd_d.sql"), "");
    tamperPaths(file, "stale");
    expect(listRevisionFilesCached([versions], settled(cacheDir)).paths).toContain(join(versions, "dddd_d.sql"));
    rmSync(join(versions, "aaaa_a.sql"));
    tamperPaths(file, "stale");
    expect(listRevisionFilesCached([versions], settled(cacheDir)).paths).not.toContain(join(versions, "aaaa_a.sql"));
    renameSync(join(versions, "bbbb_b.sql"), join(versions, "bbbb_renamed.sql"));
    tamperPaths(file, "stale");
    expect(listRevisionFilesCached([versions], settled(cacheDir)).paths).toEqual([join(versions, "bbbb_renamed.sql"), join(versions, "cccc_c.ts"), join(versions, "dddd_d.sql")]);
  });

  it("sees a change to a directory whose mtime was put back (by its ctime)", () => {
    const { versions, cacheDir } = fixture();
    // Whole seconds, which utimes sets exactly.
    const anHourAgo = Math.floor(Date.now() / 1000) - 3600;
    utimesSync(versions, anHourAgo, anHourAgo);
    const before = statSync(versions);
    listRevisionFilesCached([versions], settled(cacheDir));
    writeFileSync(join(versions, "dddd_d.sql"), "");
    utimesSync(versions, anHourAgo, anHourAgo);
    expect(statSync(versions).mtimeMs).toBe(before.mtimeMs);
    tamperPaths(listingFile(cacheDir)!, "stale");
    expect(listRevisionFilesCached([versions], settled(cacheDir)).paths).toContain(join(versions, "dddd_d.sql"));
  });

  it("stores nothing for a directory changed within the racy window", () => {
    const { versions, cacheDir } = fixture();
    const listing = listRevisionFilesCached([versions], { cacheDir, version: "1.0.0", now: () => Date.now() });
    expect(listing.paths).toHaveLength(3);
    expect(listingFile(cacheDir)).toBeUndefined();
  });

  it("stores nothing for a directory that holds a symlink, whose target can change without it", () => {
    const { versions, cacheDir } = fixture();
    const elsewhere = mkdtempSync(join(tmpdir(), "retort-listing-target-"));
    writeFileSync(join(elsewhere, "eeee_e.sql"), "");
    symlinkSync(join(elsewhere, "eeee_e.sql"), join(versions, "eeee_e.sql"));
    const listing = listRevisionFilesCached([versions], settled(cacheDir));
    expect(listing.paths).toContain(join(versions, "eeee_e.sql"));
    expect(listing.linked).toBe(true);
    expect(listingFile(cacheDir)).toBeUndefined();
  });

  it("does not use a listing stored by another version of retort", () => {
    const { versions, cacheDir } = fixture();
    listRevisionFilesCached([versions], settled(cacheDir, "1.0.0"));
    tamperPaths(listingFile(cacheDir)!, "stale");
    expect(listRevisionFilesCached([versions], settled(cacheDir, "1.0.1")).paths).toHaveLength(3);
  });

  it("reports a missing directory as listing does", () => {
    const { versions, cacheDir } = fixture();
    const missing = join(versions, "nowhere");
    expect(() => listRevisionFilesCached([missing], settled(cacheDir))).toThrow(/does not exist/);
  });
});
