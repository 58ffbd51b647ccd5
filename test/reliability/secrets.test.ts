/**
 * A distinctive password in the database URL never appears in stdout, stderr, `--json` output,
 * error messages or the history table, across successful runs and every kind of failure. (The
 * test server trusts local connections, so the password is carried everywhere but never needed.)
 */
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runRetort, startRetort, tempProject } from "../support/binary.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { writeSqlRevision } from "../support/project.ts";

const PASSWORD = "Zq7-unguessable-p@ss:w/rd%";
let db: TestDatabase;
let dir: string;
let withPassword: string;

beforeAll(async () => {
  db = await createTestDatabase("secrets");
  const u = new URL(db.url);
  u.username = u.username || "postgres";
  u.password = encodeURIComponent(PASSWORD);
  withPassword = u.toString();
  dir = tempProject("secrets");
  // The SQLAlchemy form, in .env, as a Python project would write it.
  writeFileSync(join(dir, ".env"), `DATABASE_URL=${withPassword.replace(/^postgres(ql)?:/, "postgresql+asyncpg:")}\n`);
  writeSqlRevision(dir, { id: "5ec000000001", message: "one", upgrade: "CREATE TABLE t (id int);", downgrade: "DROP TABLE t;" });
});

afterAll(async () => {
  await db.drop();
});

/** Every form the password can take in output. */
const forms = [PASSWORD, encodeURIComponent(PASSWORD), JSON.stringify(PASSWORD).slice(1, -1)];

function expectNoPassword(text: string): void {
  for (const form of forms) expect(text).not.toContain(form);
}

describe("the password never shows", () => {
  it("in successful runs, their JSON, and the history table", async () => {
    for (const args of [["upgrade", "head"], ["--json", "current"], ["--json", "history", "-i", "--verbose"], ["current", "--verbose"], ["upgrade", "head", "--sql"]]) {
      const r = await runRetort(args, { cwd: dir });
      expect(r.code, r.stderr).toBe(0);
      expectNoPassword(r.stdout + r.stderr);
    }
    const rows = await db.sql`select * from retort_history`;
    expectNoPassword(JSON.stringify(rows));
  });

  it("in failures: a failing statement, a broken file, a lock timeout, a bad URL, an unreachable server, with --json too", async () => {
    writeSqlRevision(dir, { id: "5ec000000002", down: "5ec000000001", message: "bad", upgrade: "SELECT no_such_column FROM t;", downgrade: "SELECT 1;" });
    const failing = await runRetort(["--json", "upgrade", "head"], { cwd: dir });
    expect(failing.code).toBe(4);
    expectNoPassword(failing.stdout + failing.stderr);

    writeFileSync(join(dir, "migrations", "versions", "5ec000000002_bad.sql"), "-- no header at all\n");
    const broken = await runRetort(["upgrade", "head"], { cwd: dir });
    expect(broken.code).toBe(3);
    expectNoPassword(broken.stdout + broken.stderr);
    rmSync(join(dir, "migrations", "versions", "5ec000000002_bad.sql"));
    writeSqlRevision(dir, { id: "5ec000000002", down: "5ec000000001", message: "slow", upgrade: "SELECT pg_sleep(3);", downgrade: "SELECT 1;" });

    const holder = startRetort(["upgrade", "head"], { cwd: dir });
    await holder.waitForStderr(/Running upgrade .*slow/);
    const waiting = await runRetort(["--json", "upgrade", "head", "--lock-timeout", "500ms"], { cwd: dir });
    expect(waiting.code).toBe(5);
    expectNoPassword(waiting.stdout + waiting.stderr);
    expect((await holder.done).code).toBe(0);

    for (const url of [withPassword.replace(/^postgres(ql)?:/, "mysql:"), withPassword.replace(/@[^/]+\//, "@127.0.0.1:1/"), `${withPassword}?sslmode=bogus`]) {
      const r = await runRetort(["--json", "--url", url, "current"], { cwd: dir });
      expect(r.code).not.toBe(0);
      expectNoPassword(r.stdout + r.stderr);
    }
  });
});
