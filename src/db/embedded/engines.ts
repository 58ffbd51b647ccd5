/**
 * The embedded databases one run has started, one per data directory (or in-memory label), and
 * the sockets postgres.js opens to them. The run that creates an EmbeddedEngines owns it and
 * closes it when it ends; nothing here outlives it. Light on purpose: the engine itself is
 * imported only when a pglite: URL is first connected to.
 */
import { existsSync } from "node:fs";
import type { Socket } from "node:net";
import { join, resolve } from "node:path";
import type { DatabaseUrl } from "../../config/database-url.ts";
import type { Engine } from "./engine.ts";

/** How engines report and where they keep the template of a new database. */
export interface EmbeddedSettings {
  /** Gets the engine's start and ready lines (the CLI's progress output). */
  readonly say: (line: string) => void;
  /**
   * Where a run from source keeps a freshly initialised database, so later ones start from a copy
   * (the executable has its template built in); undefined: nowhere.
   */
  readonly cacheDir: string | undefined;
}

/**
 * What a new database's engine waits for (EmbeddedEngines.startCreatingAfter): `compile`, to
 * compile its WebAssembly (settled either way), and `create`, to make and open the database
 * (rejected: never).
 */
export interface CreationGates {
  readonly compile: Promise<unknown>;
  readonly create: Promise<unknown>;
}

/** The engines of one run: started on first use, all stopped by `close()`. */
export class EmbeddedEngines {
  readonly #settings: EmbeddedSettings;
  readonly #engines = new Map<string, { readonly engine: Promise<Engine>; readonly creates: boolean }>();

  constructor(settings: EmbeddedSettings) {
    this.#settings = settings;
  }

  /** A connected socket to the engine for `url` (a pglite: URL): postgres.js's `socket` option. */
  async socket(url: DatabaseUrl): Promise<Socket> {
    const { socketPath } = await this.#engine(url);
    // Loaded here: a run that never opens an embedded database (`heads`, `history`) does not pay for node:net.
    const { createConnection } = process.getBuiltinModule("node:net");
    return new Promise((resolve, reject) => {
      const socket = createConnection(socketPath);
      socket.once("connect", () => {
        socket.off("error", reject);
        resolve(socket);
      });
      socket.once("error", reject);
    });
  }

  /**
   * Whether this run creates the database of `url` (a pglite: URL): one in memory, or a data
   * directory that held no database when the run first connected to it. A command can then plan
   * for an empty database while the engine still starts.
   */
  createsDatabase(url: DatabaseUrl): boolean {
    return this.#engines.get(url.embedded!.key)?.creates ?? isNewDatabase(url);
  }

  /**
   * Starts the engine for `url` (a pglite: URL) now, ahead of its first connection, for a run that
   * creates its database and first has work of its own to finish (lintNewDatabase): the engine
   * compiles once `after.compile` settles, its template unpacks meanwhile, and the database comes
   * into being and opens only once `after.create` resolves, with what the run held until then
   * released. If that rejects, no database is made and the engine never opens (`close` then has
   * nothing to stop).
   */
  startCreatingAfter(url: DatabaseUrl, after: CreationGates): void {
    // Rejected with `after.create`, or with the engine's own error for its first connection to report.
    this.#engine(url, after).catch(() => undefined);
  }

  /** Stops every engine started so far (their data directories are then consistent on disk). */
  async close(): Promise<void> {
    const started = [...this.#engines.values()];
    this.#engines.clear();
    for (const { engine } of started) await engine.then((e) => e.stop(), () => undefined);
  }

  /** The engine for `url`, started on first use; one per data directory, however many connections. */
  #engine(url: DatabaseUrl, after?: CreationGates): Promise<Engine> {
    const key = url.embedded!.key;
    const started = this.#engines.get(key);
    if (started !== undefined) return started.engine;
    const creates = isNewDatabase(url);
    const engine = import("./engine.ts").then((m) => m.startEngine(url, this.#settings, creates, after));
    this.#engines.set(key, { engine, creates });
    return engine;
  }
}

/** An in-memory database, or a data directory without one (no PG_VERSION): the engine creates it. */
function isNewDatabase(url: DatabaseUrl): boolean {
  const dataDir = url.embedded!.dataDir;
  return dataDir === undefined || !existsSync(join(resolve(dataDir), "PG_VERSION"));
}
