/** Failing statements and broken graphs: the exit code, the message, and an untouched database. */
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { runRetort, tempProject } from "../support/binary.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { writeEnv, writeSqlRevision } from "../support/project.ts";

let db: TestDatabase;
let dir: string;

async function tables(): Promise<string[]> {
  const rows = await db.sql<{ name: string }[]>`select tablename as name from pg_tables where schemaname = 'public' order by 1`;
  return rows.map((r) => r.name);
}

const retort = (...args: string[]) => runRetort(args, { cwd: dir });

beforeAll(async () => {
  db = await createTestDatabase("failures");
});
afterAll(async () => {
  await db.drop();
});
beforeEach(async () => {
  dir = tempProject("failures");
  writeEnv(dir, db.url);
  await db.sql.unsafe("drop schema public cascade; create schema public");
});

describe("a failing statement", () => {
  it("in the 2nd of 3 pending revisions leaves the database as it was, exits 4 and points at file:line:col", async () => {
    writeSqlRevision(dir, { id: "aaaa00000001", message: "one", upgrade: "CREATE TABLE one (id int);", downgrade: "DROP TABLE one;" });
    const bad = writeSqlRevision(dir, {
      id: "aaaa00000002",
      down: "aaaa00000001",
      message: "two",
      upgrade: "CREATE TABLE two (id int);\nINSERT INTO two VALUES (1);\nSELECT * FROM two WHERE id = = 1;",
      downgrade: "DROP TABLE two;",
    });
    writeSqlRevision(dir, { id: "aaaa00000003", down: "aaaa00000002", message: "three", upgrade: "CREATE TABLE three (id int);", downgrade: "DROP TABLE three;" });
    const r = await retort("upgrade", "head");
    expect(r.code).toBe(4);
    // Line 12 of the file is the third statement; the server points at the second "=".
    expect(r.stderr).toContain(`${bad}:12:30: syntax error at or near "="`);
    expect(r.stderr).toContain("12 | SELECT * FROM two WHERE id = = 1;");
    expect(r.stderr).toMatch(/\n {3}\| {30}\^\n/);
    expect(await tables()).toEqual([]);
  });

  it("at run time (no position from the server) points at the section and rolls back", async () => {
    writeSqlRevision(dir, { id: "bbbb00000001", message: "one", upgrade: "CREATE TABLE one (id int);", downgrade: "DROP TABLE one;" });
    const bad = writeSqlRevision(dir, { id: "bbbb00000002", down: "bbbb00000001", message: "two", upgrade: "SELECT 1 / 0;" });
    const r = await retort("upgrade", "head");
    expect(r.code).toBe(4);
    expect(r.stderr).toContain(`${bad}:10:1: division by zero`);
    expect(await tables()).toEqual([]);
  });

  it("columns count characters as PostgreSQL does, also after emoji in earlier statements", async () => {
    const bad = writeSqlRevision(dir, { id: "emo000000001", message: "emoji", upgrade: "CREATE TABLE e (v text);\nINSERT INTO e VALUES ('😀😀');\nSELECT '😀' = = 1;" });
    const r = await retort("upgrade", "head");
    expect(r.code).toBe(4);
    expect(r.stderr).toContain(`${bad}:12:14: syntax error at or near "="`);
    expect(r.stderr).toContain("12 | SELECT '😀' = = 1;");
  });

  it("a downgrade through a revision without a downgrade section is refused before anything runs", async () => {
    writeSqlRevision(dir, { id: "cccc00000001", message: "one", upgrade: "CREATE TABLE one (id int);" });
    writeSqlRevision(dir, { id: "cccc00000002", down: "cccc00000001", message: "two", upgrade: "CREATE TABLE two (id int);", downgrade: "DROP TABLE two;" });
    expect((await retort("upgrade", "head")).code).toBe(0);
    const r = await retort("downgrade", "base");
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/cccc00000001_one\.sql: revision "cccc00000001" has no downgrade/);
    expect(await tables()).toEqual(["alembic_version", "one", "retort_history", "two"]);
  });
});

