/** `retort merge <revisions…> -m …`: write a revision that merges heads. */
import { Command } from "@commander-js/extra-typings";
import type { Invocation, Verb } from "../verb.ts";
import { collectList } from "./_list-option.ts";

interface MergeFlags {
  readonly message: string;
  readonly branchLabel?: string[];
  readonly revId?: string;
}

/** Declares `merge`. */
export const mergeCommand: Verb = (invoke) =>
  new Command("merge")
    .description("create a revision that merges heads")
    .argument("<revisions...>", "the heads to merge, or `heads` for all of them")
    .requiredOption("-m, --message <message>", "what the merge is")
    .option("--branch-label <label>", "branch label(s) for the merge revision", collectList)
    .option("--rev-id <id>", "use this revision id instead of a random one")
    .action((revisions, flags, cmd) => mergeRun(invoke(cmd), revisions, flags));

/** Writes the merge revision and names its file. */
async function mergeRun(run: Invocation, revisions: string[], flags: MergeFlags): Promise<void> {
  const { merge } = await import("../../commands/merge.ts");
  const r = await merge(await run.context(), { revisions, message: flags.message, branchLabels: flags.branchLabel ?? [], ...(flags.revId !== undefined ? { revId: flags.revId } : {}) });
  if (run.json) return run.document("merge", r);
  run.output().info(`Generating ${r.path} ... done`);
}
