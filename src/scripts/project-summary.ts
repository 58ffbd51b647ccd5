/**
 * What a no-op `upgrade` and `current` need to know of revision files an earlier run has already
 * read: their heads, what is said of each head, and the digest of every revision's checksum. A
 * database whose version table holds those heads and whose recorded checksums have that digest is
 * up to date, and the thousands of headers behind them need not be read, nor their graph built,
 * to say so. Each revision's checksum is kept too, in a file beside the summary, for a database
 * where fewer revisions have one recorded (stamped rather than upgraded), whose checksums are
 * then compared one by one.
 *
 * The files are recognised by a fingerprint of every listed file's path, size, mtime and inode,
 * the same identity the header cache trusts (header-cache.ts), and kept beside it under the same
 * rules: the user's own file, written atomically, and any problem only disables it. A summary is
 * stored only when every file is older than the racy window, so no later edit within the same
 * timestamp tick can go unseen.
 */
import type { RevisionListing, ListedStats } from "./revision-files.ts";
import { cacheFileOf, RACY_MS, readCacheFile, writeCacheFile } from "./header-cache.ts";
import { sha256HexOfParts } from "./sha256.ts";

/** `Head` is what the caller keeps of each head (describe.ts's RevisionInfo); this module only stores it. */
export interface ProjectSummary<Head = unknown> {
  /** The heads, in topological order. */
  readonly heads: readonly string[];
  /** What the caller said of each head, in the order of `heads`. */
  readonly described: readonly Head[];
  /** How many revisions there are. */
  readonly count: number;
  /** checksumDigest (read-state.ts) of every revision. */
  readonly digest: string;
}

/** What is stored of the files: their summary, and every revision's checksum. */
export interface SummaryContents<Head = unknown> extends ProjectSummary<Head> {
  /** Each revision's checksum, by revision; kept in a file of its own, read only when asked for. */
  readonly checksums: ReadonlyMap<string, string>;
}

/** The summary of a listing's files as they are now. */
export interface SummaryStore<Head = unknown> {
  /** The summary an earlier run stored for exactly these files, unchanged since. */
  readonly found: ProjectSummary<Head> | undefined;
  /**
   * Every revision's checksum, stored with the summary found; undefined without one, or when its
   * file is missing or was made for other files. Read on demand: with 10,000 revisions it is most
   * of a megabyte, which a deploy's no-op at the heads with their recorded digest never needs.
   */
  checksums(): ReadonlyMap<string, string> | undefined;
  /** Stores what `make` gives for these files, unless a summary was found or a file is too recent to trust. */
  save(make: () => SummaryContents<Head>): void;
}

/** Whose files a cache file describes: the retort that made it (another may read the same files differently) and the files' fingerprint. */
interface MadeFor {
  readonly version: string;
  readonly fingerprint: string;
}

interface SummaryFile<Head> extends ProjectSummary<Head>, MadeFor {
  /** 3: stored with a checksums file beside it; a summary of format 2 had none. */
  readonly format: 3;
}

interface ChecksumsFile extends MadeFor {
  readonly format: 1;
  /** [revision, checksum] pairs. */
  readonly checksums: readonly (readonly [string, string])[];
}

const NO_SUMMARY: SummaryStore<never> = { found: undefined, checksums: () => undefined, save: () => undefined };

/**
 * Opens the summary of `listing`'s files, whose stats (in the listing's order) are `stats`, under
 * `cacheDir`; `version` is this retort's. What it holds of each head is what this version stored.
 */
export function openProjectSummary<Head>(cacheDir: string, listing: RevisionListing, stats: ListedStats, version: string, clock: () => number): SummaryStore<Head> {
  const identity = filesIdentity(listing, stats);
  // A file that is gone fails the read that follows, as it would without a summary.
  if (identity === undefined) return NO_SUMMARY;
  const { fingerprint, newest } = identity;
  const file = cacheFileOf(cacheDir, "summary", listing.dirs);
  const stored = readCacheFile(file) as Partial<SummaryFile<Head>> | undefined;
  const found =
    stored?.format === 3 &&
    stored.version === version &&
    stored.fingerprint === fingerprint &&
    Array.isArray(stored.heads) &&
    Array.isArray(stored.described) &&
    stored.described.length === stored.heads.length &&
    typeof stored.count === "number" &&
    typeof stored.digest === "string"
      ? { heads: stored.heads, described: stored.described, count: stored.count, digest: stored.digest }
      : undefined;
  const checksumsFile = cacheFileOf(cacheDir, "checksums", listing.dirs);
  return {
    found,
    checksums: () => (found === undefined ? undefined : readChecksums(checksumsFile, { version, fingerprint })),
    save(make) {
      if (found !== undefined || newest >= clock() - RACY_MS) return;
      const { heads, described, count, digest, checksums } = make();
      // The checksums first: a summary is never found without the checksums of its files beside it, unless writing them failed.
      writeCacheFile(cacheDir, checksumsFile, { format: 1, version, fingerprint, checksums: [...checksums] } satisfies ChecksumsFile);
      writeCacheFile(cacheDir, file, { format: 3, version, fingerprint, heads, described, count, digest } satisfies SummaryFile<Head>);
    },
  };
}

/** The checksums stored in `file` for the files `madeFor` describes; undefined for any other. */
function readChecksums(file: string, madeFor: MadeFor): ReadonlyMap<string, string> | undefined {
  const stored = readCacheFile(file) as Partial<ChecksumsFile> | undefined;
  if (stored?.format !== 1 || stored.version !== madeFor.version || stored.fingerprint !== madeFor.fingerprint || !Array.isArray(stored.checksums)) return undefined;
  const pairs = stored.checksums as unknown[];
  const isPair = (p: unknown): p is [string, string] => Array.isArray(p) && p.length === 2 && typeof p[0] === "string" && typeof p[1] === "string";
  return pairs.every(isPair) ? new Map(pairs) : undefined;
}

/**
 * The fingerprint of the listed files (their paths, then each one's size, mtime and inode as
 * 64-bit floats, hashed as bytes) and the newest mtime; undefined when a file could not be
 * stat'ed. One loop into a typed array: with 10,000 files, formatting 30,000 numbers as text took
 * 7 ms of a 90 ms no-op.
 */
function filesIdentity(listing: RevisionListing, stats: ListedStats): { fingerprint: string; newest: number } | undefined {
  const numbers = new Float64Array(stats.length * 3);
  let newest = 0;
  for (let i = 0; i < stats.length; i++) {
    const s = stats[i];
    if (s === undefined) return undefined;
    numbers[i * 3] = s.size;
    numbers[i * 3 + 1] = s.mtimeMs;
    numbers[i * 3 + 2] = s.ino;
    if (s.mtimeMs > newest) newest = s.mtimeMs;
  }
  const fingerprint = sha256HexOfParts([listing.paths.join("\n"), "\n", new Uint8Array(numbers.buffer)]);
  return { fingerprint, newest };
}
