/**
 * The statements an earlier run parsed of the same texts, so that a run that lints what it has
 * linted before (`upgrade head` onto a new, empty database, as tests and CI do on every run)
 * needs neither the grammar's WebAssembly nor its compile. On a 2-core machine that compile,
 * the parse and the engine's tier-up of the hot parser functions took about 0.2 s of CPU beside
 * the server for 600 statements, which slowed the server itself.
 *
 * One file (a "pack") per list of texts: named by the digest of their keys (each text's SHA-256,
 * which for a revision's upgrade section is its checksum), so a pack is found without reading the
 * texts, and a run reads one file however many texts it lints. It holds each text's statements,
 * or its syntax error, by the text's SHA-256: a text is only ever served the parse of itself.
 * Kept beside the header cache under the same rules (the user's own directory and files, written
 * atomically, any problem only costs speed), named after retort's version and the grammar's
 * build, and pruned to the most recently used few.
 */
import { readdirSync, statSync, unlinkSync, utimesSync } from "node:fs";
import { join } from "node:path";
import { cacheFileOf, ownCacheFile, readCacheFile, writeCacheFile } from "./header-cache.ts";
import { sha256Hex } from "./sha256.ts";
import { SqlSyntaxError, type ParsedStatement, type SqlParser } from "./sql-parser.ts";

/** A text's parse: its statements, or the syntax error the grammar gave. */
export type CachedParse = { readonly statements: readonly ParsedStatement[] } | { readonly error: string; readonly position: number };

interface PackFile {
  readonly format: 1;
  /** retort's version and the grammar's build (parserBuild): another may parse differently. */
  readonly madeFor: string;
  /** [SHA-256 of the text, its parse] pairs. */
  readonly parses: readonly (readonly [string, CachedParse])[];
}

const PREFIX = "parsed";

/** How many packs are kept, and how many bytes of them at most: the most recently used ones. */
const KEPT = 16;
const KEPT_BYTES = 256 * 1024 * 1024;

/** Where the parses of the texts with `keys` are kept, and for whom. */
export interface PackPlace {
  readonly cacheDir: string;
  readonly file: string;
  readonly madeFor: string;
}

/** The pack of the texts whose SHA-256 digests are `keys`, in the order they are parsed. */
export function packPlace(cacheDir: string, madeFor: string, keys: readonly string[]): PackPlace {
  return { cacheDir, file: cacheFileOf(cacheDir, PREFIX, [madeFor, ...keys]), madeFor };
}

/** Whether a pack is stored at `place` (it is read only when the lint runs: one stat before the run's first statement). */
export function hasPack(place: PackPlace): boolean {
  return ownCacheFile(place.file);
}

/** The parses stored at `place`, by the SHA-256 of their texts; undefined when there are none. Marks the pack used. */
export function readPack(place: PackPlace): ReadonlyMap<string, CachedParse> | undefined {
  const stored = readCacheFile(place.file) as Partial<PackFile> | undefined;
  if (stored?.format !== 1 || stored.madeFor !== place.madeFor || !Array.isArray(stored.parses) || !stored.parses.every(isEntry)) return undefined;
  try {
    const now = new Date();
    utimesSync(place.file, now, now);
  } catch {
    // Only the pruning's order is lost.
  }
  return new Map(stored.parses);
}

/** Whether a stored entry has the shape of one (a damaged pack is not used). */
function isEntry(entry: unknown): entry is readonly [string, CachedParse] {
  if (!Array.isArray(entry) || entry.length !== 2 || typeof entry[0] !== "string") return false;
  const parse = entry[1] as Record<string, unknown> | null;
  return parse !== null && typeof parse === "object" && (Array.isArray(parse.statements) || (typeof parse.error === "string" && typeof parse.position === "number"));
}

/** Thrown by a CachingParser without a grammar for a text its pack lacks: load the grammar and parse again. */
export class ParseNotCached extends Error {
  constructor() {
    super("A text to parse is not in the parses cached, and the grammar is not loaded");
    this.name = "ParseNotCached";
  }
}

/**
 * A parser that answers from `found` (a pack read earlier) and asks `grammar` for any other text,
 * remembering every parse it gives, for `save`. Without a grammar, a text the pack lacks throws
 * ParseNotCached.
 */
export class CachingParser implements SqlParser {
  readonly #found: ReadonlyMap<string, CachedParse>;
  readonly #grammar: SqlParser | undefined;
  readonly #given = new Map<string, CachedParse>();
  #parsedAnew = false;

  constructor(found: ReadonlyMap<string, CachedParse> | undefined, grammar: SqlParser | undefined) {
    this.#found = found ?? new Map();
    this.#grammar = grammar;
  }

  parse(sql: string): ParsedStatement[] {
    const key = sha256Hex(sql);
    const parse = this.#given.get(key) ?? this.#found.get(key) ?? this.#parseAnew(sql);
    this.#given.set(key, parse);
    if ("error" in parse) throw new SqlSyntaxError(parse.error, parse.position);
    // The trees are shared by equal texts and stored as given: the lint only reads them.
    return [...parse.statements];
  }

  /** Stores every parse given, when any came from the grammar (a pack found whole is kept as it is). */
  save(place: PackPlace | undefined): void {
    if (place === undefined || !this.#parsedAnew) return;
    writeCacheFile(place.cacheDir, place.file, { format: 1, madeFor: place.madeFor, parses: [...this.#given] } satisfies PackFile);
    prunePacks(place.cacheDir);
  }

  #parseAnew(sql: string): CachedParse {
    if (this.#grammar === undefined) throw new ParseNotCached();
    this.#parsedAnew = true;
    try {
      return { statements: this.#grammar.parse(sql) };
    } catch (error) {
      if (error instanceof SqlSyntaxError) return { error: error.message, position: error.position };
      throw error;
    }
  }
}

/**
 * Keeps the KEPT most recently used packs, fewer when they hold more than KEPT_BYTES (the one
 * just written always stays); a failure only leaves them.
 */
export function prunePacks(cacheDir: string, keptBytes = KEPT_BYTES): void {
  try {
    const packs = readdirSync(cacheDir).filter((name) => name.startsWith(`${PREFIX}-`) && name.endsWith(".json"));
    const used = packs
      .map((name) => {
        const stat = statSync(join(cacheDir, name));
        return { path: join(cacheDir, name), at: stat.mtimeMs, size: stat.size };
      })
      .sort((a, b) => b.at - a.at);
    let bytes = 0;
    for (const [i, pack] of used.entries()) {
      bytes += pack.size;
      if (i > 0 && (i >= KEPT || bytes > keptBytes)) unlinkSync(pack.path);
    }
  } catch {
    // Another run pruning at the same time, or a directory that cannot be listed.
  }
}
