/**
 * Lists the versions directories and reads every revision file in them into one shape, whatever
 * its kind. The only module here that reads the file system for existing revisions.
 */
import { readdirSync, readFileSync, realpathSync, statSync, type Stats } from "node:fs";
import { basename, join } from "node:path";
import { setImmediate as nextTurn } from "node:timers/promises";
import type { TimeoutOverrides } from "../core/lock-retry.ts";
import type { Revision } from "../core/revision.ts";
import { RevisionFileError, VersionsDirectoryError } from "./errors.ts";
import { NO_CACHE, openHeaderCache, type CachedHeader, type HeaderCache } from "./header-cache.ts";
import { sha256Hex } from "./sha256.ts";
import { revisionOf } from "./revision-header.ts";
import { parseSqlRevision, type SqlSection } from "./sql-revision.ts";
import type { MigrationFunction } from "./ts-revision.ts";

interface RevisionFileBase {
  readonly revision: Revision;
  readonly path: string;
  /** False runs the revision outside a transaction. */
  readonly transaction: boolean;
  /** sha256 hex of the upgrade section (sql) or of the whole file (ts), after BOM/CRLF normalisation. */
  readonly checksum: string;
  readonly createDate: string | undefined;
  /** The timeouts the revision sets for itself in its header or exports. */
  readonly timeouts: TimeoutOverrides | undefined;
}

/** A SQL revision file with its sections and text (to map server error positions back to it). */
export interface SqlRevisionSource extends RevisionFileBase {
  readonly kind: "sql";
  readonly text: string;
  readonly upgrade: SqlSection;
  readonly downgrade: SqlSection | undefined;
}

/** A TS revision file with its loaded functions. */
export interface TsRevisionSource extends RevisionFileBase {
  readonly kind: "ts";
  readonly upgrade: MigrationFunction;
  readonly downgrade: MigrationFunction | undefined;
}

/** One revision file, read and validated. */
export type RevisionFile = SqlRevisionSource | TsRevisionSource;

/** The kind of revision a file name holds, or undefined for a file retort does not read. */
export function revisionFileKind(fileName: string): "sql" | "ts" | undefined {
  // Dotfiles cover vim swap files (.x.sql.swp) and emacs locks (.#x.sql); "~" and "#" cover backups.
  if (fileName.startsWith(".") || fileName.endsWith("~") || fileName.startsWith("#")) return undefined;
  if (fileName.endsWith(".sql")) return "sql";
  if (fileName.endsWith(".ts") && !fileName.endsWith(".d.ts")) return "ts";
  return undefined;
}

function normaliseText(text: string): string {
  return (text.startsWith("\uFEFF") ? text.slice(1) : text).replace(/\r\n/g, "\n");
}

/** Decodes strictly: a byte that is not UTF-8 would otherwise become U+FFFD, silently changing the SQL. */
const UTF8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

function readText(path: string): string {
  let bytes: Uint8Array;
  try {
    // Synchronous: a project has hundreds or thousands of small files, read one after another,
    // and a promise per file costs more than the read itself.
    bytes = readFileSync(path);
  } catch (error) {
    throw new RevisionFileError(path, undefined, `cannot read the file: ${(error as Error).message}`, undefined, { cause: error });
  }
  try {
    return UTF8.decode(bytes);
  } catch (error) {
    const line = invalidUtf8Line(bytes);
    throw new RevisionFileError(path, line, "the file is not valid UTF-8", "Save it as UTF-8 (iconv -f latin1 -t utf-8, or your editor's encoding setting)", { cause: error });
  }
}

/** The 1-based line of the first byte sequence that is not UTF-8. */
function invalidUtf8Line(bytes: Uint8Array): number {
  let line = 1;
  let start = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i === bytes.length || bytes[i] === 0x0a) {
      try {
        UTF8.decode(bytes.subarray(start, i));
      } catch {
        return line;
      }
      line++;
      start = i + 1;
    }
  }
  return line;
}

