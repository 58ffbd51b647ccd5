/** Reading the version table, the recorded checksums and half-done revisions together, in one round trip. */
import type { Sql } from "./connect.ts";
import { historyTableName } from "./history-table.ts";
import type { TablesPresent } from "./session.ts";
import { partialRevisions, pendingStatementsQuery, type PartialRevision, type PendingStatementRow } from "./statement-progress.ts";
import { qualifiedName, type VersionTableName } from "./version-table.ts";

export interface VersionState {
  /** The version table's rows. */
  readonly heads: string[];
  /** The last recorded checksum of each revision's upgrade section. */
  readonly checksums: Map<string, string>;
  /** The `transaction: false` revisions a run left half done, by revision. */
  readonly partial: Map<string, PartialRevision>;
}

/** Reads the rows and checksums of the tables that exist, as one multi-statement query. */
export async function readVersionState(sql: Sql, t: VersionTableName, present: TablesPresent): Promise<VersionState> {
  const statements: string[] = [];
  if (present.version) statements.push(`select version_num from ${qualifiedName(t)} order by version_num`);
  if (present.history) {
    statements.push(`select distinct on (revision) revision, checksum from ${historyTableName(t)}
      where direction in ('upgrade', 'stamp', 'rehash') order by revision, id desc`);
  }
  // A history table made by an older version has no statement rows (nor the columns to hold them).
  if (present.historyCurrent) statements.push(pendingStatementsQuery(t));
  if (statements.length === 0) return { heads: [], checksums: new Map(), partial: new Map() };
  const results = await sql.unsafe(statements.join(";\n"));
  // One statement returns its rows; several return one row list each.
  const sets = (statements.length === 1 ? [results] : results) as unknown as Record<string, unknown>[][];
  const heads = present.version ? sets.shift()!.map((r) => r.version_num as string) : [];
  const checksums = new Map<string, string>();
  if (present.history) for (const r of sets.shift()!) if (r.checksum) checksums.set(r.revision as string, r.checksum as string);
  const partial = present.historyCurrent ? partialRevisions(sets.shift()! as unknown as PendingStatementRow[]) : new Map<string, PartialRevision>();
  return { heads, checksums, partial };
}
