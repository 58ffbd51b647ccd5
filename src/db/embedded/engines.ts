/**
 * The embedded databases this process has started, one per data directory (or in-memory label),
 * and the sockets postgres.js opens to them. Light on purpose: the engine itself is imported only
 * when a pglite: URL is first connected to.
 */
import { createConnection, type Socket } from "node:net";
import type { DatabaseUrl } from "../../config/database-url.ts";
import type { Engine } from "./engine.ts";

/** How engines report and where they keep the template of a new database. */
export interface EmbeddedSettings {
  /** Gets the engine's start and ready lines (the CLI's progress output). */
  readonly say: (line: string) => void;
  /** Where a freshly initialised database is kept, so later ones start from a copy; undefined: nowhere. */
  readonly cacheDir: string | undefined;
}

const engines = new Map<string, Promise<Engine>>();
let settings: EmbeddedSettings = { say: () => undefined, cacheDir: undefined };

/** Sets how engines started from now on report and cache. */
export function configureEmbedded(next: EmbeddedSettings): void {
  settings = next;
}

/** The engine for a pglite: URL, started on first use. */
function embeddedEngine(url: DatabaseUrl): Promise<Engine> {
  const key = url.embedded!.key;
  let engine = engines.get(key);
  if (engine === undefined) {
    engine = import("./engine.ts").then((m) => m.startEngine(url, settings));
    engines.set(key, engine);
  }
  return engine;
}

/** A connected socket to the engine for `url`: postgres.js's `socket` option. */
export async function embeddedSocket(url: DatabaseUrl): Promise<Socket> {
  const { socketPath } = await embeddedEngine(url);
  return new Promise((resolve, reject) => {
    const socket = createConnection(socketPath);
    socket.once("connect", () => {
      socket.off("error", reject);
      resolve(socket);
    });
    socket.once("error", reject);
  });
}

/** Stops every engine this process started (their data directories are then consistent on disk). */
export async function closeEmbeddedDatabases(): Promise<void> {
  const started = [...engines.values()];
  engines.clear();
  for (const engine of started) await engine.then((e) => e.stop(), () => undefined);
}
