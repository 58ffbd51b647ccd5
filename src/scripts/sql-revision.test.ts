import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ExitCode } from "../core/errors.ts";
import { RevisionFileError } from "./errors.ts";
import { parseSqlRevision, sectionPosition } from "./sql-revision.ts";

const GOOD = `-- add users table
--
-- revision: 1a2b3c4d5e6f
-- down_revision: 9f8e7d6c5b4a
-- branch_labels:
-- depends_on:
-- create_date: 2026-11-24 10:00:00
-- transaction: true

-- migrate:upgrade
CREATE TABLE users (id bigint generated always as identity primary key, email text not null);

-- migrate:downgrade
DROP TABLE users;
`;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "retort-sql-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Writes `text` to a fixture file and parses it as read back from disk. */
async function parseFixture(name: string, text: string) {
  const path = join(dir, name);
  await writeFile(path, text);
  return parseSqlRevision(await readFile(path, "utf8"), path);
}

async function parseError(name: string, text: string): Promise<RevisionFileError> {
  try {
    await parseFixture(name, text);
  } catch (error) {
    expect(error).toBeInstanceOf(RevisionFileError);
    return error as RevisionFileError;
  }
  throw new Error(`${name} parsed without error`);
}

describe("parseSqlRevision", () => {
  it("reads the header, message and both sections of the design's example", async () => {
    const file = await parseFixture("good.sql", GOOD);
    expect(file.header).toEqual({
      id: "1a2b3c4d5e6f",
      downRevisions: ["9f8e7d6c5b4a"],
      branchLabels: [],
      dependsOn: [],
      message: "add users table",
      createDate: "2026-11-24 10:00:00",
      transaction: true,
    });
    expect(file.upgrade).toEqual({
      sql: "CREATE TABLE users (id bigint generated always as identity primary key, email text not null);",
      line: 11,
      column: 1,
      offset: GOOD.indexOf("CREATE"),
    });
    expect(file.downgrade).toMatchObject({ sql: "DROP TABLE users;", line: 14, column: 1 });
  });

  it("reads an empty down_revision as a base and a comma list as a merge", async () => {
    const base = await parseFixture("base.sql", GOOD.replace("-- down_revision: 9f8e7d6c5b4a", "-- down_revision:"));
    expect(base.header.downRevisions).toEqual([]);
    const merge = await parseFixture(
      "merge.sql",
      GOOD.replace("9f8e7d6c5b4a", "aaaa1111, bbbb2222,cccc3333")
        .replace("-- branch_labels:", "-- branch_labels: billing, audit")
        .replace("-- depends_on:", "-- depends_on: 0000ffff, audit"),
    );
    expect(merge.header.downRevisions).toEqual(["aaaa1111", "bbbb2222", "cccc3333"]);
    expect(merge.header.branchLabels).toEqual(["billing", "audit"]);
    expect(merge.header.dependsOn).toEqual(["0000ffff", "audit"]);
  });

  it("accepts an empty upgrade section, a missing downgrade and no create_date", async () => {
    const text = "-- merge heads\n--\n-- revision: abcd\n-- down_revision: a1, b2\n\n-- migrate:upgrade\n";
    const file = await parseFixture("noop.sql", text);
    expect(file.upgrade).toMatchObject({ sql: "" });
    expect(file.downgrade).toBeUndefined();
    expect(file.header.createDate).toBeUndefined();
    expect(file.header.transaction).toBe(true);
  });

  it("reads a revision's own lock timeout, statement timeout and retry budget", async () => {
    const text = GOOD.replace("-- transaction: true", "-- transaction: true\n-- lock_timeout: 5s\n-- statement_timeout: 0s\n-- lock_retry_budget: 20m");
    expect((await parseFixture("timeouts.sql", text)).header.timeouts).toEqual({ lockTimeoutMs: 5_000, statementTimeoutMs: 0, retryBudgetMs: 1_200_000 });
    expect((await parseFixture("plain.sql", GOOD)).header.timeouts).toBeUndefined();
  });

  it("refuses a lock_timeout of 0 and a duration without a unit, naming the line", async () => {
    const zero = await parseError("zero.sql", GOOD.replace("-- transaction: true", "-- transaction: true\n-- lock_timeout: 0s"));
    expect([zero.line, zero.reason]).toEqual([9, 'invalid value in "lock_timeout": a lock timeout of 0 would wait for a lock forever']);
    const bare = await parseError("bare.sql", GOOD.replace("-- transaction: true", "-- transaction: true\n-- statement_timeout: 30"));
    expect(bare.reason).toBe('invalid value in "statement_timeout": "30": expected a duration such as "500ms", "5s" or "10m"');
  });

  it("reads transaction: false", async () => {
    const file = await parseFixture("notx.sql", GOOD.replace("transaction: true", "transaction: false"));
    expect(file.header.transaction).toBe(false);
  });

  it("accepts CRLF line endings and a UTF-8 BOM, with offsets into the text as given", async () => {
    const text = `\uFEFF${GOOD.replaceAll("\n", "\r\n")}`;
    const file = await parseFixture("crlf.sql", text);
    expect(file.header.id).toBe("1a2b3c4d5e6f");
    expect(file.header.message).toBe("add users table");
    expect(file.upgrade.sql).not.toContain("\r");
    expect(file.upgrade.line).toBe(11);
    expect(text.slice(file.upgrade.offset, file.upgrade.offset + 12)).toBe("CREATE TABLE");
    expect(file.downgrade?.sql).toBe("DROP TABLE users;");
  });

  it("keeps a message that looks like a header when a separator follows it", async () => {
    const file = await parseFixture("msg.sql", GOOD.replace("add users table", "revision: redo users"));
    expect(file.header.message).toBe("revision: redo users");
    expect(file.header.id).toBe("1a2b3c4d5e6f");
  });

  it("reads a file without message or separator, and multi-line messages", async () => {
    const bare = await parseFixture("bare.sql", "-- revision: abcd\n-- down_revision:\n-- migrate:upgrade\nselect 1;\n");
    expect(bare.header).toMatchObject({ id: "abcd", message: "" });
    const long = await parseFixture("long.sql", GOOD.replace("add users table\n", "add users table\n-- and their emails\n"));
    expect(long.header.message).toBe("add users table\nand their emails");
  });
});

