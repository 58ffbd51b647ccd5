/**
 * `lint --trace` against a real server: the linted SQL runs in a scratch database that starts at
 * the state of the revisions applied before it, and what PostgreSQL did (pg_locks, relfilenodes,
 * new indexes) is held against the findings' claims.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ALL_RULES } from "../src/core/lint/rules.ts";
import { lintUnits } from "../src/core/lint/lint.ts";
import type { Finding, LintUnit } from "../src/core/lint/types.ts";
import { TraceStatementError } from "../src/db/errors-trace.ts";
import type { Context } from "../src/project/context.ts";
import { traceLint, type TracedStatement } from "../src/project/lint-trace.ts";
import { openContext } from "../src/project/open-context.ts";
import { tempProject } from "./support/binary.ts";
import { createTestDatabase, type TestDatabase } from "./support/database.ts";
import { catalogOf, unitOf } from "./support/lint.ts";
import { writeSqlRevision } from "./support/project.ts";

const BASE = "a1b2c3d4e5f6";
const dbs: TestDatabase[] = [];
let ctx: Context;
let scratch: TestDatabase;

async function contextFor(env: Record<string, string>): Promise<Context> {
  const dir = tempProject("lint-trace");
  writeSqlRevision(dir, {
    id: BASE,
    message: "accounts",
    upgrade: [
      "CREATE TABLE accounts (id int PRIMARY KEY, email text, score int);",
      "INSERT INTO accounts SELECT g, 'user' || g || '@example.com', g % 100 FROM generate_series(1, 200000) g;",
      "CREATE TABLE small (id int PRIMARY KEY, note text);",
      "CREATE TABLE events (id int, at date) PARTITION BY RANGE (at);",
      "CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');",
      "INSERT INTO events VALUES (1, '2025-06-01');",
    ].join("\n"),
  });
  return openContext({ cwd: dir, env: { ...env, RETORT_CACHE_DIR: "off" }, flags: {}, report: () => undefined, version: "test", hostname: () => "test", signal: undefined });
}

beforeAll(async () => {
  const db = await createTestDatabase("lint_trace");
  scratch = await createTestDatabase("lint_trace_scratch");
  dbs.push(db, scratch);
  ctx = await contextFor({ DATABASE_URL: db.url, SCRATCH_DATABASE_URL: scratch.url });
}, 60_000);

afterAll(async () => {
  await ctx?.embedded.close();
  for (const db of dbs) await db.drop();
});

/** Lints `units` as the lint would with the tables of the base revision present, and traces them. */
async function trace(units: readonly LintUnit[], findings?: readonly Finding[]): Promise<TracedStatement[]> {
  const found = findings ?? lintUnits(units, ALL_RULES, catalogOf({}));
  return [...(await traceLint(ctx, undefined, [BASE], units, found)).statements];
}

