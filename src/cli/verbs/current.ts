/** `retort current`: the revisions applied to the database. */
import { Command } from "@commander-js/extra-typings";
import { revisionEntry, revisionLine } from "../format.ts";
import type { Invocation, Verb } from "../verb.ts";

/** Declares `current`. */
export const currentCommand: Verb = (invoke) =>
  new Command("current")
    .description("show the revisions applied to the database")
    .option("-v, --verbose", "show each revision in full")
    .option("--check-heads", "exit 1 unless the database is at every head")
    .action((flags, cmd) => currentRun(invoke(cmd), flags));

/** Lists the applied revisions; with `--check-heads` the command fails (exit 1) before anything is printed. */
async function currentRun(run: Invocation, flags: { readonly verbose?: true; readonly checkHeads?: true }): Promise<void> {
  const { current } = await import("../../commands/current.ts");
  const r = await current(await run.context(), { checkHeads: flags.checkHeads === true });
  if (run.json) return run.document("current", r);
  if (flags.verbose) run.output().info(`Current revision(s) for ${r.database}:`);
  run.output().lines(r.current.map((rev) => (flags.verbose ? revisionEntry(rev) : revisionLine(rev, { heads: true }))));
}
