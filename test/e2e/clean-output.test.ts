/**
 * stdout carries data only: what a TypeScript revision prints goes to stderr with the revision's
 * id, never into a `--json` document or a `dump`; retort's own bookkeeping raises no notices the
 * user sees, while a revision's notices are shown with its file.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runRetort, tempProject } from "../support/binary.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { writeEnv, writeSqlRevision } from "../support/project.ts";

let db: TestDatabase;
let scratch: TestDatabase;
let dir: string;
let env: Record<string, string>;
const TS_ID = "7e57c0de0002";

beforeAll(async () => {
  [db, scratch] = await Promise.all([createTestDatabase("clean_output"), createTestDatabase("clean_output_scratch")]);
  dir = tempProject("clean_output");
  writeEnv(dir, db.url);
  env = { SCRATCH_DATABASE_URL: scratch.url };
  writeFileSync(join(dir, "retort.toml"), 'script_location = "migrations"\n');
  writeSqlRevision(dir, {
    id: "7e57c0de0001",
    message: "notes",
    upgrade: "CREATE TABLE notes (id int);\nDO $$ BEGIN RAISE NOTICE 'notes are ready (% rows)', (SELECT count(*) FROM notes); END $$;",
    downgrade: "DROP TABLE notes;",
  });
  mkdirSync(join(dir, "migrations", "versions"), { recursive: true });
  writeFileSync(
    join(dir, "migrations", "versions", `${TS_ID}_chatty.ts`),
    `export const revision = "${TS_ID}";
export const down_revision = "7e57c0de0001";
export const message = "chatty";
export async function upgrade({ sql }) {
  console.log("log line", { rows: 1 });
  console.info("info line");
  console.warn("warn line");
  console.error("error line\\nsecond line");
  await sql\`insert into notes values (1)\`;
}
export async function downgrade({ sql }) {
  console.log("undoing");
  await sql\`delete from notes\`;
}
`,
  );
});

afterAll(async () => {
  await Promise.all([db?.drop(), scratch?.drop()]);
});

describe("what a TypeScript revision prints", () => {
  it("goes to stderr prefixed with the revision, and --json's stdout stays one document", async () => {
    const r = await runRetort(["upgrade", "head", "--json"], { cwd: dir, env });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ command: "upgrade", headsAfter: [TS_ID] });
    for (const line of ["log line { rows: 1 }", "info line", "warn line", "error line", "second line"]) expect(r.stderr).toContain(`[${TS_ID}] ${line}`);
  });

  it("stays out of a dump written to stdout (the scratch database runs the revision too)", async () => {
    const r = await runRetort(["dump"], { cwd: dir, env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('CREATE TABLE "public"."notes"');
    expect(r.stdout).not.toContain("log line");
    expect(r.stderr).toContain(`[${TS_ID}] log line`);
  });
});

describe("server notices", () => {
  it("stamp shows none of its own bookkeeping's notices", async () => {
    const r = await runRetort(["stamp", "heads"], { cwd: dir, env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toContain("NOTICE");
    expect(r.stderr).not.toContain("already exists, skipping");
  });

  it("a revision's notice is shown on stderr with its file", async () => {
    const down = await runRetort(["downgrade", "base"], { cwd: dir, env });
    expect(down.code, down.stderr).toBe(0);
    const up = await runRetort(["upgrade", "head"], { cwd: dir, env });
    expect(up.code, up.stderr).toBe(0);
    expect(up.stderr).toContain("migrations/versions/7e57c0de0001_notes.sql: NOTICE: notes are ready (0 rows)");
    expect(up.stderr).not.toContain("already exists, skipping");
    expect(up.stdout).toBe("");
  });

  it("each of many revisions run together shows its notices with its own file, whatever message its statements went in", async () => {
    const many = tempProject("clean_output_many");
    const manyDb = await createTestDatabase("clean_output_many");
    try {
      writeEnv(many, manyDb.url);
      const id = (i: number) => `7e57c0de1${String(i).padStart(3, "0")}`;
      // 30 revisions of two statements each, every one raising a notice that names its revision.
      for (let i = 1; i <= 30; i++) {
        const notice = (n: number) => `DO $$ BEGIN RAISE NOTICE 'revision ${i}, statement ${n}'; END $$;`;
        writeSqlRevision(many, { id: id(i), ...(i > 1 ? { down: id(i - 1) } : {}), message: `r${i}`, upgrade: `${notice(1)}\n${notice(2)}` });
      }
      const r = await runRetort(["upgrade", "head"], { cwd: many });
      expect(r.code, r.stderr).toBe(0);
      const notices = r.stderr.split("\n").filter((line) => line.includes(": NOTICE: "));
      expect(notices).toHaveLength(60);
      for (const line of notices) {
        const i = Number(/NOTICE: revision (\d+),/.exec(line)![1]);
        expect(line).toContain(`migrations/versions/${id(i)}_r${i}.sql: NOTICE: revision ${i},`);
      }
    } finally {
      await manyDb.drop();
    }
  });
});
