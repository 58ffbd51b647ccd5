/**
 * PostgreSQL's own grammar (libpg-query, compiled to WebAssembly), loaded on demand: only the
 * commands that lint pay for it. The package's entry starts its module at import time and finds its
 * WebAssembly next to itself on disk, which does not exist inside the compiled executable, so the
 * module is started here with its path passed explicitly (the same reason the embedded database's
 * files are passed to PGlite).
 */
import { readFileSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Node, ParseResult } from "libpg-query";
import { isStandaloneExecutable } from "../config/runtime.ts";

/** One statement of a parsed text: its node and where its text starts and ends (character offsets). */
export interface ParsedStatement {
  /** The statement's tree; every `location` in it is a character offset into the parsed text. */
  readonly stmt: Node;
  /** Offset of the statement's first character, leading whitespace and comments excluded. */
  readonly start: number;
  /** Offset just after the statement's last character (its `;` excluded). */
  readonly end: number;
  /** The blank space and comments between the previous statement and this one. */
  readonly leading: string;
}

/** A syntax error at a character offset of the text. */
export class SqlSyntaxError extends Error {
  readonly position: number;
  constructor(message: string, position: number) {
    super(message);
    this.name = "SqlSyntaxError";
    this.position = position;
  }
}

/** A node's `location` (and the statements' own) from the parser's byte offsets to character offsets, in place. */
function convertLocations(node: unknown, toChar: (byte: number) => number): void {
  if (Array.isArray(node)) {
    for (const item of node) convertLocations(item, toChar);
  } else if (node !== null && typeof node === "object") {
    const record = node as Record<string, unknown>;
    for (const [key, value] of Object.entries(record)) {
      if (key === "location" && typeof value === "number" && value >= 0) record[key] = toChar(value);
      else if (typeof value === "object") convertLocations(value, toChar);
    }
  }
}

/** A loaded parser: parse is synchronous once loaded. */
export interface SqlParser {
  /** The statements of `sql` (a whole file or section), or a SqlSyntaxError. */
  parse(sql: string): ParsedStatement[];
}

interface ParserModule {
  lengthBytesUTF8(s: string): number;
  stringToUTF8(s: string, ptr: number, max: number): void;
  UTF8ToString(ptr: number): string;
  getValue(ptr: number, type: "i32"): number;
  _malloc(n: number): number;
  _free(ptr: number): void;
  _wasm_parse_query_raw(ptr: number): number;
  _wasm_free_parse_result(ptr: number): void;
}

// This build of the module ignores `wasmBinary` but calls `instantiateWasm` when given: it hands over
// its imports and takes back the instance, so the module can be compiled before the glue is loaded.
type ModuleFactory = (options: {
  instantiateWasm: (imports: Parameters<typeof WebAssembly.instantiate>[1], receive: (instance: WebAssembly.Instance) => void) => object;
}) => Promise<ParserModule>;

/** The parser's WebAssembly: inside the executable, or in the installed package (source and npm runs, any runtime). */
async function parserWasmPath(): Promise<string> {
  if (isStandaloneExecutable()) return (await import("./sql-parser/parser-wasm-bun.ts")).embeddedParserWasm;
  return fileURLToPath(new URL("libpg-query.wasm", import.meta.resolve("libpg-query/wasm/libpg-query.js")));
}

/**
 * Compiles the grammar's WebAssembly (1.7 MB; 50–150 ms, most of it on the engine's compiler
 * threads, as `WebAssembly.compile` is asynchronous, so the glue loads and the catalog is read
 * meanwhile). Not started before a command knows it will lint: on a 2-core machine the compile's
 * CPU time slows a run that then finds nothing to do (a no-op `upgrade` took 50–75 ms more). The
 * glue starts loading too, so that the parser is ready as soon as the compile is.
 */
export async function compileSqlParser(): Promise<WebAssembly.Module> {
  return (await startCompilingSqlParser()).compiled;
}

/**
 * compileSqlParser, resolved as soon as the compile is handed to the runtime's compiler threads,
 * which take compiles in the order they are given: another compile started after this resolves
 * waits for the grammar's, rather than the grammar for it.
 */
export async function startCompilingSqlParser(): Promise<{ readonly compiled: Promise<WebAssembly.Module> }> {
  void parserGlue().catch(() => undefined); // loadSqlParser reports its failure
  // Read at once (1.7 MB, inside the executable a copy from memory): a read on the thread pool
  // waited for a busy main thread to take its callback, and the compile's start with it, 5–10 ms.
  const compiled = WebAssembly.compile(readFileSync(await parserWasmPath()));
  compiled.catch(() => undefined); // awaited by whoever parses; a run that fails first leaves it unawaited
  return { compiled };
}

