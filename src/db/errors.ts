/**
 * Database-side failures (exit 4): connecting, statements in a revision, the version table; and
 * the migration lock (exit 5). The driver's own error, where there is one, is kept as `cause`.
 *
 * No constructor parameter properties: Node's type stripping rejects them.
 */
import { DatabaseError, LockUnavailableError } from "../core/errors.ts";
import { blockerReport, type LockWait } from "./blockers.ts";

// Re-exported so that callers find every failure of this layer here.
export { DatabaseError, InterruptedError } from "../core/errors.ts";

/** Why a connection could not be made. */
export type ConnectionFailure =
  | "refused"
  | "unknown-host"
  | "timeout"
  | "authentication"
  | "no-database"
  | "lost"
  | "wrong-server"
  | "other";

const connectionHints: Record<ConnectionFailure, string> = {
  refused: "Check that the server is running and that host and port are right, or run `retort wait`",
  "unknown-host": "Check the host name in the URL",
  timeout: "Check that the server is reachable from here (firewall, host, port)",
  authentication: "Check the user name and password, and the server's pg_hba.conf",
  "no-database": "Create the database first (createdb), or fix the database name in the URL",
  lost: "The server closed the connection; check the server log, then run the command again",
  "wrong-server": "Point the URL at a server of the kind target_session_attrs asks for (migrations need the primary), or change target_session_attrs",
  other: "Check the database URL and the server log",
};

/** The server could not be reached or refused us; `target` is the redacted URL and its source. */
export class ConnectionError extends DatabaseError {
  static override readonly code = "connection";
  readonly failure: ConnectionFailure;
  readonly target: string;
  /** The driver's message, with the password replaced. */
  readonly detail: string;

  constructor(failure: ConnectionFailure, target: string, detail: string, options?: ErrorOptions) {
    super(`${failure === "lost" ? "Lost the connection to" : "Cannot connect to"} ${target}: ${detail}`, connectionHints[failure], options);
    this.failure = failure;
    this.target = target;
    this.detail = detail;
  }
}

/**
 * `retort wait` (or `--wait`) gave up: the server did not accept connections in time. Its own
 * hint, because ConnectionError's would send the user to `retort wait`.
 */
export class ServerWaitTimeoutError extends DatabaseError {
  static override readonly code = "wait-timeout";
  readonly failure: ConnectionFailure;
  readonly target: string;
  readonly attempts: number;
  readonly timeoutMs: number;

