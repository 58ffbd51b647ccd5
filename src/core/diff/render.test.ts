import { describe, expect, it } from "vitest";
import { renderScript, renderSteps } from "./render.ts";
import type { DiffStep } from "./step.ts";

const step = (sql: string, kind: string, warning?: string): DiffStep => ({ sql, kind, object: "x", destructive: false, ...(warning === undefined ? {} : { warning }) });
const set = step("SET LOCAL check_function_bodies = false;", "set");

describe("renderScript", () => {
  it("is empty for no steps", () => {
    expect(renderScript([])).toBe("");
  });

  it("wraps the steps in one transaction, settings first, warnings as comments", () => {
    expect(renderScript([set, step("CREATE TABLE t ();", "create-table"), step("DROP TABLE u;", "drop-table", "drops table u")])).toBe(
      "BEGIN;\nSET LOCAL check_function_bodies = false;\nCREATE TABLE t ();\n-- warning: drops table u\nDROP TABLE u;\nCOMMIT;\n",
    );
  });

  it("commits added enum labels before the steps after them, repeating the settings in the next transaction", () => {
    const steps = [set, step("ALTER TYPE m ADD VALUE 'a';", "add-enum-value"), step("ALTER TYPE m ADD VALUE 'b';", "add-enum-value"), step("CREATE FUNCTION f() …;", "create-function")];
    expect(renderScript(steps)).toBe(
      [
        "BEGIN;",
        "SET LOCAL check_function_bodies = false;",
        "ALTER TYPE m ADD VALUE 'a';",
        "ALTER TYPE m ADD VALUE 'b';",
        "-- the added labels commit before anything uses them",
        "COMMIT;",
        "BEGIN;",
        "SET LOCAL check_function_bodies = false;",
        "CREATE FUNCTION f() …;",
        "COMMIT;",
        "",
      ].join("\n"),
    );
  });

  it("leaves a revision body as bare statements: retort runs it in its own transaction", () => {
    expect(renderSteps([set, step("CREATE TABLE t ();", "create-table")])).toBe("SET LOCAL check_function_bodies = false;\nCREATE TABLE t ();\n");
  });
});
