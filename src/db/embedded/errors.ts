/** Failures of the embedded (pglite:) database. */
import { ExitCode, RetortError } from "../../core/errors.ts";
import { DatabaseError } from "../errors.ts";

/** Another process has the data directory open: PGlite has one user at a time (exit 5, like a held lock). */
export class EmbeddedInUseError extends RetortError {
  readonly code = "embedded-in-use";
  readonly exitCode = ExitCode.lockTimeout;
  constructor(readonly dataDir: string, readonly pid: number, lockFile: string) {
    super(
      `The embedded database ${dataDir} is in use by process ${pid}`,
      `One process at a time can open a pglite: data directory: wait for process ${pid} (a retort watch, say) to end; if no such process exists, delete ${lockFile}`,
    );
  }
}

/** The embedded engine could not start (a data directory it cannot read, a broken one, no memory). */
export class EmbeddedStartError extends DatabaseError {
  readonly code = "embedded-start";
  constructor(target: string, detail: string) {
    super(
      `Cannot start the embedded database ${target}: ${detail}`,
      // Deno's permission errors read "Requires <kind> access to …".
      /^Requires \w+ access/.test(detail)
        ? "Under deno run, the engine needs --allow-read of node_modules, --allow-write of its data directory and $TMPDIR, and --allow-net for its unix socket"
        : "Check that the data directory is one retort created and is writable; move it aside to start from an empty one",
    );
  }
}
