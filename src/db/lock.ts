/**
 * The migration lock: an advisory lock whose key is derived from the version table's name, so two
 * version tables in one database (two projects) do not block each other.
 *
 * By default (`migration_lock = "session"`) it is a session advisory lock on a dedicated
 * connection, held for the whole run. A waiting process polls with `pg_try_advisory_lock` in short
 * autocommit statements (see `lock-wait.ts`: a blocking wait would hold a snapshot, which a
 * `CREATE INDEX CONCURRENTLY` run by the holder waits for), says once who holds the lock, and gives
 * up after the migration-lock timeout (exit 5). Behind a transaction-pooling proxy a session lock
 * means nothing; `transaction-lock.ts` takes the same key per transaction instead.
 */
import type { DatabaseUrl } from "../config/database-url.ts";
import { quoteLiteral as lit } from "../core/sql-quote.ts";
import { classifyError, closeConnection, openConnection, queryRow, serverAsked, type ConnectOptions, type Sql, type TransactionSql } from "./connect.ts";
import { LockLostError, type LockHolder } from "./errors.ts";
import { settledWithin } from "./grace.ts";
import { LockWait, type LockWaitOptions } from "./lock-wait.ts";
import { lockApplicationName } from "./startup.ts";
import { qualifiedName, type VersionTableName } from "./version-table.ts";

export interface LockOptions extends ConnectOptions, LockWaitOptions {
  readonly table: VersionTableName;
  /** Called when the lock's connection goes away while the lock is held (the lock went with it). */
  readonly onLost?: () => void;
}

export interface MigrationLock {
  /** Throws LockLostError when the lock connection has gone: the next step must not run. */
  assertHeld(): void;
  /** The lock's own connection; on Ctrl-C it cancels the worker's statement. */
  readonly sql: Sql;
  release(): Promise<void>;
}

/**
 * The SQL expression of the lock's key for version table `t`, the same for the session and the
 * transaction-level lock, so that each kind keeps the other out. The name is a validated
 * identifier, quoted as a literal: one round trip, where a parameter would cost a describe.
 */
export function lockKeySql(t: VersionTableName): string {
  return `hashtextextended(${lit(`retort:${qualifiedName(t)}`)}, 0)`;
}

/** Who holds the advisory lock with key `key` (a SQL expression), if anyone can be seen; session or transaction level alike. */
export async function findLockHolder(sql: Sql | TransactionSql, key: string): Promise<LockHolder | undefined> {
  const rows = await sql.unsafe<{ pid: number; application_name: string; usename: string; client_addr: string | null; state_change: Date | null }[]>(`
    select a.pid, a.application_name, a.usename, a.client_addr::text as client_addr, a.state_change
      from pg_locks l join pg_stat_activity a on a.pid = l.pid, (select ${key} as k) as lock_key
     where l.locktype = 'advisory' and l.granted and l.objsubid = 1
       and l.database = (select oid from pg_database where datname = current_database())
       and l.classid = ((k >> 32) & 4294967295)::oid
       and l.objid = (k & 4294967295)::oid
     limit 1`);
  const r = rows[0];
  if (!r) return undefined;
  return { pid: r.pid, applicationName: r.application_name, user: r.usename, clientAddr: r.client_addr ?? "local socket", since: r.state_change ?? undefined };
}

/** Takes the migration lock, polling until it is free or the timeout has passed. */
export function acquireLock(url: DatabaseUrl, opts: LockOptions): Promise<MigrationLock> {
  return new LockAttempt(url, opts).take();
}

/** How long releasing the lock waits for the server's answer before it closes the connection instead. */
const UNLOCK_GRACE_MS = 5_000;

/**
 * The lock being taken: made, it opens its connection and tries the lock once, without waiting;
 * `take` waits for it from there. A run that will surely write makes one before it has read its
 * files, so that the server starts the connection and answers meanwhile.
 */
export class LockAttempt {
  readonly #url: DatabaseUrl;
  readonly #opts: LockOptions;
  readonly #sql: Sql;
  readonly #first: Promise<{ readonly key: string; readonly ok: boolean }>;
  #releasing = false;
  #lost = false;
  #taking: Promise<MigrationLock> | undefined;

  constructor(url: DatabaseUrl, opts: LockOptions) {
    this.#url = url;
    this.#opts = opts;
    this.#sql = openConnection(url, {
      ...opts,
      applicationName: lockApplicationName(opts.applicationName),
      max: 1,
      onClose: () => {
        if (this.#releasing || this.#lost) return;
        this.#lost = true;
        opts.onLost?.();
      },
    });
    this.#first = queryRow<{ key: string; ok: boolean }>(this.#sql, `select k::text as key, pg_try_advisory_lock(k) as ok from (select ${lockKeySql(opts.table)} as k) as lock_key`);
    this.#first.catch(() => undefined); // `take` reports it; an attempt never taken only closes
  }

  /** Resolves once the attempt's connection has written its start-up message, or its first try settled without that. */
  asked(): Promise<void> {
    return serverAsked(this.#sql, this.#first);
  }

  /** The lock, once this attempt holds it (waiting as acquireLock does); the same promise on every call. */
  take(): Promise<MigrationLock> {
    return (this.#taking ??= this.#take());
  }

  async #take(): Promise<MigrationLock> {
    const sql = this.#sql;
    try {
      const { key } = await takeWhenFree(sql, await this.#first, this.#opts);
      return {
        sql,
        assertHeld: () => {
          if (this.#lost) throw new LockLostError();
        },
        release: () => this.#close(key),
      };
    } catch (err) {
      await this.#close(undefined);
      throw classifyError(err, this.#url);
    }
  }

  /**
   * Ends the attempt, taken or not: releases the lock if it holds it (waiting for a `take` still
   * under way, as a run that failed meanwhile does), and closes its connection. An attempt never
   * taken does not wait for a lock held elsewhere.
   */
  async end(): Promise<void> {
    if (this.#taking) return (await this.#taking.catch(() => undefined))?.release();
    const first = await this.#first.catch(() => undefined);
    await this.#close(first?.ok ? first.key : undefined);
  }

  /**
   * Unlocks `key` when given, then closes the connection. A lock whose connection the server
   * closed went with it: asking now would only make the driver connect again (to a database that
   * may be gone, where it kept trying for good). An unlock that has no answer within
   * `UNLOCK_GRACE_MS` is given up: closing the connection releases the lock as well.
   */
  async #close(key: string | undefined): Promise<void> {
    this.#releasing = true;
    if (key !== undefined && !this.#lost) await settledWithin(this.#sql.unsafe(`select pg_advisory_unlock(${key})`).execute(), UNLOCK_GRACE_MS);
    await closeConnection(this.#sql);
  }
}

/** From the first try's answer, polls `pg_try_advisory_lock` on `sql`, one autocommit statement at a time, until it answers yes; returns the key as a literal. */
async function takeWhenFree(sql: Sql, first: { readonly key: string; readonly ok: boolean }, opts: LockOptions): Promise<{ readonly key: string }> {
  const { key, ok } = first;
  if (!/^-?\d+$/.test(key)) throw new Error(`unexpected advisory lock key ${JSON.stringify(key)}`);
  if (ok) return { key };
  const wait = new LockWait(opts);
  for (;;) {
    await wait.pause(() => findLockHolder(sql, key));
    if ((await queryRow<{ ok: boolean }>(sql, `select pg_try_advisory_lock(${key}) as ok`)).ok) return { key };
  }
}
