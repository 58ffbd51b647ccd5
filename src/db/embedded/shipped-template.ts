/**
 * The template data directory the executable carries (made by build.ts with the same PGlite, see
 * scripts/build/pglite-template.ts). A new pglite:<directory> is unpacked from it on disk, which
 * costs about what opening an existing one does; initdb in WebAssembly took seconds and about
 * 1 GB, and PGlite's own loadDataDir would hold the whole unpacked tar in memory.
 */
import { existsSync, readFileSync, renameSync, rmdirSync, rmSync } from "node:fs";
import { bunGlobal } from "../../config/runtime.ts";

/**
 * Unpacks the template (a gzipped tar) into `dataDir`, which is missing or empty (see
 * checkNewDataDir), once `ready` resolves; if it rejects, nothing is left. The caller holds the
 * data directory's lock. Only the executable has a template, so only Bun runs this.
 */
export async function unpackTemplate(template: string, dataDir: string, ready: Promise<unknown>): Promise<void> {
  const bun = bunGlobal();
  if (bun === undefined) throw new Error("the built-in template is unpacked by the executable only");
  // Unpacked beside it and renamed into place, so a process killed meanwhile leaves no half a
  // database that the next one would take for a whole one. A leftover from such a process goes.
  const partial = `${dataDir}.creating`;
  rmSync(partial, { recursive: true, force: true });
  await new bun.Archive(readFileSync(template)).extract(partial);
  // The archive and its unpacked form (about 40 MB) are garbage now: collected here, before the
  // engine allocates its own memory, they do not add to the run's peak.
  bun.gc(true);
  try {
    await ready;
  } catch (error) {
    rmSync(partial, { recursive: true, force: true });
    throw error;
  }
  if (existsSync(dataDir)) rmdirSync(dataDir);
  renameSync(partial, dataDir);
}
