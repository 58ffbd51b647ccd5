/** Every command's --help, as a user reads it: a usage line, a description and examples. */
import { beforeAll, describe, expect, it } from "vitest";
import { runRetort, tempProject } from "../support/binary.ts";

let dir: string;
let commands: string[];

beforeAll(async () => {
  dir = tempProject("help");
  const help = await runRetort(["--help"], { cwd: dir });
  const section = help.stdout.slice(help.stdout.indexOf("\nCommands:\n")).split("\n\n")[0]!;
  // `help` is commander's own: `retort help --help` shows the program's help.
  commands = [...section.matchAll(/^ {2}(\w[\w-]*)/gm)].map((m) => m[1]!).filter((c) => c !== "help");
});

/** The parts of a help text: its usage line, the description under it, and the example lines. */
function parts(text: string): { usage: string; description: string; examples: string[] } {
  const [usage = "", description = ""] = text.split("\n\n");
  const examples = text.includes("\nExamples:\n") ? text.slice(text.indexOf("\nExamples:\n") + 11).split("\n").filter((l) => l.trim() !== "") : [];
  return { usage, description, examples };
}

describe("--help", () => {
  it("of the program has a usage line, a description and examples", async () => {
    const r = await runRetort(["--help"], { cwd: dir });
    expect(r.code).toBe(0);
    const p = parts(r.stdout);
    expect(p.usage).toBe("Usage: retort [options] [command]");
    expect(p.description).toBe("PostgreSQL schema migrations with Alembic's commands, in one binary");
    expect(p.examples).toContain("  retort upgrade head             apply every revision");
  });

  it("of every command has a usage line, a description and an example running it", async () => {
    expect(commands).toEqual(expect.arrayContaining(["init", "revision", "upgrade", "downgrade", "history", "completion"]));
    for (const command of commands) {
      const r = await runRetort([command, "--help"], { cwd: dir });
      expect(r.code, command).toBe(0);
      const p = parts(r.stdout);
      expect(p.usage, command).toMatch(new RegExp(`^Usage: retort ${command} `));
      expect(p.description, command).toMatch(/^[a-z].{8,}/);
      expect(p.description, command).not.toMatch(/^(Arguments|Options):/);
      expect(p.examples.some((l) => l.includes(`retort ${command}`)), `${command}:\n${r.stdout}`).toBe(true);
      for (const line of r.stdout.split("\n")) expect(line.length, `${command}: ${line}`).toBeLessThanOrEqual(80);
      // `retort help <command>` shows the same text.
      expect((await runRetort(["help", command], { cwd: dir })).stdout, command).toBe(r.stdout);
    }
  });

  it("documents the completion command's shells and how to load each script", async () => {
    const r = await runRetort(["completion", "--help"], { cwd: dir });
    expect(r.stdout).toContain('shell       the shell to complete for (choices: "bash", "zsh", "fish")');
    expect(r.stdout).toContain("source <(retort completion bash)");
    expect(r.stdout).toContain('retort completion zsh > "${fpath[1]}/_retort"');
    expect(r.stdout).toContain("retort completion fish | source");
    const bad = await runRetort(["completion", "tcsh"], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("Allowed choices are bash, zsh, fish");
  });
});
