/** `retort import <tool> <directory>`: take in another tool's migration history. */
import { Argument, Command } from "@commander-js/extra-typings";
import type { Invocation, RunningCommand, Verb } from "../verb.ts";
import { NO_LOCK_HELP } from "./_connection.ts";

/** The tools `import` reads (kept here so `--help` needs no command module). */
const TOOLS = ["alembic", "dbmate", "golang-migrate", "goose", "flyway"] as const;

interface ImportFlags {
  /** False with `--no-lock`. */
  readonly lock: boolean;
  readonly python?: string;
}

/** Declares `import`. */
export const importCommand: Verb = (invoke) =>
  new Command("import")
    .description(
      "convert another tool's migrations into retort revisions; with --url, stamp the database that tool manages " +
        "(alembic: render each revision with Alembic itself, and recover the ones that fail offline in the empty database of --url)",
    )
    .addArgument(new Argument("<tool>", "the tool whose history it is").choices(TOOLS))
    .argument("<directory>", "the tool's migrations directory (alembic: alembic.ini, or the directory holding it)")
    .option("--python <exe>", "alembic: the Python that runs the project's Alembic (default: python3 on PATH)")
    .option("--no-lock", NO_LOCK_HELP)
    .action((tool, directory, flags, cmd) => {
      if (tool !== "alembic" && flags.python !== undefined) cmd.error("error: --python is for `retort import alembic` only", { exitCode: 2, code: "retort.importArguments" });
      return importRun(invoke(cmd), cmd, tool, directory, flags);
    });

/** Converts, stamps when `--url` was given, and prints one line per migration and a summary. */
async function importRun(run: Invocation, cmd: RunningCommand, tool: (typeof TOOLS)[number], directory: string, flags: ImportFlags): Promise<void> {
  if (tool === "alembic") return importAlembicRun(run, cmd, directory, flags);
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

/** How each method is said on a revision's line. */
const METHOD_TEXT = { rendered: "rendered", "recovered-from-schema": "recovered from schema (needs manual work)", "needs-manual-work": "needs manual work" } as const;

/**
 * Imports an Alembic project, prints one line per revision and a summary, and exits 1
 * (ImportNeedsManualWorkError) when any revision needs porting by hand.
 */
async function importAlembicRun(run: Invocation, cmd: RunningCommand, source: string, flags: ImportFlags): Promise<void> {
  const ctx = await run.context();
  const [{ importAlembic }, { ImportNeedsManualWorkError }] = await Promise.all([import("../../commands/import-alembic.ts"), import("../../scripts/errors-import.ts")]);
  // Only a database named on the command line is used: a DATABASE_URL in .env may be a live one.
  const recoverWithDatabase = (cmd.optsWithGlobals() as { url?: string }).url !== undefined;
  const r = await importAlembic(ctx, { source, env: process.env, recoverWithDatabase, ...(flags.python === undefined ? {} : { python: flags.python }) });
  if (run.json) run.document("import-alembic", r);
  else {
    const out = run.output();
    const { relative } = await import("node:path");
    const rel = (p: string) => relative(ctx.config.projectDir, p) || p;
    for (const rev of r.revisions) out.data(`${rev.method === "rendered" || rev.manualWork ? METHOD_TEXT[rev.method] : "ported by hand"} ${rel(rev.source)} -> ${rev.revision} ${rel(rev.path)}${rev.status === "written" ? "" : ` (${rev.status === "kept" ? "kept as it is" : "unchanged"})`}`);
    const count = (m: keyof typeof METHOD_TEXT) => r.revisions.filter((x) => x.method === m).length;
    const written = r.revisions.filter((x) => x.status === "written").length;
    const kept = r.revisions.filter((x) => x.status === "kept").length;
    out.info(
      `Imported ${r.revisions.length} Alembic revisions (Alembic ${r.alembicVersion}): ${count("rendered")} rendered, ${count("recovered-from-schema")} recovered from schema, ` +
        `${count("needs-manual-work")} not converted; ${written} written, ${r.revisions.length - written} already there${kept > 0 ? ` (${kept} kept as they are)` : ""}`,
    );
    if (r.recoveryDatabase !== null) out.info(`Alembic upgraded ${r.recoveryDatabase} to recover revisions from schema; it is left as Alembic left it`);
    if (r.configFile) out.info(`Wrote ${rel(r.configFile)}; alembic.ini's sqlalchemy.url was not copied: set DATABASE_URL in the environment or .env`);
    if (count("needs-manual-work") > 0 && !recoverWithDatabase) out.info("Run again with --url of an empty database to recover the schema part of the revisions Alembic cannot render offline");
  }
  if (r.manualWork.length > 0) throw new ImportNeedsManualWorkError(r.manualWork);
}
