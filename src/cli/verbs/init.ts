/** `retort init [directory]`: start a project. */
import { Command } from "@commander-js/extra-typings";
import type { Invocation, Verb } from "../verb.ts";

/** Declares `init`. */
export const initCommand: Verb = (invoke) =>
  new Command("init")
    .description("create the migrations directory and a retort.toml")
    .argument("[directory]", "where the revision scripts live", "migrations")
    .action((directory, _opts, cmd) => initRun(invoke(cmd), directory));

/** Creates the versions directory (and a retort.toml) and says what it made. */
async function initRun(run: Invocation, directory: string): Promise<void> {
  const { init } = await import("../../commands/init.ts");
  const r = await init(await run.context(), { directory });
  if (run.json) return run.document("init", r);
  run.output().info(`Created ${r.versions}${r.configFile ? ` and ${r.configFile}` : ""}`);
  if (r.alembicIni) run.output().info(`This folder holds ${r.alembicIni}: to bring its Alembic revisions along, run \`retort import alembic ${r.alembicIni}\``);
}
