/**
 * A migration session: the working connection, the migration lock taken on demand, and
 * cancellation. On an interrupt the running statement is cancelled on the server (so its
 * transaction rolls back at once instead of when a long statement ends), and the lock is released
 * when the session closes.
 */
import postgres from "postgres";
import type { DatabaseUrl } from "../config/database-url.ts";
import { classifyError, connectionOptions, queryRow, type ConnectOptions, type Sql } from "./connect.ts";
import { InterruptedError, type LockHolder } from "./errors.ts";
import { acquireLock, type MigrationLock } from "./lock.ts";
import type { VersionTableName } from "./version-table.ts";

export interface SessionOptions extends ConnectOptions {
  readonly table: VersionTableName;
  readonly lockTimeoutMs: number;
  /** Skip the advisory lock (for transaction-pooling proxies such as pgbouncer). */
  readonly noLock: boolean;
  readonly onLockWait: (holder: LockHolder | undefined) => void;
  /** Aborted on Ctrl-C / SIGTERM; its reason is the signal name. */
  readonly signal: AbortSignal | undefined;
}

export interface Session {
  readonly sql: Sql;
  /** Takes the migration lock (once); a no-op with --no-lock. */
  lock(): Promise<void>;
  /** Throws when the run must stop before its next step: interrupted, or the lock was lost. */
  checkpoint(): void;
  /** Whether the session was interrupted; errors after that are reported as the interruption. */
  readonly interrupted: () => boolean;
}

/** Opens a session, runs `fn`, and always releases the lock and closes the connections. */
export async function withSession<T>(url: DatabaseUrl, opts: SessionOptions, fn: (s: Session) => Promise<T>): Promise<T> {
  const sql = postgres(connectionOptions(url, opts));
  let lock: MigrationLock | undefined;
  let pid: number | undefined;
  const signalName = (): string => String(opts.signal?.reason ?? "SIGINT");
  let settled = false;
  const onAbort = (): void => {
    if (pid === undefined) return;
    // Cancel from another connection (the worker's own socket is busy with the statement), and
    // keep cancelling until the run settles: a cancel that lands between two statements is a
    // no-op on the server. Cancelling, not terminating, lets the driver roll back cleanly.
    const canceller = lock?.sql ?? postgres({ ...connectionOptions(url, opts), max: 1 });
    const owned = lock === undefined;
    void (async () => {
      while (!settled) {
        await canceller.unsafe("select pg_cancel_backend($1)", [pid!]).catch(() => undefined);
        await new Promise((r) => setTimeout(r, 100));
      }
      if (owned) await canceller.end({ timeout: 1 }).catch(() => undefined);
    })();
  };
  opts.signal?.addEventListener("abort", onAbort);
  try {
    // Not awaited: it rides along with the session's first real query (one round trip, not two).
    const pidQuery = queryRow<{ pid: number }>(sql, "select pg_backend_pid() as pid").then((r) => {
      pid = r.pid;
    });
    pidQuery.catch(() => undefined); // a failed connection surfaces through `fn`'s first query
    const session: Session = {
      sql,
      async lock() {
        if (lock || opts.noLock) return;
        lock = await acquireLock(url, { ...opts, timeoutMs: opts.lockTimeoutMs, onWait: opts.onLockWait });
      },
      checkpoint() {
        if (opts.signal?.aborted) throw new InterruptedError(signalName());
        lock?.assertHeld();
      },
      interrupted: () => opts.signal?.aborted === true,
    };
    const result = await fn(session);
    await pidQuery;
    return result;
  } catch (err) {
    if (opts.signal?.aborted) throw new InterruptedError(signalName());
    throw classifyError(err, url);
  } finally {
    settled = true;
    opts.signal?.removeEventListener("abort", onAbort);
    await lock?.release();
    await sql.end({ timeout: 5 }).catch(() => undefined);
  }
}
