import { describe, expect, it } from "vitest";
import { programForTests } from "./_testing.ts";
import { verbVerboseArgv } from "./argv.ts";

describe("verbVerboseArgv", () => {
  const program = programForTests();

  it("reads -v after history, current, heads and branches as --verbose", () => {
    for (const verb of ["history", "current", "heads", "branches"]) expect(verbVerboseArgv(program, [verb, "-v"])).toEqual([verb, "--verbose"]);
    expect(verbVerboseArgv(program, ["--url", "postgres://h/db", "history", "-r", "-3:", "-v"])).toEqual(["--url", "postgres://h/db", "history", "-r", "-3:", "--verbose"]);
  });

  it("leaves -v alone before a verb, after --, and on a verb without -v, --verbose", () => {
    expect(verbVerboseArgv(program, ["-v"])).toEqual(["-v"]);
    expect(verbVerboseArgv(program, ["-v", "history"])).toEqual(["-v", "history"]);
    expect(verbVerboseArgv(program, ["upgrade", "-v"])).toEqual(["upgrade", "-v"]);
    expect(verbVerboseArgv(program, ["history", "--", "-v"])).toEqual(["history", "--", "-v"]);
  });

  it("does not take a global option's value for the verb", () => {
    expect(verbVerboseArgv(program, ["-c", "history", "heads", "-v"])).toEqual(["-c", "history", "heads", "--verbose"]);
  });
});
