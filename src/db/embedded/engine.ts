/**
 * Starts an embedded PostgreSQL (PGlite) in this process and serves it on a private socket with
 * pglite-socket, so postgres.js talks to it exactly as to a server and the rest of retort has one
 * code path. Loaded only when a pglite: URL is used: the engine is large and slow to start.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { DatabaseUrl } from "../../config/database-url.ts";
import { lockDataDir } from "./data-dir-lock.ts";
import { engineFilePaths } from "./engine-files.ts";
import { EmbeddedStartError } from "./errors.ts";
import type { EmbeddedSettings } from "./engines.ts";
import { readTemplate, templatePath, writeTemplate } from "./template-cache.ts";

export interface Engine {
  /** The socket (a named pipe on Windows) that postgres.js connects to. */
  readonly socketPath: string;
  stop(): Promise<void>;
}

/** Connections the socket serves at once; pglite-socket runs their queries one at a time. */
const MAX_CONNECTIONS = 8;

/** Starts the engine for `url` (a pglite: URL); `say` gets one line before and one after. */
export async function startEngine(url: DatabaseUrl, { say, cacheDir }: EmbeddedSettings): Promise<Engine> {
  const given = url.embedded!.dataDir;
  const dataDir = given === undefined ? undefined : resolve(given);
  const creating = dataDir === undefined || !existsSync(join(dataDir, "PG_VERSION"));
  const release = dataDir === undefined ? () => undefined : lockDataDir(dataDir, url.redacted);
  const started = performance.now();
  say(`${creating ? "Creating" : "Starting"} the embedded database ${url.redacted} ...`);
  let socketDir: string | undefined;
  try {
    const [{ PGlite }, { PGLiteSocketServer }, files] = await Promise.all([import("@electric-sql/pglite"), import("@electric-sql/pglite-socket"), engineFilePaths()]);
    const [pgliteWasmModule, initdbWasmModule] = await Promise.all([WebAssembly.compile(readFileSync(files.pglite)), WebAssembly.compile(readFileSync(files.initdb))]);
    const template = creating && cacheDir !== undefined ? templatePath(cacheDir, files) : undefined;
    const loadDataDir = template === undefined ? undefined : readTemplate(template);
    const db = await PGlite.create({
      ...(dataDir === undefined ? {} : { dataDir }),
      ...(loadDataDir === undefined ? {} : { loadDataDir }),
      pgliteWasmModule,
      initdbWasmModule,
      fsBundle: new Blob([readFileSync(files.data)]),
      username: "postgres",
      database: "postgres",
    });
    if (template !== undefined && loadDataDir === undefined) await writeTemplate(template, await db.dumpDataDir("none"));
    const version = (await db.query<{ v: string }>("select version() as v")).rows[0]?.v.replace(/ on .*$/, "") ?? "PGlite";
    socketDir = mkdtempSync(join(tmpdir(), "retort-pglite-"));
    const socketPath = process.platform === "win32" ? `\\\\.\\pipe\\retort-pglite-${process.pid}-${socketDir.slice(-6)}` : join(socketDir, ".s.PGSQL.5432");
    const server = new PGLiteSocketServer({ db, path: socketPath, maxConnections: MAX_CONNECTIONS });
    await server.start();
    say(`Embedded database ready: ${version}, in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    const dir = socketDir;
    return {
      socketPath,
      async stop() {
        await server.stop().catch(() => undefined);
        await db.close().catch(() => undefined);
        rmSync(dir, { recursive: true, force: true });
        release();
      },
    };
  } catch (err) {
    if (socketDir !== undefined) rmSync(socketDir, { recursive: true, force: true });
    release();
    throw new EmbeddedStartError(url.redacted, err instanceof Error ? err.message : String(err), { cause: err });
  }
}
