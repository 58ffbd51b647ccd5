/**
 * The embedded database's template: a data directory initialised by the PGlite that retort
 * embeds, dumped as a gzipped tar, which the executable carries (src/db/embedded/engine-files-bun.ts
 * imports it) so that a new pglite: database never runs initdb in WebAssembly (seconds and about
 * 1 GB of memory). Made once per PGlite build: the key file beside it names the engine files it
 * came from, and a change to any of them makes it again.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** Where build.ts writes the template; the executable embeds this file (a path fixed in engine-files-bun.ts). */
export const PGLITE_TEMPLATE = ".build/pglite-template.tar.gz";

/** PGlite's version and a digest of its engine files: the template is remade when it changes. */
function engineKey(pgliteDist: string): string {
  const pkg = JSON.parse(readFileSync(join(pgliteDist, "..", "package.json"), "utf8")) as { version: string };
  const hash = createHash("sha256");
  for (const name of ["pglite.wasm", "initdb.wasm", "pglite.data"]) hash.update(readFileSync(join(pgliteDist, name)));
  return `PGlite ${pkg.version} ${hash.digest("hex")}`;
}

/**
 * Makes `<repoRoot>/.build/pglite-template.tar.gz` unless the one there came from the same engine
 * files; returns its path and whether it was made now. Runs under Bun, like the build.
 */
export async function ensurePgliteTemplate(repoRoot: string): Promise<{ path: string; made: boolean }> {
  const path = join(repoRoot, PGLITE_TEMPLATE);
  const keyFile = `${path}.key`;
  const pgliteDist = dirname(fileURLToPath(import.meta.resolve("@electric-sql/pglite")));
  const key = engineKey(pgliteDist);
  if (existsSync(path) && existsSync(keyFile) && readFileSync(keyFile, "utf8") === key) return { path, made: false };

  const { PGlite } = await import("@electric-sql/pglite");
  // The same user and database as the engine opens (src/db/embedded/engine.ts); in memory, so
  // nothing of the build machine's file system gets into the dump.
  const db = await PGlite.create({ username: "postgres", database: "postgres" });
  try {
    // The dump copies the files as they are: a checkpoint first writes every page initdb and the
    // start left in shared buffers, so a database started from it replays (almost) no WAL.
    await db.exec("CHECKPOINT");
    const tar = await db.dumpDataDir("gzip");
    mkdirSync(dirname(path), { recursive: true });
    const partial = `${path}.${process.pid}.partial`;
    writeFileSync(partial, new Uint8Array(await tar.arrayBuffer()));
    renameSync(partial, path);
    writeFileSync(keyFile, key);
  } finally {
    await db.close();
  }
  return { path, made: true };
}
