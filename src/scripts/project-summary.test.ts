import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openProjectSummary, type ProjectSummary, type SummaryContents } from "./project-summary.ts";
import { listRevisionFiles, statListed } from "./revision-files.ts";

const HOUR_AGO = new Date(Date.now() - 60 * 60 * 1000);
const SUMMARY: ProjectSummary = { heads: ["b0000002"], described: [{ revision: "b0000002", message: "second" }], count: 2, digest: "d".repeat(64) };
const CHECKSUMS: ReadonlyMap<string, string> = new Map([["a0000001", "1".repeat(64)], ["b0000002", "2".repeat(64)]]);
/** What a run that read the files stores: the summary and every revision's checksum. */
const CONTENTS: SummaryContents = { ...SUMMARY, checksums: CHECKSUMS };

let root: string;
let versions: string;
let cacheDir: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "retort-summary-"));
  versions = join(root, "versions");
  cacheDir = join(root, "cache");
  mkdirSync(versions);
  write("a0000001_one.sql", "-- revision: a0000001\n");
  write("b0000002_two.sql", "-- revision: b0000002\n");
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

/** Writes a revision file dated an hour back, as a checkout's files are by deploy time. */
function write(name: string, text: string, when: Date = HOUR_AGO): void {
  writeFileSync(join(versions, name), text);
  utimesSync(join(versions, name), when, when);
}

/** The summary store of the versions directory as it is now. */
async function open(version = "1.0.0") {
  const listing = listRevisionFiles([versions]);
  return openProjectSummary(cacheDir, listing, await statListed(listing), version, Date.now);
}

describe("project summary", () => {
  it("is found by a later run for the same files, and made only when none was found", async () => {
    const first = await open();
    expect(first.found).toBeUndefined();
    first.save(() => CONTENTS);
    const later = await open();
    expect(later.found).toEqual(SUMMARY);
    later.save(() => {
      throw new Error("a summary that was found is not made again");
    });
  });

  it("is not stored while a file is too recent to trust (its timestamp could still change unseen)", async () => {
    write("c0000003_three.sql", "-- revision: c0000003\n", new Date());
    (await open()).save(() => CONTENTS);
    expect(existsSync(cacheDir) ? readdirSync(cacheDir) : []).toEqual([]);
    expect((await open()).found).toBeUndefined();
  });

  it("is not found once a file is edited, added, removed or renamed", async () => {
    (await open()).save(() => CONTENTS);
    expect((await open()).found).toEqual(SUMMARY);
    const changes: [string, () => void][] = [
      ["edited", () => write("b0000002_two.sql", "-- revision: b0000002\nSELECT 1;\n")],
      ["added", () => write("c0000003_three.sql", "-- revision: c0000003\n")],
      ["removed", () => rmSync(join(versions, "c0000003_three.sql"))],
      ["renamed", () => renameSync(join(versions, "b0000002_two.sql"), join(versions, "b0000002_second.sql"))],
    ];
    for (const [what, change] of changes) {
      change();
      expect((await open()).found, what).toBeUndefined();
      // Stored again for the files as they are now, and found for them.
      (await open()).save(() => CONTENTS);
      expect((await open()).found, what).toEqual(SUMMARY);
    }
  });

  it("belongs to the retort that made it: another version reads the files afresh", async () => {
    (await open("1.0.0")).save(() => CONTENTS);
    expect((await open("1.1.0")).found).toBeUndefined();
  });

  it("is not found when its file is of another shape: an older format (2 had no checksums beside it), or heads without their descriptions", async () => {
    (await open()).save(() => CONTENTS);
    const [name] = readdirSync(cacheDir).filter((f) => f.startsWith("summary-"));
    const file = join(cacheDir, name!);
    const stored = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
    expect((await open()).found).toEqual(SUMMARY);
    for (const shape of [{ ...stored, format: 2 }, { ...stored, described: [] }, { ...stored, described: undefined }]) {
      writeFileSync(file, JSON.stringify(shape));
      expect((await open()).found, JSON.stringify(shape)).toBeUndefined();
    }
  });

  it("is neither found nor stored for a listing whose file is gone by the time it is stat'ed", async () => {
    (await open()).save(() => CONTENTS);
    const listing = listRevisionFiles([versions]);
    rmSync(join(versions, "b0000002_two.sql"));
    const store = openProjectSummary(cacheDir, listing, await statListed(listing), "1.0.0", Date.now);
    expect(store.found).toBeUndefined();
    store.save(() => {
      throw new Error("no summary is made for files that cannot all be stat'ed");
    });
  });

  it("keeps every revision's checksum beside it, read when asked for, and only for the files and version it was stored for", async () => {
    const none = await open();
    expect(none.checksums()).toBeUndefined();
    none.save(() => CONTENTS);
    const later = await open();
    expect(later.found).toEqual(SUMMARY);
    expect(later.checksums()).toEqual(CHECKSUMS);
    expect((await open("1.1.0")).checksums()).toBeUndefined();
    const [name] = readdirSync(cacheDir).filter((f) => f.startsWith("checksums-"));
    const file = join(cacheDir, name!);
    const stored = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
    // A checksums file of other files, of another shape, or gone: the summary is still found, its checksums are not.
    for (const shape of [{ ...stored, fingerprint: "f".repeat(64) }, { ...stored, format: 2 }, { ...stored, checksums: [["a0000001"]] }, undefined]) {
      if (shape === undefined) rmSync(file);
      else writeFileSync(file, JSON.stringify(shape));
      const store = await open();
      expect(store.found, JSON.stringify(shape)).toEqual(SUMMARY);
      expect(store.checksums(), JSON.stringify(shape)).toBeUndefined();
    }
    write("c0000003_three.sql", "-- revision: c0000003\n");
    expect((await open()).checksums()).toBeUndefined();
  });
});
