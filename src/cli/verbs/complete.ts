/**
 * `retort __complete <kind>`: what the completion scripts run at each TAB, hidden from --help. It
 * prints the project's revision ids, branch labels and symbolic targets, one `word<TAB>description`
 * a line. It reads the files, never the database.
 */
import { Command } from "@commander-js/extra-typings";
import type { Invocation, Verb } from "../verb.ts";

/** Declares `__complete`. */
export const completeCommand: Verb = (invoke) =>
  new Command("__complete")
    .description("print the words a shell completes for a revision (revisions) or a history range (range)")
    .argument("<kind>", "revisions or range")
    .action((kind, _flags, cmd) => completeRun(invoke(cmd), kind));

/** Prints the words for `kind`; silent for an unknown kind, without a project, or with a broken one. */
async function completeRun(run: Invocation, kind: string): Promise<void> {
  if (kind !== "revisions" && kind !== "range") return;
  try {
    const { revisionWords } = await import("../../commands/complete.ts");
    const words = await revisionWords(await run.context(), { range: kind === "range" });
    run.output().lines(words.map((w) => `${w.value}\t${w.description.replace(/\s+/g, " ")}`));
  } catch {
    // A TAB offers nothing rather than an error.
  }
}
