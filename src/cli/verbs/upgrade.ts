/** `retort upgrade [target]`: apply revisions up to a target, or print their script with `--sql`. */
import { Command } from "@commander-js/extra-typings";
import type { Invocation, Verb } from "../verb.ts";
import { beforeMigration, reportMigration, withMigrationOptions, type MigrationFlags } from "./_migration.ts";

/** Declares `upgrade`. */
export const upgradeCommand: Verb = (invoke) =>
  withMigrationOptions(
    new Command("upgrade")
      .description("apply revisions up to a target")
      .argument("[target]", "head, heads, +N, a revision, label@head …; with --sql a range a:b", "head"),
  ).action((target, flags, cmd) => upgradeRun(invoke(cmd), target, flags));

/** Upgrades to `target` (with `--sql`, prints the script of the range instead). */
async function upgradeRun(run: Invocation, target: string, flags: MigrationFlags): Promise<void> {
  const ctx = await run.context();
  const { upgrade, upgradeScript } = await import("../../commands/upgrade.ts");
  if (flags.sql) return run.output().data(await upgradeScript(ctx, { range: target }));
  await beforeMigration(run, ctx, flags);
  await reportMigration(run, await upgrade(ctx, { target, noLock: flags.lock === false }));
}
