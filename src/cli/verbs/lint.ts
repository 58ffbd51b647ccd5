/** `retort lint [FILE…]`: dangerous DDL in revisions and SQL files, before it ships. */
import { Command, Option } from "@commander-js/extra-typings";
import type { LintResult } from "../../commands/lint.ts";
import type { Invocation, Verb } from "../verb.ts";

interface LintFlags {
  readonly all?: true;
  readonly revRange?: string;
  readonly format: "text" | "github";
  readonly rules?: true;
  readonly trace?: true;
}

/** Declares `lint`. */
export const lintCommand: Verb = (invoke) =>
  new Command("lint")
    .description("find DDL that locks or rewrites busy tables, loses data or breaks running code (exit 1 on an error finding)")
    .argument("[files...]", "revision or SQL files (default: the revisions the database has not applied)")
    .addOption(new Option("--all", "every revision, each as deployed on top of the ones before it").conflicts("revRange"))
    .option("-r, --rev-range <range>", "the revisions in a range such as a:b or -3:")
    .addOption(new Option("--format <format>", "text, or GitHub Actions annotations").choices(["text", "github"] as const).default("text" as const))
    .option("--trace", "also run the SQL in the scratch database and check each finding against the locks and rewrites PostgreSQL really performs")
    .option("--rules", "list the rules and exit")
    .action((files, flags, cmd) => {
      if (files.length > 0 && (flags.all || flags.revRange !== undefined)) cmd.error("error: files cannot be combined with --all or --rev-range", { exitCode: 2, code: "retort.lintArguments" });
      return lintRun(invoke(cmd), files, flags);
    });

async function lintRun(run: Invocation, files: string[], flags: LintFlags): Promise<void> {
  if (flags.rules) return listRules(run);
  const [{ lint }, { LintFindingsError }] = await Promise.all([import("../../commands/lint.ts"), import("../../project/errors-lint.ts")]);
  const ctx = await run.context();
  try {
    const opts = { files, all: flags.all === true, trace: flags.trace === true, ...(flags.revRange !== undefined ? { range: flags.revRange } : {}), cwd: process.cwd() };
    await render(run, await lint(ctx, opts), flags);
  } catch (err) {
    if (err instanceof LintFindingsError) await render(run, err.report, flags);
    throw err;
  }
}

/** The report as the lint document, annotations, or compiler-style text (findings on stdout, the summary on stderr). */
async function render(run: Invocation, report: LintResult, flags: LintFlags): Promise<void> {
  if (run.json) return run.document("lint", report);
  const { findingText, githubAnnotation, summaryText } = await import("../../project/lint-text.ts");
  const out = run.output();
  for (const s of report.skipped) out.info(`${s.file}: not linted: ${s.reason}`);
  if (flags.format === "github") out.lines(report.findings.map(githubAnnotation));
  else for (const f of report.findings) out.data(`${findingText(f)}\n`);
  if (report.trace !== undefined) out.data((await import("../lint-trace-text.ts")).lintTraceText(report.trace).trimEnd());
  out.info(summaryText(report));
}

async function listRules(run: Invocation): Promise<void> {
  const { ALL_RULES } = await import("../../core/lint/rules.ts");
  if (run.json) return run.document("lint-rules", { rules: ALL_RULES.map((r) => ({ id: r.id, severity: r.severity, summary: r.summary, fix: r.fixSummary, lockRule: r.lockRule })) });
  const width = Math.max(...ALL_RULES.map((r) => r.id.length));
  run.output().lines(ALL_RULES.map((r) => `${r.id.padEnd(width)}  ${r.severity.padEnd(7)}  ${r.summary}`));
}
