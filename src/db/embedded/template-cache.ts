/**
 * A freshly initialised embedded database, kept as a tar file in the cache directory, for runs
 * from source (Node, Deno, the library API): the executable carries its own template, made at build
 * time (shipped-template.ts). initdb in WebAssembly takes seconds; loading its result takes well
 * under one. The file is named after the engine files it came from, so another PGlite build never
 * loads it.
 */
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { EngineFiles } from "./engine-files.ts";

/** The template's path for these engine files, under `cacheDir`. */
export function templatePath(cacheDir: string, files: EngineFiles): string {
  const id = [files.pglite, files.initdb, files.data].map((f) => statSync(f).size.toString(36)).join("-");
  return join(cacheDir, `pglite-template-${id}.tar`);
}

/** The template, or undefined when there is none yet (or it cannot be read). */
export function readTemplate(path: string): Blob | undefined {
  try {
    return new Blob([readFileSync(path)]);
  } catch {
    return undefined;
  }
}

/** Saves a template; a cache that cannot be written only costs the next start its speed. */
export async function writeTemplate(path: string, tar: Blob): Promise<void> {
  try {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    const partial = `${path}.${process.pid}.partial`;
    writeFileSync(partial, new Uint8Array(await tar.arrayBuffer()), { mode: 0o600 });
    renameSync(partial, path);
  } catch {
    // Read-only home, full disk: the next start runs initdb again.
  }
}
