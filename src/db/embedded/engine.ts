/**
 * Starts an embedded PostgreSQL (PGlite) in this process and serves it on a private socket with
 * pglite-socket, so postgres.js talks to it exactly as to a server and the rest of retort has one
 * code path. Loaded only when a pglite: URL is used: the engine is large and slow to start.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { DatabaseUrl } from "../../config/database-url.ts";
import { bunGlobal } from "../../config/runtime.ts";
import { lockDataDir } from "./data-dir-lock.ts";
import { engineFilePaths, type EngineFiles } from "./engine-files.ts";
import { EmbeddedStartError } from "./errors.ts";
import type { CreationGates, EmbeddedSettings } from "./engines.ts";
import { unpackTemplate } from "./shipped-template.ts";
import { readTemplate, templatePath, writeTemplate } from "./template-cache.ts";

export interface Engine {
  /** The socket (a named pipe on Windows) that postgres.js connects to. */
  readonly socketPath: string;
  stop(): Promise<void>;
}

/** Connections the socket serves at once; pglite-socket runs their queries one at a time. */
const MAX_CONNECTIONS = 8;

/**
 * PostgreSQL settings given on the engine's command line (after PGlite's own), so they hold for
 * every data directory, old or new. PGlite keeps PostgreSQL's shared memory inside the
 * WebAssembly heap and touches all of it at start, so initdb's shared_buffers = 128MB was resident
 * in every run whether used or not: 16MB (2,048 pages) holds the catalogs and a migration's working
 * set, the operating system still caches the data files, and wal_buffers (1/32 of it, 512kB)
 * follows. Durability is untouched: WAL, commits and the checkpoint on close work as before.
 */
const MEMORY_SETTINGS = ["-c", "shared_buffers=16MB"];

/** How a new database comes to be, and what the ready line says about it. */
interface NewDatabase {
  /** "from the template built into retort", "from the cached template" or "by initdb". */
  readonly from: string | undefined;
  /** A tar for PGlite to load (an in-memory database, or a cached template). */
  readonly loadDataDir?: Blob;
  readonly runsInitdb?: boolean;
  /** Where to keep the result of initdb as the next new database's template. */
  readonly saveTemplate?: string;
}

/**
 * Readies a new database: the executable's template (unpacked into `dataDir`, or loaded for an
 * in-memory one); else, from source, the template cached by an earlier run; else initdb, whose
 * result is then cached.
 */
async function prepareNewDatabase(dataDir: string | undefined, files: EngineFiles, cacheDir: string | undefined, ready: Promise<unknown>): Promise<NewDatabase> {
  if (dataDir !== undefined) checkNewDataDir(dataDir);
  const from = "from the template built into retort";
  if (files.template !== undefined && dataDir !== undefined) {
    await unpackTemplate(files.template, dataDir, ready);
    return { from };
  }
  if (files.template !== undefined) return { from, loadDataDir: new Blob([readFileSync(files.template)], { type: "application/x-gzip" }) };
  const cached = cacheDir === undefined ? undefined : templatePath(cacheDir, files);
  const loadDataDir = cached === undefined ? undefined : readTemplate(cached);
  if (loadDataDir !== undefined) return { from: "from the cached template", loadDataDir };
  return { from: "by initdb", runsInitdb: true, ...(cached === undefined ? {} : { saveTemplate: cached }) };
}

/** A new database goes into a missing or empty directory: never mixed with files already there. */
function checkNewDataDir(dataDir: string): void {
  if (!existsSync(dataDir)) return;
  if (!statSync(dataDir).isDirectory()) throw new Error(`${dataDir} is not a directory`);
  if (readdirSync(dataDir).length > 0) throw new Error(`${dataDir} holds files but no database (no PG_VERSION)`);
}

/** Gates that hold nothing back: an engine started by its first connection. */
const AT_ONCE: CreationGates = { compile: Promise.resolve(), create: Promise.resolve() };

/**
 * Starts the engine for `url` (a pglite: URL), creating its database when `creating` (it has
 * none: see EmbeddedEngines); `say` gets one line before and one after. The engine compiles once
 * `after.compile` settles; the database is made and opened only once `after.create` resolves
 * (EmbeddedEngines.startCreatingAfter), and when that rejects, nothing is.
 */
export async function startEngine(url: DatabaseUrl, { say, cacheDir }: EmbeddedSettings, creating: boolean, after: CreationGates = AT_ONCE): Promise<Engine> {
  const ready = after.create;
  const given = url.embedded!.dataDir;
  const dataDir = given === undefined ? undefined : resolve(given);
  const release = dataDir === undefined ? () => undefined : lockDataDir(dataDir, url.redacted);
  const started = performance.now();
  // Once the run is ready for it: a run refused meanwhile makes no database and says nothing of one.
  void ready.then(() => say(`${creating ? "Creating" : "Starting"} the embedded database ${url.redacted} ...`), () => undefined);
  let socketDir: string | undefined;
  try {
    const [{ PGlite }, { PGLiteSocketServer }, files] = await Promise.all([import("@electric-sql/pglite"), import("@electric-sql/pglite-socket"), engineFilePaths()]);
    // The engine compiles on the runtime's compiler threads while this one unpacks the template.
    // Its compile is the longest part of a start, and the lint of a new database
    // (lintNewDatabase) compiles its grammar too: handed to the threads first, the grammar's is
    // done in time for the lint to finish during the engine's, rather than after it.
    const compile = async () => WebAssembly.compile(readFileSync(files.pglite));
    const compiling = after.compile.then(compile, compile);
    compiling.catch(() => undefined); // awaited below, unless the run is refused first (the template's unpacking reports that)
    const origin: NewDatabase = creating ? await prepareNewDatabase(dataDir, files, cacheDir, ready) : { from: undefined };
    const pgliteWasmModule = await compiling;
    const db = await PGlite.create({
      ...(dataDir === undefined ? {} : { dataDir }),
      ...(origin.loadDataDir === undefined ? {} : { loadDataDir: origin.loadDataDir }),
      pgliteWasmModule,
      // Compiled only when initdb will run: PGlite needs it for nothing else.
      ...(origin.runsInitdb ? { initdbWasmModule: await WebAssembly.compile(readFileSync(files.initdb)) } : {}),
      fsBundle: new Blob([readFileSync(files.data)]),
      startParams: [...PGlite.defaultStartParams, ...MEMORY_SETTINGS],
      username: "postgres",
      database: "postgres",
    });
    if (origin.saveTemplate !== undefined) await writeTemplate(origin.saveTemplate, await db.dumpDataDir("none"));
    // The engine's files, read into memory to start it (its WebAssembly, its bundle of share/
    // files: tens of MB), are garbage now: collected before the run's own work adds to the peak.
    bunGlobal()?.gc(true);
    const version = (await db.query<{ v: string }>("select version() as v")).rows[0]?.v.replace(/ on .*$/, "") ?? "PGlite";
    socketDir = mkdtempSync(join(tmpdir(), "retort-pglite-"));
    const socketPath = process.platform === "win32" ? `\\\\.\\pipe\\retort-pglite-${process.pid}-${socketDir.slice(-6)}` : join(socketDir, ".s.PGSQL.5432");
    const server = new PGLiteSocketServer({ db, path: socketPath, maxConnections: MAX_CONNECTIONS });
    await server.start();
    say(`Embedded database ready: ${version}${origin.from === undefined ? "" : `, created ${origin.from}`}, in ${((performance.now() - started) / 1000).toFixed(1)} s`);
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
