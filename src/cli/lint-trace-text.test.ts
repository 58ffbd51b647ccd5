import { describe, expect, test } from "vitest";
import type { TracedStatement } from "../project/lint-trace.ts";
import { lintTraceText } from "./lint-trace-text.ts";

function statement(over: Partial<TracedStatement>): TracedStatement {
  return {
    file: "versions/1a2b_add.sql", section: "upgrade", statement: 0, text: "SELECT 1", kind: "SelectStmt", locks: [], heldBefore: [], rewrote: [],
    builtIndexes: [], sampled: false, locksSeen: true, agreesWithLint: true, disagreements: [], ...over,
  };
}

describe("lintTraceText", () => {
  test("shows each statement on an existing table with its strongest locks, rewrites and disagreements, and a summary", () => {
    const text = lintTraceText({
      statements: [
        statement({ statement: 0, text: "CREATE TABLE fresh (id int)", kind: "CreateStmt" }),
        statement({
          statement: 1, text: "ALTER TABLE users ALTER COLUMN id TYPE bigint", kind: "AlterTableStmt",
          locks: [{ table: "public.users", mode: "SHARE" }, { table: "public.users", mode: "ACCESS EXCLUSIVE" }, { table: "public.users", mode: "ACCESS EXCLUSIVE", index: "public.users_pkey" }],
          rewrote: ["public.users"], agreesWithLint: false, disagreements: ["no rule flagged the rewrite of public.users under ACCESS EXCLUSIVE"],
        }),
        statement({ statement: 2, text: "CREATE INDEX CONCURRENTLY i ON \"Big\".t (a)", kind: "IndexStmt", locks: [{ table: "Big.t", mode: "SHARE UPDATE EXCLUSIVE" }], builtIndexes: [{ index: "Big.i", table: "Big.t" }], sampled: true }),
      ],
    });
    expect(text).toBe(
      [
        "versions/1a2b_add.sql:upgrade stmt 2: ACCESS EXCLUSIVE on users, ACCESS EXCLUSIVE on index users_pkey of users; rewrote users",
        "    ALTER TABLE users ALTER COLUMN id TYPE bigint",
        "  disagrees: no rule flagged the rewrite of public.users under ACCESS EXCLUSIVE",
        'versions/1a2b_add.sql:upgrade stmt 3: SHARE UPDATE EXCLUSIVE on "Big".t (sampled while it ran); built index "Big".i on "Big".t',
        '    CREATE INDEX CONCURRENTLY i ON "Big".t (a)',
        "Traced 3 statements: 2 statements on existing tables, 1 statement not as the lint says",
        "",
      ].join("\n"),
    );
  });

  test("says when locks could not be watched, and when all agree", () => {
    const text = lintTraceText({ statements: [statement({ kind: "VacuumStmt", text: "VACUUM FULL t", rewrote: ["public.t"], sampled: true, locksSeen: false })] });
    expect(text).toContain("stmt 1: locks not watched (the embedded engine cannot sample them); rewrote t");
    expect(text).toContain("Traced 1 statement: 1 statement on existing tables, all as the lint says");
  });
});
