/** `retort branches`: the branch points and the branches out of each. */
import { Command } from "@commander-js/extra-typings";
import { revisionEntry, revisionLine } from "../format.ts";
import type { Invocation, Verb } from "../verb.ts";

/** Declares `branches`. */
export const branchesCommand: Verb = (invoke) =>
  new Command("branches")
    .description("show the branch points")
    .option("-v, --verbose", "show each revision in full")
    .action((flags, cmd) => branchesRun(invoke(cmd), flags));

/** Prints each branch point, then its children indented under it with an arrow. */
async function branchesRun(run: Invocation, flags: { readonly verbose?: true }): Promise<void> {
  const { branches } = await import("../../commands/branches.ts");
  const r = await branches(await run.context());
  if (run.json) return run.document("branches", r);
  for (const b of r.branches) {
    run.output().data(flags.verbose ? revisionEntry(b.revision) : revisionLine(b.revision, { branches: true, heads: true, tree: true }));
    const pad = " ".repeat(b.revision.revision.length);
    for (const c of b.children) run.output().data(`${pad} -> ${revisionLine(c, { branches: true, heads: true, tree: true, doc: flags.verbose === true })}`);
  }
}
