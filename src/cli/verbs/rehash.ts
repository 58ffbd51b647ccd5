/** `retort rehash [revisions…]`: accept the new content of applied revisions whose files changed. */
import { Command } from "@commander-js/extra-typings";
import type { Invocation, Verb } from "../verb.ts";
import { NO_LOCK_HELP, sayConnection, VERBOSE_CONNECTION_HELP } from "./_connection.ts";

/** Declares `rehash`. */
export const rehashCommand: Verb = (invoke) =>
  new Command("rehash")
    .description("accept the current content of applied revisions whose files changed, or forget a half-done revision's committed statements")
    .argument("[revisions...]", "only these revisions (default: every changed one)")
    .option("--no-lock", NO_LOCK_HELP)
    .option("--verbose", VERBOSE_CONNECTION_HELP)
    .action((revisions, flags, cmd) => rehashRun(invoke(cmd), revisions, flags));

/** Records the new checksums and names each file accepted. */
async function rehashRun(run: Invocation, revisions: string[], flags: { readonly lock: boolean; readonly verbose?: true }): Promise<void> {
  const { rehash } = await import("../../commands/rehash.ts");
  const ctx = await run.context();
  if (flags.verbose) await sayConnection(run, ctx, flags.lock === false);
  const r = await rehash(ctx, { revisions, noLock: flags.lock === false });
  if (run.json) return run.document("rehash", r);
  if (r.accepted.length === 0 && r.forgotten.length === 0) run.output().info("No applied revision has changed");
  for (const c of r.accepted) run.output().info(`Accepted the new content of ${c.file} (revision "${c.revision}")`);
  for (const f of r.forgotten) {
    run.output().info(`Forgot the ${f.statements} committed statement${f.statements === 1 ? "" : "s"} recorded for ${f.file} (revision "${f.revision}"): the next run starts it from its first statement`);
  }
}
