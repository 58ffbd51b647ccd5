/**
 * The PGlite engine's files (its PostgreSQL and initdb WebAssembly, and the file-system bundle
 * with its share/ directory). The compiled executable carries them inside it, with a template data
 * directory made at build time; a run from source reads them from the installed package. PGlite's own loader would look for them on disk next to
 * its module, which does not exist inside the executable, so they are always passed explicitly.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { isStandaloneExecutable } from "../../config/runtime.ts";

export interface EngineFiles {
  readonly pglite: string;
  readonly initdb: string;
  readonly data: string;
  /**
   * A freshly initialised data directory (a gzipped tar from PGlite's dumpDataDir), made by the
   * build from these same files; only the executable has one.
   */
  readonly template?: string;
}

/** Where the files are: inside the executable, or in the installed package (source and npm runs, any runtime). */
export async function engineFilePaths(): Promise<EngineFiles> {
  if (isStandaloneExecutable()) return (await import("./engine-files-bun.ts")).embeddedEngineFiles;
  const dist = new URL(".", import.meta.resolve("@electric-sql/pglite"));
  const path = (name: string) => fileURLToPath(new URL(name, dist));
  return { pglite: path("pglite.wasm"), initdb: path("initdb.wasm"), data: path("pglite.data") };
}

/**
 * The PostgreSQL version compiled into the engine (`PostgreSQL 18.6 (PGlite 0.5.14)`), without
 * starting it. The executable's build reads it from the same files and bakes it in (build.ts):
 * a new embedded database's first run, which lints before its engine exists, then does not copy
 * the engine's 9 MB of WebAssembly once more than its compile does.
 */
export async function engineVersion(): Promise<string> {
  const built = process.env.RETORT_ENGINE_VERSION;
  return isStandaloneExecutable() && built !== undefined ? built : readEngineVersion();
}

/** engineVersion, read from the engine's WebAssembly. */
async function readEngineVersion(): Promise<string> {
  const bytes = readFileSync((await engineFilePaths()).pglite);
  // Found by its PGlite part with a native search (about 1 ms), then read around: a regular
  // expression over the 9 MB as text took 10 to 40 ms more.
  const at = bytes.indexOf(Buffer.from("(PGlite "));
  const start = at < 0 ? -1 : bytes.lastIndexOf(Buffer.from("PostgreSQL "), at);
  const end = at < 0 ? -1 : bytes.indexOf(")", at);
  const found = start < 0 || end < 0 || at - start > 24 ? "" : bytes.toString("latin1", start, end + 1);
  return /^PostgreSQL \d+(?:\.\d+)? \(PGlite [\d.]+\)$/.test(found) ? found : "unknown";
}

/** The engine's `server_version_num` (180006 for PostgreSQL 18.6), without starting it; undefined when its files do not say. */
export async function engineVersionNum(): Promise<number | undefined> {
  const match = /^PostgreSQL (\d+)(?:\.(\d+))?/.exec(await engineVersion());
  return match === null ? undefined : Number(match[1]) * 10000 + Number(match[2] ?? 0);
}
