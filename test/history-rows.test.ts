/**
 * The history rows a run writes, on a real server: the online INSERT (one array per column) stores
 * exactly what the offline script's VALUES list stores, in the records' order, whatever the text.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseDatabaseUrl } from "../src/config/database-url.ts";
import { createBookkeepingTables } from "../src/db/bookkeeping.ts";
import { closeConnection, openConnection, type Sql } from "../src/db/connect.ts";
import { historyArraysInsertSql, historyInsertSql, recordHistory, type HistoryRecord } from "../src/db/history-table.ts";
import { createTestDatabase, type TestDatabase } from "./support/database.ts";

let db: TestDatabase;
let sql: Sql;
const table = { schema: undefined, table: "alembic_version" };

beforeAll(async () => {
  db = await createTestDatabase("history_rows");
  sql = openConnection(parseDatabaseUrl(db.url, "the test database"), { applicationName: "history-rows-test" });
  await sql.begin((tx) => createBookkeepingTables(tx, table));
});
afterAll(async () => {
  await closeConnection(sql);
  await db.drop();
});

const WHO = { toolVersion: 'retort 1.0 "test"', clientHost: "host\\with\\backslashes" };
/** Texts an array literal must quote: its own punctuation, quotes, backslashes, NULL spelled out, blanks, lines and other scripts. */
const AWKWARD = ['a "quoted" {braced}, listed', "back\\slash \\\" \\\\ end\\", "NULL", "", "  ", "line one\nline two\ttabbed", "it's", "ü ✓ 日本", "{}", "a,b"];

function records(): HistoryRecord[] {
  const started = new Date("2026-12-07T06:45:20.123Z");
  const awkward = AWKWARD.map((message, i): HistoryRecord => ({
    revision: `rev${String(i).padStart(2, "0")}`,
    direction: "upgrade",
    message,
    checksum: i % 3 === 0 ? undefined : `sum "${i}" \\ ${message}`,
    durationMs: i * 1.5,
    startedAt: new Date(started.getTime() + i),
    ...WHO,
  }));
  // Ids are assigned in the records' order, not the revisions': these sort before the others.
  const later = ["0b", "0a"].map((revision): HistoryRecord => ({ revision, direction: "stamp", message: "", checksum: undefined, durationMs: 0, startedAt: started, ...WHO }));
  return [...awkward, ...later];
}

/** The rows written since id `after`, in id order, without the ids. */
async function rowsAfter(after: number): Promise<Record<string, unknown>[]> {
  const rows = await sql.unsafe(
    `select revision, direction, message, checksum, started_at, duration_ms, client_host, tool_version, db_user from retort_history where id > ${after} order by id`,
  );
  return [...rows];
}

async function lastId(): Promise<number> {
  const [row] = await sql.unsafe<{ id: string | null }[]>("select max(id)::text as id from retort_history");
  return Number(row?.id ?? 0);
}

describe("history rows", () => {
  it("are stored by a run's INSERT as the offline script's VALUES list stores them, in the records' order", async () => {
    const before = await lastId();
    await sql.unsafe(historyInsertSql(table, records()));
    const middle = await lastId();
    await sql.begin((tx) => recordHistory(tx, table, records()));
    const offline = await rowsAfter(before);
    const online = await rowsAfter(middle);
    expect(online).toHaveLength(records().length);
    expect(online).toEqual(offline.slice(0, online.length));
    expect(online.map((r) => r.message)).toEqual([...AWKWARD, "", ""]);
    expect(online.map((r) => r.revision).slice(-2)).toEqual(["0b", "0a"]);
    expect(online[0]!.checksum).toBeNull();
    expect(online[1]!.checksum).toBe(`sum "1" \\ ${AWKWARD[1]}`);
    expect(online[4]!.duration_ms).toBe(6);
    expect((online[2]!.started_at as Date).toISOString()).toBe("2026-12-07T06:45:20.125Z");
    expect(online[0]!.client_host).toBe(WHO.clientHost);
    expect(online[0]!.tool_version).toBe(WHO.toolVersion);
  });

  it("of a step with no start time take the server's clock less the step's duration", async () => {
    const before = await lastId();
    const untimed: HistoryRecord = { revision: "untimed", direction: "upgrade", message: "m", checksum: undefined, durationMs: 60_000, ...WHO };
    const [clock] = await sql.unsafe<{ now: Date }[]>("select clock_timestamp() as now");
    await sql.unsafe(historyArraysInsertSql(table, [untimed]));
    const [row] = await rowsAfter(before);
    const lag = clock!.now.getTime() - (row!.started_at as Date).getTime();
    // A minute before the server's clock at the INSERT, which follows `now` by at most a few seconds.
    expect(lag).toBeGreaterThan(55_000);
    expect(lag).toBeLessThanOrEqual(60_000);
  });
});
