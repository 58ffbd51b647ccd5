/**
 * `retort_history`: one row per step (upgrade, downgrade, stamp, rehash), written in the same
 * transaction as the step, in the version table's schema. The checksum of each revision's
 * upgrade section is what `upgrade` compares against to refuse edited revisions. A
 * `transaction: false` revision also leaves a `statement` row per committed statement (see
 * `statement-progress.ts`); every reader of step rows names the directions it wants, so those
 * rows are invisible to them, and to older versions of retort.
 */
import type { HistoryWrite } from "../core/segments.ts";
import type { Sql, TransactionSql } from "./connect.ts";
import { arrayLiteral, quoteIdent, quoteLiteral as lit } from "../core/sql-quote.ts";
import { isUndefinedTable, type VersionTableName } from "./version-table.ts";

type Queryable = Sql | TransactionSql;

export const HISTORY_TABLE = "retort_history";

/** What one history row records: the plan's row, and what is known once its step has run. */
export interface HistoryRecord extends HistoryWrite {
  /** Milliseconds the step took. */
  readonly durationMs: number;
  /** When the step started (the client's clock); without it, the server's clock minus the duration. */
  readonly startedAt?: Date;
  readonly toolVersion: string;
  /** The host retort ran on. */
  readonly clientHost: string;
}

/** How long a step took and when it started, as the runner measured it. */
export interface StepTiming {
  readonly ms: number;
  readonly startedAt: Date;
}

/**
 * The rows to write for `writes`, with the timing of the step each records (`timings[i]` for
 * `writes[i]`); a row without a step (a stamp's) took no time and starts at the server's clock.
 */
export function historyRecords(writes: readonly HistoryWrite[], timings: readonly StepTiming[], who: { readonly toolVersion: string; readonly clientHost: string }): HistoryRecord[] {
  return writes.map((w, i) => {
    const timing = timings[i];
    const base = { ...w, durationMs: timing?.ms ?? 0, toolVersion: who.toolVersion, clientHost: who.clientHost };
    return timing ? { ...base, startedAt: timing.startedAt } : base;
  });
}

/** The history table's name, next to the version table. */
export function historyTableName(t: VersionTableName): string {
  const name = t.history ?? HISTORY_TABLE;
  return t.schema ? `${quoteIdent(t.schema)}.${quoteIdent(name)}` : quoteIdent(name);
}

/** Every direction a row may have; `statement` rows record progress inside a `transaction: false` revision. */
const DIRECTIONS = "direction IN ('upgrade', 'downgrade', 'stamp', 'rehash', 'statement')";

/** A column only the current shape of the table has: its absence means a table made by an older version. */
export const PROGRESS_COLUMN = "statement_index";

/**
 * DDL of the history table (idempotent). A table made by an older version (without the statement
 * columns, with a CHECK that refuses `statement` rows) is left as it is: `historyTableUpgradeSql`
 * brings it forward, and `historyTableIsCurrent` says whether that is needed.
 */
export function historyTableDdl(t: VersionTableName): string {
  const name = historyTableName(t);
  const base = t.history ?? HISTORY_TABLE;
  return `CREATE TABLE IF NOT EXISTS ${name} (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  revision varchar(32) NOT NULL,
  direction text NOT NULL CHECK (${DIRECTIONS}),
  message text NOT NULL DEFAULT '',
  checksum text,
  started_at timestamptz NOT NULL,
  duration_ms double precision NOT NULL,
  db_user text NOT NULL DEFAULT current_user,
  client_host text,
  client_addr text DEFAULT inet_client_addr()::text,
  tool_version text NOT NULL,
  section text,
  ${PROGRESS_COLUMN} integer,
  statement_line integer
);
CREATE INDEX IF NOT EXISTS ${quoteIdent(`${base}_revision_idx`)} ON ${name} (revision, id);
CREATE INDEX IF NOT EXISTS ${quoteIdent(`${base}_statement_idx`)} ON ${name} (revision, id) WHERE direction = 'statement'`;
}

/** Whether the history table (which exists) has the current shape, as a boolean expression. */
export function historyTableIsCurrent(t: VersionTableName): string {
  return `EXISTS (SELECT FROM pg_attribute WHERE attrelid = ${lit(historyTableName(t))}::regclass AND attname = ${lit(PROGRESS_COLUMN)} AND NOT attisdropped)`;
}

/** Brings a history table made by an older version forward: the statement columns, and a CHECK that allows their rows. */
export function historyTableUpgradeSql(t: VersionTableName): string {
  const name = historyTableName(t);
  const base = t.history ?? HISTORY_TABLE;
  return `ALTER TABLE ${name} ADD COLUMN section text, ADD COLUMN ${PROGRESS_COLUMN} integer, ADD COLUMN statement_line integer,
  DROP CONSTRAINT IF EXISTS ${quoteIdent(`${base}_direction_check`)},
  ADD CONSTRAINT ${quoteIdent(`${base}_direction_check`)} CHECK (${DIRECTIONS})`;
}

