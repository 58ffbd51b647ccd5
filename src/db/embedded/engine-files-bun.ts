/**
 * Bun embeds files imported `with { type: "file" }` into the compiled executable and gives their
 * path inside it. Loaded only under Bun: other runtimes do not know this import attribute.
 */
import pglite from "../../../node_modules/@electric-sql/pglite/dist/pglite.wasm" with { type: "file" };
import initdb from "../../../node_modules/@electric-sql/pglite/dist/initdb.wasm" with { type: "file" };
import data from "../../../node_modules/@electric-sql/pglite/dist/pglite.data" with { type: "file" };
// Made by build.ts (scripts/build/pglite-template.ts) from the same PGlite files as the three above.
import template from "../../../.build/pglite-template.tar.gz" with { type: "file" };
import type { EngineFiles } from "./engine-files.ts";

export const embeddedEngineFiles: EngineFiles = { pglite, initdb, data, template };
