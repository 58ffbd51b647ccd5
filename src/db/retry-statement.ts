/**
 * One statement of a `transaction: false` revision, retried alone after a lock timeout or a
 * deadlock: the statements before it have committed and are not run again. A `CREATE INDEX
 * CONCURRENTLY` that fails leaves an INVALID index behind, which would make the retry fail with
 * "already exists" (or, with IF NOT EXISTS, silently keep the broken index), so it is dropped,
 * concurrently, before the retry. It is found in the catalog (the invalid indexes that were not
 * there before the statement), never by reading the name out of the SQL.
 */
import type { UnitTimeouts } from "../core/lock-retry.ts";
import { isCreateIndexConcurrently, waitsBlockNobody } from "../scripts/statement-waits.ts";
import type { Sql } from "./connect.ts";
import { retryableSqlstate, withLockRetries, type LockRetryOptions } from "./lock-retry.ts";
import { liftStatementTimeoutSql, restoreStatementTimeoutSql } from "./unit-timeouts.ts";

/** Where the statement runs and how: the session (its timeouts already SET), its backend, the revision's timeouts, and the unit's name. */
export interface StatementRun {
  readonly sql: Sql;
  /** The backend of `sql`, which the blocker monitor watches. */
  readonly pid: number;
  readonly timeouts: UnitTimeouts;
  /** The statement as a phrase, for the stderr line and errors. */
  readonly unit: string;
  readonly retry: LockRetryOptions;
  /**
   * Whether the session's settings may be changed (false behind a transaction-pooling proxy,
   * where a session-level SET could reach another client's server connection).
   */
  readonly sessionSettings: boolean;
}

/** The invalid indexes in the database, by name as PostgreSQL quotes it (schema-qualified when off the search path). */
async function invalidIndexes(sql: Sql): Promise<Set<string>> {
  const rows = await sql.unsafe<{ name: string }[]>("select indexrelid::regclass::text as name from pg_index where not indisvalid");
  return new Set(rows.map((r) => r.name));
}

/** Runs `text` outside a transaction, retrying it alone after lock timeouts and deadlocks while the budget lasts. */
export async function runStatementWithRetries(text: string, run: StatementRun): Promise<void> {
  const { sql } = run;
  const exempt = waitsBlockNobody(text) && run.sessionSettings;
  const before = isCreateIndexConcurrently(text) ? await invalidIndexes(sql) : undefined;
  const leftovers: string[] = [];
  await withLockRetries({ unit: run.unit, lockTimeoutMs: run.timeouts.lockTimeoutMs, retryBudgetMs: run.timeouts.retryBudgetMs }, run.retry, async (watch) => {
    watch.worker(run.pid);
    // The name comes from regclass output, which quotes it as SQL needs.
    while (leftovers.length > 0) {
      await sql.unsafe(`drop index concurrently if exists ${leftovers[0]!}`);
      leftovers.shift();
    }
    if (exempt) await sql.unsafe(liftStatementTimeoutSql(false));
    try {
      await sql.unsafe(text);
    } catch (err) {
      if (before !== undefined && retryableSqlstate(err) !== undefined) {
        for (const name of await invalidIndexes(sql)) if (!before.has(name)) leftovers.push(name);
      }
      throw err;
    } finally {
      // A failed restore (the connection is gone) must not hide why the statement failed.
      if (exempt) await sql.unsafe(restoreStatementTimeoutSql(false)).catch(() => undefined);
    }
  });
}
