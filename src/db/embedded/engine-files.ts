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

/** The PostgreSQL version compiled into the engine (`PostgreSQL 18.6 (PGlite 0.5.14)`), read from its WebAssembly without starting it. */
export async function engineVersion(): Promise<string> {
  const bytes = readFileSync((await engineFilePaths()).pglite);
  const match = /PostgreSQL \d+(?:\.\d+)? \(PGlite [\d.]+\)/.exec(bytes.toString("latin1"));
  return match?.[0] ?? "unknown";
}
