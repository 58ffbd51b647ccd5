/**
 * A migration session: the working connection, the migration lock taken on demand, and
 * cancellation. On an interrupt the running statement is cancelled on the server (so its
 * transaction rolls back at once instead of when a long statement ends), and the lock is released
 * when the session closes.
 */
import type { DatabaseUrl } from "../config/database-url.ts";
import type { MigrationLockKind } from "../config/load-config.ts";
import { quoteLiteral as lit } from "../core/sql-quote.ts";
import { classifyError, closeConnection, openConnection, queryRow, type ConnectOptions, type Sql } from "./connect.ts";
import { historyTableName, PROGRESS_COLUMN } from "./history-table.ts";
import { ConnectionError, InterruptedError, LockLostError, type LockHolder } from "./errors.ts";
import { LockAttempt, type MigrationLock } from "./lock.ts";
import { LockWait, type LockWaitTiming } from "./lock-wait.ts";
import { LockTransactionConnection, pollWhileLockBusy } from "./transaction-lock.ts";
import { qualifiedName, type VersionTableName } from "./version-table.ts";

export interface SessionOptions extends ConnectOptions {
  readonly table: VersionTableName;
  readonly lockTimeoutMs: number;
  /** The clock and pauses of a wait for the migration lock. */
  readonly lockWaitTiming: LockWaitTiming;
  /** Skip the advisory lock. */
  readonly noLock: boolean;
  /** How the lock is held: for the session, or per transaction (behind a transaction-pooling proxy; see `transaction-lock.ts`). */
  readonly migrationLock: MigrationLockKind;
  readonly onLockWait: (holder: LockHolder | undefined) => void;
  /** Aborted on Ctrl-C / SIGTERM; its reason is the signal name. */
  readonly signal: AbortSignal | undefined;
}

/** Which of retort's tables exist, as the session's first query found them. */
export interface TablesPresent {
  readonly version: boolean;
  readonly history: boolean;
  /** Whether the history table has its current shape (with the statement-progress columns); false when it is missing. */
  readonly historyCurrent: boolean;
}

export interface Session {
  readonly sql: Sql;
  /** Whether the version and history tables exist (answered by the session's first round trip). */
  tables(): Promise<TablesPresent>;
  /** The same, asked again (after taking the lock, another process may have created them). */
  tablesNow(): Promise<TablesPresent>;
  /** How this session holds the migration lock: "none" with --no-lock (or an embedded database). */
  readonly lockKind: MigrationLockKind | "none";
  /**
   * Takes the migration lock (once) for the rest of the session; a no-op with --no-lock. Per
   * transaction, that is a transaction held open on a connection of its own until the session ends.
   */
  lock(): Promise<void>;
  /**
   * Starts taking the session lock without waiting for it: its connection opens and tries it once.
   * For a run that will surely write, before it reads its files; `lock` then finishes the job.
   * Resolves once that connection has sent its start-up message (at once without a session lock),
   * so that work begun after it does not hold the message back: the lock's connection is opened,
   * and its start-up message written, from turns of the event loop.
   */
  lockSoon(): Promise<void>;
  /**
   * Per transaction: runs `fn` while a lock transaction on a connection of its own holds the lock,
   * once the version table holds `expected` (else `VersionTableMovedSignal`); waits while the lock
   * is taken. For what cannot run inside a transaction of its own.
   */
  underLockTransaction<T>(expected: readonly string[], fn: () => Promise<T>): Promise<T>;
  /** Per transaction: runs `attempt` again, after a pause, each time it rolls back because the lock is taken; gives up at the migration-lock timeout. */
  pollWhileLockBusy<T>(attempt: () => Promise<T>): Promise<T>;
  /** Throws when the run must stop before its next step: interrupted, or the lock was lost. */
  checkpoint(): void;
  /**
   * A connection for retort's own short questions while the run goes on (the blocker monitor's,
   * a cancel): the session lock's, idle once the lock is held. Undefined without one (no lock, a
   * per-transaction lock, a lost lock), for the caller to open its own.
   */
  spareConnection(): Sql | undefined;
}

/**
 * Select-list asking whether the version and history tables exist. Literals, not parameters: a
 * parameterised query costs an extra round trip to describe it, and these names are validated
 * identifiers, quoted as literals here.
 */
