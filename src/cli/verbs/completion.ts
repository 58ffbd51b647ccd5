/** `retort completion <shell>`: the shell completion script, generated from the program. */
import { Argument, Command, type CommandUnknownOpts } from "@commander-js/extra-typings";
import { SHELLS, type Shell } from "../completion/shells.ts";
import type { Invocation, Verb } from "../verb.ts";

/** Declares `completion`. */
export const completionCommand: Verb = (invoke) =>
  new Command("completion")
    .description("print the shell completion script for bash, zsh or fish")
    .addArgument(new Argument("<shell>", "the shell to complete for").choices(SHELLS))
    .action((shell, _flags, cmd) => completionRun(invoke(cmd), shell, cmd.parent!));

/** Prints the script that completes `program`'s commands and options in `shell`; needs no project. */
async function completionRun(run: Invocation, shell: Shell, program: CommandUnknownOpts): Promise<void> {
  const { completionScript } = await import("../completion/script.ts");
  run.output().data(completionScript(shell, program as unknown as Command).trimEnd());
}
