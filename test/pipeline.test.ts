/**
 * Pipelined statements on a real server: consecutive statements share Query messages where the
 * server allows it, yet each unit's end, each failure's statement and its position, and each
 * statement's own statement_timeout are as when every statement goes alone.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseDatabaseUrl } from "../src/config/database-url.ts";
import { closeConnection, openConnection, statementsShareQueries, type Sql, type TransactionSql } from "../src/db/connect.ts";
import { runPipelined, type PipelineFailure } from "../src/db/pipeline.ts";
import { QueryBatch } from "../src/db/query-batch.ts";
import { createTestDatabase, type TestDatabase } from "./support/database.ts";

let db: TestDatabase;
let sql: Sql;

beforeAll(async () => {
  db = await createTestDatabase("pipeline");
  sql = openConnection(parseDatabaseUrl(db.url, "the test database"), { applicationName: "pipeline-test" });
});
afterAll(async () => {
  await closeConnection(sql);
  await db.drop();
});

const ROLL_BACK = new Error("roll back");

/** Runs `units` (each a list of statements) pipelined in a transaction that is then rolled back; returns the failure and what `inspect` read before the rollback. */
async function run<T>(units: readonly (readonly string[])[], opts: { shareQueries: boolean; inspect?: (tx: TransactionSql) => Promise<T> }) {
  const done: number[] = [];
  let completed = 0;
  let failure: PipelineFailure | undefined;
  let inspected: T | undefined;
  await sql
    .begin(async (tx) => {
      failure = await runPipelined(tx, units, (u) => u.map((text) => ({ text })), { shareQueries: opts.shareQueries, onUnitDone: (i) => done.push(i), onStatementDone: () => completed++ });
      if (failure === undefined && opts.inspect) inspected = await opts.inspect(tx);
      throw ROLL_BACK;
    })
    .catch((err: unknown) => {
      if (err !== ROLL_BACK) throw err;
    });
  return { done, completed, failure, inspected };
}

/** The server's error position for `statement` sent alone. */
async function positionAlone(statement: string): Promise<number> {
  const err = await sql.unsafe(statement).then(
    () => undefined,
    (e: { position?: string }) => e,
  );
  if (!err?.position) throw new Error(`expected a positioned error from ${statement}`);
  return Number(err.position);
}

const seenQuery = "insert into seen select query from pg_stat_activity where pid = pg_backend_pid()";

