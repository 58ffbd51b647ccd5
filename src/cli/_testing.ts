/**
 * The real commander program for tests that inspect its definition (help, completion) without
 * running a command. Private to `cli/` and used only by its `*.test.ts` files.
 */
import type { Command } from "@commander-js/extra-typings";
import { buildProgram } from "./program.ts";

/** The program as `retort` builds it (for a run of `argv`, when given); running one of its commands is an error. */
export function programForTests(argv?: readonly string[]): Command {
  const unused = (): never => {
    throw new Error("this test inspects the program and runs no command");
  };
  return buildProgram({ output: unused, context: unused, versionText: () => "retort test", writeOut: unused, writeErr: unused, interruptIsExit: unused }, argv);
}
