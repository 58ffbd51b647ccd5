import { mkdtempSync, readdirSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { CachingParser, packPlace, ParseNotCached, prunePacks, readPack } from "./parse-cache.ts";
import { sha256Hex } from "./sha256.ts";
import { loadSqlParser, SqlSyntaxError, type SqlParser } from "./sql-parser.ts";

let grammar: SqlParser;
beforeAll(async () => {
  grammar = await loadSqlParser();
});

/** The grammar, counting the texts it is asked to parse. */
function counted(): { parser: SqlParser; asked: string[] } {
  const asked: string[] = [];
  return { parser: { parse: (sql) => (asked.push(sql), grammar.parse(sql)) }, asked };
}

const TEXTS = ["CREATE TABLE t (id int PRIMARY KEY, v text);\nCREATE INDEX t_v ON t (v);", "-- é, then a statement\nSELECT 'ü' AS x;", "SELECT 1;"];

function cacheDir(): string {
  return mkdtempSync(join(tmpdir(), "retort-parse-cache-"));
}

/** Parses `texts` with the grammar through a CachingParser and saves its pack at `place`. */
function parseAndSave(place: ReturnType<typeof packPlace>, texts: readonly string[]): void {
  const first = new CachingParser(undefined, counted().parser);
  for (const t of texts) {
    try {
      first.parse(t);
    } catch (error) {
      if (!(error instanceof SqlSyntaxError)) throw error;
    }
  }
  first.save(place);
}

describe("the cache of parsed texts", () => {
  it("gives a later run the grammar's own statements and offsets without asking the grammar", () => {
    const dir = cacheDir();
    const place = packPlace(dir, "v1 grammar-a", TEXTS.map(sha256Hex));
    parseAndSave(place, TEXTS);
    const later = new CachingParser(readPack(place), undefined);
    for (const t of TEXTS) expect(later.parse(t)).toEqual(grammar.parse(t));
  });

  it("gives the same syntax error, at the same position, for a text the grammar rejected", () => {
    const dir = cacheDir();
    const bad = "SELECT 1;\nSELECT FROM WHERE;";
    const place = packPlace(dir, "v1 grammar-a", [sha256Hex(bad)]);
    parseAndSave(place, [bad]);
    const fromGrammar = (() => {
      try {
        grammar.parse(bad);
      } catch (error) {
        return error as SqlSyntaxError;
      }
      throw new Error("the grammar accepted it");
    })();
    const later = new CachingParser(readPack(place), undefined);
    expect(() => later.parse(bad)).toThrow(SqlSyntaxError);
    try {
      later.parse(bad);
    } catch (error) {
      expect(error).toMatchObject({ message: fromGrammar.message, position: fromGrammar.position });
    }
  });

  it("says a text it does not hold is not cached, rather than guessing; with the grammar it parses it and keeps it", () => {
    const dir = cacheDir();
    const place = packPlace(dir, "v1 grammar-a", [sha256Hex(TEXTS[0]!)]);
    parseAndSave(place, [TEXTS[0]!]);
    expect(() => new CachingParser(readPack(place), undefined).parse(TEXTS[2]!)).toThrow(ParseNotCached);
    const { parser, asked } = counted();
    const mixed = new CachingParser(readPack(place), parser);
    mixed.parse(TEXTS[0]!);
    mixed.parse(TEXTS[2]!);
    expect(asked).toEqual([TEXTS[2]]);
    mixed.save(place);
    const whole = new CachingParser(readPack(place), undefined);
    expect(whole.parse(TEXTS[2]!)).toEqual(grammar.parse(TEXTS[2]!));
  });

  it("answers a text only with its own parse: another text of the same length is not served it", () => {
    const dir = cacheDir();
    const place = packPlace(dir, "v1 grammar-a", [sha256Hex("SELECT 1;")]);
    parseAndSave(place, ["SELECT 1;"]);
    expect(() => new CachingParser(readPack(place), undefined).parse("SELECT 2;")).toThrow(ParseNotCached);
  });

  it("is not found by another retort or grammar build, nor for other texts", () => {
    const dir = cacheDir();
    const keys = TEXTS.map(sha256Hex);
    parseAndSave(packPlace(dir, "v1 grammar-a", keys), TEXTS);
    expect(readPack(packPlace(dir, "v1 grammar-a", keys))).toBeDefined();
    expect(readPack(packPlace(dir, "v2 grammar-a", keys))).toBeUndefined();
    expect(readPack(packPlace(dir, "v1 grammar-b", keys))).toBeUndefined();
    expect(readPack(packPlace(dir, "v1 grammar-a", keys.slice(1)))).toBeUndefined();
  });

  it("writes nothing when every parse came from the pack, and nothing without a cache directory", () => {
    const dir = cacheDir();
    const place = packPlace(dir, "v1 grammar-a", [sha256Hex("SELECT 1;")]);
    parseAndSave(place, ["SELECT 1;"]);
    const old = new Date(Date.now() - 3_600_000);
    utimesSync(place.file, old, old);
    // A pack is written to a new file renamed over the old one: a write would change the inode.
    const written = statSync(place.file).ino;
    const later = new CachingParser(readPack(place), undefined);
    later.parse("SELECT 1;");
    later.save(place);
    expect(statSync(place.file).ino).toBe(written);
    // Reading it marked it used, for the pruning.
    expect(statSync(place.file).mtimeMs).toBeGreaterThan(old.getTime());
    const none = new CachingParser(undefined, grammar);
    none.parse("SELECT 3;");
    none.save(undefined);
    expect(readdirSync(dir)).toHaveLength(1);
  });

  it("keeps the 16 packs used last and removes older ones", () => {
    const dir = cacheDir();
    const place = (text: string) => packPlace(dir, "v1 grammar-a", [sha256Hex(text)]);
    const older = Array.from({ length: 16 }, (_, i) => `SELECT ${i};`);
    older.forEach((text, i) => {
      parseAndSave(place(text), [text]);
      const at = new Date(Date.now() - (100 - i) * 60_000);
      utimesSync(place(text).file, at, at);
    });
    // The oldest pack is used again: it is kept, and the next oldest go as four new ones come.
    expect(readPack(place(older[0]!))).toBeDefined();
    const newer = ["SELECT 'a';", "SELECT 'b';", "SELECT 'c';", "SELECT 'd';"];
    for (const text of newer) parseAndSave(place(text), [text]);
    expect(readdirSync(dir).filter((n) => n.startsWith("parsed-"))).toHaveLength(16);
    for (const gone of older.slice(1, 5)) expect(readPack(place(gone))).toBeUndefined();
    for (const kept of [older[0]!, ...older.slice(5), ...newer]) expect(readPack(place(kept))).toBeDefined();
  });

  it("keeps fewer packs when they hold more than the byte budget, the newest always", () => {
    const dir = cacheDir();
    const place = (text: string) => packPlace(dir, "v1 grammar-a", [sha256Hex(text)]);
    const texts = ["SELECT 1;", "SELECT 2;", "SELECT 3;"];
    texts.forEach((text, i) => {
      parseAndSave(place(text), [text]);
      const at = new Date(Date.now() - (10 - i) * 60_000);
      utimesSync(place(text).file, at, at);
    });
    const size = statSync(place(texts[2]!).file).size;
    // Room for two of the three: the oldest goes.
    prunePacks(dir, size * 2 + 10);
    expect(texts.map((t) => readPack(place(t)) !== undefined)).toEqual([false, true, true]);
    // Room for none: the newest stays all the same.
    prunePacks(dir, 1);
    expect(readdirSync(dir).filter((n) => n.startsWith("parsed-"))).toHaveLength(1);
  });

  it("ignores a pack that is not its format, not JSON, or holds an entry of another shape", () => {
    const dir = cacheDir();
    const place = packPlace(dir, "v1 grammar-a", [sha256Hex("SELECT 1;")]);
    parseAndSave(place, ["SELECT 1;"]);
    writeFileSync(place.file, "{ not json");
    expect(readPack(place)).toBeUndefined();
    writeFileSync(place.file, JSON.stringify({ format: 2, madeFor: "v1 grammar-a", parses: [] }));
    expect(readPack(place)).toBeUndefined();
    writeFileSync(place.file, JSON.stringify({ format: 1, madeFor: "v1 grammar-a", parses: [[sha256Hex("SELECT 1;"), { statement: [] }]] }));
    expect(readPack(place)).toBeUndefined();
    writeFileSync(place.file, JSON.stringify({ format: 1, madeFor: "v1 grammar-a", parses: [[sha256Hex("SELECT 1;"), { statements: [] }]] }));
    expect(readPack(place)?.get(sha256Hex("SELECT 1;"))).toEqual({ statements: [] });
  });
});
