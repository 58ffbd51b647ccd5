/**
 * The bookkeeping a segment writes (see `core/segments.ts`), as SQL: the version and history
 * tables' creation, version-table changes and history rows. The text stays here rather than in
 * the core because it is the tables' shape, which `version-table.ts` and `history-table.ts` also
 * read back; the core says what to write, and the online runner and the offline script both
 * render it with these functions.
 */
import type { VersionChange } from "../core/plan.ts";
import { queryRow, type TransactionSql } from "./connect.ts";
import { historyTableDdl, historyTableIsCurrent, historyTableScriptDdl, historyTableUpgradeSql, recordHistory, type HistoryRecord } from "./history-table.ts";
import { applyVersionChange, versionTableSetup, type VersionTableName } from "./version-table.ts";

/**
 * The statements of a script (offline `--sql`) creating the bookkeeping tables when missing: the
 * version table (and its schema), then the history table, brought forward if an older version made it.
 */
export function bookkeepingTablesSql(t: VersionTableName): { readonly version: readonly string[]; readonly history: string } {
  return { version: versionTableSetup(t), history: historyTableScriptDdl(t) };
}

/**
 * Creates the version and history tables if missing, in the caller's transaction: one round trip,
 * whose queries are handed to the driver before this returns (queries made after it follow them),
 * creates them and asks whether the history table has the current shape, a second brings one made
 * by an older version forward. Not the script's DO block: PL/pgSQL is a library the server loads
 * on first use, which in the embedded engine (compiling its WebAssembly) cost a new database's
 * first upgrade about 0.15 s of CPU. The server's "already exists, skipping" notices are retort's
 * own business, so they are held back for these statements only; a revision's notices still
 * reach the user.
 */
export async function createBookkeepingTables(tx: TransactionSql, t: VersionTableName): Promise<void> {
  // Both sent before either answer is awaited; the server runs them in order.
  const [, { current }] = await Promise.all([
    quietly(tx, [...versionTableSetup(t), historyTableDdl(t)]),
    queryRow<{ current: boolean }>(tx, `select ${historyTableIsCurrent(t)} as current`),
  ]);
  if (!current) await quietly(tx, [historyTableUpgradeSql(t)]);
}

/** Runs `statements` in one round trip with the server's notices held back; handed to the driver at once (see `queryRow`). */
async function quietly(tx: TransactionSql, statements: readonly string[]): Promise<void> {
  await tx.unsafe(["SET LOCAL client_min_messages = warning", ...statements, "SET LOCAL client_min_messages TO DEFAULT"].join(";\n")).execute();
}

/** Applies the version-table changes and adds the history rows, issued together so they travel in one round trip. */
export async function writeBookkeeping(tx: TransactionSql, t: VersionTableName, changes: readonly VersionChange[], records: readonly HistoryRecord[]): Promise<void> {
  await Promise.all([...changes.map((c) => applyVersionChange(tx, t, c)), recordHistory(tx, t, records)]);
}
