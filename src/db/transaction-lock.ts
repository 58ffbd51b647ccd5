/**
 * The migration lock behind a transaction-pooling proxy (`migration_lock = "transaction"`). A
 * proxy such as PgBouncer in `pool_mode = transaction` gives each transaction whatever server
 * connection is free, so a session advisory lock would stay behind on one server connection
 * (where another client may be handed it) while the run goes on elsewhere. A transaction, though,
 * runs on one server connection from BEGIN to COMMIT: the same key taken with
 * `pg_try_advisory_xact_lock` as the transaction's first statement protects that transaction
 * wherever it runs, and is released by its COMMIT or ROLLBACK whatever happens to the client.
 *
 * The lock is taken before the transaction reads anything, and the version table is read after it
 * in a statement of its own (with a snapshot taken after the lock was granted, hence READ
 * COMMITTED): if the rows are not the ones the transaction was planned from, another deployer got
 * there first and the transaction rolls back without doing anything (`VersionTableMovedSignal`).
 * While the lock is taken, the transaction rolls back at once (`MigrationLockBusySignal`) and the
 * caller polls again after a pause: a waiting deployer holds no transaction and no snapshot.
 */
import { closeConnection, openConnection, queryRow, type ConnectOptions, type Sql, type TransactionSql } from "./connect.ts";
import type { DatabaseUrl } from "../config/database-url.ts";
import { quoteLiteral as lit } from "../core/sql-quote.ts";
import { LockLostError } from "./errors.ts";
import { findLockHolder, lockKeySql } from "./lock.ts";
import type { LockWait } from "./lock-wait.ts";
import { lockApplicationName } from "./startup.ts";
import { qualifiedName, sameRows, type VersionTableName } from "./version-table.ts";

/** The lock was taken by someone else: the transaction rolled back, poll again after a pause. Never leaves the run. */
export class MigrationLockBusySignal extends Error {
  constructor() {
    super("the migration lock is taken; the transaction rolled back to poll again");
  }
}

/** Under the lock, the version table showed other rows than the transaction was planned from: plan again from `heads`. Never leaves the run. */
export class VersionTableMovedSignal extends Error {
  readonly heads: readonly string[];

  constructor(heads: readonly string[]) {
    super(`another run changed the version table to [${heads.join(", ")}]; the transaction rolled back to plan again`);
    this.heads = heads;
  }
}

/**
 * Takes the migration lock in `tx` and checks that the version table still holds `expected` (unless undefined);
 * throws a signal (rolling the transaction back) when the lock is taken or the rows moved. It must
 * be the first thing the transaction runs: SET TRANSACTION must come before any query.
 */
export async function lockThisTransaction(tx: TransactionSql, table: VersionTableName, expected: readonly string[] | undefined): Promise<void> {
  const results = await tx.unsafe(`set transaction isolation level read committed; select pg_try_advisory_xact_lock(${lockKeySql(table)}) as ok`);
  if (!(results as unknown as { ok: boolean }[][])[1]![0]!.ok) throw new MigrationLockBusySignal();
  if (expected === undefined) return;
  // Asked in statements after the one that took the lock: a statement reads the table as it was
  // when the statement started, which may be before the previous holder committed. And asked of
  // pg_class itself, not with `to_regclass`: a name lookup that takes no lock answers from this
  // backend's catalog cache, which caught up with other sessions' DDL at the start of the lock's
  // statement, possibly just before the previous holder committed the table and let go.
  const { present } = await queryRow<{ present: boolean }>(tx, `select ${versionTableExists(table)} as present`);
  const heads = present ? (await tx.unsafe<{ version_num: string }[]>(`select version_num from ${qualifiedName(table)} order by version_num`)).map((r) => r.version_num) : [];
  if (!sameRows(heads, expected)) throw new VersionTableMovedSignal(heads);
}

/** Whether the version table exists, asked of pg_class with the statement's snapshot (on the search path when it has no schema). */
function versionTableExists(t: VersionTableName): string {
  const schema = t.schema === undefined ? "any (pg_catalog.current_schemas(false))" : lit(t.schema);
  return `exists (select 1 from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace where c.relname = ${lit(t.table)} and n.nspname = ${schema})`;
}

/**
 * A connection for lock transactions: a transaction kept open on it holds the lock while work
 * that cannot run in a transaction (a `transaction: false` revision, whose statements commit one
 * by one on other server connections) is done on the working connection. Between its statements
 * the lock transaction has no snapshot (READ COMMITTED), so a `CREATE INDEX CONCURRENTLY` run
 * meanwhile does not wait for it.
 */
export class LockTransactionConnection {
  readonly #sql: Sql;
  #lost = false;
  #holding = false;
  readonly #table: VersionTableName;

  constructor(url: DatabaseUrl, opts: ConnectOptions & { readonly table: VersionTableName }) {
    this.#table = opts.table;
    this.#sql = openConnection(url, {
      ...opts,
      applicationName: lockApplicationName(opts.applicationName),
      max: 1,
      onClose: () => {
        if (this.#holding) this.#lost = true;
      },
    });
  }

  /** The connection, for looking up who holds the lock. */
  get sql(): Sql {
    return this.#sql;
  }

  /**
   * Runs `fn` while a transaction on this connection holds the lock, having checked that the
   * version table holds `expected` (unless undefined); commits once `fn` is done, rolls back if it throws.
   */
  async hold<T>(expected: readonly string[] | undefined, fn: () => Promise<T>): Promise<T> {
    this.#lost = false;
    return (await this.#sql.begin(async (tx) => {
      await lockThisTransaction(tx, this.#table, expected);
      this.#holding = true;
      try {
        const result = await fn();
        // Committing is what releases the lock; make sure it was still held until now.
        await queryRow(tx, "select 1 as held");
        return result;
      } finally {
        this.#holding = false;
      }
    })) as T;
  }

  /** Throws LockLostError when the connection went away while a lock transaction was open: what runs under it must stop. */
  assertHeld(): void {
    if (this.#lost) throw new LockLostError();
  }

  async close(): Promise<void> {
    await closeConnection(this.#sql);
  }
}

/**
 * Runs `attempt` again each time it rolls back with `MigrationLockBusySignal`, pausing between
 * tries as one wait for the lock (`wait`: its deadline, its report of the holder, its timeout).
 */
export async function pollWhileLockBusy<T>(attempt: () => Promise<T>, startWait: () => LockWait, holderSql: Sql, table: VersionTableName): Promise<T> {
  let wait: LockWait | undefined;
  for (;;) {
    try {
      return await attempt();
    } catch (err) {
      if (!(err instanceof MigrationLockBusySignal)) throw err;
      wait ??= startWait();
      await wait.pause(() => findLockHolder(holderSql, lockKeySql(table)));
    }
  }
}
