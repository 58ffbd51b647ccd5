/**
 * The lint `upgrade` runs on what it is about to apply (`lint_on_upgrade`): the findings are
 * printed before anything runs; with "error", a finding of severity error stops the run before it
 * takes the migration lock.
 */
import type { Plan } from "../core/plan.ts";
import type { Sql } from "../db/connect.ts";
import type { Context } from "./context.ts";
import { LintFindingsError } from "./errors-lint.ts";
import { lintRevisions, openLintSession, type PlacedFinding } from "./lint.ts";
import { findingText } from "./lint-text.ts";
import type { Project } from "./project.ts";

/**
 * Lints the plan's revisions as one run, reports the findings, and throws when the setting says
 * so. `grammar`: the parser's WebAssembly, when the caller started compiling it earlier.
 */
export async function lintBeforeUpgrade(ctx: Context, sql: Sql, project: Project, plan: Plan, grammar?: Promise<WebAssembly.Module>): Promise<readonly PlacedFinding[]> {
  const mode = ctx.config.lintOnUpgrade;
  if (mode === "off" || plan.steps.length === 0) return [];
  const session = await openLintSession(ctx, { database: "required", sql, ...(grammar === undefined ? {} : { grammar }) });
  const report = lintRevisions(project, session, { ids: plan.steps.map((s) => s.revision.id), mode: "one-run", downgrades: false, unparsable: "skip", sharedTransaction: !ctx.config.transactionPerMigration });
  for (const s of report.skipped) ctx.report({ kind: "info", message: `lint: ${s.file} not linted: ${s.reason}` });
  for (const f of report.findings) ctx.report({ kind: "info", message: findingText(f) });
  if (mode === "error" && report.findings.some((f) => f.severity === "error")) throw new LintFindingsError(report, "upgrade");
  if (report.findings.length > 0) ctx.report({ kind: "info", message: `lint: ${report.findings.length} finding${report.findings.length === 1 ? "" : "s"} in the revisions about to run (lint_on_upgrade = "warn": running them anyway)` });
  return report.findings;
}