/** A SQL revision read and parsed now. */
function sqlRevisionFromText(path: string, text: string, parsed = parseSqlRevision(text, path)): SqlRevisionSource {
  const h = parsed.header;
  return {
    kind: "sql",
    path,
    text,
    revision: revisionOf(h, path),
    transaction: h.transaction,
    timeouts: h.timeouts,
    // Computed on first use: read-only commands never need it.
    get checksum() {
      const value = sha256Hex(parsed.upgrade.sql);
      Object.defineProperty(this, "checksum", { value });
      return value;
    },
    createDate: h.createDate,
    upgrade: parsed.upgrade,
    downgrade: parsed.downgrade,
  };
}

/**
 * A SQL revision known from the header cache; its sections are read when first used. A class, so
 * that its getters live once on the prototype rather than on each of thousands of objects.
 */
class CachedSqlRevision implements SqlRevisionSource {
  readonly kind = "sql";
  readonly path: string;
  readonly revision: Revision;
  readonly transaction: boolean;
  readonly timeouts: TimeoutOverrides | undefined;
  readonly checksum: string;
  readonly createDate: string | undefined;
  #loaded: SqlRevisionSource | undefined;

  constructor(path: string, cached: CachedHeader) {
    this.path = path;
    this.revision = revisionOf(cached, path);
    this.transaction = cached.transaction;
    this.timeouts = cached.timeouts;
    this.checksum = cached.checksum;
    this.createDate = cached.createDate;
  }

  get text(): string {
    return this.#load().text;
  }

  get upgrade(): SqlSection {
    return this.#load().upgrade;
  }

  get downgrade(): SqlSection | undefined {
    return this.#load().downgrade;
  }

  #load(): SqlRevisionSource {
    if (this.#loaded) return this.#loaded;
    const fresh = sqlRevisionFromText(this.path, readText(this.path));
    if (fresh.revision.id !== this.revision.id || fresh.checksum !== this.checksum) {
      throw new RevisionFileError(this.path, undefined, "the file changed while retort was reading it", "Run the command again");
    }
    return (this.#loaded = fresh);
  }
}

/**
 * Reads a SQL revision file, the `index`th listed, from the header cache when it is unchanged.
 * Synchronous: there are many.
 */
function readSqlRevisionFile(path: string, index: number, cache: HeaderCache, stats: ListedStats | undefined): SqlRevisionSource {
  const stat = cache === NO_CACHE ? undefined : stats === undefined ? statSync(path, { throwIfNoEntry: false }) : stats[index];
  const cached = stat && cache.lookup(index, path, stat);
  if (cached) return new CachedSqlRevision(path, cached);
  const text = readText(path);
  const parsed = parseSqlRevision(text, path);
  const file = sqlRevisionFromText(path, text, parsed);
  if (stat) cache.store(index, path, stat, { ...parsed.header, checksum: file.checksum });
  return file;
}

/** Reads one revision file (`.sql` or `.ts`). */
export async function readRevisionFile(path: string): Promise<RevisionFile> {
  const kind = revisionFileKind(basename(path));
  if (kind === undefined) throw new RevisionFileError(path, undefined, "not a revision file (expected .sql or .ts)");
  return kind === "sql" ? readSqlRevisionFile(path, 0, NO_CACHE, undefined) : readTsRevisionFile(path);
}

async function readTsRevisionFile(path: string): Promise<TsRevisionSource> {
  const text = readText(path);
  const checksum = sha256Hex(normaliseText(text));
  // Loaded on demand: it brings zod, which a project of SQL revisions never needs.
  const { loadTsRevision } = await import("./ts-revision.ts");
  const m = await loadTsRevision(path, { cacheKey: checksum.slice(0, 16) });
  return {
    kind: "ts",
    path,
    revision: revisionOf(m, path),
    transaction: m.transaction,
    timeouts: m.timeouts,
    checksum,
    createDate: m.createDate,
    upgrade: m.upgrade,
    downgrade: m.downgrade,
  };
}

/** A revision file found in a versions directory. */
interface ListedFile {
  readonly path: string;
  /** The name within its directory. */
  readonly name: string;
  /** The path with symlinks resolved, so one file reached twice is read once. */
  readonly real: string;
  /** Which of the versions directories it was found in (the first, for a directory given twice). */
  readonly dirIndex: number;
  readonly kind: "sql" | "ts";
}

/**
 * The revision files directly inside `dir`, unsorted; returns whether any entry is a symlink.
 * Synchronous, like the reads: an asynchronous call costs a thread-pool round trip, several times
 * the system call itself.
 */
function listDirectory(dir: string, dirIndex: number, files: ListedFile[], ignored: IgnoredFile[]): boolean {
  let entries;
  let realDir: string;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
    realDir = realpathSync(dir);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === "ENOENT") {
      throw new VersionsDirectoryError(dir, "it does not exist", "Run `retort init` to create it, or set script_location in retort.toml", { cause: error });
    }
    if (code === "ENOTDIR") throw new VersionsDirectoryError(dir, "it is not a directory", undefined, { cause: error });
    throw new VersionsDirectoryError(dir, (error as Error).message, undefined, { cause: error });
  }
  // join() once per directory: a name from readdir has no separator, so appending it to the joined
  // prefix gives join(dir, name) without normalising the whole path again for each of 10,000 files.
  const prefix = join(dir, "x").slice(0, -1);
  const realPrefix = join(realDir, "x").slice(0, -1);
  let symlinks = false;
  for (const entry of entries) {
    symlinks ||= entry.isSymbolicLink();
    const kind = revisionFileKind(entry.name);
    if (kind === undefined) {
      // Editor and backup files are nobody's revisions; anything else is named, so nothing is skipped unsaid.
      const hidden = entry.name.startsWith(".") || entry.name.endsWith("~") || entry.name.startsWith("#");
      if (!hidden && (entry.isFile() || (entry.isSymbolicLink() && isFileBehindLink(join(dir, entry.name))))) ignored.push({ dir, name: entry.name });
      continue;
    }
    const path = prefix + entry.name;
    // Only symlinks cost a system call: a regular file's real path is its real directory's.
    if (entry.isFile()) files.push({ path, name: entry.name, real: realPrefix + entry.name, dirIndex, kind });
    else if (entry.isSymbolicLink()) {
      // Directories such as `x.sql/` are skipped, but a symlink to a file is followed.
      if (isFileBehindLink(path)) files.push({ path, name: entry.name, real: realpathSync(path), dirIndex, kind });
    }
  }
  return symlinks;
}

