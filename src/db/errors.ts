/** Database-side failures (exit 4): connecting, statements in a revision, the version table. */
import { ExitCode, RetortError } from "../core/errors.ts";

/** Base for every failure that comes from the server or the connection. */
export abstract class DatabaseError extends RetortError {
  readonly exitCode = ExitCode.database;
}

/** Why a connection could not be made. */
export type ConnectionFailure =
  | "refused"
  | "unknown-host"
  | "timeout"
  | "authentication"
  | "no-database"
  | "lost"
  | "other";

const connectionHints: Record<ConnectionFailure, string> = {
  refused: "Check that the server is running and that host and port are right, or run `retort wait`",
  "unknown-host": "Check the host name in the URL",
  timeout: "Check that the server is reachable from here (firewall, host, port)",
  authentication: "Check the user name and password, and the server's pg_hba.conf",
  "no-database": "Create the database first (createdb), or fix the database name in the URL",
  lost: "The server closed the connection; check the server log, then run the command again",
  other: "Check the database URL and the server log",
};

/** The server could not be reached or refused us; `target` is the redacted URL and its source. */
export class ConnectionError extends DatabaseError {
  readonly code = "connection";
  constructor(
    readonly failure: ConnectionFailure,
    readonly target: string,
    readonly detail: string,
  ) {
    super(`Cannot connect to ${target}: ${detail}`, connectionHints[failure]);
  }
}

/** A statement of a revision failed; the position points into the revision file. */
export class MigrationSqlError extends DatabaseError {
  readonly code = "migration-sql";
  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: number,
    readonly lineText: string,
    readonly sqlstate: string | undefined,
    readonly serverMessage: string,
    readonly revision: string,
    readonly direction: "upgrade" | "downgrade",
    readonly detail?: string,
  ) {
    super(`${file}:${line}:${column}: ${serverMessage}`, `Nothing from this run was committed; fix ${direction} of revision "${revision}" and run again`);
  }
}

/** A TS revision's function threw. */
export class MigrationScriptError extends DatabaseError {
  readonly code = "migration-script";
  constructor(
    readonly file: string,
    readonly revision: string,
    readonly direction: "upgrade" | "downgrade",
    readonly thrown: unknown,
  ) {
    super(`${file}: ${direction}() of revision "${revision}" failed: ${thrown instanceof Error ? thrown.message : String(thrown)}`);
  }
}

/** The version table does not hold what the plan expected (someone else changed it). */
export class VersionTableError extends DatabaseError {
  readonly code = "version-table";
  constructor(message: string, hint?: string) {
    super(message, hint ?? "Another process may have changed the version table; run `retort current` and try again");
  }
}

/** Any other server error outside a revision. */
export class ServerError extends DatabaseError {
  readonly code = "server";
  constructor(message: string, readonly sqlstate: string | undefined, hint?: string) {
    super(message, hint);
  }
}
