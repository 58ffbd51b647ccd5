/**
 * Progress inside a `transaction: false` revision: its statements commit one by one, so each one
 * is recorded in the history table (a `statement` row: the section, the statement's index, line,
 * text and sha256) right after it commits, in autocommit. A crash between two statements then
 * leaves an exact record, and the next run can skip what is already done. A later
 * step row of the same revision (its upgrade or downgrade completing, a stamp, a rehash) closes
 * the record: only statement rows after the revision's last step row are pending.
 */
import { quoteLiteral as lit } from "../core/sql-quote.ts";
import type { Sql } from "./connect.ts";
import { historyTableName } from "./history-table.ts";
import type { VersionTableName } from "./version-table.ts";

/** One committed statement of a revision's section, as recorded. */
export interface CommittedStatement {
  /** 0-based position of the statement in its section. */
  readonly index: number;
  /** The file line the statement starts on. */
  readonly line: number;
  readonly text: string;
  /** sha256 of the statement's text. */
  readonly checksum: string;
}

/** A revision whose `transaction: false` section was left half done: the statements committed so far, in order. */
export interface PartialRevision {
  readonly revision: string;
  readonly direction: "upgrade" | "downgrade";
  readonly committed: readonly CommittedStatement[];
}

/** Who records the statement, as in every history row. */
export interface StatementRecorder {
  readonly toolVersion: string;
  readonly clientHost: string;
}

/** The INSERT recording that `statement` of `revision`'s `direction` section has committed. */
export function committedStatementSql(t: VersionTableName, revision: string, direction: "upgrade" | "downgrade", statement: CommittedStatement, durationMs: number, who: StatementRecorder): string {
  const duration = Math.max(0, durationMs).toFixed(3);
  return `INSERT INTO ${historyTableName(t)} (revision, direction, message, checksum, started_at, duration_ms, client_host, tool_version, section, statement_index, statement_line)
  VALUES (${lit(revision)}, 'statement', ${lit(statement.text)}, ${lit(statement.checksum)}, clock_timestamp() - interval '${duration} milliseconds', ${duration}, ${lit(who.clientHost)}, ${lit(who.toolVersion)}, ${lit(direction)}, ${statement.index}, ${statement.line})`;
}

/** Records a committed statement, in autocommit: the record must not wait for anything that could still fail. */
export async function recordCommittedStatement(sql: Sql, t: VersionTableName, revision: string, direction: "upgrade" | "downgrade", statement: CommittedStatement, durationMs: number, who: StatementRecorder): Promise<void> {
  await sql.unsafe(committedStatementSql(t, revision, direction, statement, durationMs, who));
}

/** The query for the pending statement rows (those after their revision's last step row), oldest first. */
export function pendingStatementsQuery(t: VersionTableName): string {
  const h = historyTableName(t);
  return `select s.revision, s.section, s.statement_index, s.statement_line, s.message, s.checksum from ${h} s
      where s.direction = 'statement' and not exists (select from ${h} e where e.revision = s.revision and e.id > s.id and e.direction <> 'statement')
      order by s.revision, s.id`;
}

/** A row of `pendingStatementsQuery`. */
export interface PendingStatementRow {
  readonly revision: string;
  readonly section: string;
  readonly statement_index: number;
  readonly statement_line: number;
  readonly message: string;
  readonly checksum: string;
}

/**
 * The half-done revisions the pending rows describe. Rows of one revision all belong to the last
 * direction it was run in (a run in the other direction is only planned once a step row has
 * closed the record); should an older one remain, the last direction wins. A statement recorded
 * twice keeps its last record.
 */
export function partialRevisions(rows: readonly PendingStatementRow[]): Map<string, PartialRevision> {
  const byRevision = new Map<string, PendingStatementRow[]>();
  for (const r of rows) {
    const list = byRevision.get(r.revision) ?? [];
    list.push(r);
    byRevision.set(r.revision, list);
  }
  const partial = new Map<string, PartialRevision>();
  for (const [revision, list] of byRevision) {
    const direction = list.at(-1)!.section === "downgrade" ? "downgrade" : "upgrade";
    const byIndex = new Map<number, CommittedStatement>();
    for (const r of list) {
      if (r.section === direction) byIndex.set(r.statement_index, { index: r.statement_index, line: r.statement_line, text: r.message, checksum: r.checksum });
    }
    const committed = [...byIndex.values()].sort((a, b) => a.index - b.index);
    partial.set(revision, { revision, direction, committed });
  }
  return partial;
}
