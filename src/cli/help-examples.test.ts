import { describe, expect, it } from "vitest";
import { programForTests } from "./_testing.ts";
import { examplesText, HELP_EXAMPLES } from "./help-examples.ts";

const program = programForTests();
const visible = program.commands.filter((c) => !c.name().startsWith("__"));
const commandNames = visible.map((c) => c.name());
const optionNames = (cmd: { options: readonly { short?: string; long?: string }[] }): string[] => cmd.options.flatMap((o) => [o.short, o.long]).filter((n): n is string => n !== undefined);

describe("help examples", () => {
  it("exist for the program and for every command, and for nothing else", () => {
    expect(Object.keys(HELP_EXAMPLES).sort()).toEqual(["retort", ...commandNames].sort());
    for (const examples of Object.values(HELP_EXAMPLES)) expect(examples.length).toBeGreaterThan(0);
  });

  it("run the command they document", () => {
    for (const name of commandNames) {
      for (const [line] of HELP_EXAMPLES[name]!) expect(line, name).toMatch(new RegExp(`(^|<\\()retort ${name}( |$|\\))`));
    }
  });

  it("use only options the command has (its own, the global ones, help)", () => {
    const global = [...optionNames(program), "-h", "--help"];
    for (const [key, examples] of Object.entries(HELP_EXAMPLES)) {
      for (const [line] of examples) {
        const words = line.split(/\s+/);
        const cmd = visible.find((c) => c.name() === words[words.indexOf("retort") + 1]);
        const known = new Set([...global, ...(cmd ? optionNames(cmd) : [])]);
        for (const word of words.filter((w) => /^--?[a-z]/i.test(w))) expect(known.has(word.split("=")[0]!), `${key}: ${word} in ${line}`).toBe(true);
      }
    }
  });

  it("fit in 80 columns, a long line putting its explanation underneath", () => {
    for (const examples of Object.values(HELP_EXAMPLES)) {
      for (const row of examplesText(examples).split("\n")) expect(row.length, row).toBeLessThanOrEqual(80);
    }
    expect(examplesText([["retort a", "short"], ["retort a-much-longer-line --with-options --and-more", "explained below"]])).toBe(
      [
        "",
        "Examples:",
        "  retort a                          short",
        "  retort a-much-longer-line --with-options --and-more",
        "                                    explained below",
      ].join("\n"),
    );
  });
});
