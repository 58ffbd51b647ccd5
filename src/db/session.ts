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
import { qualifiedName, type VersionTableName } from "./version-table.ts";

export interface SessionOptions extends ConnectOptions {
  readonly table: VersionTableName;
  readonly lockTimeoutMs: number;
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
  const sql = openConnection(url, opts);
  let lock: MigrationLock | undefined;
  let locking: Promise<MigrationLock> | undefined;
  let pid: number | undefined;
  const signalName = (): string => String(opts.signal?.reason ?? "SIGINT");
  let settled = false;
  let lockLost = false;
  const onAbort = (): void => {
    if (pid === undefined) return;
    // Cancel from another connection (the worker's own socket is busy with the statement), and
    // keep cancelling until the run settles: a cancel that lands between two statements is a
    // no-op on the server. Cancelling, not terminating, lets the driver roll back cleanly.
    const canceller = lock && !lockLost ? lock.sql : openConnection(url, { ...opts, max: 1 });
    const owned = canceller !== lock?.sql;
    void (async () => {
      while (!settled) {
        await canceller.unsafe("select pg_cancel_backend($1)", [pid!]).catch(() => undefined);
        await new Promise((r) => setTimeout(r, 100));
      }
      if (owned) await closeConnection(canceller);
    })();
  };
  opts.signal?.addEventListener("abort", onAbort);
  try {
    // One round trip learns the backend pid (to cancel it on Ctrl-C) and which tables exist.
    const present = tablesPresent(opts.table);
    const hello = queryRow<{ pid: number } & TablesPresent>(sql, `select pg_backend_pid() as pid, ${present}`).then((r) => {
      pid = r.pid;
      return { version: r.version, history: r.history };
    });
    hello.catch(() => undefined); // a failed connection surfaces through `fn`'s first await
    const session: Session = {
      sql,
      tables: () => hello,
      tablesNow: () => queryRow<TablesPresent>(sql, `select ${present}`),
      async lock() {
        if (opts.noLock) return;
        locking ??= acquireLock(url, {
          ...opts,
          timeoutMs: opts.lockTimeoutMs,
          onWait: opts.onLockWait,
          // Without the lock the run must not go on: cancel the statement in progress now, rather
          // than let the pipelined steps run to a commit the next checkpoint would refuse.
          onLost: () => {
            lockLost = true;
            onAbort();
          },
        }).then((l) => (lock = l));
        await locking;
      },
      checkpoint() {
        if (opts.signal?.aborted) throw new InterruptedError(signalName());
        lock?.assertHeld();
      },
    };
    const result = await fn(session);
    await hello;
    return result;
  } catch (err) {
    if (opts.signal?.aborted) throw new InterruptedError(signalName());
    const classified = classifyError(err, url);
    // When the server went away, both connections did: that, not the lock, is the news.
    const serverGone = classified instanceof ConnectionError && classified.failure === "lost";
    if (lockLost && !serverGone) throw new LockLostError();
    throw classified;
  } finally {
    settled = true;
    opts.signal?.removeEventListener("abort", onAbort);
    // A lock still being taken when the run failed is released once it is.
    if (locking) await locking.catch(() => undefined);
    // Both connections are let go together.
    await Promise.all([lock?.release(), closeConnection(sql)]);
  }
}