  /** `timeoutOption` is the flag that set how long to wait (`--timeout`, `--wait-timeout`). */
  constructor(last: ConnectionError, attempts: number, timeoutMs: number, timeoutOption: string, options?: ErrorOptions) {
    super(
      `Cannot connect to ${last.target}: ${last.detail} (gave up after ${attempts} attempts in ${timeoutMs} ms)`,
      `Check that the server is starting (its log) and that host and port are right, or wait longer with ${timeoutOption}`,
      options,
    );
    this.failure = last.failure;
    this.target = last.target;
    this.attempts = attempts;
    this.timeoutMs = timeoutMs;
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
export abstract class SqlFileError extends DatabaseError implements SqlErrorSite {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly lineText: string;
  readonly sqlstate: string | undefined;
  readonly serverMessage: string;
  readonly detail: string | undefined;

  constructor(site: SqlErrorSite, hint: string, options?: ErrorOptions) {
    super(`${site.file}:${site.line}:${site.column}: ${site.serverMessage}`, hint, options);
    this.file = site.file;
    this.line = site.line;
    this.column = site.column;
    this.lineText = site.lineText;
    this.sqlstate = site.sqlstate;
    this.serverMessage = site.serverMessage;
    this.detail = site.detail;
  }
}

/** A statement of a revision failed; the position points into the revision file. */
export class MigrationSqlError extends SqlFileError {
  static override readonly code = "migration-sql";
  readonly revision: string;
  readonly direction: "upgrade" | "downgrade";

  constructor(site: SqlErrorSite, revision: string, direction: "upgrade" | "downgrade", options?: ErrorOptions) {
    // 57014 is also a cancel (Ctrl-C), which the session reports as an interruption instead.
    const timedOut = site.sqlstate === "57014" && site.serverMessage.includes("statement timeout");
    super(
      site,
      timedOut
        ? `The statement ran longer than its statement_timeout and was not retried. If it needs longer, raise revision_statement_timeout (--revision-statement-timeout 1h) or give the revision its own ("-- statement_timeout: 1h" in its header); nothing else from the failed transaction was committed`
        : `Nothing from this run was committed; fix ${direction} of revision "${revision}" and run again`,
      options,
    );
    this.revision = revision;
    this.direction = direction;
  }
}

/** A TS revision's function threw; what it threw is the cause. */
export class MigrationScriptError extends DatabaseError {
  static override readonly code = "migration-script";
  readonly file: string;
  readonly revision: string;
  readonly direction: "upgrade" | "downgrade";

  constructor(file: string, revision: string, direction: "upgrade" | "downgrade", thrown: unknown) {
    super(`${file}: ${direction}() of revision "${revision}" failed: ${thrown instanceof Error ? thrown.message : String(thrown)}`, undefined, { cause: thrown });
    this.file = file;
    this.revision = revision;
    this.direction = direction;
  }
}

/** The version table does not hold what the plan expected (someone else changed it). */
export class VersionTableError extends DatabaseError {
  static override readonly code = "version-table";
  /** The table, schema-qualified as it appears in SQL. */
  readonly table: string;
  /** The change that should have touched one row, as a phrase: `update "a1" to "b2"`, `insert "a1"`. */
  readonly change: string;
  /** How many rows it affected. */
  readonly affected: number;

  constructor(table: string, change: string, affected: number) {
    super(
      `Version table ${table}: expected to ${change} one row, but ${affected} rows were affected`,
      "Another process may have changed the version table; run `retort current` and try again",
    );
    this.table = table;
    this.change = change;
    this.affected = affected;
  }
}

/** Any other server error outside a revision. */
export class ServerError extends DatabaseError {
  static override readonly code = "server";
  readonly sqlstate: string | undefined;

  constructor(message: string, sqlstate: string | undefined, options?: ErrorOptions) {
    super(message, undefined, options);
    this.sqlstate = sqlstate;
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
export class LockTimeoutError extends LockUnavailableError {
  static override readonly code = "lock-timeout";
  readonly timeoutMs: number;
  readonly holder: LockHolder | undefined;

  constructor(timeoutMs: number, holder: LockHolder | undefined, options?: ErrorOptions) {
    super(
      `Timed out after ${timeoutMs} ms waiting for the migration lock held by ${describeHolder(holder)}`,
      "Wait for the other migration to finish, raise migration_lock_timeout (--migration-lock-timeout 5m), or end the holder with pg_terminate_backend if it is stuck",
      options,
    );
    this.timeoutMs = timeoutMs;
    this.holder = holder;
  }
}

/**
 * A unit of revision SQL could not get its locks on any attempt within lock_retry_budget (exit 5).
 * It was rolled back each time, so nothing of it is committed; `waits` holds every attempt's wait.
 */
export class LockRetryBudgetError extends LockUnavailableError {
  static override readonly code = "lock-retry-budget";
  readonly unit: string;
  readonly attempts: number;
  readonly budgetMs: number;
  readonly waits: readonly LockWait[];

  constructor(unit: string, budgetMs: number, waits: readonly LockWait[], options?: ErrorOptions) {
    const last = waits.at(-1);
    const pids = [...new Set(waits.flatMap((w) => w.blockers.map((b) => b.pid)))];
    const pid = last?.blockers[0]?.pid ?? pids[0];
    super(
      [
        `Gave up on ${unit} after ${waits.length} attempt${waits.length === 1 ? "" : "s"} in ${((last?.elapsedMs ?? 0) / 1000).toFixed(1)} s: it could not get its locks within lock_retry_budget (${budgetMs} ms)`,
        ...(last ? blockerReport(last) : []),
      ].join("\n"),
      `Nothing of ${unit} was committed. ${
        pid === undefined
          ? "Look for long transactions in pg_stat_activity"
          : `See the blocker with "select * from pg_stat_activity where pid = ${pid}"; if it is stuck, end it with "select pg_terminate_backend(${pid})"`
      }; or give retort longer with lock_retry_budget (--lock-retry-budget 15m), then run again`,
      options,
    );
    this.unit = unit;
    this.attempts = waits.length;
    this.budgetMs = budgetMs;
    this.waits = waits;
  }
}

/** The lock connection went away mid-run: carrying on would run without the lock. */
export class LockLostError extends DatabaseError {
  static override readonly code = "lock-lost";

  constructor(options?: ErrorOptions) {
    super(
      "Lost the connection holding the migration lock; stopped before the next step",
      "Steps that finished are recorded in the version table; run the command again to continue",
      options,
    );
  }
}

/** A statement of a `transaction: false` revision failed after others had been committed; `failure` is also the cause. */
export class NonTransactionalStepError extends DatabaseError {
  static override readonly code = "non-transactional-step";
  readonly failure: MigrationSqlError;
  /** The statements that ran and stay committed, with the file line each starts on. */
  readonly committed: readonly { readonly line: number; readonly text: string }[];

  constructor(failure: MigrationSqlError, committed: readonly { readonly line: number; readonly text: string }[]) {
    super(
      `${failure.message}\n${
        committed.length === 0
          ? "No statement of this revision had run: it is not marked applied"
          : `Already committed (the revision is not marked applied):\n${committed.map((c) => `  line ${c.line}: ${c.text}`).join("\n")}`
      }`,
      `Revision "${failure.revision}" runs outside a transaction, and the committed statements are recorded: fix the failing statement (leave the ones before it as they are) and run again to resume at it`,
      { cause: failure },
    );
    this.failure = failure;
    this.committed = committed;
  }
}

/** A statement of a schema file failed while it was applied to the scratch database. */
export class SchemaSqlError extends SqlFileError {
  static override readonly code = "schema-sql";

  constructor(site: SqlErrorSite, options?: ErrorOptions) {
    super(site, "Fix the schema file and run again; it was applied to the scratch database only", options);
  }
}
