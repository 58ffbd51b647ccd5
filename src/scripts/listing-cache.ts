/**
 * The listing of the versions directories (revision-files.ts) an earlier run made, used again while
 * every directory is the same one (its inode) and unchanged since (its mtime and ctime): creating,
 * removing or renaming a file in a directory changes both, and nothing sets a ctime back, so a
 * directory whose mtime was restored (`touch -d`, `tar x`) is still seen to have changed. With
 * 10,000 revisions, reading a directory and sorting and joining its names took about 10 ms of a
 * 75 ms no-op; reading the stored listing takes about 2. Git's untracked cache trusts directories
 * the same way.
 *
 * Kept beside the header cache, under its rules (the user's own file, written atomically, any
 * problem only disables it), and only for a listing that cannot change behind its directories'
 * backs: none with a symlink in them (a link's target changes without its directory), none
 * changed within RACY_MS of being listed (a later change within the same timestamp tick would
 * leave the directory's times as they were). A file changed in place leaves its directory as it
 * was, but not its own stat, which the summary and the header cache check.
 */
import { statSync } from "node:fs";
import { cacheFileOf, RACY_MS, readCacheFile, writeCacheFile } from "./header-cache.ts";
import { listRevisionFiles, type IgnoredFile, type RevisionListing } from "./revision-files.ts";

/** Where the listing is kept, and what it is checked against. */
export interface ListingCacheOptions {
  readonly cacheDir: string;
  /** This retort's version: another may list the same directories differently. */
  readonly version: string;
  /** Wall-clock milliseconds. */
  readonly now: () => number;
}

/** A directory's identity and times. */
type DirectoryStamp = readonly [ino: number, mtimeMs: number, ctimeMs: number];

interface ListingFile {
  readonly format: 1;
  readonly version: string;
  /** Each directory's stamp, taken before it was read, in the order of the listing's `dirs`. */
  readonly stamps: readonly DirectoryStamp[];
  /** The listing's paths joined by "\n" (no path holds one: see below): one string parses faster than 10,000. */
  readonly paths: string;
  readonly ignored: readonly IgnoredFile[];
  readonly typescript: boolean;
}

/**
 * Lists the revision files of `dirs` as listRevisionFiles does, from the listing stored under
 * `cache.cacheDir` when the directories are unchanged since, and stores the listing when they
 * are not and it can be trusted next time. Without `cache`, lists them.
 */
export function listRevisionFilesCached(dirs: readonly string[], cache: ListingCacheOptions | undefined): RevisionListing {
  if (cache === undefined) return listRevisionFiles(dirs);
  // Taken before the directories are read: a change while they are read then leaves the stamps
  // stored older than what was listed, and the next run lists them again.
  const stamps = directoryStamps(dirs);
  // A directory that is missing or unreadable: listing it reports that.
  if (stamps === undefined) return listRevisionFiles(dirs);
  const file = cacheFileOf(cache.cacheDir, "listing", dirs);
  const stored = storedListing(readCacheFile(file), cache.version, stamps);
  if (stored !== undefined) return { dirs, paths: stored.paths === "" ? [] : stored.paths.split("\n"), ignored: stored.ignored, typescript: stored.typescript, linked: false };
  const listing = listRevisionFiles(dirs);
  const settled = cache.now() - RACY_MS;
  const storable = !listing.linked && stamps.every(([, mtimeMs, ctimeMs]) => mtimeMs < settled && ctimeMs < settled) && listing.paths.every((p) => !p.includes("\n"));
  if (storable) {
    const contents: ListingFile = { format: 1, version: cache.version, stamps, paths: listing.paths.join("\n"), ignored: listing.ignored, typescript: listing.typescript };
    writeCacheFile(cache.cacheDir, file, contents);
  }
  return listing;
}

/** Each directory's stamp; undefined when one cannot be stat'ed. */
function directoryStamps(dirs: readonly string[]): DirectoryStamp[] | undefined {
  const stamps: DirectoryStamp[] = [];
  for (const dir of dirs) {
    const s = statSync(dir, { throwIfNoEntry: false });
    if (s === undefined || !s.isDirectory()) return undefined;
    stamps.push([s.ino, s.mtimeMs, s.ctimeMs]);
  }
  return stamps;
}

/** The stored listing, when it was made by this version for directories stamped exactly `stamps`. */
function storedListing(stored: unknown, version: string, stamps: readonly DirectoryStamp[]): ListingFile | undefined {
  const s = stored as Partial<ListingFile> | undefined;
  if (s?.format !== 1 || s.version !== version || typeof s.paths !== "string" || typeof s.typescript !== "boolean") return undefined;
  if (!Array.isArray(s.ignored) || !s.ignored.every(isIgnoredFile)) return undefined;
  if (!Array.isArray(s.stamps) || s.stamps.length !== stamps.length) return undefined;
  const same = stamps.every((stamp, i) => {
    const other: unknown = s.stamps![i];
    return Array.isArray(other) && other.length === 3 && stamp.every((n, j) => other[j] === n);
  });
  return same ? (s as ListingFile) : undefined;
}

function isIgnoredFile(value: unknown): value is IgnoredFile {
  const v = value as Partial<IgnoredFile> | null;
  return typeof v === "object" && v !== null && typeof v.dir === "string" && typeof v.name === "string";
}
