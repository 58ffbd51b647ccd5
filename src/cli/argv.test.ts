import { describe, expect, it } from "vitest";
import { programForTests } from "./_testing.ts";
import { verbVerboseArgv, verbWord } from "./argv.ts";

describe("verbWord", () => {
  const program = programForTests();

  it("finds the verb after global options and their values", () => {
    expect(verbWord(program, ["upgrade", "head"])).toBe("upgrade");
    expect(verbWord(program, ["--url", "postgres://h/db", "current", "-v"])).toBe("current");
    expect(verbWord(program, ["-c", "history", "heads"])).toBe("heads");
    expect(verbWord(program, ["--url=postgres://h/db", "-q", "--json", "heads"])).toBe("heads");
    expect(verbWord(program, ["nonsense", "head"])).toBe("nonsense");
  });

  it("names no verb before help, for a bundle of short options, or without a word", () => {
    expect(verbWord(program, ["--help", "upgrade"])).toBeUndefined();
    expect(verbWord(program, ["-h", "upgrade"])).toBeUndefined();
    expect(verbWord(program, ["-qc", "heads", "upgrade"])).toBeUndefined();
    expect(verbWord(program, ["--", "upgrade"])).toBeUndefined();
    expect(verbWord(program, ["--json"])).toBeUndefined();
    expect(verbWord(program, [])).toBeUndefined();
  });
});

describe("the program built for a run", () => {
  const names = programForTests().commands.map((c) => c.name());

  it("declares only the verb the run names, under the name that verb declares", () => {
    expect(names).toContain("upgrade");
    for (const name of names.filter((n) => n !== "completion" && n !== "__complete")) {
      expect(programForTests(["--url", "postgres://h/db", name, "--help"]).commands.map((c) => c.name())).toEqual([name]);
    }
  });

  it("declares every verb for help, completion and a word that is no verb", () => {
    for (const argv of [[], ["--help"], ["help", "upgrade"], ["completion", "bash"], ["__complete", "--", "retort", "up"], ["upgrde", "head"]]) {
      expect(programForTests(argv).commands.map((c) => c.name())).toEqual(names);
    }
  });
});

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