function tablesPresent(t: VersionTableName): string {
  const history = lit(historyTableName(t));
  return `to_regclass(${lit(qualifiedName(t))}) is not null as version, to_regclass(${history}) is not null as history,
    exists (select from pg_attribute where attrelid = to_regclass(${history}) and attname = ${lit(PROGRESS_COLUMN)} and not attisdropped) as "historyCurrent"`;
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
  /** The session lock's attempt, made by `lock` or, earlier, by `lockSoon`. */
  #attempt: LockAttempt | undefined;
  /** Per transaction: the connection lock transactions are held on, opened when first needed. */
  #lockTransactions: LockTransactionConnection | undefined;
  /** Per transaction, after `lock()`: ends the transaction that holds the lock for the session. */
  #heldForSession: Promise<() => Promise<void>> | undefined;
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
      return { version: r.version, history: r.history, historyCurrent: r.historyCurrent };
    });
    this.#hello.catch(() => undefined); // a failed connection surfaces through `fn`'s first await
  }

  tables = (): Promise<TablesPresent> => this.#hello;

  tablesNow = (): Promise<TablesPresent> => queryRow<TablesPresent>(this.sql, `select ${tablesPresent(this.opts.table)}`);

  get lockKind(): MigrationLockKind | "none" {
    return this.opts.noLock ? "none" : this.opts.migrationLock;
  }

  lock = async (): Promise<void> => {
    if (this.opts.noLock) return;
    if (this.opts.migrationLock === "transaction") {
      this.#heldForSession ??= this.#holdForSession();
      await this.#heldForSession;
      return;
    }
    // The attempt's `take` is one promise, however often it is asked.
    this.#lock = await this.#lockAttempt().take();
  };

  lockSoon = (): Promise<void> => (this.lockKind === "session" ? this.#lockAttempt().asked() : Promise.resolve());

  #lockAttempt(): LockAttempt {
    this.#attempt ??= new LockAttempt(this.url, {
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
    });
    return this.#attempt;
  }

  underLockTransaction = <T>(expected: readonly string[], fn: () => Promise<T>): Promise<T> => {
    const connection = this.#lockConnection();
    return this.pollWhileLockBusy(() => connection.hold(expected, fn));
  };

  pollWhileLockBusy = <T>(attempt: () => Promise<T>): Promise<T> =>
    pollWhileLockBusy(attempt, () => new LockWait({ ...this.opts, timeoutMs: this.opts.lockTimeoutMs, timing: this.opts.lockWaitTiming, onWait: this.opts.onLockWait }), this.sql, this.opts.table);

  /** Takes the lock in a transaction on the lock connection and keeps it open until the session closes; resolves to what ends it. */
  async #holdForSession(): Promise<() => Promise<void>> {
    let end!: () => void;
    const ended = new Promise<void>((resolve) => (end = resolve));
    let held!: () => void;
    const taken = new Promise<void>((resolve) => (held = resolve));
    const holding = this.pollWhileLockBusy(() => this.#lockConnection().hold(undefined, async () => {
      held();
      await ended;
    }));
    await Promise.race([taken, holding]);
    return async () => {
      end();
      await holding.catch(() => undefined);
    };
  }

  #lockConnection(): LockTransactionConnection {
    this.#lockTransactions ??= new LockTransactionConnection(this.url, { ...this.opts, fetchTypes: false });
    return this.#lockTransactions;
  }

  checkpoint = (): void => {
    if (this.opts.signal?.aborted) throw new InterruptedError(this.#signalName());
    this.#lock?.assertHeld();
    this.#lockTransactions?.assertHeld();
  };

  spareConnection = (): Sql | undefined => (this.#lock && !this.#lockLost ? this.#lock.sql : undefined);

  /**
   * Cancels the running statement from another connection (the worker's own socket is busy with
   * it), and keeps cancelling until the run settles: a cancel that lands between two statements
   * is a no-op on the server. Cancelling, not terminating, lets the driver roll back cleanly.
   */
  cancel = (): void => {
    const pid = this.#pid;
    if (pid === undefined) return;
    const spare = this.spareConnection();
    const canceller = spare ?? openConnection(this.url, { ...this.opts, max: 1 });
    const owned = canceller !== spare;
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

  /** Releases the lock (also one still being taken when the run failed), then closes the connections. */
  async close(): Promise<void> {
    const endHold = await this.#heldForSession?.catch(() => undefined);
    await endHold?.();
    // The lock goes first (one `lockSoon` began and the run never took included), the connections
    // after: a server ending the working connection's backend answered the unlock later (a
    // deploy's last 4 ms became 1).
    await this.#attempt?.end();
    await Promise.all([this.#lockTransactions?.close(), closeConnection(this.sql)]);
  }

  #signalName(): string {
    return String(this.opts.signal?.reason ?? "SIGINT");
  }
}
