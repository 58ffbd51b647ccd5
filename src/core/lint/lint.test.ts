import { describe, expect, test } from "vitest";
import { catalogOf, unitOf } from "../../../test/support/lint.ts";
import { joinUnits, Linter, lintUnits } from "./lint.ts";
import { ALL_RULES } from "./rules.ts";

describe("joinUnits: revisions that share one transaction", () => {
  test("a lock taken by one revision is held through the next, and the finding is placed in the next one's file", async () => {
    const first = await unitOf("ALTER TABLE accounts ADD COLUMN note text;", {}, "a.sql");
    const second = await unitOf("SELECT 1;\nUPDATE accounts SET note = 'x' WHERE id < 100;", {}, "b.sql");
    const findings = lintUnits([joinUnits([first, second])], ALL_RULES, catalogOf({}));
    const held = findings.find((f) => f.rule === "lock-held-through-statements");
    expect(held).toMatchObject({ file: "b.sql", section: "upgrade", statement: 1, offset: second.statements[1]!.offset });
    expect(held!.message).toContain("statement 1 of a.sql");
    // Linted apart, each in its own transaction, nothing is held.
    expect(lintUnits([first, second], ALL_RULES, catalogOf({})).map((f) => f.rule)).not.toContain("lock-held-through-statements");
  });

  test("a header's ignore list still covers its own statements only", async () => {
    const first = { ...(await unitOf("CREATE INDEX i ON t (a);", {}, "a.sql")), ignoredRules: ["create-index-concurrently"] };
    const second = await unitOf("CREATE INDEX j ON t (b);", {}, "b.sql");
    const findings = lintUnits([joinUnits([first, second])], ALL_RULES, catalogOf({}));
    expect(findings.filter((f) => f.rule === "create-index-concurrently").map((f) => f.file)).toEqual(["b.sql"]);
  });
});

describe("Linter", () => {
  test("settle: a table created by an earlier deploy exists for the next; within one run it is new", async () => {
    const create = await unitOf("CREATE TABLE t (id int, a int);");
    const index = await unitOf("CREATE INDEX i ON t (a);");
    const oneRun = new Linter(ALL_RULES, catalogOf({ tables: {} }));
    expect(oneRun.lint([create, index])).toEqual([]);
    const deployed = new Linter(ALL_RULES, catalogOf({ tables: {} }));
    deployed.lint([create]);
    deployed.settle();
    expect(deployed.lint([index]).map((f) => f.rule)).toEqual(["create-index-concurrently"]);
  });

  test("fork lints a side branch without changing the main line", async () => {
    const linter = new Linter(ALL_RULES, catalogOf({ tables: {} }));
    linter.lint([await unitOf("CREATE TABLE t (id int, a int);")]);
    linter.settle();
    linter.fork().lint([await unitOf("DROP TABLE t;")]);
    expect(linter.lint([await unitOf("CREATE INDEX i ON t (a);")]).map((f) => f.rule)).toEqual(["create-index-concurrently"]);
  });
});
