/** `retort check [--database]`: exit 1 when the schema files (or the live database) and the revisions disagree. */
import { Command } from "@commander-js/extra-typings";
import type { LintReport } from "../../project/lint.ts";
import type { CheckResult } from "../../project/schema-diff.ts";
import type { Invocation, Verb } from "../verb.ts";

/** Declares `check`. */
export const checkCommand: Verb = (invoke) =>
  new Command("check")
    .description("exit 1 when the schema files and the revisions disagree (with --database: when the database drifted)")
    .option("--database", "compare the live database with what its applied revisions produce")
    .option("--lint", "also lint every revision (exit 1 on an error finding)")
    .action((flags, cmd) => checkRun(invoke(cmd), flags));

/**
 * Runs the check and renders its findings. A failed check throws its SchemaDriftError; its
 * findings are printed here first (SQL on stdout, or the check document), the error after them.
 */
async function checkRun(run: Invocation, flags: { readonly database?: true; readonly lint?: true }): Promise<void> {
  const [{ check }, { SchemaDriftError }, { LintFindingsError }] = await Promise.all([import("../../commands/check.ts"), import("../../commands/errors.ts"), import("../../project/errors-lint.ts")]);
  const ctx = await run.context();
  try {
    await renderFindings(run, await check(ctx, { database: flags.database === true, lint: flags.lint === true }), true);
  } catch (err) {
    if (err instanceof SchemaDriftError) await renderFindings(run, err.findings, false);
    if (err instanceof LintFindingsError && err.checked !== undefined) await renderFindings(run, { ...err.checked, lint: err.report }, false, true);
    throw err;
  }
}

/** The check document, or the findings' SQL (or, when clean, that the two sides agree), then the lint's findings. */
async function renderFindings(run: Invocation, r: CheckResult & { readonly lint?: LintReport }, clean: boolean, schemaAgrees = clean): Promise<void> {
  if (run.json) return run.document("check", { ...r, clean, lint: r.lint ?? null });
  if (!schemaAgrees) run.output().data(r.sql.trimEnd());
  else run.output().info(r.against === "schema" ? "The schema files and the revisions agree" : "The database matches its revisions");
  if (r.lint !== undefined) await renderLint(run, r.lint);
}

/** The lint part of `check --lint` as text (the check document carries it under `lint`). */
async function renderLint(run: Invocation, report: LintReport): Promise<void> {
  const { findingText, summaryText } = await import("../../project/lint-text.ts");
  for (const f of report.findings) run.output().data(`${findingText(f)}\n`);
  run.output().info(`lint: ${summaryText(report)}`);
}