describe("traceLint on PostgreSQL", () => {
  test("a CREATE INDEX on an existing table shows its SHARE lock and agrees with create-index-concurrently", async () => {
    const unit = await unitOf("CREATE INDEX accounts_email_idx ON accounts (email);");
    const [statement] = await trace([unit]);
    expect(statement).toMatchObject({ file: "test.sql", section: "upgrade", statement: 0, sampled: false, rewrote: [], agreesWithLint: true, disagreements: [] });
    expect(statement!.locks).toContainEqual({ table: "public.accounts", mode: "SHARE" });
    expect(statement!.builtIndexes).toEqual([{ index: "public.accounts_email_idx", table: "public.accounts" }]);
  });

  test("ALTER COLUMN TYPE int → bigint rewrites the table under ACCESS EXCLUSIVE; ADD COLUMN with a constant default does not", async () => {
    const unit = await unitOf("ALTER TABLE accounts ALTER COLUMN score TYPE bigint;\nALTER TABLE accounts ADD COLUMN d int DEFAULT 0;");
    const [retype, add] = await trace([unit], []);
    expect(retype!.rewrote).toEqual(["public.accounts"]);
    expect(retype!.locks).toContainEqual({ table: "public.accounts", mode: "ACCESS EXCLUSIVE" });
    // No rule claims it yet here (no findings given): the trace says so.
    expect(retype!.disagreements).toContain("no rule flagged the rewrite of public.accounts under ACCESS EXCLUSIVE");
    expect(add!.rewrote).toEqual([]);
    // The transaction already holds ACCESS EXCLUSIVE from the statement before: nothing new to see.
    expect(add!.locks.filter((l) => l.table === "public.accounts" && l.index === undefined)).toEqual([]);
    expect(add!.heldBefore).toContainEqual({ table: "public.accounts", mode: "ACCESS EXCLUSIVE" });
    expect(add!.agreesWithLint).toBe(true);
  });

  test("ADD COLUMN with a constant default, alone, takes ACCESS EXCLUSIVE and rewrites nothing", async () => {
    const [add] = await trace([await unitOf("ALTER TABLE accounts ADD COLUMN d int DEFAULT 0;")], []);
    expect(add).toMatchObject({ rewrote: [], locks: [{ table: "public.accounts", mode: "ACCESS EXCLUSIVE" }], agreesWithLint: true });
  });

  test("CREATE INDEX CONCURRENTLY in an autocommit unit is sampled holding SHARE UPDATE EXCLUSIVE", async () => {
    const unit = await unitOf("CREATE INDEX CONCURRENTLY accounts_score_idx ON accounts (score, email);", { mode: "autocommit" });
    const [statement] = await trace([unit]);
    expect(statement).toMatchObject({ sampled: true, rewrote: [], agreesWithLint: true });
    expect(statement!.locks).toContainEqual({ table: "public.accounts", mode: "SHARE UPDATE EXCLUSIVE" });
    expect(statement!.locks.some((l) => l.mode === "SHARE" && l.index === undefined)).toBe(false);
  });

  test("a table created by an earlier unit of the same trace is not reported as existing", async () => {
    const first = await unitOf("CREATE TABLE fresh (id int, v int);", {}, "one.sql");
    const second = await unitOf("CREATE INDEX fresh_v_idx ON fresh (v);\nALTER TABLE fresh ALTER COLUMN v TYPE bigint;", {}, "two.sql");
    const statements = await trace([first, second]);
    expect(statements.map((s) => [s.file, s.statement])).toEqual([["one.sql", 0], ["two.sql", 0], ["two.sql", 1]]);
    for (const s of statements) expect(s).toMatchObject({ locks: [], rewrote: [], builtIndexes: [], agreesWithLint: true });
  });

  test("a finding with a wrong lock claim is a disagreement that names both modes", async () => {
    const unit = await unitOf("CREATE INDEX accounts_email2_idx ON accounts (email);");
    const [real] = lintUnits([unit], ALL_RULES, catalogOf({}));
    const wrong: Finding = { ...real!, lock: "ACCESS EXCLUSIVE" };
    const [statement] = await trace([unit], [wrong]);
    expect(statement!.agreesWithLint).toBe(false);
    expect(statement!.disagreements).toEqual(["create-index-concurrently claims ACCESS EXCLUSIVE on public.accounts, but the strongest lock seen on it was SHARE"]);
  });

  test("a claimed rewrite that does not happen is a disagreement", async () => {
    const unit = await unitOf("ALTER TABLE accounts ALTER COLUMN email TYPE varchar(200);");
    const claim: Finding = { rule: "some-rule", severity: "error", message: "m", file: "test.sql", section: "upgrade", statement: 0, offset: 0, table: "public.accounts", lock: "ACCESS EXCLUSIVE", rewrites: true };
    const [statement] = await trace([unit], [claim]);
    // text → varchar(200) is not binary-coercible: PostgreSQL rewrites. A claim of a rewrite agrees.
    expect(statement).toMatchObject({ rewrote: ["public.accounts"], agreesWithLint: true });
    const cheap = await unitOf("ALTER TABLE small ALTER COLUMN note TYPE text;");
    const [same] = await trace([cheap], [{ ...claim, table: "public.small" }]);
    expect(same!.rewrote).toEqual([]);
    expect(same!.disagreements).toEqual(["some-rule claims a rewrite of public.small, but it was not rewritten"]);
  });

  test("an index's lock is reported as the index of its table; statements between BEGIN and COMMIT of an autocommit unit share a transaction", async () => {
    const unit = await unitOf("BEGIN;\nALTER INDEX small_pkey RENAME TO small_pk;\nREINDEX INDEX small_pk;\nCOMMIT;", { mode: "autocommit" });
    const statements = await trace([unit], []);
    expect(statements.map((s) => s.kind)).toEqual(["TransactionStmt", "RenameStmt", "ReindexStmt", "TransactionStmt"]);
    expect(statements[1]!.locks).toContainEqual({ table: "public.small", mode: "SHARE UPDATE EXCLUSIVE", index: "public.small_pkey" });
    expect(statements[2]!.locks).toContainEqual({ table: "public.small", mode: "SHARE" });
  });

  test("a rewrite claimed on a partitioned table is seen on its partition; the parent and the partition are both locked", async () => {
    const unit = await unitOf("ALTER TABLE events ALTER COLUMN id TYPE bigint;");
    const claim: Finding = { rule: "some-rule", severity: "error", message: "m", file: "test.sql", section: "upgrade", statement: 0, offset: 0, table: "public.events", lock: "ACCESS EXCLUSIVE", rewrites: true };
    const [statement] = await trace([unit], [claim]);
    expect(statement!.rewrote).toEqual(["public.events_2025"]);
    expect(statement!.locks).toEqual(expect.arrayContaining([{ table: "public.events", mode: "ACCESS EXCLUSIVE" }, { table: "public.events_2025", mode: "ACCESS EXCLUSIVE" }]));
    expect(statement!.agreesWithLint).toBe(true);
  });

  test("a foreign key locks both tables in SHARE ROW EXCLUSIVE", async () => {
    const [statement] = await trace([await unitOf("ALTER TABLE small ADD CONSTRAINT small_account_fk FOREIGN KEY (id) REFERENCES accounts (id);")], []);
    expect(statement!.locks).toEqual(expect.arrayContaining([{ table: "public.small", mode: "SHARE ROW EXCLUSIVE" }, { table: "public.accounts", mode: "SHARE ROW EXCLUSIVE" }]));
    expect(statement!.rewrote).toEqual([]);
  });

  test("VACUUM FULL runs outside a transaction block: sampled, ACCESS EXCLUSIVE, and a rewrite no rule claims", async () => {
    const [statement] = await trace([await unitOf("VACUUM FULL accounts;", { mode: "autocommit" })], []);
    expect(statement).toMatchObject({ sampled: true, locksSeen: true, rewrote: ["public.accounts"] });
    expect(statement!.locks).toContainEqual({ table: "public.accounts", mode: "ACCESS EXCLUSIVE" });
    expect(statement!.disagreements).toEqual(["no rule flagged the rewrite of public.accounts under ACCESS EXCLUSIVE"]);
  });

  test("a failing statement stops the trace with an error naming the file, section and statement", async () => {
    const unit = await unitOf("CREATE INDEX ok_idx ON accounts (id);\nALTER TABLE missing ADD COLUMN x int;", {}, "broken.sql");
    const err = await trace([unit], []).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TraceStatementError);
    expect(err).toMatchObject({ code: "trace-statement", file: "broken.sql", section: "upgrade", statement: 1, sqlstate: "42P01" });
    expect((err as Error).message).toContain("broken.sql (upgrade), statement 2 failed");
  });

  test("a COMMIT that fails at the end of a transactional section names the section and its last statement", async () => {
    const unit = await unitOf(
      "ALTER TABLE small ADD CONSTRAINT small_account_fk FOREIGN KEY (id) REFERENCES accounts (id) DEFERRABLE INITIALLY DEFERRED;\nINSERT INTO small VALUES (999999, 'x');",
      {},
      "deferred.sql",
    );
    const err = await trace([unit], []).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "trace-statement", file: "deferred.sql", statement: 1, atCommit: true, sqlstate: "23503" });
    expect((err as Error).message).toContain("deferred.sql (upgrade): the COMMIT after statement 2 failed");
  });

  test("a procedure that commits runs outside a transaction block in an autocommit section", async () => {
    const unit = await unitOf(
      "CREATE PROCEDURE touch() LANGUAGE plpgsql AS $$ BEGIN UPDATE small SET note = 'x'; COMMIT; END $$;\nCALL touch();",
      { mode: "autocommit" },
    );
    const [, call] = await trace([unit], []);
    expect(call).toMatchObject({ kind: "CallStmt", sampled: true, rewrote: [] });
  });
});

describe("traceLint on pglite:memory", () => {
  test("a CREATE INDEX shows its SHARE lock through the embedded engine; a statement outside a transaction block cannot be watched there", async () => {
    const embedded = await contextFor({ DATABASE_URL: "pglite:memory" });
    try {
      const unit = await unitOf("CREATE INDEX accounts_email_idx ON accounts (email);");
      const report = await traceLint(embedded, undefined, [BASE], [unit], lintUnits([unit], ALL_RULES, catalogOf({})));
      expect(report.statements[0]!.locks).toContainEqual({ table: "public.accounts", mode: "SHARE" });
      expect(report.statements[0]!.agreesWithLint).toBe(true);
      // One query at a time: nothing can watch a statement that runs outside a transaction block.
      const concurrent = await unitOf("CREATE INDEX CONCURRENTLY accounts_score_idx ON accounts (score);", { mode: "autocommit" });
      const [sampled] = (await traceLint(embedded, undefined, [BASE], [concurrent], [])).statements;
      expect(sampled).toMatchObject({ sampled: true, locksSeen: false, locks: [], builtIndexes: [{ index: "public.accounts_score_idx", table: "public.accounts" }] });
    } finally {
      await embedded.embedded.close();
    }
  }, 120_000);
});