/**
 * Which build of the grammar this is, for the parses cached of it (parse-cache.ts): its
 * WebAssembly's size, as the embedded database's template is named after its files' sizes.
 */
export async function parserBuild(): Promise<string> {
  return `libpg-query ${statSync(await parserWasmPath()).size.toString(36)}`;
}

let loadingGlue: Promise<{ default: ModuleFactory }> | undefined;

/** The grammar's Emscripten glue, loaded once. */
function parserGlue(): Promise<{ default: ModuleFactory }> {
  // @ts-expect-error the Emscripten factory has no type declarations
  return (loadingGlue ??= import("libpg-query/wasm/libpg-query.js") as Promise<{ default: ModuleFactory }>);
}

/** Starts the grammar's module (compiling it unless `compiled` is given) and returns a parser over it. */
export async function loadSqlParser(compiled: Promise<WebAssembly.Module> = compileSqlParser()): Promise<SqlParser> {
  // The glue is evaluated on the main thread while the compile runs on the engine's threads.
  const [wasm, glue] = await Promise.all([compiled, parserGlue()]);
  // Emscripten waits for `receive` forever: a failed instantiation has to end the wait itself.
  let failed: (error: unknown) => void = () => undefined;
  const failure = new Promise<never>((_, reject) => (failed = reject));
  const module = await Promise.race([
    glue.default({
      instantiateWasm: (imports, receive) => {
        WebAssembly.instantiate(wasm, imports).then(receive, failed);
        return {};
      },
    }),
    failure,
  ]);
  return { parse: (sql) => parseWith(module, sql) };
}

/** Byte offsets from the parser (UTF-8) → character offsets of the JavaScript string (UTF-16). */
function byteToCharOffsets(sql: string): (byte: number) => number {
  const encoder = new TextEncoder();
  if (encoder.encode(sql).length === sql.length) return (byte) => byte;
  const chars: number[] = [];
  let index = 0;
  for (const ch of sql) {
    const bytes = encoder.encode(ch).length;
    for (let b = 0; b < bytes; b++) chars.push(index);
    index += ch.length;
  }
  chars.push(index);
  return (byte) => chars[Math.min(byte, chars.length - 1)]!;
}

/** The UTF-16 index of the `n`th code point of `text`. */
function codePointIndex(text: string, n: number): number {
  let index = 0;
  for (let i = 0; i < n && index < text.length; i++) index += (text.codePointAt(index) ?? 0) > 0xffff ? 2 : 1;
  return index;
}

function parseWith(module: ParserModule, sql: string): ParsedStatement[] {
  const size = module.lengthBytesUTF8(sql) + 1;
  const queryPtr = module._malloc(size);
  let resultPtr = 0;
  try {
    module.stringToUTF8(sql, queryPtr, size);
    resultPtr = module._wasm_parse_query_raw(queryPtr);
    if (!resultPtr) throw new Error("The SQL parser ran out of memory");
    const toChar = byteToCharOffsets(sql);
    const errorPtr = module.getValue(resultPtr + 8, "i32");
    if (errorPtr) {
      const message = module.UTF8ToString(module.getValue(errorPtr, "i32"));
      const cursor = module.getValue(errorPtr + 16, "i32");
      // Like the server's, the error's position counts characters (code points), not bytes.
      throw new SqlSyntaxError(message, codePointIndex(sql, cursor > 0 ? cursor - 1 : 0));
    }
    const tree = JSON.parse(module.UTF8ToString(module.getValue(resultPtr, "i32"))) as ParseResult;
    if (module.lengthBytesUTF8(sql) !== sql.length) convertLocations(tree, toChar);
    let previousEnd = 0;
    return (tree.stmts ?? []).map((raw) => {
      const location = raw.stmt_location ?? 0;
      const length = raw.stmt_len ?? 0;
      const endByte = length === 0 ? module.lengthBytesUTF8(sql) : location + length;
      // PostgreSQL 18's grammar starts a statement's range at its first token, after any comments.
      const start = toChar(location);
      const end = toChar(endByte);
      const leading = sql.slice(previousEnd, start).replace(/^\s*;/, "");
      previousEnd = end;
      return { stmt: raw.stmt as Node, start, end, leading };
    });
  } finally {
    module._free(queryPtr);
    if (resultPtr) module._wasm_free_parse_result(resultPtr);
  }
}
