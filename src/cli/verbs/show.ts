/** `retort show <rev>`: a revision in full. */
import { Command } from "@commander-js/extra-typings";
import { revisionEntry } from "../format.ts";
import type { Invocation, Verb } from "../verb.ts";
import { noRevisionsYet } from "./_no-revisions.ts";

/** Declares `show`. */
export const showCommand: Verb = (invoke) =>
  new Command("show")
    .description("show a revision in full")
    .argument("<rev>", "a revision id, prefix, label, head or heads")
    .action((rev, _flags, cmd) => showRun(invoke(cmd), rev));

/** Prints every revision `rev` names, in full. */
async function showRun(run: Invocation, rev: string): Promise<void> {
  const { show } = await import("../../commands/show.ts");
  const ctx = await run.context();
  const r = await show(ctx, { revision: rev });
  if (run.json) return run.document("show", r);
  if (r.revisions.length === 0) return run.output().info(rev === "head" || rev === "heads" ? noRevisionsYet(ctx) : `"${rev}" names no revision`);
  run.output().lines(r.revisions.map((x) => revisionEntry(x)));
}
