/** `retort heads`: the head revisions of the scripts. */
import { Command } from "@commander-js/extra-typings";
import { revisionEntry, revisionLine } from "../format.ts";
import type { Invocation, Verb } from "../verb.ts";

/** Declares `heads`. */
export const headsCommand: Verb = (invoke) =>
  new Command("heads")
    .description("show the head revisions of the scripts")
    .option("--verbose", "show each revision in full")
    .action((flags, cmd) => headsRun(invoke(cmd), flags));

/** Lists the heads, one line each or in full. */
async function headsRun(run: Invocation, flags: { readonly verbose?: true }): Promise<void> {
  const { heads } = await import("../../commands/heads.ts");
  const r = await heads(await run.context());
  if (run.json) return run.document("heads", r);
  run.output().lines(r.heads.map((h) => (flags.verbose ? revisionEntry(h) : revisionLine(h, { branches: true, heads: true }))));
}
