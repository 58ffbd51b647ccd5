import { Argument, Command } from "@commander-js/extra-typings";
import { describe, expect, it } from "vitest";
import { programForTests } from "../_testing.ts";
import { completionSpec, type CommandSpec, type CompletionSpec, type OptionSpec } from "./spec.ts";

const spec: CompletionSpec = completionSpec(programForTests());
const command = (name: string): CommandSpec => spec.commands.find((c) => c.name === name)!;
const option = (cmd: string, name: string): OptionSpec => command(cmd).options.find((o) => o.names.includes(name))!;
const kindOfOption = (cmd: string, name: string): string | undefined => option(cmd, name).value?.kind;
const kindOfArgument = (cmd: string): string => command(cmd).arguments[0]!.value.kind;

describe("the completion spec read from the program", () => {
  it("lists the commands --help lists, the completion and help commands included, and no hidden one", () => {
    const help = programForTests().helpInformation();
    const listed = [...help.slice(help.indexOf("\nCommands:\n")).matchAll(/^ {2}(\w[\w-]*)/gm)].map((m) => m[1]);
    expect(spec.commands.map((c) => c.name)).toEqual(listed);
    expect(listed).toEqual(expect.arrayContaining(["upgrade", "completion", "help"]));
    expect(spec.commands.map((c) => c.name)).not.toContain("__complete");
  });

  it("gives each command its own options, with help, and the global options apart", () => {
    const program = programForTests();
    for (const cmd of program.commands) {
      const names = command(cmd.name())?.options.flatMap((o) => o.names) ?? [];
      for (const o of cmd.options) expect(names, cmd.name()).toContain(o.long ?? o.short);
    }
    expect(option("upgrade", "--help").names).toEqual(["-h", "--help"]);
    expect(spec.globalOptions.flatMap((o) => o.names)).toEqual(["-c", "--config", "--env-file", "--url", "--json", "-q", "--quiet", "--no-color", "--version-table", "--migration-lock-timeout", "--migration-lock"]);
    expect(spec.rootOptions.flatMap((o) => o.names)).toEqual(expect.arrayContaining(["-v", "--version", "-h", "--help"]));
  });

  it("completes revisions wherever a revision or target goes", () => {
    for (const cmd of ["upgrade", "downgrade", "stamp", "show", "merge", "rehash"]) expect(kindOfArgument(cmd), cmd).toBe("revision");
    expect(kindOfOption("revision", "--head")).toBe("revision");
    expect(kindOfOption("revision", "--depends-on")).toBe("revision");
    expect(kindOfOption("watch", "--revision")).toBe("revision");
    expect(kindOfOption("history", "-r")).toBe("range");
  });

  it("knows files, directories, choices and free text", () => {
    expect(spec.globalOptions.find((o) => o.names.includes("--config"))!.value).toEqual({ kind: "file" });
    expect(kindOfOption("revision", "--version-path")).toBe("directory");
    expect(kindOfArgument("init")).toBe("directory");
    expect(command("completion").arguments[0]!.value).toEqual({ kind: "choice", choices: ["bash", "zsh", "fish"] });
    expect(kindOfArgument("help")).toBe("command");
    expect(kindOfOption("revision", "-m")).toBe("text");
    expect(option("revision", "-m").valueName).toBe("message");
  });

  it("tells flags from options with a value, and repeatable options from the rest", () => {
    expect(option("upgrade", "--sql").value).toBeUndefined();
    expect(option("upgrade", "--no-lock").value).toBeUndefined();
    expect(option("revision", "--branch-label").repeatable).toBe(true);
    expect(option("revision", "--depends-on").repeatable).toBe(true);
    expect(option("revision", "--head").repeatable).toBe(false);
  });

  it("marks variadic arguments, whose kind repeats", () => {
    expect(command("stamp").arguments[0]).toMatchObject({ name: "revisions", variadic: true, required: true });
    expect(command("upgrade").arguments[0]).toMatchObject({ name: "target", variadic: false, required: false });
  });

  it("derives a kind from the placeholder, so a new option needs no change here", () => {
    const program = new Command("demo");
    program.command("rebase").option("--onto <rev>", "where to").option("--log [file]", "log file").addArgument(new Argument("<mode>", "how").choices(["fast", "slow"]));
    const rebase = completionSpec(program as unknown as Command).commands[0]!;
    expect(rebase.options.map((o) => [o.names, o.value])).toEqual([
      [["--onto"], { kind: "revision" }],
      [["--log"], { kind: "file" }],
      [["-h", "--help"], undefined],
    ]);
    expect(rebase.arguments[0]!.value).toEqual({ kind: "choice", choices: ["fast", "slow"] });
  });
});