/** A file in a versions directory that retort does not read (an Alembic `.py` revision, a README…). */
export interface IgnoredFile {
  readonly dir: string;
  readonly name: string;
}

/** The revision files of some versions directories. */
export interface RevisionListing {
  readonly dirs: readonly string[];
  /**
   * By directory, in the order given, then by name (Alembic's order, which ties in `history` and
   * `heads` follow); a file reached twice (through a symlink) is listed once.
   */
  readonly paths: readonly string[];
  /** The other files directly inside `dirs` (hidden and backup files left out), by directory and name. */
  readonly ignored: readonly IgnoredFile[];
  /** Whether a listed file is a TypeScript revision. */
  readonly typescript: boolean;
  /** Whether a directory holds a symlink, whose target can change while the directory does not (listing-cache.ts). */
  readonly linked: boolean;
}

/** Lists the revision files directly inside `dirs` (not recursing). */
export function listRevisionFiles(dirs: readonly string[]): RevisionListing {
  const listed: ListedFile[] = [];
  const ignored: IgnoredFile[] = [];
  let linked = false;
  for (const dir of dirs) linked = listDirectory(dir, dirs.indexOf(dir), listed, ignored) || linked;
  ignored.sort((a, b) => comparePaths(join(a.dir, a.name), join(b.dir, b.name)));
  // One directory without symlinks (the usual project) lists each file once: its paths need only sorting.
  // Names sort faster than paths, which are all built by concatenation and share the directory.
  // A loop, not callbacks, over what may be 10,000 files: while the start-up code is still
  // interpreted, a callback per file cost 10,000 revisions about 3 ms, the loop under 1. The same
  // loop notes a TypeScript revision, which `fetchTypes` and the summary ask about.
  const names: string[] = [];
  let typescript = false;
  for (let i = 0; i < listed.length; i++) {
    names.push(listed[i]!.name);
    typescript ||= listed[i]!.kind === "ts";
  }
  if (dirs.length === 1 && !linked) {
    const prefix = listed[0] === undefined ? "" : listed[0].path.slice(0, listed[0].path.length - listed[0].name.length);
    names.sort();
    for (let i = 0; i < names.length; i++) names[i] = prefix + names[i]!;
    return { dirs, paths: names, ignored, typescript, linked };
  }
  // Deduplicate after sorting, so which of two paths to one file is kept does not depend on `dirs` order.
  const byPath = new Map(listed.map((f) => [f.path, f]));
  // The default sort is comparePaths's code-unit order, without a call per comparison.
  const sorted = [...byPath.keys()].sort();
  const seen = new Set<string>();
  const kept: ListedFile[] = [];
  for (const path of sorted) {
    const file = byPath.get(path)!;
    if (seen.has(file.real)) continue;
    seen.add(file.real);
    kept.push(file);
  }
  // A stable sort: within a directory, path order is name order.
  kept.sort((a, b) => a.dirIndex - b.dirIndex);
  return { dirs, paths: kept.map((f) => f.path), ignored, typescript: kept.some((f) => f.kind === "ts"), linked };
}

