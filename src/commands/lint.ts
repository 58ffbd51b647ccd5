/**
 * `retort lint [FILE…] [--all | -r a:b]`: the dangerous DDL in revisions and SQL files. With no
 * file: the revisions the database has not applied yet, linted as the deploy will run them.
 * Fails (exit 1) with its report when a finding is an error.
 */
import { realpathSync } from "node:fs";
import { resolve } from "node:path";
import { walkHistory } from "../core/history.ts";
import { planUpgrade } from "../core/plan.ts";
import { withConnection } from "../db/connect.ts";
import { readHeads } from "../db/version-table.ts";
import { readRevisionFile, revisionFileKind, type RevisionFile } from "../scripts/revision-files.ts";
import { UPGRADE_MARKER } from "../scripts/sql-revision.ts";
import type { Context } from "../project/context.ts";
import { connectOptions, requireDatabaseUrl, versionTableOf } from "../project/database.ts";
import { LintFindingsError } from "../project/errors-lint.ts";
import { NoDatabaseUrlError } from "../project/errors.ts";
import { ancestorsNotIn, lintRevisionFile, lintRevisions, lintScripts, mergeReports, newLinter, openLintSession, reportOf, readLintedFile, shownPath, type LintReport, type LintSession } from "../project/lint.ts";
import { loadProject, type Project } from "../project/project.ts";
import { VersionsDirectoryError } from "../scripts/errors.ts";
import type { TraceReport } from "../core/lint/trace-compare.ts";

export interface LintCommandOptions {
  /** Files to lint (revisions or plain SQL), relative to `cwd`. */
  readonly files?: readonly string[];
  /** Every revision, each as deployed on its own. */
  readonly all?: boolean;
  /** A history range (`a:b`, `base:head`, `-3:`), each as deployed on its own. */
  readonly range?: string;
  /** Where relative paths start and what printed paths are relative to (default: the project directory). */
  readonly cwd?: string;
  /** Also run the linted SQL in the scratch database and check the findings against what the server did. */
  readonly trace?: boolean;
}

/** A lint report, with the trace when one was asked for. */
export interface LintResult extends LintReport {
  readonly trace?: TraceReport;
}

/** Lints (and traces) and returns the report; throws LintFindingsError (exit 1) carrying it when a finding is an error. */
export async function lint(ctx: Context, opts: LintCommandOptions = {}): Promise<LintResult> {
  const linted = await lintReport(ctx, opts);
  const report: LintResult = opts.trace === true ? { ...linted, trace: await traceReport(ctx, linted) } : linted;
  if (report.findings.some((f) => f.severity === "error")) throw new LintFindingsError(report);
  return report;
}

/** Runs each of the report's trace plans in the scratch database, one after the other. */
async function traceReport(ctx: Context, report: LintReport): Promise<TraceReport> {
  const { traceLint } = await import("../project/lint-trace.ts");
  const project = await projectIfAny(ctx);
  const statements: TraceReport["statements"][number][] = [];
  for (const plan of report.traces ?? []) {
    if (plan.units.length === 0) continue;
    const traced = await traceLint(ctx, project, plan.startAfter, plan.units, report.findings, { eachDeployed: plan.eachDeployed });
    statements.push(...traced.statements);
  }
  return { statements };
}

/** The report, whatever the findings' severities. */
export async function lintReport(ctx: Context, opts: LintCommandOptions): Promise<LintReport> {
  const cwd = opts.cwd ?? ctx.config.projectDir;
  if (opts.files !== undefined && opts.files.length > 0) return lintFiles(ctx, opts.files.map((f) => resolve(cwd, f)), cwd);
  const project = await loadProject(ctx);
  if (opts.all === true || opts.range !== undefined) {
    const session = await openLintSession(ctx, { database: "optional", baseDir: cwd });
    const ids =
      opts.all === true
        ? project.graph.revisions.map((r) => r.id)
        : walkHistory(project.graph, opts.range!, []).map((e) => e.revision.id).reverse();
    return lintRevisions(project, session, { ids, mode: "each-deployed", before: ancestorsNotIn(project, ids) });
  }
  // Which revisions are pending is the database's to say.
  if (ctx.config.databaseUrl === undefined) throw new NoDatabaseUrlError("lint files (`retort lint FILE…`) or every revision (`retort lint --all`), which need none");
  // One connection reads both the version table and the catalog.
  const { session, heads } = await withConnection(requireDatabaseUrl(ctx), connectOptions(ctx), async (sql) => ({
    heads: await readHeads(sql, versionTableOf(ctx)),
    session: await openLintSession(ctx, { database: "required", baseDir: cwd, sql }),
  }));
  const ids = planUpgrade(project.graph, heads, "heads").steps.map((s) => s.revision.id);
  return lintRevisions(project, session, { ids, mode: "one-run", startAfter: heads, sharedTransaction: !ctx.config.transactionPerMigration });
}

/**
 * Files named on the command line: a revision of the project is linted as deployed on top of its
 * ancestors; a revision file outside the project on its own; anything else as plain SQL.
 */
async function lintFiles(ctx: Context, paths: readonly string[], cwd: string): Promise<LintReport> {
  const session = await openLintSession(ctx, { database: "optional", baseDir: cwd });
  const project = await projectIfAny(ctx);
  const byRealPath = new Map<string, string>();
  for (const file of project?.files ?? []) byRealPath.set(realPath(file.path), file.revision.id);
  const revisionIds: string[] = [];
  const reports: LintReport[] = [];
  const scripts: string[] = [];
  for (const path of paths) {
    const shown = shownPath(cwd, path);
    const text = readLintedFile(path, shown);
    const id = byRealPath.get(realPath(path));
    if (id !== undefined) revisionIds.push(id);
    else if (revisionFileKind(path) === "ts") reports.push(skippedReport(session, shown, "a TypeScript revision: its SQL is only known when it runs"));
    else if (isRevisionText(text)) reports.push(lintLoneRevision(await readRevisionFile(path), session, shown));
    else scripts.push(path);
  }
  if (revisionIds.length > 0 && project !== undefined) {
    const ids = project.graph.sortTopologically(revisionIds);
    reports.unshift(lintRevisions(project, session, { ids, mode: "each-deployed", before: ancestorsNotIn(project, ids) }));
  }
  // A plain file is traced on top of every revision: the tables it does not create are the project's.
  if (scripts.length > 0) reports.push(lintScripts(session, scripts, project?.graph.heads ?? []));
  return mergeReports(reports, session);
}

/** A revision file outside the project's version locations, linted with no ancestors. */
function lintLoneRevision(file: RevisionFile, session: LintSession, shown: string): LintReport {
  if (file.kind !== "sql") return skippedReport(session, shown, "a TypeScript revision: its SQL is only known when it runs");
  const { upgrade, ...linted } = lintRevisionFile(newLinter(session), file, session, shown);
  return reportOf(session, { ...linted, skipped: [], traces: [{ startAfter: [], units: [upgrade], eachDeployed: true }] });
}

function skippedReport(session: LintSession, file: string, reason: string): LintReport {
  return reportOf(session, { findings: [], files: [], skipped: [{ file, reason }] });
}

/** A retort revision has the upgrade marker on a line of its own. */
function isRevisionText(text: string): boolean {
  return text.split("\n").some((line) => line.trim() === UPGRADE_MARKER);
}

/** The project, or undefined where there is none (files can be linted outside a project). */
function projectIfAny(ctx: Context): Promise<Project | undefined> {
  return loadProject(ctx).catch((error: unknown) => {
    if (error instanceof VersionsDirectoryError) return undefined;
    throw error;
  });
}

function realPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}
