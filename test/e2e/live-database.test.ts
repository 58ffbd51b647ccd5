/**
 * Running on a live database: short lock timeouts per attempt, retries while a budget lasts, the
 * blocking sessions named, and the settings reaching the session. The blocker is a transaction
 * of this test's own, which the test ends when it has seen what it wants to see: nothing here
 * depends on how long anything takes.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import postgres from "postgres";
import { describe, expect, it } from "vitest";
import { runRetort, startRetort } from "../support/binary.ts";
import type { TestDatabase } from "../support/database.ts";
import { freshProjects } from "../support/fresh-project.ts";
import { writeSqlRevision } from "../support/project.ts";

const newProject = freshProjects();
async function freshProject(label: string, toml?: string): Promise<{ db: TestDatabase; dir: string }> {
  const { db, dir } = await newProject(label, toml);
  await db.sql.unsafe("create table accounts (id int primary key, balance int); insert into accounts select g, 0 from generate_series(1, 100) g");
  return { db, dir };
}

const id = (i: number): string => `11ee${String(i).padStart(8, "0")}`;

/** Short settings, so that retries happen quickly. */
const FAST = ["--revision-lock-timeout", "200ms"];

interface Blocker {
  readonly pid: number;
  /** Commits the blocker's transaction and closes its connection. */
  release(): Promise<void>;
}

/** A transaction on its own connection that ran `query` and stays open (idle in transaction) until released. */
async function holdTransaction(url: string, query: string): Promise<Blocker> {
  const sql = postgres(url, { max: 1, onnotice: () => undefined });
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let started!: (pid: number) => void;
  const pid = new Promise<number>((resolve) => (started = resolve));
  const done = sql.begin(async (tx) => {
    const [row] = await tx.unsafe<{ pid: number }[]>("select pg_backend_pid() as pid");
    await tx.unsafe(query);
    started(row!.pid);
    await released;
  });
  done.catch(() => undefined);
  return {
    pid: await pid,
    async release() {
      release();
      await done;
      await sql.end();
    },
  };
}

async function columns(db: TestDatabase, table: string): Promise<string[]> {
  const rows = await db.sql<{ c: string }[]>`select column_name as c from information_schema.columns where table_name = ${table} order by ordinal_position`;
  return rows.map((r) => r.c);
}

/** Everything a failed run must leave as it was: the tables, the version table and the history. */
async function snapshot(db: TestDatabase): Promise<unknown> {
  const tables = await db.sql`select tablename from pg_tables where schemaname = 'public' order by 1`;
  const cols = await db.sql`select table_name, column_name from information_schema.columns where table_schema = 'public' order by 1, 2`;
  const versions = await db.sql`select version_num from alembic_version order by 1`;
  const history = await db.sql`select revision, direction from retort_history order by id`;
  return { tables, cols, versions, history };
}

