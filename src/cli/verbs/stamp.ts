/** `retort stamp <revisions…>`: set the version table without running revisions. */
import { Command } from "@commander-js/extra-typings";
import type { Invocation, Verb } from "../verb.ts";
import { NO_LOCK_HELP, sayConnection, VERBOSE_CONNECTION_HELP } from "./_connection.ts";

interface StampFlags {
  readonly purge?: true;
  readonly sql?: true;
  /** False with `--no-lock`. */
  readonly lock: boolean;
  readonly verbose?: true;
}

/** Declares `stamp`. */
export const stampCommand: Verb = (invoke) =>
  new Command("stamp")
    .description("set the version table to the given revisions without running them")
    .argument("<revisions...>", "revisions to record (head, heads, base, a revision …)")
    .option("--purge", "empty the version table first, even if it holds unknown revisions")
    .option("--sql", "print the SQL script instead of running it (offline mode)")
    .option("--no-lock", NO_LOCK_HELP)
    .option("--verbose", VERBOSE_CONNECTION_HELP)
    .action((revisions, flags, cmd) => stampRun(invoke(cmd), revisions, flags));

/** Stamps the revisions and says where the database is now (with `--sql`, prints the script instead). */
async function stampRun(run: Invocation, revisions: string[], flags: StampFlags): Promise<void> {
  const ctx = await run.context();
  const { stamp, stampScript } = await import("../../commands/stamp.ts");
  const options = { revisions, purge: flags.purge === true, noLock: flags.lock === false };
  if (flags.sql) return run.output().data(await stampScript(ctx, options));
  if (flags.verbose) await sayConnection(run, ctx, options.noLock);
  const r = await stamp(ctx, options);
  if (run.json) return run.document("stamp", r);
  run.output().info(`Stamped: the database is at ${r.headsAfter.length ? r.headsAfter.join(", ") : "base"}`);
}
