/** `retort history`: the revisions, newest first. */
import { Command } from "@commander-js/extra-typings";
import { revisionEntry, revisionLine } from "../format.ts";
import type { Invocation, Verb } from "../verb.ts";

interface HistoryFlags {
  readonly revRange?: string;
  readonly verbose?: true;
  readonly indicateCurrent?: true;
}

/** Declares `history`. */
export const historyCommand: Verb = (invoke) =>
  new Command("history")
    .description("list revisions, newest first")
    .option("-r, --rev-range <range>", "a range such as a:b, -3:, :current")
    .option("-v, --verbose", "show each revision in full (with -i: when, by whom and how fast it was applied)")
    .option("-i, --indicate-current", "mark the revisions applied to the database")
    .action((flags, cmd) => historyRun(invoke(cmd), flags));

/** Lists the revisions in the range, one line each or in full. */
async function historyRun(run: Invocation, flags: HistoryFlags): Promise<void> {
  const { history } = await import("../../commands/history.ts");
  const r = await history(await run.context(), {
    ...(flags.revRange ? { range: flags.revRange } : {}),
    indicateCurrent: flags.indicateCurrent === true,
    applied: flags.verbose === true,
  });
  if (run.json) return run.document("history", r);
  run.output().lines(r.entries.map((e) => (flags.verbose ? revisionEntry(e) : revisionLine(e, { parents: true, branches: true, tree: true, doc: true, current: true }))));
}