describe("a revision that cannot get its lock at once", () => {
  it("is retried and succeeds once the blocker commits; each lock timeout names the blocker's pid and query", async () => {
    const { db, dir } = await freshProject("retry_ok");
    writeSqlRevision(dir, { id: id(1), message: "note", upgrade: "ALTER TABLE accounts ADD COLUMN note text;", downgrade: "ALTER TABLE accounts DROP COLUMN note;" });
    const blocker = await holdTransaction(db.url, "select count(*) from accounts /* report job */");
    const run = startRetort(["--json", "upgrade", "head", ...FAST, "--lock-retry-budget", "5m", "--verbose"], { cwd: dir });
    await run.waitForStderr(/Lock timeout on attempt 2 /);
    // The monitor asks on the migration lock's connection, idle while the run goes on: the run
    // holds two backends, not a third one for the monitor.
    const sessions = await db.sql<{ name: string }[]>`select application_name as name from pg_stat_activity where datname = current_database() and application_name like 'retort%' order by 1`;
    await blocker.release();
    expect(sessions.map((s) => s.name)).toEqual(["retort", "retort (migration lock)"]);
    const r = await run.done;
    expect(r.code, r.stderr).toBe(0);
    // The monitor asks during the first wait, so the second one is sure to be seen.
    const line = r.stderr.split("\n").find((l) => l.startsWith("Lock timeout on attempt 2 "))!;
    expect(line).toContain(`upgrade of revision "${id(1)}"`);
    expect(line).toContain("waiting for relation accounts (AccessExclusiveLock)");
    expect(line).toContain(`blocked by pid ${blocker.pid}`);
    expect(line).toContain("idle in transaction");
    expect(line).toContain("select count(*) from accounts /* report job */");
    expect(line).toMatch(/retrying in \d+ ms$/);
    expect(r.stderr).toContain("Revision SQL: lock_timeout 200 ms per attempt, retried after lock timeouts and deadlocks for up to 300000 ms; statement_timeout 600000 ms");
    const doc = JSON.parse(r.stdout) as { steps: unknown[]; lockWaits: { unit: string; attempt: number; sqlstate: string; waitingFor: string; blockers: { pid: number; state: string; query: string }[]; pauseMs: number }[] };
    expect(doc.steps).toHaveLength(1);
    expect(doc.lockWaits.length).toBeGreaterThan(1);
    expect(doc.lockWaits[1]).toMatchObject({ attempt: 2, sqlstate: "55P03", waitingFor: "relation accounts (AccessExclusiveLock)" });
    expect(doc.lockWaits[1]!.blockers).toMatchObject([{ pid: blocker.pid, state: "idle in transaction", query: "select count(*) from accounts /* report job */" }]);
    expect(await columns(db, "accounts")).toEqual(["id", "balance", "note"]);
  });

  it("gives up when the budget runs out: exit 5, the blocker named, nothing committed, the waits in --json", async () => {
    const { db, dir } = await freshProject("retry_budget");
    writeSqlRevision(dir, { id: id(1), message: "base", upgrade: "CREATE TABLE base (id int);", downgrade: "DROP TABLE base;" });
    expect((await runRetort(["upgrade", "head"], { cwd: dir })).code).toBe(0);
    writeSqlRevision(dir, { id: id(2), down: id(1), message: "new table", upgrade: "CREATE TABLE audit (id int);", downgrade: "DROP TABLE audit;" });
    writeSqlRevision(dir, { id: id(3), down: id(2), message: "note", upgrade: "ALTER TABLE accounts ADD COLUMN note text;", downgrade: "ALTER TABLE accounts DROP COLUMN note;" });
    const before = await snapshot(db);
    const blocker = await holdTransaction(db.url, "select sum(balance) from accounts /* nightly report */");
    const r = await runRetort(["--json", "upgrade", "head", ...FAST, "--lock-retry-budget", "1s"], { cwd: dir });
    await blocker.release();
    expect(r.code, r.stderr).toBe(5);
    expect(r.stderr).toMatch(/error: Gave up on the transaction of 2 revisions .* after \d+ attempts in [\d.]+ s: it could not get its locks within lock_retry_budget \(1000 ms\)/);
    expect(r.stderr).toContain("Waiting for: relation accounts (AccessExclusiveLock)");
    expect(r.stderr).toContain(`  pid ${blocker.pid}, user "postgres"`);
    expect(r.stderr).toContain("select sum(balance) from accounts /* nightly report */");
    expect(r.stderr).toContain(`hint: Nothing of the transaction of 2 revisions`);
    expect(r.stderr).toContain(`select pg_terminate_backend(${blocker.pid})`);
    expect(r.stderr).toContain("lock_retry_budget (--lock-retry-budget 15m)");
    const doc = JSON.parse(r.stdout) as { error: { code: string; exitCode: number; lockWaits: { attempt: number; pauseMs: number | null; blockers: { pid: number; query: string }[] }[] } };
    expect(doc.error.code).toBe("lock-retry-budget");
    expect(doc.error.exitCode).toBe(5);
    expect(doc.error.lockWaits.length).toBeGreaterThan(1);
    expect(doc.error.lockWaits.at(-1)!.pauseMs).toBeNull();
    expect(doc.error.lockWaits.at(-1)!.blockers.map((b) => b.pid)).toEqual([blocker.pid]);
    expect(await snapshot(db)).toEqual(before);
  });

  it("in a transaction: false revision retries only the failed statement, dropping the INVALID index CREATE INDEX CONCURRENTLY left", async () => {
    const { db, dir } = await freshProject("retry_notx");
    await db.sql.unsafe("create table runs (n serial, at timestamptz default now())");
    writeSqlRevision(dir, {
      id: id(1),
      message: "index",
      transactional: false,
      upgrade: "INSERT INTO runs DEFAULT VALUES;\nCREATE INDEX CONCURRENTLY accounts_balance_idx ON accounts (balance);",
      downgrade: "DROP INDEX CONCURRENTLY accounts_balance_idx;",
    });
    // A writer: CREATE INDEX CONCURRENTLY waits for it to end before it builds.
    const blocker = await holdTransaction(db.url, "update accounts set balance = balance + 1 where id = 1");
    const run = startRetort(["upgrade", "head", ...FAST], { cwd: dir });
    await run.waitForStderr(/Lock timeout on attempt 2 /);
    const invalid = await db.sql`select i.indisvalid from pg_index i where i.indexrelid = 'accounts_balance_idx'::regclass`;
    expect(invalid.map((r) => r.indisvalid)).toEqual([false]);
    await blocker.release();
    const r = await run.done;
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`Lock timeout on attempt 1 of statement 2 of upgrade of revision "${id(1)}"`);
    expect(r.stderr).toContain("waiting for older transactions to end");
    expect(r.stderr).toContain(`blocked by pid ${blocker.pid}`);
    const indexes = await db.sql`select c.relname, i.indisvalid from pg_index i join pg_class c on c.oid = i.indexrelid where i.indrelid = 'accounts'::regclass order by 1`;
    expect(indexes.map((r) => [r.relname, r.indisvalid])).toEqual([
      ["accounts_balance_idx", true],
      ["accounts_pkey", true],
    ]);
    // The statement before the one that waited ran once.
    expect(await db.sql`select n from runs`).toHaveLength(1);
  });

  it("is retried after being chosen as a deadlock's victim", async () => {
    const { db, dir } = await freshProject("deadlock");
    await db.sql.unsafe(`create table other (id int primary key, v int); insert into other values (1, 0); alter database "${db.name}" set deadlock_timeout = '5s'`);
    writeSqlRevision(dir, { id: id(1), message: "both", upgrade: "UPDATE other SET v = 1 WHERE id = 1;\nUPDATE accounts SET balance = 2 WHERE id = 1;" });
    const sql = postgres(db.url, { max: 1, onnotice: () => undefined });
    const tx = await sql.reserve();
    try {
      // The other side of the cycle: it never runs its own deadlock check first.
      await tx.unsafe("set deadlock_timeout = '10min'");
      await tx.unsafe("begin");
      await tx.unsafe("update accounts set balance = 1 where id = 1");
      const run = startRetort(["upgrade", "head", "--revision-lock-timeout", "1m"], { cwd: dir });
      // retort holds the row of "other" and waits for the row of "accounts"…
      let ended = false;
      void run.done.then(() => (ended = true));
      const waiting = () => db.sql`select 1 from pg_stat_activity where datname = current_database() and application_name = 'retort' and wait_event_type = 'Lock'`;
      while (!ended && (await waiting()).length === 0) await new Promise((r) => setTimeout(r, 50));
      // …which this transaction holds while it asks for the row of "other": a cycle, of which retort is the victim.
      await tx.unsafe("update other set v = 3 where id = 1");
      await tx.unsafe("commit");
      const r = await run.done;
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toContain(`Deadlock on attempt 1 of upgrade of revision "${id(1)}"`);
      const rows = await db.sql`select (select v from other) as v, (select balance from accounts where id = 1) as balance`;
      expect(rows[0]).toEqual({ v: 1, balance: 2 });
    } finally {
      tx.release();
      await sql.end();
    }
  });

  it("treats a statement timeout as a failure, not as something to retry", async () => {
    const { db, dir } = await freshProject("stmt_timeout");
    writeSqlRevision(dir, { id: id(1), message: "slow", upgrade: "CREATE TABLE slow (id int);\nSELECT pg_sleep(30);", downgrade: "DROP TABLE slow;" });
    const r = await runRetort(["upgrade", "head", "--revision-statement-timeout", "300ms"], { cwd: dir });
    expect(r.code).toBe(4);
    expect(r.stderr).toContain("canceling statement due to statement timeout");
    expect(r.stderr).toContain("hint: The statement ran longer than its statement_timeout and was not retried. If it needs longer, raise revision_statement_timeout");
    expect(r.stderr).not.toContain("attempt");
    const tables = await db.sql`select tablename from pg_tables where tablename = 'slow'`;
    expect(tables).toHaveLength(0);
  });
});

