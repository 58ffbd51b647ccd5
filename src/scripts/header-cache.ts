/**
 * A per-user cache of parsed SQL revision headers, keyed by each file's size, mtime and inode.
 * Every command reads every header; with thousands of revisions, reading and parsing them is most
 * of a run. A hit costs one stat instead of a read and a parse; the SQL sections are read only
 * when a step runs.
 *
 * Like git's index it guards against "racy" entries: a file modified less than two seconds before
 * the cache was written may have changed again within the same timestamp tick, so it is re-read.
 * The cache lives in the user's own cache directory (mode 0700) and is ignored unless that user
 * owns it, so another user cannot feed retort false headers. Any problem with it only disables it.
 */
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync, type Stats } from "node:fs";
import { join } from "node:path";
import type { TimeoutOverrides } from "../core/lock-retry.ts";
import type { RevisionHeader } from "./revision-header.ts";
import { sha256Hex } from "./sha256.ts";

/** What is kept of one SQL revision file: its header and the checksum of its upgrade section. */
export interface CachedHeader extends RevisionHeader {
  readonly checksum: string;
}

/**
 * One file's entry, as a tuple: with thousands of entries, repeating key names made the cache
 * several times larger and slower to parse. `key` is the file's path without the part all the
 * versions directories share.
 */
type Entry = readonly [
  key: string,
  size: number,
  mtimeMs: number,
  ino: number,
  id: string,
  downRevisions: readonly string[],
  branchLabels: readonly string[],
  dependsOn: readonly string[],
  message: string,
  transaction: boolean,
  createDate: string | null,
  checksum: string,
  timeouts: TimeoutOverrides | null,
];

/**
 * The entries are a list in the order the files were listed, not an object keyed by path: the
 * next run lists the same files in the same order, so each lookup is one comparison, and parsing
 * a list costs less than parsing an object of thousands of keys.
 */
interface CacheFile {
  readonly format: 4;
  readonly writtenAt: number;
  readonly entries: readonly Entry[];
}

function toHeader(e: Entry): CachedHeader {
  return {
    id: e[4],
    downRevisions: e[5],
    branchLabels: e[6],
    dependsOn: e[7],
    message: e[8],
    transaction: e[9],
    createDate: e[10] ?? undefined,
    checksum: e[11],
    timeouts: e[12] ?? undefined,
  };
}

/** Files this recently modified before the cache was written are not trusted. */
export const RACY_MS = 2000;

export interface HeaderCache {
  /** The cached header of `path`, the `index`th file listed, if the file is unchanged since it was cached. */
  lookup(index: number, path: string, stat: Stats): CachedHeader | undefined;
  /** Records the header just parsed from `path`, the `index`th file listed. */
  store(index: number, path: string, stat: Stats, header: CachedHeader): void;
  /** Writes the cache of the `count` files listed if anything changed (atomically; failures are ignored). */
  save(count: number): void;
}

/** A cache that never hits, for when there is no cache directory. */
export const NO_CACHE: HeaderCache = { lookup: () => undefined, store: () => undefined, save: () => undefined };

function currentUid(): number | undefined {
  return typeof process.getuid === "function" ? process.getuid() : undefined;
}

/** The longest start every one of `dirs` has, up to a path separator. */
function sharedPrefix(dirs: readonly string[]): string {
  if (dirs.length === 0) return "";
  let prefix = join(dirs[0]!, "x").slice(0, -1);
  for (const dir of dirs.slice(1)) {
    const other = join(dir, "x").slice(0, -1);
    let i = 0;
    while (i < prefix.length && i < other.length && prefix[i] === other[i]) i++;
    prefix = prefix.slice(0, i);
  }
  const cut = Math.max(prefix.lastIndexOf("/"), prefix.lastIndexOf("\\"));
  return prefix.slice(0, cut + 1);
}

/** The file under `cacheDir` that keeps `kind` ("headers", "summary") for the versions directories `dirs`. */
export function cacheFileOf(cacheDir: string, kind: string, dirs: readonly string[]): string {
  return join(cacheDir, `${kind}-${sha256Hex(dirs.join("\n")).slice(0, 32)}.json`);
}

/** Whether a cache file exists and is the user's own (another user could feed retort false entries). */
export function ownCacheFile(file: string): boolean {
  try {
    const uid = currentUid();
    return uid === undefined || statSync(file).uid === uid;
  } catch {
    return false;
  }
}

/** The parsed content of a cache file, when it exists, is the user's own and parses; else undefined. */
export function readCacheFile(file: string): unknown {
  try {
    if (ownCacheFile(file)) return JSON.parse(readFileSync(file, "utf8"));
  } catch {
    // No cache yet, or unreadable: start afresh.
  }
  return undefined;
}

/** Writes a cache file atomically (mode 0600 in a 0700 directory); a failure only costs speed. */
export function writeCacheFile(cacheDir: string, file: string, data: unknown): void {
  try {
    mkdirSync(cacheDir, { recursive: true, mode: 0o700 });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(data), { mode: 0o600 });
    renameSync(tmp, file);
  } catch {
    // A read-only home directory only costs speed.
  }
}

/** Opens the cache of the versions directories `dirs` (real paths) under `cacheDir`. */
export function openHeaderCache(cacheDir: string | undefined, dirs: readonly string[], clock: () => number): HeaderCache {
  if (cacheDir === undefined) return NO_CACHE;
  const file = cacheFileOf(cacheDir, "headers", dirs);
  const parsed = readCacheFile(file) as CacheFile | undefined;
  const old = parsed?.format === 4 && typeof parsed.writtenAt === "number" && Array.isArray(parsed.entries) ? parsed : undefined;
  const shared = sharedPrefix(dirs);
  const keyOf = (path: string): string => (path.startsWith(shared) ? path.slice(shared.length) : path);
  // By key, for files listed at another place than last time (one was added or removed before them).
  let byKey: Map<string, Entry> | undefined;
  const oldEntry = (index: number, key: string): Entry | undefined => {
    const e = old!.entries[index];
    if (e?.[0] === key) return e;
    byKey ??= new Map(old!.entries.map((x) => [x[0], x]));
    return byKey.get(key);
  };
  const entries: Entry[] = [];
  let changed = false;
  return {
    lookup(index, path, stat) {
      if (!old) return undefined;
      const key = keyOf(path);
      const e = oldEntry(index, key);
      if (!e || e[1] !== stat.size || e[2] !== stat.mtimeMs || e[3] !== stat.ino) return undefined;
      if (e[2] >= old.writtenAt - RACY_MS) return undefined;
      entries[index] = e;
      if (e !== old.entries[index]) changed = true;
      return toHeader(e);
    },
    store(index, path, stat, header) {
      const h = header;
      entries[index] = [keyOf(path), stat.size, stat.mtimeMs, stat.ino, h.id, h.downRevisions, h.branchLabels, h.dependsOn, h.message, h.transaction, h.createDate ?? null, h.checksum, h.timeouts ?? null];
      changed = true;
    },
    save(count) {
      if (!changed && old && count === old.entries.length) return;
      // Files not cached (TypeScript revisions, files that failed to stat) leave holes: dropped.
      const data: CacheFile = { format: 4, writtenAt: clock(), entries: entries.filter((e) => e !== undefined) };
      writeCacheFile(cacheDir, file, data);
    },
  };
}