describe("a broken revision graph exits 3 and names the files", () => {
  it("duplicate revision id", async () => {
    const a = writeSqlRevision(dir, { id: "dddd00000001", message: "first", upgrade: "SELECT 1;" });
    const b = writeSqlRevision(dir, { id: "dddd00000001", message: "second", upgrade: "SELECT 2;" });
    const r = await retort("upgrade", "head");
    expect(r.code).toBe(3);
    expect(r.stderr).toContain("dddd00000001");
    expect(r.stderr).toContain(a);
    expect(r.stderr).toContain(b);
    expect(await tables()).toEqual([]);
  });

  it("missing parent", async () => {
    const a = writeSqlRevision(dir, { id: "eeee00000001", down: "ffffffffffff", message: "orphan", upgrade: "SELECT 1;" });
    const r = await retort("history");
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(a);
    expect(r.stderr).toContain('"ffffffffffff"');
  });

  it("cycle", async () => {
    writeSqlRevision(dir, { id: "abab00000001", down: "abab00000003", message: "a", upgrade: "SELECT 1;" });
    writeSqlRevision(dir, { id: "abab00000002", down: "abab00000001", message: "b", upgrade: "SELECT 1;" });
    writeSqlRevision(dir, { id: "abab00000003", down: "abab00000002", message: "c", upgrade: "SELECT 1;" });
    const r = await retort("heads");
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/cycle/i);
    for (const id of ["abab00000001", "abab00000002", "abab00000003"]) expect(r.stderr).toContain(id);
  });

  it("self-loop", async () => {
    const a = writeSqlRevision(dir, { id: "acac00000001", down: "acac00000001", message: "self", upgrade: "SELECT 1;" });
    const r = await retort("heads");
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(a);
    expect(r.stderr).toMatch(/itself/);
  });

  it("a branch label used twice", async () => {
    const a = writeSqlRevision(dir, { id: "adad00000001", message: "a", labels: ["billing"], upgrade: "SELECT 1;" });
    const b = writeSqlRevision(dir, { id: "adad00000002", message: "b", labels: ["billing"], upgrade: "SELECT 1;" });
    const r = await retort("heads");
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('"billing"');
    expect(r.stderr).toContain(a);
    expect(r.stderr).toContain(b);
  });
});

describe("targets that cannot be resolved", () => {
  beforeEach(() => {
    // base ─ 1234aaaa0001 ─ 1234aaaa0002 (head, label "main")
    //     └─ 1234bbbb0001 (head, label "side")
    writeSqlRevision(dir, { id: "1234aaaa0001", message: "a1", labels: ["main"], upgrade: "CREATE TABLE a1 (id int);", downgrade: "DROP TABLE a1;" });
    writeSqlRevision(dir, { id: "1234aaaa0002", down: "1234aaaa0001", message: "a2", upgrade: "CREATE TABLE a2 (id int);", downgrade: "DROP TABLE a2;" });
    writeSqlRevision(dir, { id: "1234bbbb0001", message: "b1", labels: ["side"], upgrade: "CREATE TABLE b1 (id int);", downgrade: "DROP TABLE b1;" });
  });

  it("upgrade head fails with two heads and names both, with Alembic's advice", async () => {
    const r = await retort("upgrade", "head");
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('"1234aaaa0002"');
    expect(r.stderr).toContain('"1234bbbb0001"');
    expect(r.stderr).toMatch(/@head/);
    expect(r.stderr).toMatch(/heads/);
    expect(r.stderr).toMatch(/merge/);
    expect(await tables()).toEqual([]);
  });

  it("an ambiguous prefix lists the matches", async () => {
    const r = await retort("upgrade", "1234");
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('Cannot resolve revision "1234"');
    for (const id of ["1234aaaa0001", "1234aaaa0002", "1234bbbb0001"]) expect(r.stderr).toContain(id);
  });

  it("an unknown revision", async () => {
    const r = await retort("upgrade", "9999");
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('"9999"');
  });

  it("upgrade head+1 is a clean error, not a crash", async () => {
    expect((await retort("upgrade", "main@head")).code).toBe(0);
    const r = await retort("upgrade", "main@head+1");
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^error: Cannot resolve "main@head\+1"/m);
    expect(r.stderr).not.toMatch(/at .*\.ts:\d+/);
  });

  it("a relative step past base", async () => {
    expect((await retort("upgrade", "main@head")).code).toBe(0);
    const r = await retort("downgrade", "-3");
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/only 2 of 3 steps down/);
    expect(await tables()).toEqual(["a1", "a2", "alembic_version", "retort_history"]);
  });

  it("a relative step past head", async () => {
    const r = await retort("upgrade", "main@+3");
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/only 2 of 3 steps up/);
  });

  it("downgrade -1 with two applied heads is ambiguous instead of a guess", async () => {
    expect((await retort("upgrade", "heads")).code).toBe(0);
    const r = await retort("downgrade", "-1");
    expect(r.code).toBe(3);
    expect(r.stderr).toContain("1234aaaa0002");
    expect(r.stderr).toContain("1234bbbb0001");
    expect(await tables()).toEqual(["a1", "a2", "alembic_version", "b1", "retort_history"]);
  });

  it("a malformed target is a usage error", async () => {
    const r = await retort("upgrade", "a@b@c");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('"a@b@c"');
  });
});