describe("a run whose statements keep completing", () => {
  it("never opens the lock monitor's connection, however long it runs", async () => {
    const { dir } = await freshProject("moving_run");
    // 400 revisions of 5 ms each: 2 s or more in one transaction, twice the 1 s without progress
    // after which the worker is sampled (a third of the 3 s lock timeout). The server
    // returns the results of a Query message together, at its end, so progress is seen message by
    // message: 50 statements (250 ms) at most. The last revision fails the run if the monitor has
    // connected.
    for (let i = 1; i <= 400; i++) writeSqlRevision(dir, { id: id(i), ...(i > 1 ? { down: id(i - 1) } : {}), message: `step ${i}`, upgrade: "SELECT pg_sleep(0.005);" });
    const check = "DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_stat_activity WHERE application_name LIKE '%(lock monitor)') THEN RAISE EXCEPTION 'the lock monitor connected'; END IF; END $$;";
    writeSqlRevision(dir, { id: id(401), down: id(400), message: "no monitor", upgrade: check });
    const r = await runRetort(["upgrade", "head", "--revision-lock-timeout", "3s", "--lint-on-upgrade", "off"], { cwd: dir });
    expect(r.stderr).not.toContain("the lock monitor connected");
    expect(r.code).toBe(0);
  });
});

describe("the timeouts reach the session", () => {
  it("as configured, as a revision's header overrides them, and as a user's own SET changes them for the rest of its revision only", async () => {
    const { db, dir } = await freshProject("settings", 'revision_lock_timeout = "250ms"\nrevision_statement_timeout = "7s"\n');
    await db.sql.unsafe("create table seen (rev text, lock_timeout text, statement_timeout text, n serial)");
    const record = (rev: string) => `INSERT INTO seen (rev, lock_timeout, statement_timeout) SELECT '${rev}', current_setting('lock_timeout'), current_setting('statement_timeout');`;
    writeSqlRevision(dir, { id: id(1), message: "own set", upgrade: `${record("sql-1")}\nSET lock_timeout = '9s';\n${record("sql-1-after-set")}` });
    writeSqlRevision(dir, { id: id(2), down: id(1), message: "plain", upgrade: record("sql-2") });
    writeSqlRevision(dir, { id: id(3), down: id(2), message: "header", headers: { lock_timeout: "4s", statement_timeout: "0s" }, upgrade: record("sql-header") });
    const versions = join(dir, "migrations", "versions");
    writeFileSync(
      join(versions, `${id(4)}_ts.ts`),
      [
        `export const revision = "${id(4)}";`,
        `export const down_revision = "${id(3)}";`,
        `export async function upgrade({ sql }) {`,
        `  const [{ lock_timeout }] = await sql\`show lock_timeout\`;`,
        `  const [{ statement_timeout }] = await sql\`show statement_timeout\`;`,
        `  await sql\`insert into seen (rev, lock_timeout, statement_timeout) values ('ts', \${lock_timeout}, \${statement_timeout})\`;`,
        `}`,
        "",
      ].join("\n"),
    );
    writeFileSync(
      join(versions, `${id(5)}_ts_header.ts`),
      [
        `export const revision = "${id(5)}";`,
        `export const down_revision = "${id(4)}";`,
        `export const lock_timeout = "3s";`,
        `export async function upgrade({ sql }) {`,
        `  const [{ lock_timeout }] = await sql\`show lock_timeout\`;`,
        `  const [{ statement_timeout }] = await sql\`show statement_timeout\`;`,
        `  await sql\`insert into seen (rev, lock_timeout, statement_timeout) values ('ts-header', \${lock_timeout}, \${statement_timeout})\`;`,
        `}`,
        "",
      ].join("\n"),
    );
    writeSqlRevision(dir, { id: id(6), down: id(5), message: "outside", transactional: false, headers: { lock_timeout: "2s" }, upgrade: record("notx") });
    const r = await runRetort(["upgrade", "head"], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const rows = await db.sql`select rev, lock_timeout, statement_timeout from seen order by n`;
    expect(rows.map((x) => [x.rev, x.lock_timeout, x.statement_timeout])).toEqual([
      ["sql-1", "250ms", "7s"],
      ["sql-1-after-set", "9s", "7s"],
      ["sql-2", "250ms", "7s"],
      ["sql-header", "4s", "0"],
      ["ts", "250ms", "7s"],
      ["ts-header", "3s", "7s"],
      ["notx", "2s", "7s"],
    ]);
  });
});

describe("offline --sql scripts", () => {
  it("carry the same timeouts, SET LOCAL in transactions and SET/RESET around a transaction: false revision, and say they do not retry", async () => {
    const { dir } = await freshProject("offline", 'revision_lock_timeout = "750ms"\n');
    writeSqlRevision(dir, { id: id(1), message: "note", headers: { statement_timeout: "1h" }, upgrade: "ALTER TABLE accounts ADD COLUMN note text;\nALTER TABLE accounts VALIDATE CONSTRAINT c;" });
    writeSqlRevision(dir, { id: id(2), down: id(1), message: "index", transactional: false, upgrade: "CREATE INDEX CONCURRENTLY i ON accounts (note);" });
    const r = await runRetort(["upgrade", "base:head", "--sql"], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("-- This script does NOT retry: a lock timeout (SQLSTATE 55P03) or a deadlock (40P01) stops it,");
    const lines = r.stdout.split("\n");
    const from = (text: string, n: number): string[] => {
      const at = lines.indexOf(text);
      expect(at, text).toBeGreaterThan(-1);
      return lines.slice(at, at + n).filter((l) => l !== "");
    };
    expect(from("SET LOCAL lock_timeout = '750ms';", 9)).toEqual([
      "SET LOCAL lock_timeout = '750ms';",
      "SET LOCAL statement_timeout = '60min';",
      "ALTER TABLE accounts ADD COLUMN note text;",
      "SET LOCAL statement_timeout = 0;",
      "ALTER TABLE accounts VALIDATE CONSTRAINT c;",
      "SET LOCAL statement_timeout = '60min';",
    ]);
    expect(from("SET lock_timeout = '750ms';", 10)).toEqual([
      "SET lock_timeout = '750ms';",
      "SET statement_timeout = '10min';",
      "SET statement_timeout = 0;",
      "CREATE INDEX CONCURRENTLY i ON accounts (note);",
      "SET statement_timeout = '10min';",
      "RESET lock_timeout;",
      "RESET statement_timeout;",
    ]);
  });
});

describe("the migration lock's timeout", () => {
  it("is read under its old name --lock-timeout, with a warning naming the new one", async () => {
    const { dir } = await freshProject("alias");
    writeSqlRevision(dir, { id: id(1), message: "t", upgrade: "CREATE TABLE t (id int);" });
    const r = await runRetort(["upgrade", "head", "--lock-timeout", "5s"], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain("warning: --lock-timeout is deprecated; use --migration-lock-timeout instead");
    const quiet = await runRetort(["current", "--migration-lock-timeout", "5s"], { cwd: dir });
    expect(quiet.stderr).not.toContain("deprecated");
  });
});
