import { Argument, Command } from "@commander-js/extra-typings";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { requireCommand } from "../../../test/support/prerequisites.ts";
import { programForTests } from "../_testing.ts";
import { completionScript } from "./script.ts";
import { SHELLS, type Shell } from "./shells.ts";
import { completionSpec } from "./spec.ts";

const dir = mkdtempSync(join(tmpdir(), "retort-completion-unit-"));

/** Runs `shell` on `args` in the scratch directory; returns its exit code and output. */
function sh(shell: string, args: readonly string[], env: Record<string, string> = {}): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(shell, [...args], { cwd: dir, encoding: "utf8", env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: dir, ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function writeScript(shell: Shell, program: Command, name = `retort.${shell}`): string {
  const path = join(dir, name);
  writeFileSync(path, completionScript(shell, program));
  return path;
}

const program = programForTests();
const spec = completionSpec(program);

describe.each(SHELLS)("the %s script", (shell) => {
  const script = completionScript(shell, program);

  it(`passes ${shell} -n`, () => {
    requireCommand(shell, shell, ["-c", "exit 0"]);
    const r = sh(shell, ["-n", writeScript(shell, program)]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
  });

  it("names every command and every option of the program", () => {
    for (const c of spec.commands) {
      expect(script, c.name).toContain(c.name);
      for (const o of c.options) for (const n of o.names) expect(script, `${c.name} ${n}`).toContain(shell === "fish" ? n.replace(/^--?/, "") : n);
    }
  });

  it("asks the binary for revisions with the hidden command, never listing any itself", () => {
    expect(script).toContain("__complete");
    expect(script).not.toMatch(/\b[0-9a-f]{12}\b/);
  });
});

describe("the bash script", () => {
  it("registers its function for retort, with a loading hint", () => {
    const script = completionScript("bash", program);
    expect(script).toContain("source <(retort completion bash)");
    expect(script.trimEnd().split("\n").at(-1)).toBe("complete -F _retort retort");
  });
});

describe("the zsh script", () => {
  it("is a compsys function file that also works through eval", () => {
    const script = completionScript("zsh", program);
    expect(script.startsWith("#compdef retort\n")).toBe(true);
    expect(script).toContain("loadautofunc");
    expect(script).toContain("compdef _retort retort");
  });
});

describe("quoting", () => {
  // Descriptions are free text: none of this may break a script or run as a command.
  const hostile = "it's [a] b:c \\ $(touch pwned-dollar) `touch pwned-backtick` \"q\" *";
  const demo = new Command("demo").description(hostile);
  demo.command("weird").description(hostile).option("--weird-option <rev>", hostile).addArgument(new Argument("<mode>", hostile).choices(["a", "b"]));
  const demoProgram = demo as unknown as Command;

  it.each(SHELLS)("keeps %s scripts valid and inert", (shell) => {
    requireCommand(shell, shell, ["-c", "exit 0"]);
    const path = writeScript(shell, demoProgram, `demo.${shell}`);
    expect(sh(shell, ["-n", path]).code).toBe(0);
    const load = shell === "zsh" ? `autoload -Uz compinit; compinit -u -d ${dir}/.zcompdump; source ${path}` : `source ${path}`;
    expect(sh(shell, ["-c", load]).stderr).toBe("");
    expect(existsSync(join(dir, "pwned-dollar"))).toBe(false);
    expect(existsSync(join(dir, "pwned-backtick"))).toBe(false);
  });

  it("shows a description exactly as written (fish)", () => {
    requireCommand("fish", "fish", ["-c", "exit 0"]);
    const path = writeScript("fish", demoProgram, "demo.fish");
    const r = sh("fish", ["-c", `source ${path}; complete -C'demo weird --weird'`]);
    expect(r.stdout).toBe(`--weird-option\t${hostile}\n`);
    expect(existsSync(join(dir, "pwned-dollar"))).toBe(false);
  });
});