describe("configuration and connection problems", () => {
  it("no database URL: exit 2 with the ways to set one", async () => {
    rmSync(join(dir, ".env"));
    writeSqlRevision(dir, { id: "cdcd00000001", message: "a", upgrade: "SELECT 1;" });
    const r = await retort("upgrade", "head");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("DATABASE_URL");
  });

  it("a URL with another scheme: exit 2, names where it came from, no password", async () => {
    writeFileSync(join(dir, ".env"), "DATABASE_URL=mysql://root:S3cretPw0rd@localhost/db\n");
    const r = await retort("current");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(".env");
    expect(r.stderr).not.toContain("S3cretPw0rd");
  });

  it("an unreachable server: exit 4, says what to check, no password", async () => {
    writeSqlRevision(dir, { id: "cdcd00000002", message: "a", upgrade: "SELECT 1;" });
    const r = await runRetort(["upgrade", "head", "--url", "postgres://me:S3cretPw0rd@127.0.0.1:1/nowhere"], { cwd: dir });
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/Cannot connect to postgres:\/\/me:\*\*\*@127\.0\.0\.1:1\/nowhere/);
    expect(r.stderr).toMatch(/hint: Check that the server is running/);
    expect(r.stderr + r.stdout).not.toContain("S3cretPw0rd");
  });

  it("an unreachable server names what refused it, as the runtime's own sockets would (exit 4)", async () => {
    writeSqlRevision(dir, { id: "cdcd00000003", message: "a", upgrade: "SELECT 1;" });
    const r = await runRetort(["current", "--url", "postgres://me@127.0.0.1:1/nowhere"], { cwd: dir });
    expect(r.code).toBe(4);
    expect(r.stderr).toContain("Cannot connect to postgres://me@127.0.0.1:1/nowhere (--url): connect ECONNREFUSED 127.0.0.1:1\n");
  });

  it("a unix socket that is not there: exit 4 naming it, with or without TLS, not a crash", async () => {
    writeSqlRevision(dir, { id: "cdcd00000004", message: "a", upgrade: "SELECT 1;" });
    const missing = join(dir, "no-server-here");
    for (const query of ["", "&sslmode=require"]) {
      const r = await runRetort(["current", "--url", `postgres://me@/nowhere?host=${missing}${query}`], { cwd: dir });
      expect(r.code, r.stderr).toBe(4);
      expect(r.stderr).toContain(`connect ENOENT ${missing}/.s.PGSQL.5432\n`);
      expect(r.stderr).toMatch(/^hint: Check that the server is running/m);
    }
  });

  it("a diff between two databases names the one it cannot reach, --from first when neither answers", async () => {
    const nowhere = (db: string) => `postgres://me:S3cretPw0rd@127.0.0.1:1/${db}`;
    const to = await runRetort(["diff", "--from", db.url, "--to", nowhere("target")], { cwd: dir });
    expect(to.code).toBe(4);
    expect(to.stderr).toMatch(/Cannot connect to postgres:\/\/me:\*\*\*@127\.0\.0\.1:1\/target/);
    const both = await runRetort(["diff", "--from", nowhere("source"), "--to", nowhere("target")], { cwd: dir });
    expect(both.code).toBe(4);
    expect(both.stderr).toMatch(/Cannot connect to postgres:\/\/me:\*\*\*@127\.0\.0\.1:1\/source/);
    expect(both.stderr).not.toContain("/target");
    expect(to.stderr + both.stderr).not.toContain("S3cretPw0rd");
  });

  it("an unknown command is a usage error", async () => {
    const r = await retort("upgrayedd");
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown command/);
  });
});

describe("retort's own tables cannot be created", () => {
  it("reports the server's permission error, not the statements sent behind it failing as 'transaction aborted', and leaves the database as it was", async () => {
    const role = `retort_nocreate_${process.pid}`;
    await db.sql.unsafe(`drop role if exists ${role}; create role ${role} login; grant connect on database "${db.name}" to ${role}; grant usage on schema public to ${role}`);
    try {
      const url = new URL(db.url);
      url.username = role;
      writeEnv(dir, url.toString());
      writeSqlRevision(dir, { id: "cccc00000001", message: "one", upgrade: "CREATE TABLE one (id int);", downgrade: "DROP TABLE one;" });
      writeSqlRevision(dir, { id: "cccc00000002", down: "cccc00000001", message: "two", upgrade: "CREATE TABLE two (id int);", downgrade: "DROP TABLE two;" });
      const r = await retort("upgrade", "head");
      expect(r.code).toBe(4);
      expect(r.stderr).toContain("permission denied for schema public");
      expect(r.stderr).not.toContain("current transaction is aborted");
      expect(await tables()).toEqual([]);
    } finally {
      await db.sql.unsafe(`drop owned by ${role}; drop role ${role}`);
    }
  });
});
