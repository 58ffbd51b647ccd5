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
    super(`${failure === "lost" ? "Lost the connection to" : "Cannot connect to"} ${target}: ${detail}`, connectionHints[failure]);
  }
}

/** Where in a file a failing statement is, as the server's error reported it. */
export interface SqlErrorSite {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly lineText: string;
  readonly sqlstate: string | undefined;
  readonly serverMessage: string;
  readonly detail?: string | undefined;
}

/** A failing statement of a file, shown as `file:line:col: message` with the line beneath. */
export abstract class SqlFileError extends DatabaseError {
  constructor(site: SqlErrorSite, hint: string) {
    super(`${site.file}:${site.line}:${site.column}: ${site.serverMessage}`, hint);
    Object.assign(this, site);
  }
}
// The site's fields are the error's own (declaration merging: one list of them, above).
export interface SqlFileError extends SqlErrorSite {}

/** A statement of a revision failed; the position points into the revision file. */
export class MigrationSqlError extends SqlFileError {
  readonly code = "migration-sql";
  constructor(
    site: SqlErrorSite,
    readonly revision: string,
    readonly direction: "upgrade" | "downgrade",
  ) {
    super(site, `Nothing from this run was committed; fix ${direction} of revision "${revision}" and run again`);
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

/** Who holds the migration lock, as pg_stat_activity shows it. */
export interface LockHolder {
  readonly pid: number;
  readonly applicationName: string;
  readonly user: string;
  readonly clientAddr: string;
  /** When the holder's connection last changed state: when it took the lock. */
  readonly since: Date | undefined;
}

/** Describes a lock holder for a person. */
export function describeHolder(h: LockHolder | undefined): string {
  if (!h) return "another session (not visible to this user)";
  const since = h.since ? `, since ${h.since.toISOString()}` : "";
  return `pid ${h.pid} (application_name "${h.applicationName}", user "${h.user}", from ${h.clientAddr}${since})`;
}

/** The lock was not free within lock_timeout (exit 5). */
export class LockTimeoutError extends RetortError {
  readonly code = "lock-timeout";
  readonly exitCode = ExitCode.lockTimeout;
  constructor(readonly timeoutMs: number, readonly holder: LockHolder | undefined) {
    super(
      `Timed out after ${timeoutMs} ms waiting for the migration lock held by ${describeHolder(holder)}`,
      "Wait for the other migration to finish, raise lock_timeout (--lock-timeout 5m), or end the holder with pg_terminate_backend if it is stuck",
    );
  }
}

/** The lock connection went away mid-run: carrying on would run without the lock. */
export class LockLostError extends DatabaseError {
  readonly code = "lock-lost";
  constructor() {
    super(
      "Lost the connection holding the migration lock; stopped before the next step",
      "Steps that finished are recorded in the version table; run the command again to continue",
    );
  }
}

/** A statement of a `transaction: false` revision failed after others had been committed. */
export class NonTransactionalStepError extends DatabaseError {
  readonly code = "non-transactional-step";
  constructor(
    readonly failure: MigrationSqlError,
    /** The statements that ran and stay committed, with the file line each starts on. */
    readonly committed: readonly { readonly line: number; readonly text: string }[],
  ) {
    super(
      `${failure.message}\n${
        committed.length === 0
          ? "No statement of this revision had run: it is not marked applied"
          : `Already committed (the revision is not marked applied):\n${committed.map((c) => `  line ${c.line}: ${c.text}`).join("\n")}`
      }`,
      `Revision "${failure.revision}" runs outside a transaction: undo or finish the committed statements by hand, or make them idempotent (IF NOT EXISTS), then run again`,
    );
  }
}

/** The run was interrupted (Ctrl-C, SIGTERM): the open transaction was rolled back. */
export class InterruptedError extends RetortError {
  readonly code = "interrupted";
  readonly exitCode = ExitCode.interrupted;
  constructor(readonly signal: string) {
    super(
      `Interrupted by ${signal}: the open transaction was rolled back and the lock released`,
      "Steps committed before the interruption (transaction_per_migration, transaction: false) are recorded in the version table; run `retort current` to see where the database is",
    );
  }
}

/** A statement of a schema file failed while it was applied to the scratch database. */
export class SchemaSqlError extends SqlFileError {
  readonly code = "schema-sql";
  constructor(site: SqlErrorSite) {
    super(site, "Fix the schema file and run again; it was applied to the scratch database only");
  }
}
