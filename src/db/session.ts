/**
 * A migration session: the working connection, the migration lock taken on demand, and
 * cancellation. On an interrupt the running statement is cancelled on the server (so its
 * transaction rolls back at once instead of when a long statement ends), and the lock is released
 * when the session closes.
 */
import type { DatabaseUrl } from "../config/database-url.ts";
import { quoteLiteral as lit } from "../core/sql-quote.ts";
import { classifyError, closeConnection, openConnection, queryRow, type ConnectOptions, type Sql } from "./connect.ts";
import { historyTableName } from "./history-table.ts";
import { ConnectionError, InterruptedError, LockLostError, type LockHolder } from "./errors.ts";
import { acquireLock, type MigrationLock } from "./lock.ts";
import type { LockWaitTiming } from "./lock-wait.ts";
import { qualifiedName, type VersionTableName } from "./version-table.ts";

export interface SessionOptions extends ConnectOptions {
  readonly table: VersionTableName;
  readonly lockTimeoutMs: number;
  /** The clock and pauses of a wait for the migration lock. */
  readonly lockWaitTiming: LockWaitTiming;
  /** Skip the advisory lock (for transaction-pooling proxies such as pgbouncer). */
  readonly noLock: boolean;
  readonly onLockWait: (holder: LockHolder | undefined) => void;
  /** Aborted on Ctrl-C / SIGTERM; its reason is the signal name. */
  readonly signal: AbortSignal | undefined;
}

/** Which of retort's tables exist, as the session's first query found them. */
export interface TablesPresent {
  readonly version: boolean;
  readonly history: boolean;
}

export interface Session {
  readonly sql: Sql;
  /** Whether the version and history tables exist (answered by the session's first round trip). */
  tables(): Promise<TablesPresent>;
  /** The same, asked again (after taking the lock, another process may have created them). */
  tablesNow(): Promise<TablesPresent>;
  /** Takes the migration lock (once); a no-op with --no-lock. */
  lock(): Promise<void>;
  /** Throws when the run must stop before its next step: interrupted, or the lock was lost. */
  checkpoint(): void;
}

/**
 * Select-list asking whether the version and history tables exist. Literals, not parameters: a
 * parameterised query costs an extra round trip to describe it, and these names are validated
 * identifiers, quoted as literals here.
 */
function tablesPresent(t: VersionTableName): string {
  return `to_regclass(${lit(qualifiedName(t))}) is not null as version, to_regclass(${lit(historyTableName(t))}) is not null as history`;
}

/** Opens a session, runs `fn`, and always releases the lock and closes the connections. */
export async function withSession<T>(url: DatabaseUrl, opts: SessionOptions, fn: (s: Session) => Promise<T>): Promise<T> {
  const session = new LiveSession(url, opts);
  opts.signal?.addEventListener("abort", session.cancel);
  try {
    const result = await fn(session);
    await session.tables();
    return result;
  } catch (err) {
    throw session.failure(err);
  } finally {
    session.settle();
    opts.signal?.removeEventListener("abort", session.cancel);
    await session.close();
  }
}

/** The working connection, the lock once taken, and what Ctrl-C and a lost lock do to them. */
class LiveSession implements Session {
  readonly sql: Sql;
  #lock: MigrationLock | undefined;
  #locking: Promise<MigrationLock> | undefined;
  /** The working connection's backend, known once the first query has answered: what a cancel targets. */
  #pid: number | undefined;
  #settled = false;
  #lockLost = false;
  readonly #hello: Promise<TablesPresent>;

  private readonly url: DatabaseUrl;
  private readonly opts: SessionOptions;

  constructor(url: DatabaseUrl, opts: SessionOptions) {
    this.url = url;
    this.opts = opts;
    this.sql = openConnection(url, opts);
    // One round trip learns the backend pid (to cancel it on Ctrl-C) and which tables exist.
    this.#hello = queryRow<{ pid: number } & TablesPresent>(this.sql, `select pg_backend_pid() as pid, ${tablesPresent(opts.table)}`).then((r) => {
      this.#pid = r.pid;
      return { version: r.version, history: r.history };
    });
    this.#hello.catch(() => undefined); // a failed connection surfaces through `fn`'s first await
  }

  tables = (): Promise<TablesPresent> => this.#hello;

  tablesNow = (): Promise<TablesPresent> => queryRow<TablesPresent>(this.sql, `select ${tablesPresent(this.opts.table)}`);

  lock = async (): Promise<void> => {
    if (this.opts.noLock) return;
    this.#locking ??= acquireLock(this.url, {
      ...this.opts,
      timeoutMs: this.opts.lockTimeoutMs,
      timing: this.opts.lockWaitTiming,
      onWait: this.opts.onLockWait,
      // Without the lock the run must not go on: cancel the statement in progress now, rather
      // than let the pipelined steps run to a commit the next checkpoint would refuse.
      onLost: () => {
        this.#lockLost = true;
        this.cancel();
      },
    }).then((l) => (this.#lock = l));
    await this.#locking;
  };

  checkpoint = (): void => {
    if (this.opts.signal?.aborted) throw new InterruptedError(this.#signalName());
    this.#lock?.assertHeld();
  };

  /**
   * Cancels the running statement from another connection (the worker's own socket is busy with
   * it), and keeps cancelling until the run settles: a cancel that lands between two statements
   * is a no-op on the server. Cancelling, not terminating, lets the driver roll back cleanly.
   */
  cancel = (): void => {
    const pid = this.#pid;
    if (pid === undefined) return;
    const lock = this.#lock;
    const canceller = lock && !this.#lockLost ? lock.sql : openConnection(this.url, { ...this.opts, max: 1 });
    const owned = canceller !== lock?.sql;
    void (async () => {
      while (!this.#settled) {
        await canceller.unsafe("select pg_cancel_backend($1)", [pid]).catch(() => undefined);
        await new Promise((r) => setTimeout(r, 100));
      }
      if (owned) await closeConnection(canceller);
    })();
  };

  /** What the run failed with: the interrupt, the lost lock, or the classified database error. */
  failure(err: unknown): unknown {
    if (this.opts.signal?.aborted) return new InterruptedError(this.#signalName(), { cause: err });
    const classified = classifyError(err, this.url);
    // When the server went away, both connections did: that, not the lock, is the news.
    const serverGone = classified instanceof ConnectionError && classified.failure === "lost";
    if (this.#lockLost && !serverGone) return new LockLostError({ cause: classified });
    return classified;
  }

  /** The run is over: a cancel loop still going stops. */
  settle(): void {
    this.#settled = true;
  }

  /** Releases the lock (also one still being taken when the run failed) and closes both connections together. */
  async close(): Promise<void> {
    if (this.#locking) await this.#locking.catch(() => undefined);
    await Promise.all([this.#lock?.release(), closeConnection(this.sql)]);
  }

  #signalName(): string {
    return String(this.opts.signal?.reason ?? "SIGINT");
  }
}
