/**
 * Failures of the embedded (pglite:) database.
 *
 * No constructor parameter properties: Node's type stripping rejects them.
 */
import { DatabaseError, LockUnavailableError } from "../../core/errors.ts";

/** Another process has the data directory open: PGlite has one user at a time (exit 5, like a held lock). */
export class EmbeddedInUseError extends LockUnavailableError {
  static override readonly code = "embedded-in-use";
  readonly dataDir: string;
  /** The process that holds it, or 0 when its lock file names none. */
  readonly pid: number;
  /** The lock file to delete if that process no longer exists. */
  readonly lockFile: string;

  constructor(dataDir: string, pid: number, lockFile: string) {
    super(
      `The embedded database ${dataDir} is in use by process ${pid}`,
      `One process at a time can open a pglite: data directory: wait for process ${pid} (a retort watch, say) to end; if no such process exists, delete ${lockFile}`,
    );
    this.dataDir = dataDir;
    this.pid = pid;
    this.lockFile = lockFile;
  }
}

/** The embedded engine could not start (a data directory it cannot read, a broken one, no memory). */
export class EmbeddedStartError extends DatabaseError {
  static override readonly code = "embedded-start";
  /** The embedded database's URL, as shown. */
  readonly target: string;
  readonly detail: string;

  constructor(target: string, detail: string, options?: ErrorOptions) {
    super(
      `Cannot start the embedded database ${target}: ${detail}`,
      // Deno's permission errors read "Requires <kind> access to …".
      /^Requires \w+ access/.test(detail)
        ? "Under deno run, the engine needs --allow-read of node_modules, --allow-write of its data directory and $TMPDIR, and --allow-net for its unix socket"
        : "Check that the data directory is one retort created and is writable; move it aside to start from an empty one",
      options,
    );
    this.target = target;
    this.detail = detail;
  }
}