describe("runPipelined", () => {
  it("the server of the tests is one whose statements may share a Query message (PostgreSQL 13 or later)", async () => {
    await sql`select 1`;
    expect(statementsShareQueries(sql)).toBe(true);
  });

  it("sends consecutive statements, across units, in one Query message, and says when each unit is done, in order", async () => {
    // The first window goes out in slices of 1, 2 and 4 units: units 3 to 6 share the third.
    const units = [["create temp table seen (q text)"], ["select 1"], ["select 2"], ["select 3 as three", "select generate_series(1, 3) as n"], ["select 4 as four"], [seenQuery], ["select 6"]];
    const { done, failure, inspected } = await run(units, { shareQueries: true, inspect: (tx) => tx.unsafe<{ q: string }[]>("select q from seen") });
    expect(failure).toBeUndefined();
    expect(done).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(inspected![0]!.q).toContain("select 3 as three");
    expect(inspected![0]!.q).toContain("select 4 as four");
    expect(inspected![0]!.q).toContain(seenQuery);
    expect(inspected![0]!.q).toContain("select 6");
  });

  it("sends a long run's statements in full messages after its first window, not a unit at a time", async () => {
    // 1,000 statements in the first window, then a message's worth each time that many have completed.
    const units = Array.from({ length: 1_520 }, (_, i) => [`select ${i} as n`]);
    units.push(["create temp table seen (q text)"], [seenQuery]);
    const { failure, inspected } = await run(units, { shareQueries: true, inspect: (tx) => tx.unsafe<{ q: string }[]>("select q from seen") });
    expect(failure).toBeUndefined();
    const message = inspected![0]!.q;
    expect(message).toContain("select 1519 as n");
    expect(message.split('as "retort: done"').length - 1).toBeGreaterThanOrEqual(20);
  });

  it("says a unit is done before the driver reads a notice of a later unit, though they came in one message", async () => {
    const seen: string[] = [];
    const done: number[] = [];
    const noticing = openConnection(parseDatabaseUrl(db.url, "the test database"), { applicationName: "pipeline-test", onNotice: (m) => seen.push(`${m} after ${done.length} done`) });
    try {
      const notice = (n: number) => `do $$ begin raise notice 'unit %', ${n}; end $$`;
      const units = Array.from({ length: 12 }, (_, n) => [notice(n), "select 1"]);
      await noticing.begin(async (tx) => {
        expect(await runPipelined(tx, units, (u) => u.map((text) => ({ text })), { shareQueries: true, onUnitDone: (i) => done.push(i) })).toBeUndefined();
      });
      expect(seen).toEqual(units.map((_, n) => `unit ${n} after ${n} done`));
    } finally {
      await closeConnection(noticing);
    }
  });

  it("runs to its end with no one listening for units or statements", async () => {
    for (const shareQueries of [true, false]) {
      const result = await sql.begin((tx) => runPipelined(tx, [["select 1", "select 2"], [], ["select 3"]], (u) => u.map((text) => ({ text })), { shareQueries }));
      expect(result).toBeUndefined();
    }
  });

  it("sends each statement alone without shareQueries", async () => {
    const { failure, inspected } = await run([["create temp table seen (q text)", seenQuery]], { shareQueries: false, inspect: (tx) => tx.unsafe<{ q: string }[]>("select q from seen") });
    expect(failure).toBeUndefined();
    expect(inspected![0]!.q).toBe(seenQuery);
  });

  for (const shareQueries of [true, false]) {
    describe(shareQueries ? "sharing messages" : "one statement per message", () => {
      it("says of each statement that it completed, and of none after a failure", async () => {
        const many = Array.from({ length: QueryBatch.MAX_STATEMENTS + 7 }, (_, i) => `select ${i} as n`);
        expect((await run([["select 1", "select 2"], many, ["select 3"]], { shareQueries })).completed).toBe(many.length + 3);
        const failed = await run([["select 1", "select 2"], ["select 3", "select 1 / 0", "select 4"], ["select 5"]], { shareQueries });
        expect(failed.failure).toMatchObject({ unit: 1, statement: 1 });
        expect(failed.completed).toBe(3);
      });

      it("puts an error without a position (a unique violation) at its statement, in the middle of a message", async () => {
        const { done, failure } = await run(
          [["create temp table a (id int primary key)", "insert into a values (1)"], ["insert into a values (2)", "insert into a values (1)", "select 1"], ["create temp table b ()"]],
          { shareQueries },
        );
        expect(done).toEqual([0]);
        expect(failure).toMatchObject({ unit: 1, statement: 1, position: undefined, error: { code: "23505" } });
      });

      it("puts a syntax error at its statement and counts its position in characters from that statement's start", async () => {
        const bad = "create temp table d (note text default '🎉 ünï', id int,, x int)";
        const { done, failure } = await run([["select '🎉🎉 ünïcödé' as party", "create temp table c (id int)"], ["select 2", bad]], { shareQueries });
        expect(done).toEqual([0]);
        expect(failure).toMatchObject({ unit: 1, statement: 1, error: { code: "42601" } });
        expect(failure!.position).toBe(await positionAlone(bad));
      });

      it("puts an error of a statement's analysis (an unknown column) at its statement, with its position", async () => {
        const bad = "select nope from (select 1 as id) as c";
        const { failure } = await run([["select 'ü' as u", "select 2"], ["select 3", bad, "select 4"]], { shareQueries });
        expect(failure).toMatchObject({ unit: 1, statement: 1, error: { code: "42703" } });
        expect(failure!.position).toBe(await positionAlone(bad));
      });

      it("finds the failing statement of a unit whose statements span several messages", async () => {
        const statements = Array.from({ length: QueryBatch.MAX_STATEMENTS * 2 + 5 }, (_, i) => `select ${i} as n`);
        statements[QueryBatch.MAX_STATEMENTS + 3] = "select 1 / 0";
        const { done, failure } = await run([["select 0"], statements, ["select 1"]], { shareQueries });
        expect(done).toEqual([0]);
        expect(failure).toMatchObject({ unit: 1, statement: QueryBatch.MAX_STATEMENTS + 3, error: { code: "22012" } });
      });

      it("keeps the statement after one that ends in a -- comment", async () => {
        const { failure, inspected } = await run([["create temp table e (id int) -- the table", "insert into e values (1) -- one row"], ["insert into e values (2)"]], {
          shareQueries,
          inspect: (tx) => tx.unsafe<{ n: number }[]>("select count(*)::int as n from e"),
        });
        expect(failure).toBeUndefined();
        expect(inspected![0]!.n).toBe(2);
      });

      it("times each statement on its own under statement_timeout, with a timeout SET by one statement holding for the next", async () => {
        // Three sleeps of 150 ms under a 250 ms timeout: more than it in all, less each.
        const { done, failure } = await run([["set local statement_timeout = '250ms'"], ["select pg_sleep(0.15)", "select pg_sleep(0.15)", "select pg_sleep(0.15)"], ["select pg_sleep(0.5)"]], { shareQueries });
        expect(done).toEqual([0, 1]);
        expect(failure).toMatchObject({ unit: 2, statement: 0, error: { code: "57014" } });
      });

      it("throws an error no statement caused: the transaction was aborted before the pipeline", async () => {
        let outcome: string | undefined;
        await sql
          .begin(async (tx) => {
            await tx.unsafe("select 1 / 0").catch(() => undefined);
            outcome = await runPipelined(tx, [["select 1", "select 2"]], (u) => u.map((text) => ({ text })), { shareQueries }).then(
              (failure) => `returned ${JSON.stringify(failure)}`,
              (err: { code?: string }) => err.code,
            );
          })
          .catch(() => undefined);
        expect(outcome).toBe("25P02");
      });
    });
  }
});
