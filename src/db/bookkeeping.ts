/**
 * The bookkeeping a segment writes (see `core/segments.ts`), as SQL: the version and history
 * tables' creation, version-table changes and history rows. The text stays here rather than in
 * the core because it is the tables' shape, which `version-table.ts` and `history-table.ts` also
 * read back; the core says what to write, and the online runner and the offline script both
 * render it with these functions.
 */
import type { VersionChange } from "../core/plan.ts";
import type { TransactionSql } from "./connect.ts";
import { historyTableDdl, recordHistory, type HistoryRecord } from "./history-table.ts";
import { applyVersionChange, versionTableSetup, type VersionTableName } from "./version-table.ts";

/** The statements creating the bookkeeping tables when missing: the version table (and its schema), then the history table. */
export function bookkeepingTablesSql(t: VersionTableName): { readonly version: readonly string[]; readonly history: string } {
  return { version: versionTableSetup(t), history: historyTableDdl(t) };
}

/**
 * Creates the version and history tables if missing, in one round trip, in the caller's
 * transaction. The server's "already exists, skipping" notices are retort's own business, so they
 * are held back for these statements only; a revision's notices still reach the user.
 */
export async function createBookkeepingTables(tx: TransactionSql, t: VersionTableName): Promise<void> {
  const { version, history } = bookkeepingTablesSql(t);
  await tx.unsafe(["SET LOCAL client_min_messages = warning", ...version, history, "SET LOCAL client_min_messages TO DEFAULT"].join(";\n"));
}

/** Applies the version-table changes and adds the history rows, issued together so they travel in one round trip. */
export async function writeBookkeeping(tx: TransactionSql, t: VersionTableName, changes: readonly VersionChange[], records: readonly HistoryRecord[]): Promise<void> {
  await Promise.all([...changes.map((c) => applyVersionChange(tx, t, c)), recordHistory(tx, t, records)]);
}
