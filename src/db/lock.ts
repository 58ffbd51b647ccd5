/**
 * The migration lock: a session advisory lock on a dedicated connection, held for the whole run.
 * The key is derived from the version table's name, so two version tables in one database (two
 * projects) do not block each other. A waiting process says who holds the lock, and gives up
 * after lock_timeout (exit 5).
 */
import type { DatabaseUrl } from "../config/database-url.ts";
import { quoteLiteral as lit } from "../core/sql-quote.ts";
import { classifyError, closeConnection, openConnection, queryRow, type ConnectOptions, type Sql } from "./connect.ts";
import { LockLostError, LockTimeoutError, type LockHolder } from "./errors.ts";
import { isServerError } from "./run-step.ts";
import { qualifiedName, type VersionTableName } from "./version-table.ts";

export interface LockOptions extends ConnectOptions {
  readonly table: VersionTableName;
  readonly timeoutMs: number;
  /** Called once when the lock is taken by someone else and we start waiting. */
  readonly onWait: (holder: LockHolder | undefined) => void;
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

const holderQuery = `
  select a.pid, a.application_name, a.usename, a.client_addr::text as client_addr, a.state_change
    from pg_locks l join pg_stat_activity a on a.pid = l.pid
   where l.locktype = 'advisory' and l.granted and l.objsubid = 1
     and l.database = (select oid from pg_database where datname = current_database())
     and l.classid = ((($1::bigint) >> 32) & 4294967295)::oid
     and l.objid = (($1::bigint) & 4294967295)::oid
   limit 1`;

/** Who holds the lock with key `key`, if anyone can be seen. */
async function findHolder(sql: Sql, key: string): Promise<LockHolder | undefined> {
  const rows = await sql.unsafe<{ pid: number; application_name: string; usename: string; client_addr: string | null; state_change: Date | null }[]>(holderQuery, [key]);
  const r = rows[0];
  if (!r) return undefined;
  return { pid: r.pid, applicationName: r.application_name, user: r.usename, clientAddr: r.client_addr ?? "local socket", since: r.state_change ?? undefined };
}

/** Takes the migration lock, waiting at most `timeoutMs`. */
export async function acquireLock(url: DatabaseUrl, opts: LockOptions): Promise<MigrationLock> {
  let releasing = false;
  let lost = false;
  const sql = openConnection(url, {
    ...opts,
    applicationName: `${opts.applicationName} (migration lock)`,
    max: 1,
    onClose: () => {
      if (releasing || lost) return;
      lost = true;
      opts.onLost?.();
    },
  });
  try {
    // One round trip: literals rather than parameters, which would cost a describe round trip
    // each (the name is a validated identifier, quoted as a literal).
    const { key, ok } = await queryRow<{ key: string; ok: boolean }>(
      sql,
      `select k::text as key, pg_try_advisory_lock(k) as ok from (select hashtextextended(${lit(`retort:${qualifiedName(opts.table)}`)}, 0) as k) as lock_key`,
    );
    if (!/^-?\d+$/.test(key)) throw new Error(`unexpected advisory lock key ${JSON.stringify(key)}`);
    if (!ok) {
      opts.onWait(await findHolder(sql, key));
      await sql.unsafe(`set lock_timeout = ${Math.max(1, Math.round(opts.timeoutMs))}`);
      try {
        await sql.unsafe(`select pg_advisory_lock(${key})`);
      } catch (err) {
        // 55P03 lock_not_available: lock_timeout expired while waiting.
        if (isServerError(err) && err.code === "55P03") throw new LockTimeoutError(opts.timeoutMs, await findHolder(sql, key), { cause: err });
        throw err;
      }
      await sql.unsafe("set lock_timeout = 0");
    }
    return {
      sql,
      assertHeld() {
        if (lost) throw new LockLostError();
      },
      async release() {
        releasing = true;
        await sql.unsafe(`select pg_advisory_unlock(${key})`).catch(() => undefined);
        await closeConnection(sql);
      },
    };
  } catch (err) {
    releasing = true;
    await closeConnection(sql);
    throw classifyError(err, url);
  }
}
