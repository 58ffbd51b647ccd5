/** `retort check [--database]`: exit 1 when the schema files (or the live database) and the revisions disagree. */
import { Command } from "@commander-js/extra-typings";
import type { CheckResult } from "../../project/schema-diff.ts";
import type { Invocation, Verb } from "../verb.ts";

/** Declares `check`. */
export const checkCommand: Verb = (invoke) =>
  new Command("check")
    .description("exit 1 when the schema files and the revisions disagree (with --database: when the database drifted)")
    .option("--database", "compare the live database with what its applied revisions produce")
    .action((flags, cmd) => checkRun(invoke(cmd), flags));

/**
 * Runs the check and renders its findings. A failed check throws its SchemaDriftError; its
 * findings are printed here first (SQL on stdout, or the check document), the error after them.
 */
async function checkRun(run: Invocation, flags: { readonly database?: true }): Promise<void> {
  const [{ check }, { SchemaDriftError }] = await Promise.all([import("../../commands/check.ts"), import("../../commands/errors.ts")]);
  const ctx = await run.context();
  try {
    await renderFindings(run, await check(ctx, { database: flags.database === true }), true);
  } catch (err) {
    if (err instanceof SchemaDriftError) await renderFindings(run, err.findings, false);
    throw err;
  }
}

/** The check document, or the findings' SQL (or, when clean, that the two sides agree). */
async function renderFindings(run: Invocation, r: CheckResult, clean: boolean): Promise<void> {
  if (run.json) return run.document("check", { ...r, clean });
  if (!clean) return run.output().data(r.sql.trimEnd());
  run.output().info(r.against === "schema" ? "The schema files and the revisions agree" : "The database matches its revisions");
}
