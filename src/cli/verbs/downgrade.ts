/** `retort downgrade <target>`: revert revisions down to a target, or print their script with `--sql`. */
import { Command } from "@commander-js/extra-typings";
import type { Invocation, Verb } from "../verb.ts";
import { beforeMigration, reportMigration, withMigrationOptions, type MigrationFlags } from "./_migration.ts";

/** Declares `downgrade`. */
export const downgradeCommand: Verb = (invoke) =>
  withMigrationOptions(
    new Command("downgrade")
      .description("revert revisions down to a target")
      .argument("<target>", "-N, a revision, base, label@-1 …; with --sql a range b:a"),
  ).action((target, flags, cmd) => downgradeRun(invoke(cmd), target, flags));

/** Downgrades to `target` (with `--sql`, prints the script of the range instead). */
async function downgradeRun(run: Invocation, target: string, flags: MigrationFlags): Promise<void> {
  const ctx = await run.context();
  const { downgrade, downgradeScript } = await import("../../commands/downgrade.ts");
  if (flags.sql) return run.output().data(await downgradeScript(ctx, { range: target }));
  await beforeMigration(run, ctx, flags);
  await reportMigration(run, await downgrade(ctx, { target, noLock: flags.lock === false }));
}