describe("parseSqlRevision errors name the file and line", () => {
  const cases: [name: string, text: string, line: number, reason: RegExp][] = [
    ["empty.sql", "  \n\n", 1, /the file is empty/],
    ["norev.sql", "-- msg\n--\n-- down_revision:\n\n-- migrate:upgrade\nselect 1;\n", 1, /no "revision" header/],
    ["unknown.sql", GOOD.replace("-- depends_on:", "-- depend_on: x"), 6, /unknown header "depend_on"/],
    ["repeat.sql", GOOD.replace("-- depends_on:", "-- revision: 1a2b3c4d5e6f"), 6, /header "revision" is repeated \(first on line 3\)/],
    ["after.sql", `${GOOD}-- transaction: false\n`, 15, /header "transaction" is placed after the sections/],
    ["badid.sql", GOOD.replace("revision: 1a2b3c4d5e6f", "revision: 1a2b-3c4d"), 3, /invalid revision id in "revision": "1a2b-3c4d"/],
    ["badparent.sql", GOOD.replace("9f8e7d6c5b4a", "ok, head"), 4, /invalid revision id in "down_revision": "head": "head" is a reserved word/],
    ["twice.sql", GOOD.replace("9f8e7d6c5b4a", "aaaa, aaaa"), 4, /"aaaa" is listed twice/],
    ["nomarker.sql", "-- m\n--\n-- revision: abcd\n\nselect 1;\n", 5, /missing "-- migrate:upgrade" marker/],
    ["second-up.sql", `${GOOD}\n-- migrate:upgrade\n`, 16, /second "-- migrate:upgrade" marker \(the first is on line 10\)/],
    ["second-down.sql", `${GOOD}-- migrate:downgrade\n`, 15, /second "-- migrate:downgrade" marker \(the first is on line 13\)/],
    ["down-first.sql", "-- revision: abcd\n-- migrate:downgrade\n-- migrate:upgrade\n", 2, /comes before any "-- migrate:upgrade"/],
    ["badtx.sql", GOOD.replace("transaction: true", "transaction: yes"), 8, /invalid value in "transaction": expected true or false/],
    ["sql-before.sql", GOOD.replace("\n-- migrate:upgrade", "select 1;\n-- migrate:upgrade"), 9, /SQL outside a section/],
    ["dbmate.sql", GOOD.replace("migrate:upgrade", "migrate:up"), 10, /unknown section marker "migrate:up"/],
    ["baddate.sql", GOOD.replace("2026-11-24 10:00:00", "yesterday"), 7, /invalid value in "create_date"/],
  ];
  for (const [name, text, line, reason] of cases) {
    it(`${name}: ${reason.source}`, async () => {
      const error = await parseError(name, text);
      const path = join(dir, name);
      expect(error.path).toBe(path);
      expect(error.line).toBe(line);
      expect(error.reason).toMatch(reason);
      expect(error.message).toBe(`${path}:${line}: ${error.reason}`);
      expect(error.exitCode).toBe(ExitCode.scripts);
      expect(error.code).toBe("revision-file");
    });
  }
});

describe("sectionPosition", () => {
  const text = `${GOOD.replace("DROP TABLE users;", "DROP TABLE users;\nSELECT * FROM nope;")}`;

  it("maps a server error position to the file's line, column and line text", () => {
    const file = parseSqlRevision(text, "p.sql");
    const sql = file.downgrade!.sql;
    const at = sectionPosition(text, file.downgrade!, sql.indexOf("nope") + 1);
    expect(at).toEqual({ line: 15, column: 15, lineText: "SELECT * FROM nope;" });
    expect(sectionPosition(text, file.upgrade, 1)).toMatchObject({ line: 11, column: 1 });
  });

  it("counts CRLF as one character and astral characters as one, as PostgreSQL does", () => {
    const crlf = `\uFEFF${text.replace("DROP TABLE users;", "-- 🐘 emoji\r\nDROP TABLE users;").replaceAll("\n", "\r\n").replaceAll("\r\r\n", "\r\n")}`;
    const file = parseSqlRevision(crlf, "p.sql");
    const sql = file.downgrade!.sql;
    const codePoints = Array.from(sql);
    const position = codePoints.indexOf("n", codePoints.indexOf("F")) + 1; // the "n" of "nope"
    expect(sectionPosition(crlf, file.downgrade!, position)).toEqual({ line: 16, column: 15, lineText: "SELECT * FROM nope;" });
  });

  it("maps into an indented first line and clamps positions past the end", () => {
    const indented = "-- revision: abcd\n-- migrate:upgrade\n\n    select 1/;\n";
    const file = parseSqlRevision(indented, "i.sql");
    expect(file.upgrade).toMatchObject({ sql: "select 1/;", line: 4, column: 5 });
    expect(sectionPosition(indented, file.upgrade, 9)).toEqual({ line: 4, column: 13, lineText: "    select 1/;" });
    expect(sectionPosition(indented, file.upgrade, 999)).toEqual({ line: 4, column: 15, lineText: "    select 1/;" });
  });
});
