/**
 * What a verb module gets from the program. A verb declares its commander command; its action
 * turns the running command into an Invocation and hands that, with the flags, to the verb's run
 * function. Everything here is made on first use, so a run pays only for what it touches.
 */
import type { CommandUnknownOpts } from "@commander-js/extra-typings";
import type { Context } from "../project/context.ts";
import type { GlobalFlags } from "./context.ts";
import type { JsonCommand } from "../project/documents.ts";
import type { Output } from "./output.ts";

/** What the program needs from the run that parses argv with it (`run.ts`). */
export interface ProgramIo {
  readonly output: () => Output;
  /** Builds the command context from the global flags (loads config). */
  readonly context: (flags: GlobalFlags) => Promise<Context>;
  readonly versionText: () => string;
  /** Where commander writes help and usage errors. */
  readonly writeOut: (s: string) => void;
  readonly writeErr: (s: string) => void;
  /** Called by a command whose normal end is Ctrl-C (`watch`): the interrupt then means exit 0. */
  readonly interruptIsExit: () => void;
}

/** One run of a verb, as its run function sees it. */
export interface Invocation {
  /** `--json`: print the verb's documented JSON document instead of text. */
  readonly json: boolean;
  /** The command context (loads the config); a verb that needs no project never asks for it. */
  context(): Promise<Context>;
  /** The run's output; asked for after the context, so that -q applies. */
  output(): Output;
  /** Prints `value` as the documented JSON document of `command`. */
  document(command: JsonCommand, value: object): Promise<void>;
  /** For a verb whose normal end is Ctrl-C (`watch`): the interrupt then means exit 0. */
  interruptIsExit(): void;
}

/** The command object commander passes to an action, as far as an Invocation needs it. */
export interface RunningCommand {
  optsWithGlobals(): object;
}

/** Turns the running command into its Invocation. */
export type Invoke = (cmd: RunningCommand) => Invocation;

/** A verb module's declaration (Atlas's `xxxCmd`): its command, whose action runs the verb. */
export type Verb = (invoke: Invoke) => CommandUnknownOpts;

/** The Invoke of a program built for `io`. */
export function invoker(io: ProgramIo): Invoke {
  return (cmd) => {
    const flags = cmd.optsWithGlobals() as GlobalFlags;
    return {
      json: flags.json === true,
      context: () => io.context(flags),
      output: io.output,
      document: async (command, value) => {
        const { jsonDocument } = await import("../project/documents.ts");
        io.output().document(jsonDocument(command, value));
      },
      interruptIsExit: io.interruptIsExit,
    };
  };
}
