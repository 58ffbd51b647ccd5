/** `retort import <tool> <directory>`: take in another tool's migration history. */
import { Argument, Command } from "@commander-js/extra-typings";
import type { Invocation, RunningCommand, Verb } from "../verb.ts";
import { NO_LOCK_HELP } from "./_connection.ts";

/** The tools `import` reads (kept here so `--help` needs no command module). */
const TOOLS = ["dbmate", "golang-migrate", "goose", "flyway"] as const;

interface ImportFlags {
  /** False with `--no-lock`. */
  readonly lock: boolean;
}

/** Declares `import`. */
export const importCommand: Verb = (invoke) =>
  new Command("import")
    .description("convert another tool's SQL migrations into retort revisions; with --url, stamp the database that tool manages")
    .addArgument(new Argument("<tool>", "the tool whose history it is").choices(TOOLS))
    .argument("<directory>", "the tool's migrations directory")
    .option("--no-lock", NO_LOCK_HELP)
    .action((tool, directory, flags, cmd) => importRun(invoke(cmd), cmd, tool, directory, flags));

/** Converts, stamps when `--url` was given, and prints one line per migration and a summary. */
async function importRun(run: Invocation, cmd: RunningCommand, tool: (typeof TOOLS)[number], directory: string, flags: ImportFlags): Promise<void> {
  const ctx = await run.context();
  const { importHistory } = await import("../../commands/import.ts");
  // Only a database named on the command line is stamped: a DATABASE_URL in .env may be another one.
  const stampDatabase = (cmd.optsWithGlobals() as { url?: string }).url !== undefined;
  const r = await importHistory(ctx, { tool, directory, stampDatabase, noLock: flags.lock === false });
  if (run.json) return run.document("import", r);
  const out = run.output();
  for (const rev of r.revisions) {
    const mode = rev.transaction ? "" : " (transaction: false)";
    out.data(`${rev.status === "written" ? "converted" : "unchanged"} ${rev.files[0]} -> ${rev.revision} ${rev.path}${mode}`);
  }
  for (const s of r.skipped) out.info(`Skipped ${s.file}: ${s.reason}`);
  const written = r.revisions.filter((x) => x.status === "written").length;
  out.info(`Imported ${r.revisions.length} ${tool} migrations: ${written} written, ${r.revisions.length - written} already there${r.configFile ? `; wrote ${r.configFile}` : ""}`);
  if (r.stamp) {
    out.info(
      r.stamp.revision === null
        ? `The database has applied no ${tool} migration: nothing to stamp`
        : `Stamped: ${tool} had applied ${r.stamp.applied} of ${r.revisions.length}; the database is at ${r.stamp.revision}`,
    );
  }
}