/** Whether the symlink `path` leads to a regular file (a dangling or looping link does not). */
function isFileBehindLink(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function comparePaths(a: string, b: string): number {
  // Code-unit order, not localeCompare: the same on every machine whatever its locale.
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Where and how to cache parsed headers (see header-cache.ts); no cache without a directory. */
export interface ReadOptions {
  readonly cacheDir?: string | undefined;
  /** Wall-clock milliseconds, stamped on the cache. */
  readonly now?: () => number;
  /** The files' stats, when statListed has just taken them. */
  readonly stats?: ListedStats;
}

/** Each listed file's stat, in the listing's order; undefined for a file that is gone. */
export type ListedStats = readonly (Stats | undefined)[];

/**
 * The longest the reading goes on without a turn of the event loop. A connection opened before
 * reading needs a turn for each step of its start: the driver's connect timer, the socket's
 * connect, the server's answers. Each waits for the next turn, while a turn costs about 2 µs.
 */
const YIELD_AFTER_MS = 0.2;

/**
 * Whether the caller has worked YIELD_AFTER_MS since it last let the event loop turn (it then
 * does: `if (due()) await nextTurn()`). Awaiting only then keeps 10,000 files from costing as
 * many awaits.
 */
export function turnDue(): () => boolean {
  let lastTurn = performance.now();
  return () => {
    const now = performance.now();
    if (now - lastTurn < YIELD_AFTER_MS) return false;
    lastTurn = now;
    return true;
  };
}

/** Stats every file of `listing`, letting the event loop turn as reading the files does. */
export async function statListed(listing: RevisionListing): Promise<ListedStats> {
  const { paths } = listing;
  const stats: (Stats | undefined)[] = [];
  const due = turnDue();
  for (let i = 0; i < paths.length; i++) {
    // The clock every 8 files (a stat takes microseconds): one call per file cost 10,000 files ~2 ms.
    if (i % 8 === 0 && due()) await nextTurn();
    stats.push(statSync(paths[i]!, { throwIfNoEntry: false }));
  }
  return stats;
}

/** Reads every revision file of a listing (or of the directories `dirs`), in the listing's order. */
export async function readRevisionFiles(from: RevisionListing | readonly string[], opts: ReadOptions = {}): Promise<RevisionFile[]> {
  const { dirs, paths } = "paths" in from ? from : listRevisionFiles(from);
  // Let the event loop run now and then, so a connection opened before reading (the server
  // starts its backend meanwhile) makes progress instead of waiting for the last file.
  await nextTurn();
  const due = turnDue();
  const cache = openHeaderCache(opts.cacheDir, dirs, opts.now ?? Date.now);
  const files: RevisionFile[] = [];
  // One at a time: TS revisions run code when imported, and their errors should come in the listing's order.
  for (const [i, path] of paths.entries()) {
    if (due()) await nextTurn();
    files.push(path.endsWith(".sql") ? readSqlRevisionFile(path, i, cache, opts.stats) : await readRevisionFile(path));
  }
  cache.save(paths.length);
  return files;
}
