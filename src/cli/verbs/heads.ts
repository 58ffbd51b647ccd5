/** `retort heads`: the head revisions of the scripts. */
import { Command } from "@commander-js/extra-typings";
import { revisionEntry, revisionLine } from "../format.ts";
import type { Invocation, Verb } from "../verb.ts";
import { noRevisionsYet } from "./_no-revisions.ts";

/** Declares `heads`. */
export const headsCommand: Verb = (invoke) =>
  new Command("heads")
    .description("show the head revisions of the scripts")
    .option("-v, --verbose", "show each revision in full")
    .action((flags, cmd) => headsRun(invoke(cmd), flags));

/** Lists the heads, one line each or in full. */
async function headsRun(run: Invocation, flags: { readonly verbose?: true }): Promise<void> {
  const { heads } = await import("../../commands/heads.ts");
  const ctx = await run.context();
  const r = await heads(ctx);
  if (run.json) return run.document("heads", r);
  // Every project with a revision has a head: none means no revisions, which silence would hide.
  if (r.heads.length === 0) return run.output().info(noRevisionsYet(ctx));
  run.output().lines(r.heads.map((h) => (flags.verbose ? revisionEntry(h) : revisionLine(h, { branches: true, heads: true }))));
}