/**
 * The history table's DDL for a script that cannot branch (offline `--sql`): the upgrade of an
 * older table runs in a DO block, only when the column is missing, so the script stays idempotent.
 */
export function historyTableScriptDdl(t: VersionTableName): string {
  return `${historyTableDdl(t)};
DO $retort$ BEGIN
  IF NOT ${historyTableIsCurrent(t)} THEN
    ${historyTableUpgradeSql(t)};
  END IF;
END $retort$`;
}


/** One INSERT for `records`, as literal SQL (also used by offline scripts). */
export function historyInsertSql(t: VersionTableName, records: readonly HistoryRecord[]): string {
  const values = records.map((r) => {
    const duration = Math.max(0, r.durationMs).toFixed(3);
    const started = r.startedAt ? `${lit(r.startedAt.toISOString())}::timestamptz` : `clock_timestamp() - interval '${duration} milliseconds'`;
    return `(${lit(r.revision)}, ${lit(r.direction)}, ${lit(r.message)}, ${r.checksum === undefined ? "NULL" : lit(r.checksum)}, ${started}, ${duration}, ${lit(r.clientHost)}, ${lit(r.toolVersion)})`;
  });
  return `INSERT INTO ${historyTableName(t)} (revision, direction, message, checksum, started_at, duration_ms, client_host, tool_version) VALUES ${values.join(",\n  ")}`;
}

/**
 * One INSERT for `records`, each column's values as one array literal. The server reads 300 rows
 * of it in about 2.5 ms, where the VALUES list of historyInsertSql (each row's expressions parsed
 * and typed) took 8–10 ms, at the end of a run that applies them. Offline scripts, which a person
 * reads, keep the VALUES list. The rows are numbered so that their ids follow the records' order.
 */
export function historyArraysInsertSql(t: VersionTableName, records: readonly HistoryRecord[]): string {
  const column = (values: readonly (string | undefined)[], type: string): string => `${lit(arrayLiteral(values))}::${type}[]`;
  const columns = [
    column(records.map((r) => r.revision), "text"),
    column(records.map((r) => r.direction), "text"),
    column(records.map((r) => r.message), "text"),
    column(records.map((r) => r.checksum), "text"),
    column(records.map((r) => r.startedAt?.toISOString()), "timestamptz"),
    column(records.map((r) => Math.max(0, r.durationMs).toFixed(3)), "float8"),
    column(records.map((r) => r.clientHost), "text"),
    column(records.map((r) => r.toolVersion), "text"),
  ];
  return `INSERT INTO ${historyTableName(t)} (revision, direction, message, checksum, started_at, duration_ms, client_host, tool_version)
  SELECT revision, direction, message, checksum, coalesce(started_at, clock_timestamp() - duration_ms * interval '1 millisecond'), duration_ms, client_host, tool_version
    FROM unnest(${columns.join(",\n      ")})
      WITH ORDINALITY AS r(revision, direction, message, checksum, started_at, duration_ms, client_host, tool_version, n)
   ORDER BY n`;
}

/** Writes the records (one statement; nothing for an empty list). */
export async function recordHistory(sql: Queryable, t: VersionTableName, records: readonly HistoryRecord[]): Promise<void> {
  if (records.length > 0) await sql.unsafe(historyArraysInsertSql(t, records));
}

/** Rows of a history query; a history table that does not exist yet has none. Not for transactions. */
async function queryHistory<T extends object>(sql: Sql, text: string): Promise<T[]> {
  try {
    return [...(await sql.unsafe<T[]>(text))];
  } catch (err) {
    if (isUndefinedTable(err)) return [];
    throw err;
  }
}

/** When, by whom and how fast a revision was last applied. */
export interface AppliedInfo {
  readonly appliedAt: Date;
  readonly user: string;
  readonly clientHost: string | null;
  readonly durationMs: number;
  readonly toolVersion: string;
}

/** The latest upgrade (or stamp) row of each revision. */
export async function readAppliedInfo(sql: Sql, t: VersionTableName): Promise<Map<string, AppliedInfo>> {
  const rows = await queryHistory<{ revision: string; started_at: Date; db_user: string; client_host: string | null; duration_ms: number; tool_version: string }>(
    sql,
    `select distinct on (revision) revision, started_at, db_user, client_host, duration_ms, tool_version
       from ${historyTableName(t)} where direction in ('upgrade', 'stamp') order by revision, id desc`,
  );
  return new Map(rows.map((r) => [r.revision, { appliedAt: r.started_at, user: r.db_user, clientHost: r.client_host, durationMs: r.duration_ms, toolVersion: r.tool_version }]));
}
