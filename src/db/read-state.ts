/** Reading the version table, the recorded checksums and half-done revisions together, in one round trip. */
import { sha256Hex } from "../scripts/sha256.ts";
import type { Sql } from "./connect.ts";
import { historyTableName } from "./history-table.ts";
import type { TablesPresent } from "./session.ts";
import { partialRevisions, pendingStatementsQuery, type PartialRevision, type PendingStatementRow } from "./statement-progress.ts";
import { qualifiedName, type VersionTableName } from "./version-table.ts";

export interface VersionState {
  /** The version table's rows. */
  readonly heads: string[];
  /** The last recorded checksum of each revision's upgrade section, summarised. */
  readonly checksums: RecordedChecksums;
  /** The `transaction: false` revisions a run left half done, by revision. */
  readonly partial: Map<string, PartialRevision>;
}

/**
 * The recorded checksums as the server summarises them: a project of 10,000 applied revisions
 * compares one digest with its files instead of fetching 10,000 rows. The rows themselves are
 * fetched only when the digest disagrees, to say which revisions changed.
 */
export interface RecordedChecksums {
  /** How many revisions have a recorded checksum. */
  readonly count: number;
  /** `checksumDigest` of them: "" when there are none. */
  readonly digest: string;
  /** The last recorded checksum of each revision (one more query, the first time it is asked). */
  all(): Promise<Map<string, string>>;
}

/**
 * The digest the server makes of recorded checksums, made here of the revisions `ids` (each once)
 * and their checksums: sha256 of "<revision> <checksum>" lines sorted by revision in code-unit
 * order, joined by "\n".
 */
export function checksumDigest(ids: Iterable<string>, checksumOf: (id: string) => string): string {
  // The ids are sorted, not the lines: sorting 10,000 strings made by concatenation costs several
  // times as much. Ids are unique, so both orders agree.
  const sorted = [...ids].sort();
  if (sorted.length === 0) return "";
  return sha256Hex(sorted.map((revision) => `${revision} ${checksumOf(revision)}`).join("\n"));
}

/**
 * The last checksum recorded per revision by an upgrade, stamp or rehash, with a checksum. Sorted
 * in "C" order, as the digest sorts them: byte comparison rather than the database's collation,
 * 12.5 against 8.4 ms of the server's time for the digest of 10,000 revisions (C.UTF-8; 11.8
 * against 9.6 with ICU's en-US). Revision ids are compared for equality either way.
 */
const latestChecksums = (t: VersionTableName) => `select revision, checksum from (select distinct on (revision collate "C") revision, checksum from ${historyTableName(t)}
      where direction in ('upgrade', 'stamp', 'rehash') order by revision collate "C", id desc) latest where checksum is not null and checksum <> ''`;

/** Reads the rows and the checksums' digest of the tables that exist, as one multi-statement query. */
export async function readVersionState(sql: Sql, t: VersionTableName, present: TablesPresent): Promise<VersionState> {
  const statements: string[] = [];
  if (present.version) statements.push(`select version_num from ${qualifiedName(t)} order by version_num`);
  if (present.history) {
    // Revision ids are ASCII, so "C" order is the code-unit order checksumDigest sorts by.
    statements.push(`select count(*)::int as count, coalesce(encode(sha256(convert_to(string_agg(revision || ' ' || checksum, E'\\n' order by revision collate "C"), 'UTF8')), 'hex'), '') as digest
      from (${latestChecksums(t)}) recorded`);
  }
  // A history table made by an older version has no statement rows (nor the columns to hold them).
  if (present.historyCurrent) statements.push(pendingStatementsQuery(t));
  const none: RecordedChecksums = { count: 0, digest: "", all: async () => new Map() };
  if (statements.length === 0) return { heads: [], checksums: none, partial: new Map() };
  const results = await sql.unsafe(statements.join(";\n"));
  // One statement returns its rows; several return one row list each.
  const sets = (statements.length === 1 ? [results] : results) as unknown as Record<string, unknown>[][];
  const heads = present.version ? sets.shift()!.map((r) => r.version_num as string) : [];
  const summary = present.history ? (sets.shift()![0] as { count: number; digest: string }) : undefined;
  // Fetched once however often asked: a stamped database's no-op compares them, and when one
  // differs the full path compares them again to name it (migrate.ts, checksums.ts).
  let all: Promise<Map<string, string>> | undefined;
  const checksums: RecordedChecksums = summary === undefined ? none : { count: summary.count, digest: summary.digest, all: () => (all ??= recordedChecksums(sql, t)) };
  const partial = present.historyCurrent ? partialRevisions(sets.shift()! as unknown as PendingStatementRow[]) : new Map<string, PartialRevision>();
  return { heads, checksums, partial };
}

/** Every revision's last recorded checksum. */
async function recordedChecksums(sql: Sql, t: VersionTableName): Promise<Map<string, string>> {
  const rows = await sql.unsafe<{ revision: string; checksum: string }[]>(latestChecksums(t));
  return new Map(rows.map((r) => [r.revision, r.checksum]));
}
