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
 * several times larger and slower to parse.
 */
type Entry = readonly [
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

interface CacheFile {
  readonly format: 3;
  readonly writtenAt: number;
  readonly entries: Record<string, Entry>;
}

function toHeader(e: Entry): CachedHeader {
  return {
    id: e[3],
    downRevisions: e[4],
    branchLabels: e[5],
    dependsOn: e[6],
    message: e[7],
    transaction: e[8],
    createDate: e[9] ?? undefined,
    checksum: e[10],
    timeouts: e[11] ?? undefined,
  };
}

/** Files this recently modified before the cache was written are not trusted. */
const RACY_MS = 2000;

export interface HeaderCache {
  /** The cached header of `path`, if the file is unchanged since it was cached. */
  lookup(path: string, stat: Stats): CachedHeader | undefined;
  /** Records the header just parsed from `path`. */
  store(path: string, stat: Stats, header: CachedHeader): void;
  /** Writes the cache if anything changed (atomically; failures are ignored). */
  save(paths: readonly string[]): void;
}

/** A cache that never hits, for when there is no cache directory. */
export const NO_CACHE: HeaderCache = { lookup: () => undefined, store: () => undefined, save: () => undefined };

function currentUid(): number | undefined {
  return typeof process.getuid === "function" ? process.getuid() : undefined;
}

/** Opens the cache of the versions directories `dirs` (real paths) under `cacheDir`. */
export function openHeaderCache(cacheDir: string | undefined, dirs: readonly string[], clock: () => number): HeaderCache {
  if (cacheDir === undefined) return NO_CACHE;
  const file = join(cacheDir, `headers-${sha256Hex(dirs.join("\n")).slice(0, 32)}.json`);
  let old: CacheFile | undefined;
  try {
    const owner = statSync(file).uid;
    const uid = currentUid();
    if (uid === undefined || owner === uid) {
      const parsed = JSON.parse(readFileSync(file, "utf8")) as CacheFile;
      if (parsed.format === 3 && typeof parsed.writtenAt === "number" && parsed.entries) old = parsed;
    }
  } catch {
    // No cache yet, or unreadable: start afresh.
  }
  const entries: Record<string, Entry> = {};
  let changed = false;
  return {
    lookup(path, stat) {
      const e = old?.entries[path];
      if (!e || e[0] !== stat.size || e[1] !== stat.mtimeMs || e[2] !== stat.ino) return undefined;
      if (e[1] >= old!.writtenAt - RACY_MS) return undefined;
      entries[path] = e;
      return toHeader(e);
    },
    store(path, stat, header) {
      const h = header;
      entries[path] = [stat.size, stat.mtimeMs, stat.ino, h.id, h.downRevisions, h.branchLabels, h.dependsOn, h.message, h.transaction, h.createDate ?? null, h.checksum, h.timeouts ?? null];
      changed = true;
    },
    save(paths) {
      if (!changed && old && paths.length === Object.keys(old.entries).length) return;
      try {
        mkdirSync(cacheDir, { recursive: true, mode: 0o700 });
        const tmp = `${file}.${process.pid}.tmp`;
        const data: CacheFile = { format: 3, writtenAt: clock(), entries };
        writeFileSync(tmp, JSON.stringify(data), { mode: 0o600 });
        renameSync(tmp, file);
      } catch {
        // A read-only home directory only costs speed.
      }
    },
  };
}
